import Foundation
import Parquet
import PipelineContracts

/// One decoded column of one row group, with row-indexed access to its values without boxing each cell.
///
/// Values are compared in canonical forms: numbers as `Double` (decimals scaled), strings as UTF-8 bytes,
/// dates and timestamps as their stored integers (days / units since the epoch).
struct ColumnVector {
    let column: ParquetColumn
    let data: ParquetColumnData
    /// `valueIndex[row]` is the position in `data.values`, or -1 for null; nil when the column has no nulls.
    private let valueIndex: [Int32]?
    let rowCount: Int

    init(column: ParquetColumn, data: ParquetColumnData) {
        self.column = column
        self.data = data
        self.rowCount = data.rowCount
        if let validity = data.validity {
            var index = [Int32](repeating: -1, count: validity.count)
            var next: Int32 = 0
            for row in validity.indices where validity[row] {
                index[row] = next
                next += 1
            }
            valueIndex = index
        } else {
            valueIndex = nil
        }
    }

    /// The value position of `row`, or nil when null.
    @inline(__always) func position(_ row: Int) -> Int? {
        guard let valueIndex else { return row }
        let position = valueIndex[row]
        return position < 0 ? nil : Int(position)
    }

    @inline(__always) func isNull(_ row: Int) -> Bool { position(row) == nil }

    var isByteArray: Bool {
        if case .byteArray = data.values { return true }
        return false
    }

    var isNumeric: Bool {
        switch column.type {
        case .int32, .int64, .float, .double, .decimal, .date, .timestamp: true
        default: false
        }
    }

    /// The stored integer of an int32/int64 (or date/timestamp) value; nil when null or not integer-stored.
    @inline(__always) func integer(_ row: Int) -> Int64? {
        guard let p = position(row) else { return nil }
        switch data.values {
        case .int32(let values): return Int64(values[p])
        case .int64(let values): return values[p]
        default: return nil
        }
    }

    /// Numeric value (decimals scaled; dates in days; timestamps in the column's unit).
    func number(_ row: Int) -> Double? {
        guard let p = position(row) else { return nil }
        let raw: Double
        switch data.values {
        case .int32(let values): raw = Double(values[p])
        case .int64(let values): raw = Double(values[p])
        case .float(let values): raw = Double(values[p])
        case .double(let values): raw = values[p]
        case .boolean(let values): raw = values[p] ? 1 : 0
        case .fixedLenByteArray(let values):
            guard case .decimal = column.type else { return nil }
            raw = ColumnVector.bigEndianDouble(values[p])
        case .byteArray(let values):
            guard case .decimal = column.type else { return nil }
            raw = ColumnVector.bigEndianDouble(values[p])
        }
        if case .decimal(_, let scale) = column.type, scale > 0 { return raw / pow(10, Double(scale)) }
        return raw
    }

    /// The calendar day (days since 1970-01-01, UTC) of a date or timestamp value.
    func day(_ row: Int) -> Int? {
        guard let p = position(row) else { return nil }
        switch (column.type, data.values) {
        case (.date, .int32(let values)): return Int(values[p])
        case (.timestamp(let unit, _), .int64(let values)):
            let perDay: Int64
            switch unit {
            case .milliseconds: perDay = 86_400_000
            case .microseconds: perDay = 86_400_000_000
            case .nanoseconds: perDay = 86_400_000_000_000
            }
            let value = values[p]
            return Int(value >= 0 ? value / perDay : (value - perDay + 1) / perDay)
        default: return nil
        }
    }

    /// Calls `body` with the UTF-8 bytes of a string/binary value (nil for null or other types).
    func withBytes<R>(_ row: Int, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R? {
        guard let p = position(row), case .byteArray(let values) = data.values else { return nil }
        return values.data.withUnsafeBufferPointer { buffer in
            body(UnsafeBufferPointer(rebasing: buffer[values.offsets[p]..<values.offsets[p + 1]]))
        }
    }

    /// The canonical text of a value: `true`/`false`, integers without a fraction, ISO dates, strings as stored.
    func text(_ row: Int) -> String? {
        guard let p = position(row) else { return nil }
        switch data.values {
        case .boolean(let values): return values[p] ? "true" : "false"
        case .byteArray(let values):
            if case .decimal = column.type { return number(row).map(ColumnVector.format) }
            return values.string(at: p)
        case .int32(let values):
            if case .date = column.type { return ColumnVector.isoDate(days: Int(values[p])) }
            if case .decimal = column.type { return number(row).map(ColumnVector.format) }
            return String(values[p])
        case .int64(let values):
            if case .decimal = column.type { return number(row).map(ColumnVector.format) }
            return String(values[p])
        case .float, .double, .fixedLenByteArray: return number(row).map(ColumnVector.format)
        }
    }

    /// Feeds a type-normalised form of the value into `hasher` (integers of any width hash alike, so keys of
    /// an int32 column relate to an int64 column); nulls feed a marker.
    /// Feeds the value of `row` into a fingerprint in canonical form: integers of any width alike (so an int32
    /// key matches an int64 parent), floats as doubles, bytes as bytes; a type tag keeps kinds apart.
    @inline(__always) func fingerprint(_ row: Int, into hasher: inout FingerprintHasher) {
        guard let p = position(row) else {
            hasher.combine(0)
            return
        }
        switch data.values {
        case .boolean(let values):
            hasher.combine(1)
            hasher.combine(values[p] ? 1 : 0)
        case .int32(let values):
            hasher.combine(2)
            hasher.combine(UInt64(bitPattern: Int64(values[p])))
        case .int64(let values):
            hasher.combine(2)
            hasher.combine(UInt64(bitPattern: values[p]))
        case .float(let values):
            hasher.combine(3)
            hasher.combine(Double(values[p]).bitPattern)
        case .double(let values):
            hasher.combine(3)
            hasher.combine(values[p].bitPattern)
        case .byteArray(let values), .fixedLenByteArray(let values):
            hasher.combine(4)
            values.data.withUnsafeBytes { raw in
                hasher.combine(bytes: UnsafeRawBufferPointer(rebasing: raw[values.offsets[p]..<values.offsets[p + 1]]))
            }
        }
    }

    /// Orders two present values of comparable types: -1, 0, 1; nil when either is null or they do not compare.
    func compare(_ row: Int, with other: ColumnVector, row otherRow: Int) -> Int? {
        if isByteArray, other.isByteArray, column.type != .binary || other.column.type == .binary {
            guard let left = text(row), let right = other.text(otherRow) else { return nil }
            return left < right ? -1 : (left == right ? 0 : 1)
        }
        guard let left = comparable(row), let right = other.comparable(otherRow) else { return nil }
        return left < right ? -1 : (left == right ? 0 : 1)
    }

    /// Timestamps in microseconds so columns of different units compare; other numbers as `number`.
    private func comparable(_ row: Int) -> Double? {
        guard let value = number(row) else { return nil }
        if case .timestamp(let unit, _) = column.type {
            switch unit {
            case .milliseconds: return value * 1000
            case .microseconds: return value
            case .nanoseconds: return value / 1000
            }
        }
        return value
    }

    /// Compares a present value with a condition literal: -1, 0, 1; nil when null or not comparable.
    func compare(_ row: Int, with literal: RowCondition.Literal) -> Int? {
        switch literal {
        case .number(let target):
            guard let value = number(row) else { return nil }
            return value < target ? -1 : (value == target ? 0 : 1)
        case .text(let target):
            guard let value = text(row) else { return nil }
            return value < target ? -1 : (value == target ? 0 : 1)
        case .bool(let target):
            guard let p = position(row), case .boolean(let values) = data.values else { return nil }
            return values[p] == target ? 0 : (values[p] ? 1 : -1)
        }
    }

    static func format(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return String(value)
    }

    static func isoDate(days: Int) -> String {
        let (year, month, day) = CivilDate.date(days: days)
        return String(format: "%04d-%02d-%02d", year, month, day)
    }

    private static func bigEndianDouble(_ bytes: ArraySlice<UInt8>) -> Double {
        guard let first = bytes.first else { return 0 }
        var value: Double = 0
        for byte in bytes { value = value * 256 + Double(byte) }
        if (first & 0x80) != 0 { value -= pow(2, Double(8 * bytes.count)) }
        return value
    }
}
