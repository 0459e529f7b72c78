extension ParquetColumnData {
    /// An empty column for the writer's `descriptor`.
    init(empty descriptor: ColumnDescriptor) {
        self.init(values: .empty(for: descriptor.physicalType), validity: descriptor.isOptional ? [] : nil)
    }

    /// Throws `invalidValue` unless `value` can be stored in the column.
    static func validate(_ value: ParquetValue, for descriptor: ColumnDescriptor) throws {
        let column = descriptor.column
        func mismatch() -> ParquetError {
            ParquetError(.invalidValue, "a \(value.caseName) value does not fit a \(column.type) column", column: column.name)
        }
        switch (column.type, value) {
        case (_, .null):
            guard column.isNullable else {
                throw ParquetError(.invalidValue, "null in a required column", column: column.name)
            }
        case (.boolean, .bool), (.int32, .int32), (.int64, .int64), (.int64, .int32), (.float, .float),
            (.double, .double), (.double, .float), (.string, .string), (.binary, .bytes), (.binary, .string),
            (.date, .date), (.date, .int32), (.timestamp, .timestamp), (.timestamp, .int64):
            return
        case (.decimal(let precision, _), .decimal(let unscaled)):
            guard DecimalBytes.fits(unscaled, precision: precision) else {
                throw ParquetError(.invalidValue, "decimal value has more than \(precision) digits", column: column.name)
            }
        case (.decimal(let precision, _), .int32(let unscaled)):
            guard DecimalBytes.fits(Int128(unscaled), precision: precision) else { throw mismatch() }
        case (.decimal(let precision, _), .int64(let unscaled)):
            guard DecimalBytes.fits(Int128(unscaled), precision: precision) else { throw mismatch() }
        default:
            throw mismatch()
        }
    }

    /// Appends a value that passed `validate`, in amortised O(1).
    ///
    /// The typed array is moved out of `values` (leaving a placeholder) before appending, so it is uniquely
    /// referenced and grows in place; switching on a `(values, value)` tuple would keep a second reference
    /// alive for the whole switch and copy the buffer on every append.
    mutating func append(_ value: ParquetValue, descriptor: ColumnDescriptor) {
        if value.isNull {
            validity?.append(false)
            return
        }
        validity?.append(true)
        let current = values
        values = .boolean([])
        switch consume current {
        case .boolean(var array):
            guard case .bool(let flag) = value else { preconditionFailure("append of an unvalidated value") }
            array.append(flag)
            values = .boolean(array)
        case .int32(var array):
            switch value {
            case .int32(let number), .date(let number): array.append(number)
            case .decimal(let number): array.append(Int32(truncatingIfNeeded: number))
            default: preconditionFailure("append of an unvalidated value")
            }
            values = .int32(array)
        case .int64(var array):
            switch value {
            case .int64(let number), .timestamp(let number): array.append(number)
            case .int32(let number): array.append(Int64(number))
            case .decimal(let number): array.append(Int64(truncatingIfNeeded: number))
            default: preconditionFailure("append of an unvalidated value")
            }
            values = .int64(array)
        case .float(var array):
            guard case .float(let number) = value else { preconditionFailure("append of an unvalidated value") }
            array.append(number)
            values = .float(array)
        case .double(var array):
            switch value {
            case .double(let number): array.append(number)
            case .float(let number): array.append(Double(number))
            default: preconditionFailure("append of an unvalidated value")
            }
            values = .double(array)
        case .byteArray(var column):
            switch value {
            case .string(let string): column.append(string)
            case .bytes(let bytes): column.append(bytes)
            default: preconditionFailure("append of an unvalidated value")
            }
            values = .byteArray(column)
        case .fixedLenByteArray(var column):
            let unscaled: Int128
            switch value {
            case .decimal(let number): unscaled = number
            case .int64(let number): unscaled = Int128(number)
            case .int32(let number): unscaled = Int128(number)
            default: preconditionFailure("append of an unvalidated value")
            }
            column.append(DecimalBytes.bigEndian(unscaled, width: descriptor.typeLength))
            values = .fixedLenByteArray(column)
        }
    }

    /// Rough uncompressed size of the buffered values, for row-group flushing.
    var estimatedByteSize: Int {
        let levels = validity?.count ?? 0
        switch values {
        case .boolean(let array): return levels + array.count
        case .int32(let array): return levels + 4 * array.count
        case .int64(let array): return levels + 8 * array.count
        case .float(let array): return levels + 4 * array.count
        case .double(let array): return levels + 8 * array.count
        case .byteArray(let column), .fixedLenByteArray(let column): return levels + column.data.count + 4 * column.count
        }
    }

    /// Appends rows `rows` of `other`, whose first value index for `rows.lowerBound` is `valueStart`;
    /// returns the value index after the last appended row.
    @discardableResult
    mutating func appendRows(of other: ParquetColumnData, rows: Range<Int>, valueStart: Int) -> Int {
        var valueEnd = valueStart
        if let otherValidity = other.validity {
            for row in rows where otherValidity[row] { valueEnd += 1 }
            if validity != nil {
                validity!.append(contentsOf: otherValidity[rows])
            }
        } else {
            valueEnd += rows.count
            if validity != nil { validity!.append(contentsOf: repeatElement(true, count: rows.count)) }
        }
        values.append(contentsOf: other.values, range: valueStart..<valueEnd)
        return valueEnd
    }

    /// The column as `ParquetValue`s (nulls included), converted for `descriptor`'s logical type.
    func parquetValues(descriptor: ColumnDescriptor) -> [ParquetValue] {
        var result: [ParquetValue] = []
        result.reserveCapacity(rowCount)
        let type = descriptor.column.type
        var next = 0
        func emit(_ make: (Int) -> ParquetValue) {
            if let validity {
                for present in validity {
                    if present {
                        result.append(make(next))
                        next += 1
                    } else {
                        result.append(.null)
                    }
                }
            } else {
                for i in 0..<values.count { result.append(make(i)) }
            }
        }
        switch values {
        case .boolean(let array): emit { .bool(array[$0]) }
        case .int32(let array):
            switch (type, descriptor.conversion) {
            case (.date, _): emit { .date(array[$0]) }
            case (.decimal, _): emit { .decimal(Int128(array[$0])) }
            case (_, .unsignedInt32): emit { .int64(Int64(UInt32(bitPattern: array[$0]))) }
            default: emit { .int32(array[$0]) }
            }
        case .int64(let array):
            switch type {
            case .timestamp: emit { .timestamp(array[$0]) }
            case .decimal: emit { .decimal(Int128(array[$0])) }
            default: emit { .int64(array[$0]) }
            }
        case .float(let array): emit { .float(array[$0]) }
        case .double(let array): emit { .double(array[$0]) }
        case .byteArray(let column), .fixedLenByteArray(let column):
            switch type {
            case .string: emit { .string(column.string(at: $0)) }
            case .decimal: emit { .decimal(DecimalBytes.int128(column[$0])) }
            default: emit { .bytes(Array(column[$0])) }
            }
        }
        return result
    }
}

extension ParquetValue {
    /// The case name, for error messages that must not contain the value itself.
    var caseName: String {
        switch self {
        case .null: "null"
        case .bool: "bool"
        case .int32: "int32"
        case .int64: "int64"
        case .float: "float"
        case .double: "double"
        case .string: "string"
        case .bytes: "bytes"
        case .date: "date"
        case .timestamp: "timestamp"
        case .decimal: "decimal"
        }
    }
}
