/// Everything the page codecs need to know about one leaf column.
struct ColumnDescriptor: Sendable {
    /// How stored values become `ParquetValue`s beyond the plain physical mapping.
    enum ReadConversion: Sendable {
        case none
        /// INT32 annotated UINT_8/16/32: reinterpret as unsigned, widen to int64.
        case unsignedInt32
        /// INT64 annotated UINT_64: bit pattern kept (values ≥ 2^63 appear negative).
        case unsignedInt64
        /// FLBA or BYTE_ARRAY holding a big-endian two's complement decimal.
        case decimalBytes
    }

    var column: ParquetColumn
    var physicalType: ParquetPhysicalType
    var typeLength: Int
    var conversion: ReadConversion = .none

    var name: String { column.name }
    var isOptional: Bool { column.isNullable }

    /// The descriptor the writer uses for `column`.
    init(writing column: ParquetColumn) throws {
        self.column = column
        typeLength = 0
        switch column.type {
        case .boolean: physicalType = .boolean
        case .int32, .date: physicalType = .int32
        case .int64: physicalType = .int64
        case .timestamp(let unit, _):
            guard unit != .nanoseconds else {
                throw ParquetError(.unsupported, "the writer does not produce NANOS timestamps; use microseconds", column: column.name)
            }
            physicalType = .int64
        case .float: physicalType = .float
        case .double: physicalType = .double
        case .string, .binary: physicalType = .byteArray
        case .decimal(let precision, let scale):
            guard (1...38).contains(precision), (0...precision).contains(scale) else {
                throw ParquetError(.invalidValue, "decimal(\(precision), \(scale)) is outside 1...38 / 0...precision", column: column.name)
            }
            if precision <= 9 {
                physicalType = .int32
            } else if precision <= 18 {
                physicalType = .int64
            } else {
                physicalType = .fixedLenByteArray
                typeLength = Self.decimalWidth(precision: precision)
                conversion = .decimalBytes
            }
        }
    }

    /// A descriptor for reading: physical layout from the file, logical type already resolved.
    init(column: ParquetColumn, physicalType: ParquetPhysicalType, typeLength: Int, conversion: ReadConversion) {
        self.column = column
        self.physicalType = physicalType
        self.typeLength = typeLength
        self.conversion = conversion
    }

    /// Smallest n with 10^p − 1 < 2^(8n−1).
    static func decimalWidth(precision: Int) -> Int {
        var width = 1
        while width < 16 {
            let bits = 8 * width - 1
            // log10(2^bits) ≥ precision  ⇔  bits * log10(2) ≥ precision (exact enough for p ≤ 38 checks below)
            if Double(bits) * 0.30102999566398120 >= Double(precision) { break }
            width += 1
        }
        return width
    }

    /// The SchemaElement the writer stores for this column.
    var schemaElement: SchemaElement {
        var element = SchemaElement()
        element.name = column.name
        element.type = physicalType.rawValue
        element.repetition = column.isNullable ? FieldRepetition.optional : FieldRepetition.required
        switch column.type {
        case .string:
            element.convertedType = ConvertedType.utf8
            element.logicalType = .string
        case .date:
            element.convertedType = ConvertedType.date
            element.logicalType = .date
        case .timestamp(let unit, let utc):
            element.convertedType = unit == .milliseconds ? ConvertedType.timestampMillis : ConvertedType.timestampMicros
            element.logicalType = .timestamp(isAdjustedToUTC: utc, unit: unit == .milliseconds ? 1 : 2)
        case .decimal(let precision, let scale):
            element.convertedType = ConvertedType.decimal
            element.scale = Int32(scale)
            element.precision = Int32(precision)
            element.logicalType = .decimal(scale: Int32(scale), precision: Int32(precision))
            if physicalType == .fixedLenByteArray { element.typeLength = Int32(typeLength) }
        default:
            break
        }
        return element
    }
}
