import Foundation

/// A streaming RFC 4180 CSV reader: UTF-8, comma separator, double-quote quoting with `""` escapes, fields that
/// span lines inside quotes, `\n` or `\r\n` line ends, a leading byte-order mark ignored.
///
/// Memory is bounded by one read buffer plus the current record (at most ``maxRecordBytes``). Syntax problems
/// (an unterminated quote, a stray quote, invalid UTF-8) do not stop the reader: the record is returned with its
/// ``CSVRecord/problem`` set, so callers can quarantine it and carry on. Blank lines (no bytes between line
/// ends) are not records and are skipped; they still count for line numbers.
///
/// Not thread-safe: one owner reads it.
package final class CSVReader {
    /// Records longer than this throw ``SourceFileError/Code/recordTooLarge``.
    package let maxRecordBytes: Int
    /// The name used in errors.
    package let name: String

    private let handle: FileHandle?
    private var buffer: [UInt8]
    private var position = 0
    private var atEnd = false
    private var line = 1
    private var checkedBOM = false
    private let chunkSize: Int

    /// Reads the file at `path`.
    /// - Throws: ``SourceFileError`` `.io` when the file cannot be opened.
    package init(path: String, maxRecordBytes: Int = 1 << 20, chunkSize: Int = 64 * 1024) throws {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw SourceFileError(.io, "cannot open file for reading", file: path)
        }
        self.handle = handle
        self.buffer = []
        self.name = (path as NSString).lastPathComponent
        self.maxRecordBytes = maxRecordBytes
        self.chunkSize = chunkSize
    }

    /// Reads CSV held in memory.
    package init(bytes: [UInt8], name: String = "<memory>", maxRecordBytes: Int = 1 << 20) {
        self.handle = nil
        self.buffer = bytes
        self.atEnd = true
        self.name = name
        self.maxRecordBytes = maxRecordBytes
        self.chunkSize = 0
    }

    deinit { try? handle?.close() }

    private enum State {
        case fieldStart, unquoted, quoted, quoteInQuoted, afterQuoteCR
    }

    /// The next record, or nil at the end of the input.
    /// - Throws: ``SourceFileError`` `.recordTooLarge` or `.io`.
    package func next() throws -> CSVRecord? {
        while true {
            guard let record = try readRecord() else { return nil }
            if record.fields == [""] && record.rawLine.isEmpty && record.problem == nil { continue }
            return record
        }
    }

    private func readRecord() throws -> CSVRecord? {
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

        while true {
            guard let byte = try nextByte() else {
                // End of input.
                if !sawAnyByte { return nil }
                if state == .quoted { note("unterminated quoted field (no closing quote before end of file)") }
                endField()
                return finish(fields, raw: raw, line: startLine, problem: problem)
            }
            sawAnyByte = true
            if byte == 0x0A { line += 1 }
            let isTerminator = byte == 0x0A && state != .quoted
            if !isTerminator {
                raw.append(byte)
                if raw.count > maxRecordBytes {
                    throw SourceFileError(
                        .recordTooLarge,
                        "record is longer than \(maxRecordBytes) bytes (an unterminated quote?)", file: name,
                        line: startLine)
                }
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
                    return finish(fields, raw: raw, line: startLine, problem: problem)
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
                    return finish(fields, raw: raw, line: startLine, problem: problem)
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
                    return finish(fields, raw: raw, line: startLine, problem: problem)
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

    private func finish(_ fields: [[UInt8]], raw: [UInt8], line: Int, problem: CSVRecord.Problem?) -> CSVRecord {
        var problem = problem
        var decoded: [String] = []
        decoded.reserveCapacity(fields.count)
        for (index, bytes) in fields.enumerated() {
            if let text = String(validating: bytes, as: UTF8.self) {
                decoded.append(text)
            } else {
                decoded.append(String(decoding: bytes, as: UTF8.self))
                if problem == nil { problem = CSVRecord.Problem(fieldIndex: index, reason: "invalid UTF-8") }
            }
        }
        return CSVRecord(line: line, fields: decoded, rawLine: String(decoding: raw, as: UTF8.self), problem: problem)
    }

    private func nextByte() throws -> UInt8? {
        if position >= buffer.count {
            guard try refill() else { return nil }
        }
        if !checkedBOM {
            checkedBOM = true
            if buffer.count - position >= 3, buffer[position] == 0xEF, buffer[position + 1] == 0xBB,
                buffer[position + 2] == 0xBF
            {
                position += 3
                if position >= buffer.count, try !refill() { return nil }
            }
        }
        let byte = buffer[position]
        position += 1
        return byte
    }

    /// Loads the next chunk; false at the end of input. Keeps at least 3 bytes for the BOM check.
    private func refill() throws -> Bool {
        guard !atEnd, let handle else { return false }
        do {
            var next = try handle.read(upToCount: chunkSize).map(Array.init) ?? []
            if !checkedBOM {
                while next.count < 3, let more = try handle.read(upToCount: chunkSize), !more.isEmpty {
                    next += Array(more)
                }
            }
            if next.isEmpty {
                atEnd = true
                return false
            }
            buffer = next
            position = 0
            return true
        } catch {
            throw SourceFileError(.io, "cannot read file: \(error)", file: name)
        }
    }
}
