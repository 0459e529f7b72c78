import Parquet
import PipelineRuntime

/// Accumulates one column's decoded values in Parquet's columnar form until they are written as a chunk.
///
/// Values go straight into the physical arrays the writer's fast path takes (``ParquetColumnData``), so no
/// per-value enum is built. Field bytes come from PostgreSQL's binary COPY format (big-endian). A value type,
/// mutated in place inside the decoder's buffer: no reference counting or exclusivity checks per field.
struct BronzeColumnBuffer {
    let column: SourceColumn
    let table: String
    /// Copies of `column.kind` and `column.isNullable`, read once per field.
    private let kind: SourceColumn.Kind
    private let isNullable: Bool
    private var bools: [Bool] = []
    private var int32s: [Int32] = []
    private var int64s: [Int64] = []
    private var floats: [Float] = []
    private var doubles: [Double] = []
    private var bytes = ParquetByteArrayColumn()
    private var validity: [Bool] = []
    /// Byte width of FIXED_LEN_BYTE_ARRAY decimals (precision > 18).
    private let decimalWidth: Int

    /// Days from 1970-01-01 to PostgreSQL's epoch 2000-01-01.
    static let postgresEpochDays: Int32 = 10_957
    /// Microseconds from 1970-01-01 to 2000-01-01.
    static let postgresEpochMicros: Int64 = 946_684_800_000_000
    /// 10^0 … 10^38.
    static let powersOfTen: [Int128] = (0...38).reduce(into: [Int128]()) { powers, index in
        powers.append(index == 0 ? 1 : powers[index - 1] * 10)
    }

    init(column: SourceColumn, table: String) {
        self.column = column
        self.table = table
        self.kind = column.kind
        self.isNullable = column.isNullable
        if case .numeric(let precision, _) = column.kind, precision > 18 {
            var width = 1
            while Double(8 * width - 1) * 0.30102999566398120 < Double(precision) { width += 1 }
            decimalWidth = width
        } else {
            decimalWidth = 0
        }
    }

    /// Appends a NULL.
    mutating func appendNull() throws {
        guard isNullable else {
            throw StageError("source_decode_failed", "table \(table) column \(column.name) is NOT NULL but the source sent NULL")
        }
        validity.append(false)
    }

    /// Appends one binary-format field.
    mutating func append(_ field: UnsafeRawBufferPointer) throws {
        switch kind {
        case .boolean:
            try expect(field, 1)
            bools.append(field[0] != 0)
        case .int16:
            try expect(field, 2)
            int32s.append(Int32(Int16(bitPattern: UInt16(bigEndian: field.loadUnaligned(as: UInt16.self)))))
        case .int32:
            try expect(field, 4)
            int32s.append(Int32(bitPattern: UInt32(bigEndian: field.loadUnaligned(as: UInt32.self))))
        case .int64:
            try expect(field, 8)
            int64s.append(Int64(bitPattern: UInt64(bigEndian: field.loadUnaligned(as: UInt64.self))))
        case .float32:
            try expect(field, 4)
            floats.append(Float(bitPattern: UInt32(bigEndian: field.loadUnaligned(as: UInt32.self))))
        case .float64:
            try expect(field, 8)
            doubles.append(Double(bitPattern: UInt64(bigEndian: field.loadUnaligned(as: UInt64.self))))
        case .text:
            bytes.append(bytes: field)
        case .date:
            try expect(field, 4)
            let days = Int32(bitPattern: UInt32(bigEndian: field.loadUnaligned(as: UInt32.self)))
            guard days != Int32.min, days != Int32.max else { throw infinite() }
            int32s.append(days + Self.postgresEpochDays)
        case .timestamp, .timestampUTC:
            try expect(field, 8)
            let micros = Int64(bitPattern: UInt64(bigEndian: field.loadUnaligned(as: UInt64.self)))
            guard micros != Int64.min, micros != Int64.max else { throw infinite() }
            int64s.append(micros + Self.postgresEpochMicros)
        case .numeric(let precision, let scale):
            let unscaled = try numeric(field, scale: scale, precision: precision)
            if precision <= 9 {
                int32s.append(Int32(unscaled))
            } else if precision <= 18 {
                int64s.append(Int64(unscaled))
            } else {
                var value = unscaled
                var encoded = [UInt8](repeating: 0, count: decimalWidth)
                for index in stride(from: decimalWidth - 1, through: 0, by: -1) {
                    encoded[index] = UInt8(truncatingIfNeeded: value)
                    value >>= 8
                }
                bytes.append(encoded)
            }
        }
        if isNullable { validity.append(true) }
    }

    /// Hands the buffered values over as one chunk and starts empty again.
    mutating func take() -> ParquetColumnData {
        let values: ParquetColumnValues
        switch kind {
        case .boolean: values = .boolean(bools)
        case .int16, .int32, .date: values = .int32(int32s)
        case .int64, .timestamp, .timestampUTC: values = .int64(int64s)
        case .float32: values = .float(floats)
        case .float64: values = .double(doubles)
        case .text: values = .byteArray(bytes)
        case .numeric(let precision, _):
            values = precision <= 9 ? .int32(int32s) : precision <= 18 ? .int64(int64s) : .fixedLenByteArray(bytes)
        }
        let data = ParquetColumnData(values: values, validity: isNullable ? validity : nil)
        bools.removeAll(keepingCapacity: true)
        int32s.removeAll(keepingCapacity: true)
        int64s.removeAll(keepingCapacity: true)
        floats.removeAll(keepingCapacity: true)
        doubles.removeAll(keepingCapacity: true)
        bytes = ParquetByteArrayColumn()
        validity.removeAll(keepingCapacity: true)
        return data
    }

    // MARK: - Binary numeric

    /// Decodes PostgreSQL's binary numeric (ndigits, weight, sign, dscale, base-10000 digits) into an
    /// unscaled integer at `scale`.
    private func numeric(_ field: UnsafeRawBufferPointer, scale: Int, precision: Int) throws -> Int128 {
        guard field.count >= 8 else { throw malformed() }
        func int16(_ offset: Int) -> Int {
            Int(Int16(bitPattern: UInt16(bigEndian: field.loadUnaligned(fromByteOffset: offset, as: UInt16.self))))
        }
        let digitCount = int16(0)
        let weight = int16(2)
        let sign = UInt16(bigEndian: field.loadUnaligned(fromByteOffset: 4, as: UInt16.self))
        guard digitCount >= 0, field.count == 8 + 2 * digitCount else { throw malformed() }
        guard sign == 0x0000 || sign == 0x4000 else {
            throw StageError(
                "unsupported_value",
                "table \(table) column \(column.name) holds NaN or infinity, which a decimal column cannot carry")
        }
        var unscaled: Int128 = 0
        for index in 0..<digitCount {
            let digit = Int128(int16(8 + 2 * index))
            guard digit != 0 else { continue }
            let exponent = 4 * (weight - index) + scale
            if exponent >= 0 {
                guard exponent < Self.powersOfTen.count else { throw overflow(precision) }
                let (product, overflowed) = digit.multipliedReportingOverflow(by: Self.powersOfTen[exponent])
                guard !overflowed else { throw overflow(precision) }
                unscaled += product
            } else if -exponent < 4 {
                // Only trailing zeros of this base-10000 digit fall below the column's scale.
                unscaled += digit / Self.powersOfTen[-exponent]
            }
        }
        guard unscaled < Self.powersOfTen[precision] else { throw overflow(precision) }
        return sign == 0x4000 ? -unscaled : unscaled
    }

    // MARK: - Errors (never quote values)

    private func expect(_ field: UnsafeRawBufferPointer, _ length: Int) throws {
        guard field.count == length else { throw malformed() }
    }

    private func malformed() -> StageError {
        StageError("source_decode_failed", "table \(table) column \(column.name): malformed binary COPY field")
    }

    private func infinite() -> StageError {
        StageError("unsupported_value", "table \(table) column \(column.name) holds an infinite date or timestamp")
    }

    private func overflow(_ precision: Int) -> StageError {
        StageError("source_decode_failed", "table \(table) column \(column.name): value exceeds numeric precision \(precision)")
    }
}
