import Foundation
import Parquet
import PipelineTesting
import SourceFiles
import Testing

/// The byte-level reader and converter (in-place field splitting, typed column buffers) against the
/// straightforward implementation they replaced — a byte-at-a-time state machine building a `String` per field,
/// and Foundation-trimmed `String` parsing into ``ParquetValue`` — kept here as the oracle. Random input made of
/// the bytes and values that matter (quotes, commas, CR/LF, NUL, invalid UTF-8, Unicode spaces, edge numbers and
/// dates) must give the same records, typed rows and rejects, read whole or in tiny chunks.
@Suite struct CSVFastPathEquivalenceTests {
    // MARK: Reader

    @Test func readerMatchesTheReferenceOnRandomBytes() throws {
        var random = SeededGenerator(seed: 0x5EED_C5F0)
        let folder = try TemporaryDirectory(prefix: "csv-equivalence")
        defer { folder.remove() }
        let alphabet: [[UInt8]] = [
            [0x61], [0x62], [0x31], [0x2C], [0x2C], [0x22], [0x22], [0x0A], [0x0A], [0x0D, 0x0A], [0x0D], [0x20],
            [0x00], [0xC3, 0xA9], [0xC3], [0xFF], [0xEF, 0xBB, 0xBF], Array("abcdefghij".utf8), [0x2C, 0x2C],
        ]
        for round in 0..<3000 {
            var bytes: [UInt8] = round % 5 == 0 ? [0xEF, 0xBB, 0xBF] : []
            for _ in 0..<Int.random(in: 0...60, using: &random) { bytes += alphabet.randomElement(using: &random)! }
            let limit = round % 7 == 0 ? Int.random(in: 1...40, using: &random) : 1 << 20
            let expected = ReferenceCSV.read(bytes, maxRecordBytes: limit)
            #expect(read(CSVReader(bytes: bytes, maxRecordBytes: limit)) == expected, "round \(round): \(bytes)")
            if round % 6 == 0 {
                let path = folder.file("r\(round).csv")
                try Data(bytes).write(to: URL(fileURLWithPath: path))
                let chunk = Int.random(in: 1...9, using: &random)
                let fromFile = read(try CSVReader(path: path, maxRecordBytes: limit, chunkSize: chunk))
                #expect(fromFile == expected, "round \(round), chunks of \(chunk): \(bytes)")
            }
        }
    }

    private func read(_ reader: CSVReader) -> ReferenceCSV.Outcome {
        var records: [ReferenceCSV.Record] = []
        do {
            while let record = try reader.next() {
                records.append(
                    ReferenceCSV.Record(line: record.line, fields: record.fields, rawLine: record.rawLine, problem: record.problem))
            }
            return ReferenceCSV.Outcome(records: records, error: nil)
        } catch let error as SourceFileError {
            return ReferenceCSV.Outcome(records: records, error: "\(error.code) line \(error.line ?? -1)")
        } catch {
            return ReferenceCSV.Outcome(records: records, error: "\(error)")
        }
    }

    // MARK: Converter

    private static let wallClock = ParquetLogicalType.timestamp(unit: .microseconds, isAdjustedToUTC: false)
    private static let columnarSpec = TypedTableSpec([
        TypedColumn("id", .int64, nullable: false),
        TypedColumn("small", .int32),
        TypedColumn("text", .string),
        TypedColumn("code", .string, nullable: false),
        TypedColumn("blob", .binary),
        TypedColumn("flag", .boolean),
        TypedColumn("ratio", .double),
        TypedColumn("share", .float),
        TypedColumn("money", .decimal(precision: 9, scale: 2)),
        TypedColumn("big_money", .decimal(precision: 18, scale: 4)),
        TypedColumn("day", .date),
        TypedColumn("at", wallClock, nullable: false),
        TypedColumn("at_ms", .timestamp(unit: .milliseconds, isAdjustedToUTC: false)),
        TypedColumn("at_utc", .timestamp(unit: .microseconds, isAdjustedToUTC: true)),
    ])

    @Test func convertedRowsAndRejectsMatchTheReference() throws {
        try checkConversion(spec: Self.columnarSpec, seed: 1, rows: 3000)
    }

    @Test func rowByRowPathForWideDecimalsMatchesTheReference() throws {
        var columns = Self.columnarSpec.columns
        columns.append(TypedColumn("huge", .decimal(precision: 38, scale: 4)))
        try checkConversion(spec: TypedTableSpec(columns), seed: 2, rows: 800)
    }

    @Test func missingColumnsUnderTheLenientPolicyAreNullOnBothPaths() throws {
        var lenient = Self.columnarSpec
        lenient.headerPolicy = .lenient
        try checkConversion(spec: lenient, seed: 3, rows: 500, drop: ["small", "blob", "at_utc"])
    }

    /// Tokens each field is drawn from (raw CSV text, so some are quoted).
    private static let tokens: [String] = [
        "", "", " ", "0", "1", "-1", "+7", "12", " 12 ", "\t5", "12.0", "12.00", "12.5", "1.", ".5", "-", "+", "007",
        "9223372036854775807", "9223372036854775808", "-9223372036854775808", "00000000000000000000042",
        "2147483647", "2147483648", "-2147483649", "true", "TRUE", "False", "fAlSe", "yes", "1e3", "-0.0", "inf", "nan",
        "0x10", "1.005", "1.0050", "123456.78", "9999999.99", "99999999.99", "-0.07", "12345678901234.5678",
        "2024-02-29", "2023-02-29", "0000-01-01", "0001-01-01", "2024-13-01", "2024-01-32", "9999-12-31",
        "2024-03-31 01:30:00", "2024-10-27T01:30:15.25", "2024-01-01 23:59:59.999999", "2024-01-01 23:59:59.9999999",
        "2024-01-01 24:00:00", "2024-01-01 12:00:00.123", "2024-01-01 12:00", "2024-01-01 12:00:00.", "2024-1-01",
        "\u{00A0}42\u{00A0}", "\u{2003}7", "\u{3000}2024-01-01", "４２", "x", "a\u{0}b", "\u{0}", "é", "  ",
        "\"quoted, comma\"", "\"say \"\"hi\"\"\"", "\"two\nlines\"", "\"12\"", "\" 2024-02-01 \"", "\"\"",
        "\u{202E}FOEL", "=cmd|' /C calc'!A0",
    ]

    /// A field for `column`: mostly a valid value of its type (so typed values are compared too), sometimes
    /// empty, sometimes any token or invalid UTF-8.
    private func field(for column: TypedColumn, _ random: inout SeededGenerator) -> [UInt8] {
        func pad(_ value: Int, _ width: Int = 2) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        func day() -> String {
            "\(pad(Int.random(in: 1...2100, using: &random), 4))-\(pad(Int.random(in: 1...12, using: &random)))-"
                + pad(Int.random(in: 1...28, using: &random))
        }
        func time() -> String {
            let clock = "\(pad(Int.random(in: 0...23, using: &random))):\(pad(Int.random(in: 0...59, using: &random))):"
                + pad(Int.random(in: 0...59, using: &random))
            switch Int.random(in: 0..<4, using: &random) {
            case 0: return clock
            case 1: return clock + "." + pad(Int.random(in: 0...999, using: &random), 3)
            case 2: return clock + "." + String(Int.random(in: 0...999_999, using: &random))
            default: return String(clock.prefix(5)) + ":00"
            }
        }
        let roll = Int.random(in: 0..<100, using: &random)
        if roll < 4 { return [] }
        if roll < 8 { return Array(Self.tokens.randomElement(using: &random)!.utf8) }
        if roll < 9 { return [0xC3] + Array("x".utf8) }  // invalid UTF-8
        let text: String
        switch column.type {
        case .int64: text = String(Int64.random(in: -9_999_999_999...9_999_999_999, using: &random))
        case .int32: text = String(Int32.random(in: -99_999...99_999, using: &random))
        case .string, .binary:
            text = ["G81004", "ATTENDED", "\"Smith, J\"", "é", "\"a \"\"b\"\"\"", " padded ", "\"x\ny\"", "0123"]
                .randomElement(using: &random)!
        case .boolean: text = ["true", "False", "1", "0", " TRUE "].randomElement(using: &random)!
        case .double, .float: text = String(Double(Int.random(in: -99_999...99_999, using: &random)) / 8)
        case .decimal(let precision, let scale):
            let whole = Int64.random(in: 0...Int64(min(precision - scale, 12)) * 10_000, using: &random)
            text = "\(whole).\(pad(Int.random(in: 0...99, using: &random)))" + (scale > 2 ? "00" : "")
        case .date: text = day()
        case .timestamp: text = day() + (Bool.random(using: &random) ? " " : "T") + time()
        }
        return Array(text.utf8)
    }

    private func checkConversion(spec: TypedTableSpec, seed: UInt64, rows: Int, drop: Set<String> = []) throws {
        var random = SeededGenerator(seed: seed)
        let folder = try TemporaryDirectory(prefix: "convert-equivalence")
        defer { folder.remove() }
        let header = spec.columns.map(\.name).filter { !drop.contains($0) }.shuffled(using: &random)
        var bytes = Array(header.joined(separator: ",").utf8) + [0x0A]
        let columns = Dictionary(uniqueKeysWithValues: spec.columns.map { ($0.name, $0) })
        for _ in 0..<rows {
            var fields = header.map { field(for: columns[$0]!, &random) }
            switch Int.random(in: 0..<40, using: &random) {
            case 0: fields.removeLast()
            case 1: fields.append(Array("extra".utf8))
            case 2: fields[0] += [0x22]  // a stray quote
            case 3: bytes += [0x0A]  // a blank line first
            default: break
            }
            bytes += fields.joined(separator: [0x2C]) + (Bool.random(using: &random) ? [0x0A] : [0x0D, 0x0A])
        }
        let path = folder.file("in.csv")
        try Data(bytes).write(to: URL(fileURLWithPath: path))

        var rejects: [CSVReject] = []
        let writer = try ParquetWriter(path: folder.file("out.parquet"), schema: spec.parquetSchema)
        let summary = try CSVToParquetConverter(spec: spec).convert(try CSVReader(path: path, chunkSize: 4096), into: writer) {
            rejects.append($0)
        }
        _ = try writer.close()
        var typed: [[ParquetValue]] = []
        try ParquetReader(path: folder.file("out.parquet")).forEachRow { typed.append($0) }

        let expected = ReferenceConversion.convert(bytes, spec: spec)
        #expect(summary.rowsRead == expected.rowsRead)
        #expect(summary.rowsWritten == expected.rows.count && summary.rowsRejected == expected.rejectCount)
        // Header differences (lenient policy) come first, as rejects of line 1.
        let rowRejects = Array(rejects.dropFirst(summary.headerProblems.count))
        #expect(summary.headerProblems.count == drop.count)
        #expect(rowRejects.count == expected.rejects.count)
        for (index, (got, want)) in zip(rowRejects, expected.rejects).enumerated() where got != want {
            Issue.record("reject \(index): \(got) ≠ \(want)")
            break
        }
        #expect(typed.count == expected.rows.count)
        for (index, (got, want)) in zip(typed, expected.rows).enumerated() where got != want {
            Issue.record("row \(index): \(got) ≠ \(want)")
            break
        }
        #expect(expected.rows.count > rows / 20, "too few valid rows (\(expected.rows.count)) to compare typed values")
    }
}

// MARK: - The oracle: the implementation the fast path replaced

/// The former CSV reader: one byte at a time through the RFC 4180 state machine, a `String` per field.
private enum ReferenceCSV {
    /// A record as both readers give it.
    struct Record: Equatable {
        var line: Int
        var fields: [String]
        var rawLine: String
        var problem: CSVRecord.Problem?
    }

    struct Outcome: Equatable {
        var records: [Record]
        var error: String?
    }

    static func read(_ bytes: [UInt8], maxRecordBytes: Int) -> Outcome {
        var reader = Reader(bytes: bytes, maxRecordBytes: maxRecordBytes)
        var records: [Record] = []
        while true {
            switch reader.next() {
            case .record(let record): records.append(record)
            case .end: return Outcome(records: records, error: nil)
            case .tooLarge(let line): return Outcome(records: records, error: "source_record_too_large line \(line)")
            }
        }
    }

    enum Step {
        case record(Record)
        case end
        case tooLarge(line: Int)
    }

    private enum State {
        case fieldStart, unquoted, quoted, quoteInQuoted, afterQuoteCR
    }

    struct Reader {
        let bytes: [UInt8]
        let maxRecordBytes: Int
        var position = 0
        var line = 1

        init(bytes: [UInt8], maxRecordBytes: Int) {
            self.bytes = bytes
            self.maxRecordBytes = maxRecordBytes
            if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { position = 3 }
        }

        mutating func next() -> Step {
            while true {
                let step = readRecord()
                if case .record(let record) = step, record.fields == [""], record.rawLine.isEmpty, record.problem == nil {
                    continue
                }
                return step
            }
        }

        private mutating func readRecord() -> Step {
            var fields: [[UInt8]] = []
            var field: [UInt8] = []
            var fieldWasQuoted = false
            var raw: [UInt8] = []
            var state = State.fieldStart
            var problem: CSVRecord.Problem?
            let startLine = line
            var sawAnyByte = false

            func endField() {
                fields.append(field)
                field = []
                fieldWasQuoted = false
            }
            func note(_ reason: String) {
                if problem == nil { problem = CSVRecord.Problem(fieldIndex: fields.count, reason: reason) }
            }
            func finish() -> Step {
                var decoded: [String] = []
                for (index, bytes) in fields.enumerated() {
                    if let text = String(validating: bytes, as: UTF8.self) {
                        decoded.append(text)
                    } else {
                        decoded.append(String(decoding: bytes, as: UTF8.self))
                        if problem == nil { problem = CSVRecord.Problem(fieldIndex: index, reason: "invalid UTF-8") }
                    }
                }
                return .record(
                    Record(line: startLine, fields: decoded, rawLine: String(decoding: raw, as: UTF8.self), problem: problem))
            }

            while true {
                guard position < bytes.count else {
                    if !sawAnyByte { return .end }
                    if state == .quoted { note("unterminated quoted field (no closing quote before end of file)") }
                    endField()
                    return finish()
                }
                let byte = bytes[position]
                position += 1
                sawAnyByte = true
                if byte == 0x0A { line += 1 }
                let isTerminator = byte == 0x0A && state != .quoted
                if !isTerminator {
                    raw.append(byte)
                    if raw.count > maxRecordBytes { return .tooLarge(line: startLine) }
                }
                switch state {
                case .fieldStart, .unquoted:
                    switch byte {
                    case 0x22 where state == .fieldStart:
                        state = .quoted
                        fieldWasQuoted = true
                    case 0x22:
                        note("quote character inside an unquoted field")
                        field.append(byte)
                    case 0x2C:
                        endField()
                        state = .fieldStart
                    case 0x0A:
                        if !fieldWasQuoted, field.last == 0x0D { field.removeLast() }
                        if raw.last == 0x0D { raw.removeLast() }
                        endField()
                        return finish()
                    default:
                        field.append(byte)
                        state = .unquoted
                    }
                case .quoted:
                    if byte == 0x22 { state = .quoteInQuoted } else { field.append(byte) }
                case .quoteInQuoted:
                    switch byte {
                    case 0x22:
                        field.append(0x22)
                        state = .quoted
                    case 0x2C:
                        endField()
                        state = .fieldStart
                    case 0x0A:
                        endField()
                        return finish()
                    case 0x0D:
                        state = .afterQuoteCR
                    default:
                        note("unexpected character after a closing quote")
                        field.append(byte)
                        state = .unquoted
                    }
                case .afterQuoteCR:
                    if byte == 0x0A {
                        raw.removeLast()
                        endField()
                        return finish()
                    }
                    note("unexpected character after a closing quote")
                    field.append(0x0D)
                    if byte == 0x2C {
                        endField()
                        state = .fieldStart
                    } else {
                        field.append(byte)
                        state = .unquoted
                    }
                }
            }
        }
    }
}

/// The former converter: reference records, each field parsed from its `String` (Foundation trimming) into a
/// ``ParquetValue``; the first failing column rejects the row.
private enum ReferenceConversion {
    struct Result {
        var rowsRead = 0
        var rows: [[ParquetValue]] = []
        var rejects: [CSVReject] = []
        var rejectCount: Int { rejects.count }
    }

    static func convert(_ bytes: [UInt8], spec: TypedTableSpec) -> Result {
        var reader = ReferenceCSV.Reader(bytes: bytes, maxRecordBytes: 1 << 20)
        guard case .record(let headerRecord) = reader.next() else { return Result() }
        let header = headerRecord.fields
        let mapping = spec.columns.map { header.firstIndex(of: $0.name) }
        var result = Result()
        while case .record(let record) = reader.next() {
            result.rowsRead += 1
            if let problem = record.problem {
                let column = problem.fieldIndex.flatMap { $0 < header.count ? header[$0] : nil }
                result.rejects.append(
                    CSVReject(lineNumber: record.line, column: column, reason: problem.reason, rawLine: record.rawLine))
                continue
            }
            guard record.fields.count == header.count else {
                result.rejects.append(
                    CSVReject(
                        lineNumber: record.line, column: nil,
                        reason: "expected \(header.count) fields, found \(record.fields.count)", rawLine: record.rawLine))
                continue
            }
            var row: [ParquetValue] = []
            var failure: CSVReject?
            for (column, source) in zip(spec.columns, mapping) {
                guard let source else {
                    row.append(.null)
                    continue
                }
                switch ReferenceValues.parse(record.fields[source], as: column.type, nullable: column.isNullable) {
                case .success(let value): row.append(value)
                case .failure(let error):
                    failure = CSVReject(lineNumber: record.line, column: column.name, reason: error.reason, rawLine: record.rawLine)
                }
                if failure != nil { break }
            }
            if let failure { result.rejects.append(failure) } else { result.rows.append(row) }
        }
        return result
    }
}

/// The former text → value parser.
private enum ReferenceValues {
    static func parse(_ text: String, as type: ParquetLogicalType, nullable: Bool) -> Swift.Result<ParquetValue, TypedValueFailure> {
        if case .string = type {
            if text.isEmpty { return nullable ? .success(.null) : .failure(TypedValueFailure("missing required value")) }
            if text.utf8.contains(0) { return .failure(TypedValueFailure("NUL byte in text")) }
            return .success(.string(text))
        }
        if case .binary = type {
            if text.isEmpty { return nullable ? .success(.null) : .failure(TypedValueFailure("missing required value")) }
            return .success(.bytes(Array(text.utf8)))
        }
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.isEmpty { return nullable ? .success(.null) : .failure(TypedValueFailure("missing required value")) }
        let bytes = Array(trimmed.utf8)
        switch type {
        case .int32:
            guard let value = integer(bytes) else { return .failure(TypedValueFailure("not an integer")) }
            guard let narrow = Int32(exactly: value) else { return .failure(TypedValueFailure("integer out of 32-bit range")) }
            return .success(.int32(narrow))
        case .int64:
            guard let value = integer(bytes) else {
                let fraction = bytes.contains(0x2E) && bytes.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2E || $0 == 0x2D }
                return .failure(TypedValueFailure(fraction ? "not a whole number" : "not an integer"))
            }
            return .success(.int64(value))
        case .boolean:
            switch trimmed.lowercased() {
            case "true", "1": return .success(.bool(true))
            case "false", "0": return .success(.bool(false))
            default: return .failure(TypedValueFailure("not a boolean (expected True/False/true/false/1/0)"))
            }
        case .double, .float:
            guard let value = Double(trimmed), value.isFinite else { return .failure(TypedValueFailure("not a number")) }
            if case .float = type { return .success(.float(Float(value))) }
            return .success(.double(value))
        case .decimal(let precision, let scale):
            return decimal(bytes, precision: precision, scale: scale)
        case .date:
            guard bytes.count == 10, let parts = dateParts(bytes[...]) else {
                return .failure(TypedValueFailure("invalid date (expected YYYY-MM-DD)"))
            }
            return .success(.date(Int32(CivilTime.days(year: parts.0, month: parts.1, day: parts.2))))
        case .timestamp(let unit, let isAdjustedToUTC):
            guard let micros = timestampMicros(bytes) else {
                return .failure(TypedValueFailure("invalid timestamp (expected YYYY-MM-DD[ HH:MM:SS[.ffffff]])"))
            }
            let value = isAdjustedToUTC ? CivilTime.londonWallClockToUTC(micros: micros) : micros
            switch unit {
            case .microseconds: return .success(.timestamp(value))
            case .milliseconds:
                guard value % 1000 == 0 else {
                    return .failure(TypedValueFailure("timestamp has sub-millisecond precision the column cannot hold"))
                }
                return .success(.timestamp(value / 1000))
            case .nanoseconds:
                let (scaled, overflow) = value.multipliedReportingOverflow(by: 1000)
                return overflow ? .failure(TypedValueFailure("timestamp out of range")) : .success(.timestamp(scaled))
            }
        case .string, .binary:
            return .failure(TypedValueFailure("unreachable"))
        }
    }

    private static func integer(_ bytes: [UInt8]) -> Int64? {
        var index = 0
        var negative = false
        if index < bytes.count, bytes[index] == 0x2D || bytes[index] == 0x2B {
            negative = bytes[index] == 0x2D
            index += 1
        }
        guard index < bytes.count else { return nil }
        var value: Int64 = 0
        var digits = 0
        while index < bytes.count, bytes[index] >= 0x30, bytes[index] <= 0x39 {
            let (times, o1) = value.multipliedReportingOverflow(by: 10)
            let (plus, o2) = times.addingReportingOverflow(Int64(bytes[index] - 0x30))
            guard !o1, !o2 else { return nil }
            value = plus
            digits += 1
            index += 1
        }
        guard digits > 0 else { return nil }
        if index < bytes.count {
            guard bytes[index] == 0x2E, index + 1 < bytes.count else { return nil }
            index += 1
            while index < bytes.count {
                guard bytes[index] == 0x30 else { return nil }
                index += 1
            }
        }
        return negative ? -value : value
    }

    private static func decimal(_ bytes: [UInt8], precision: Int, scale: Int) -> Swift.Result<ParquetValue, TypedValueFailure> {
        var index = 0
        var negative = false
        if index < bytes.count, bytes[index] == 0x2D || bytes[index] == 0x2B {
            negative = bytes[index] == 0x2D
            index += 1
        }
        var integerDigits: [UInt8] = []
        var fractionDigits: [UInt8] = []
        var seenPoint = false
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 0x2E, !seenPoint {
                seenPoint = true
            } else if byte >= 0x30, byte <= 0x39 {
                if seenPoint { fractionDigits.append(byte - 0x30) } else { integerDigits.append(byte - 0x30) }
            } else {
                return .failure(TypedValueFailure("not a decimal number"))
            }
            index += 1
        }
        guard !integerDigits.isEmpty || !fractionDigits.isEmpty else { return .failure(TypedValueFailure("not a decimal number")) }
        while fractionDigits.count > scale, fractionDigits.last == 0 { fractionDigits.removeLast() }
        guard fractionDigits.count <= scale else {
            return .failure(TypedValueFailure("more than \(scale) decimal places (would lose precision)"))
        }
        fractionDigits += [UInt8](repeating: 0, count: scale - fractionDigits.count)
        while integerDigits.first == 0 { integerDigits.removeFirst() }
        guard integerDigits.count + scale <= precision else {
            return .failure(TypedValueFailure("more than \(precision) significant digits"))
        }
        var unscaled: Int128 = 0
        for digit in integerDigits + fractionDigits { unscaled = unscaled * 10 + Int128(digit) }
        return .success(.decimal(negative ? -unscaled : unscaled))
    }

    private static func number(_ bytes: ArraySlice<UInt8>) -> Int? {
        guard !bytes.isEmpty else { return nil }
        var value = 0
        for byte in bytes {
            guard byte >= 0x30, byte <= 0x39 else { return nil }
            value = value * 10 + Int(byte - 0x30)
        }
        return value
    }

    private static func dateParts(_ bytes: ArraySlice<UInt8>) -> (Int, Int, Int)? {
        let base = bytes.startIndex
        guard bytes.count == 10, bytes[base + 4] == 0x2D, bytes[base + 7] == 0x2D,
            let year = number(bytes[base..<(base + 4)]), let month = number(bytes[(base + 5)..<(base + 7)]),
            let day = number(bytes[(base + 8)..<(base + 10)]), year >= 1, (1...12).contains(month),
            (1...CivilTime.daysInMonth(year: year, month: month)).contains(day)
        else { return nil }
        return (year, month, day)
    }

    private static func timestampMicros(_ bytes: [UInt8]) -> Int64? {
        guard bytes.count >= 10, let (year, month, day) = dateParts(bytes[0..<10]) else { return nil }
        var micros = Int64(CivilTime.days(year: year, month: month, day: day)) * 86_400_000_000
        guard bytes.count > 10 else { return micros }
        guard bytes.count >= 19, bytes[10] == 0x20 || bytes[10] == 0x54, bytes[13] == 0x3A, bytes[16] == 0x3A,
            let hour = number(bytes[11..<13]), let minute = number(bytes[14..<16]), let second = number(bytes[17..<19]),
            hour < 24, minute < 60, second < 60
        else { return nil }
        micros += Int64((hour * 3600 + minute * 60 + second)) * 1_000_000
        guard bytes.count > 19 else { return micros }
        guard bytes[19] == 0x2E, bytes.count > 20, bytes.count <= 26, let fraction = number(bytes[20...]) else { return nil }
        var scaled = fraction
        for _ in 0..<(6 - (bytes.count - 20)) { scaled *= 10 }
        return micros + Int64(scaled)
    }
}
