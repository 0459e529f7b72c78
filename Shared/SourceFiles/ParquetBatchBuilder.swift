import Parquet

/// Accumulates converted rows column by column and hands them to `ParquetWriter.write(columns:)` (the writer's
/// columnar fast path), so appending a row costs O(columns) whatever the row-group size.
///
/// Decimals wider than 18 digits have no columnar form here; for such specs ``isSupported`` is false and
/// callers write row by row.
struct ParquetBatchBuilder {
    private enum Kind {
        case boolean, int32, int64, float, double, bytes
    }

    // One array per column for each physical kind (only the column's own kind is used). Appending through
    // `array[column].append` mutates in place, so no buffer is ever copied.
    private var booleans: [[Bool]]
    private var int32s: [[Int32]]
    private var int64s: [[Int64]]
    private var floats: [[Float]]
    private var doubles: [[Double]]
    private var byteArrays: [ParquetByteArrayColumn]
    private var validity: [[Bool]]
    private let kinds: [Kind]
    private let nullable: [Bool]
    private(set) var rowCount = 0

    /// Whether every column of `spec` has a columnar form.
    static func isSupported(_ spec: TypedTableSpec) -> Bool {
        spec.columns.allSatisfy { kind(for: $0.type) != nil }
    }

    init(spec: TypedTableSpec) {
        kinds = spec.columns.map { ParquetBatchBuilder.kind(for: $0.type) ?? .bytes }
        nullable = spec.columns.map(\.isNullable)
        let count = spec.columns.count
        booleans = Array(repeating: [], count: count)
        int32s = Array(repeating: [], count: count)
        int64s = Array(repeating: [], count: count)
        floats = Array(repeating: [], count: count)
        doubles = Array(repeating: [], count: count)
        byteArrays = Array(repeating: ParquetByteArrayColumn(), count: count)
        validity = Array(repeating: [], count: count)
    }

    private static func kind(for type: ParquetLogicalType) -> Kind? {
        switch type {
        case .boolean: return .boolean
        case .int32, .date: return .int32
        case .int64, .timestamp: return .int64
        case .float: return .float
        case .double: return .double
        case .string, .binary: return .bytes
        case .decimal(let precision, _):
            if precision <= 9 { return .int32 }
            if precision <= 18 { return .int64 }
            return nil
        }
    }

    /// Appends one row of values already converted for the spec's types.
    mutating func append(_ row: [ParquetValue]) {
        for index in row.indices {
            let value = row[index]
            if nullable[index] { validity[index].append(!value.isNull) }
            switch value {
            case .null: continue
            case .bool(let flag): booleans[index].append(flag)
            case .int32(let number), .date(let number): int32s[index].append(number)
            case .int64(let number), .timestamp(let number): int64s[index].append(number)
            case .float(let number): floats[index].append(number)
            case .double(let number): doubles[index].append(number)
            case .string(let text): byteArrays[index].append(text)
            case .bytes(let bytes): byteArrays[index].append(bytes)
            case .decimal(let number):
                if kinds[index] == .int32 {
                    int32s[index].append(Int32(truncatingIfNeeded: number))
                } else {
                    int64s[index].append(Int64(truncatingIfNeeded: number))
                }
            }
        }
        rowCount += 1
    }

    /// Writes the buffered rows (if any) and empties the builder.
    mutating func flush(into writer: ParquetWriter) throws {
        guard rowCount > 0 else { return }
        var columns: [ParquetColumnData] = []
        for index in kinds.indices {
            let values: ParquetColumnValues
            switch kinds[index] {
            case .boolean: values = .boolean(booleans[index])
            case .int32: values = .int32(int32s[index])
            case .int64: values = .int64(int64s[index])
            case .float: values = .float(floats[index])
            case .double: values = .double(doubles[index])
            case .bytes: values = .byteArray(byteArrays[index])
            }
            columns.append(ParquetColumnData(values: values, validity: nullable[index] ? validity[index] : nil))
        }
        try writer.write(columns: columns)
        for index in kinds.indices {
            booleans[index].removeAll(keepingCapacity: true)
            int32s[index].removeAll(keepingCapacity: true)
            int64s[index].removeAll(keepingCapacity: true)
            floats[index].removeAll(keepingCapacity: true)
            doubles[index].removeAll(keepingCapacity: true)
            byteArrays[index] = ParquetByteArrayColumn()
            validity[index].removeAll(keepingCapacity: true)
        }
        rowCount = 0
    }
}
