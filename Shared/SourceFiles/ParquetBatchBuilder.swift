import Foundation
import Parquet

/// Types field bytes straight into per-column typed buffers and gives them out a whole row group at a time, for
/// `ParquetWriter.writeRowGroup(columns:)` (the writer's columnar fast path, no copy into its buffers): no
/// `String`, no ``ParquetValue`` and no reference counting per value.
///
/// Row groups end where the writer's own buffering would end them for batches of ``checkpointRows`` rows: at
/// `rowGroupRowLimit` rows, or at a checkpoint once the values reach `rowGroupByteLimit` (estimated as the writer
/// does).
///
/// A row either goes in whole or not at all: when a field fails to parse, the values already appended for that
/// row are taken back and the failure is returned.
///
/// Decimals wider than 18 digits have no columnar form here; for such specs ``isSupported`` is false and
/// callers write row by row.
final class ParquetBatchBuilder {
    /// Physical storage of a column.
    fileprivate enum Kind {
        case boolean, int32, int64, float, double, bytes

        /// Bytes per value in `Column.values` (for `.bytes`: the end offset of each value, an `Int`).
        var width: Int {
            switch self {
            case .boolean: MemoryLayout<Bool>.stride
            case .int32: MemoryLayout<Int32>.stride
            case .float: MemoryLayout<Float>.stride
            case .int64: MemoryLayout<Int64>.stride
            case .double: MemoryLayout<Double>.stride
            case .bytes: MemoryLayout<Int>.stride
            }
        }
    }

    /// Rows between two checks of the byte limit.
    static let checkpointRows = 8192

    private let columns: UnsafeMutablePointer<Column>
    private let columnCount: Int
    private let rowLimit: Int
    private let byteLimit: Int
    private(set) var rowCount = 0

    /// Whether the buffered rows make a complete row group.
    var isRowGroupComplete: Bool {
        rowCount >= rowLimit || (rowCount % Self.checkpointRows == 0 && estimatedByteSize >= byteLimit)
    }

    /// Buffered bytes as `ParquetWriter` estimates them (levels, values, byte-array lengths).
    private var estimatedByteSize: Int {
        (0..<columnCount).reduce(0) { $0 + columns[$1].estimatedByteSize }
    }

    /// Whether every column of `spec` has a columnar form.
    static func isSupported(_ spec: TypedTableSpec) -> Bool {
        spec.columns.allSatisfy { kind(for: $0.type) != nil }
    }

    init(spec: TypedTableSpec, options: ParquetWriterOptions) {
        rowLimit = max(options.rowGroupRowLimit, 1)
        byteLimit = options.rowGroupByteLimit
        columnCount = spec.columns.count
        columns = .allocate(capacity: max(columnCount, 1))
        for (index, column) in spec.columns.enumerated() {
            (columns + index).initialize(
                to: Column(type: column.type, kind: Self.kind(for: column.type) ?? .bytes, nullable: column.isNullable))
        }
    }

    deinit {
        for index in 0..<columnCount { columns[index].deallocate() }
        columns.deinitialize(count: columnCount)
        columns.deallocate()
    }

    fileprivate static func kind(for type: ParquetLogicalType) -> Kind? {
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

    /// Types and appends one record: spec column `i` is `fields[mapping[i]]` (a negative index: not in the file,
    /// null). On failure nothing is appended and the failing spec column's index and reason are returned.
    func append(_ fields: CSVFieldTable, mapping: UnsafeBufferPointer<Int>) -> (column: Int, reason: TypedValueParser.Reason)? {
        let columns = self.columns
        for index in 0..<columnCount {
            let source = mapping[index]
            let failure =
                source >= 0
                ? columns[index].append(fields[source], mayHoldNUL: fields.mayHoldNUL) : columns[index].appendNull()
            if let failure {
                for earlier in 0..<index { columns[earlier].removeLast() }
                return (index, failure)
            }
        }
        rowCount += 1
        return nil
    }

    /// The buffered rows as one row group's columns (for `ParquetWriter.writeRowGroup(columns:)`); empties the
    /// builder.
    ///
    /// The arrays given out are refilled in place by the next call once the writer has let go of them (see
    /// ``BackgroundRowGroupWriter/submit(_:)``), so their memory is not allocated and faulted in again for every
    /// row group; if it still holds them, new arrays are made.
    func takeRowGroup() -> [ParquetColumnData] {
        var data: [ParquetColumnData] = []
        data.reserveCapacity(columnCount)
        for index in 0..<columnCount {
            data.append(columns[index].handOver())
            columns[index].removeAll()
        }
        rowCount = 0
        return data
    }
}

/// One column's buffered values in manually managed memory (owned by ``ParquetBatchBuilder``).
private struct Column {
    /// The parse rule, from the column's logical type (a plain enum: switching on it costs no payload work).
    private enum Rule {
        case string, binary, int64, int32, timestamp, date, boolean, double, float, decimal
    }

    let kind: ParquetBatchBuilder.Kind
    let nullable: Bool
    private let rule: Rule
    private let unit: ParquetTimeUnit
    private let isAdjustedToUTC: Bool
    private let precision: Int
    private let scale: Int
    /// Fixed-width values (for byte arrays: the end offset of each value in `bytes`).
    private var values: UnsafeMutableRawPointer
    private var valueCount = 0
    private var valueCapacity = 1024
    /// Concatenated byte-array values.
    private var bytes: UnsafeMutablePointer<UInt8>
    private var byteCount = 0
    private var byteCapacity: Int
    /// One flag per row of a nullable column (`true` = value present).
    private var validity: UnsafeMutablePointer<Bool>
    private var rows = 0
    private var rowCapacity = 1024
    /// The arrays given to the writer (see `ParquetBatchBuilder.takeRowGroup()`).
    private var handed = HandOver()

    /// Arrays in the writer's form.
    private struct HandOver {
        var booleans: [Bool] = []
        var int32s: [Int32] = []
        var int64s: [Int64] = []
        var floats: [Float] = []
        var doubles: [Double] = []
        var bytes = ParquetByteArrayColumn()
        var validity: [Bool] = []
    }

    init(type: ParquetLogicalType, kind: ParquetBatchBuilder.Kind, nullable: Bool) {
        self.kind = kind
        self.nullable = nullable
        var unit = ParquetTimeUnit.microseconds
        var isAdjustedToUTC = false
        var precision = 0
        var scale = 0
        switch type {
        case .string: rule = .string
        case .binary: rule = .binary
        case .int64: rule = .int64
        case .int32: rule = .int32
        case .timestamp(let timeUnit, let adjusted):
            rule = .timestamp
            unit = timeUnit
            isAdjustedToUTC = adjusted
        case .date: rule = .date
        case .boolean: rule = .boolean
        case .double: rule = .double
        case .float: rule = .float
        case .decimal(let digits, let places):
            rule = .decimal
            precision = digits
            scale = places
        }
        self.unit = unit
        self.isAdjustedToUTC = isAdjustedToUTC
        self.precision = precision
        self.scale = scale
        values = .allocate(byteCount: valueCapacity * kind.width, alignment: 8)
        byteCapacity = kind == .bytes ? 64 * 1024 : 1
        bytes = .allocate(capacity: byteCapacity)
        validity = .allocate(capacity: nullable ? rowCapacity : 1)
    }

    func deallocate() {
        values.deallocate()
        bytes.deallocate()
        validity.deallocate()
    }

    // MARK: Appending

    @inline(__always)
    private mutating func reserveValue() {
        if valueCount == valueCapacity {
            let grown = UnsafeMutableRawPointer.allocate(byteCount: 2 * valueCapacity * kind.width, alignment: 8)
            grown.copyMemory(from: values, byteCount: valueCount * kind.width)
            values.deallocate()
            values = grown
            valueCapacity *= 2
        }
    }

    @inline(__always)
    private mutating func appendValue<T: BitwiseCopyable>(_ value: T) {
        reserveValue()
        values.storeBytes(of: value, toByteOffset: valueCount &* MemoryLayout<T>.stride, as: T.self)
        valueCount &+= 1
    }

    @inline(__always)
    private mutating func appendFlag(_ present: Bool) {
        if rows == rowCapacity {
            validity = validity.regrown(keeping: rows, capacity: 2 * rowCapacity)
            rowCapacity *= 2
        }
        validity[rows] = present
        rows &+= 1
    }

    @inline(__always)
    private mutating func present() {
        if nullable { appendFlag(true) }
    }

    @inline(__always)
    mutating func appendNull() -> TypedValueParser.Reason? {
        guard nullable else { return .missing }
        appendFlag(false)
        return nil
    }

    @inline(__always)
    private mutating func appendBytes(_ field: UnsafeBufferPointer<UInt8>) {
        let count = field.count
        if byteCount + count > byteCapacity {
            let newCapacity = max(2 * byteCapacity, byteCount + count)
            bytes = bytes.regrown(keeping: byteCount, capacity: newCapacity)
            byteCapacity = newCapacity
        }
        if count > 0 { (bytes + byteCount).initialize(from: field.baseAddress!, count: count) }
        byteCount &+= count
        appendValue(byteCount)
    }

    /// Parses `field` and appends it; the failure when it cannot be converted (nothing appended then).
    /// `mayHoldNUL` is false when the record is known to have no NUL byte.
    @inline(__always)
    mutating func append(_ field: UnsafeBufferPointer<UInt8>, mayHoldNUL: Bool) -> TypedValueParser.Reason? {
        switch rule {
        case .string:
            if field.isEmpty { return appendNull() }
            // A NUL cannot pass as text: no warehouse text type holds it, and dropping it would change the value.
            if mayHoldNUL, TypedValueParser.containsNUL(field) { return .nulInText }
            appendBytes(field)
            present()
            return nil
        case .binary:
            if field.isEmpty { return appendNull() }
            appendBytes(field)
            present()
            return nil
        default:
            return TypedValueParser.withTrimmed(field) { appendTrimmed($0) }
        }
    }

    @inline(__always)
    private mutating func appendTrimmed(_ text: UnsafeBufferPointer<UInt8>) -> TypedValueParser.Reason? {
        if text.isEmpty { return appendNull() }
        switch rule {
        case .int64:
            switch TypedValueParser.int64(text) {
            case .success(let value): appendValue(value)
            case .failure(let failure): return failure
            }
        case .timestamp:
            switch TypedValueParser.timestamp(text, unit: unit, isAdjustedToUTC: isAdjustedToUTC) {
            case .success(let value): appendValue(value)
            case .failure(let failure): return failure
            }
        case .int32:
            switch TypedValueParser.int32(text) {
            case .success(let value): appendValue(value)
            case .failure(let failure): return failure
            }
        case .date:
            switch TypedValueParser.date(text) {
            case .success(let value): appendValue(value)
            case .failure(let failure): return failure
            }
        case .boolean:
            switch TypedValueParser.boolean(text) {
            case .success(let value): appendValue(value)
            case .failure(let failure): return failure
            }
        case .double:
            switch TypedValueParser.double(text) {
            case .success(let value): appendValue(value)
            case .failure(let failure): return failure
            }
        case .float:
            switch TypedValueParser.double(text) {
            case .success(let value): appendValue(Float(value))
            case .failure(let failure): return failure
            }
        case .decimal:
            switch TypedValueParser.decimal(text, precision: precision, scale: scale) {
            case .success(let value):
                if kind == .int32 {
                    appendValue(Int32(truncatingIfNeeded: value))
                } else {
                    appendValue(Int64(truncatingIfNeeded: value))
                }
            case .failure(let failure): return failure
            }
        case .string, .binary:
            return .unreachable
        }
        present()
        return nil
    }

    /// Takes back the last appended row.
    mutating func removeLast() {
        if nullable {
            rows -= 1
            if !validity[rows] { return }
        }
        valueCount -= 1
        if kind == .bytes {
            byteCount = valueCount == 0 ? 0 : values.load(fromByteOffset: (valueCount - 1) * kind.width, as: Int.self)
        }
    }

    /// Levels, values and byte-array lengths, as `ParquetColumnData.estimatedByteSize` counts them.
    var estimatedByteSize: Int {
        let levels = nullable ? rows : 0
        switch kind {
        case .boolean: return levels + valueCount
        case .int32, .float: return levels + 4 * valueCount
        case .int64, .double: return levels + 8 * valueCount
        case .bytes: return levels + byteCount + 4 * valueCount
        }
    }

    mutating func removeAll() {
        valueCount = 0
        byteCount = 0
        rows = 0
    }

    // MARK: Handing over

    /// Replaces the contents of `array` (unique once the writer has let go of it) with the buffered values.
    private func refill<T: BitwiseCopyable>(_ array: inout [T], with _: T.Type) {
        array.removeAll(keepingCapacity: true)
        array.append(
            contentsOf: UnsafeBufferPointer(start: values.bindMemory(to: T.self, capacity: valueCount), count: valueCount))
    }

    /// The buffered values as the writer's column data.
    mutating func handOver() -> ParquetColumnData {
        let stored: ParquetColumnValues
        switch kind {
        case .boolean:
            refill(&handed.booleans, with: Bool.self)
            stored = .boolean(handed.booleans)
        case .int32:
            refill(&handed.int32s, with: Int32.self)
            stored = .int32(handed.int32s)
        case .int64:
            refill(&handed.int64s, with: Int64.self)
            stored = .int64(handed.int64s)
        case .float:
            refill(&handed.floats, with: Float.self)
            stored = .float(handed.floats)
        case .double:
            refill(&handed.doubles, with: Double.self)
            stored = .double(handed.doubles)
        case .bytes:
            handed.bytes.data.removeAll(keepingCapacity: true)
            handed.bytes.data.append(contentsOf: UnsafeBufferPointer(start: bytes, count: byteCount))
            handed.bytes.offsets.removeAll(keepingCapacity: true)
            handed.bytes.offsets.append(0)
            refillOffsets(&handed.bytes.offsets)
            stored = .byteArray(handed.bytes)
        }
        guard nullable else { return ParquetColumnData(values: stored, validity: nil) }
        handed.validity.removeAll(keepingCapacity: true)
        handed.validity.append(contentsOf: UnsafeBufferPointer(start: validity, count: rows))
        return ParquetColumnData(values: stored, validity: handed.validity)
    }

    /// Appends the end offsets of the byte-array values.
    private func refillOffsets(_ offsets: inout [Int]) {
        offsets.append(
            contentsOf: UnsafeBufferPointer(start: values.bindMemory(to: Int.self, capacity: valueCount), count: valueCount))
    }
}
