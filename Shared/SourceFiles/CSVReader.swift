import Foundation

/// A streaming RFC 4180 CSV reader: UTF-8, comma separator, double-quote quoting with `""` escapes, fields that
/// span lines inside quotes, `\n` or `\r\n` line ends, a leading byte-order mark ignored.
///
/// Memory is bounded by one read buffer plus the current record (at most ``maxRecordBytes``). Syntax problems
/// (an unterminated quote, a stray quote, invalid UTF-8) do not stop the reader: the record is returned with its
/// ``CSVRecord/problem`` set, so callers can quarantine it and carry on. Blank lines (no bytes between line
/// ends) are not records and are skipped; they still count for line numbers.
///
/// Records are scanned in place in the read buffer: a record without quotes (the common case) is split into
/// fields without copying a byte; a record with quotes goes through the full state machine into a scratch
/// buffer. Within this module, ``advance()`` exposes the current record's fields as raw bytes (see
/// ``field(_:)``) so a converter can type them without creating a `String` per value; ``next()`` gives the
/// record as ``CSVRecord``.
///
/// Not thread-safe: one owner reads it.
package final class CSVReader {
    /// Records longer than this throw ``SourceFileError/Code/recordTooLarge``.
    package let maxRecordBytes: Int
    /// The name used in errors.
    package let name: String

    /// The open file, or -1 for a reader over bytes in memory.
    private let descriptor: Int32
    private let chunkSize: Int
    private var storage: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    /// Next unread byte of `storage`.
    private var start = 0
    /// End of the valid bytes of `storage`.
    private var end = 0
    private var atEnd: Bool
    private var line = 1
    private var checkedBOM = false

    // The current record (valid until the next call of `advance`).
    /// 1-based line where the current record starts.
    private(set) var recordLine = 0
    /// The current record's first syntax or encoding problem.
    private(set) var recordProblem: CSVRecord.Problem?
    /// Number of fields of the current record.
    private(set) var fieldCount = 0
    /// Start and end offset (into `fieldBase`) of each field, two entries per field.
    private var bounds: UnsafeMutablePointer<Int>
    private var boundsCapacity: Int
    /// Whether the current record may hold a NUL byte (false: it certainly does not).
    private var recordMayHoldNUL = true
    /// `storage` for a record read in place, `scratch` for one that went through the quoting state machine.
    private var fieldBase: UnsafeMutablePointer<UInt8>
    private var scratch: UnsafeMutablePointer<UInt8>
    private var scratchCapacity: Int
    private var scratchCount = 0
    private var rawStart = 0
    private var rawEnd = 0

    /// Reads the file at `path`.
    /// - Throws: ``SourceFileError`` `.io` when the file cannot be opened.
    package init(path: String, maxRecordBytes: Int = 1 << 20, chunkSize: Int = 256 * 1024) throws {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw SourceFileError(.io, "cannot open file for reading", file: path)
        }
        self.descriptor = descriptor
        self.name = (path as NSString).lastPathComponent
        self.maxRecordBytes = maxRecordBytes
        self.chunkSize = max(chunkSize, 1)
        self.atEnd = false
        self.capacity = max(2 * self.chunkSize, 64)
        self.storage = .allocate(capacity: capacity)
        self.boundsCapacity = 64
        self.bounds = .allocate(capacity: 2 * boundsCapacity)
        self.scratchCapacity = 256
        self.scratch = .allocate(capacity: scratchCapacity)
        self.fieldBase = storage
    }

    /// Reads CSV held in memory.
    package init(bytes: [UInt8], name: String = "<memory>", maxRecordBytes: Int = 1 << 20) {
        self.descriptor = -1
        self.name = name
        self.maxRecordBytes = maxRecordBytes
        self.chunkSize = 0
        self.atEnd = true
        self.capacity = max(bytes.count, 1)
        let storage = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
        bytes.withUnsafeBufferPointer { source in
            if let base = source.baseAddress { storage.initialize(from: base, count: source.count) }
        }
        self.storage = storage
        self.end = bytes.count
        self.boundsCapacity = 64
        self.bounds = .allocate(capacity: 2 * boundsCapacity)
        self.scratchCapacity = 256
        self.scratch = .allocate(capacity: scratchCapacity)
        self.fieldBase = storage
    }

    deinit {
        if descriptor >= 0 { close(descriptor) }
        storage.deallocate()
        bounds.deallocate()
        scratch.deallocate()
    }

    /// The next record, or nil at the end of the input.
    /// - Throws: ``SourceFileError`` `.recordTooLarge` or `.io`.
    package func next() throws -> CSVRecord? {
        guard try advance() else { return nil }
        var fields: [String] = []
        fields.reserveCapacity(fieldCount)
        for index in 0..<fieldCount { fields.append(String(decoding: field(index), as: UTF8.self)) }
        return CSVRecord(line: recordLine, fields: fields, rawLine: rawLineString(), problem: recordProblem)
    }

    /// Moves to the next record (blank lines skipped); false at the end of the input. The record is then read
    /// through ``recordLine``, ``recordProblem``, ``fieldCount``, ``field(_:)`` and ``rawLineBytes``.
    /// - Throws: ``SourceFileError`` `.recordTooLarge` or `.io`.
    func advance() throws -> Bool {
        while true {
            guard try readRecord() else { return false }
            let blank = rawEnd == rawStart && fieldCount == 1 && bounds[0] == bounds[1] && recordProblem == nil
            if !blank { return true }
        }
    }

    /// The fields of the current record. Valid until the next ``advance()``.
    var fields: CSVFieldTable {
        CSVFieldTable(base: fieldBase, bounds: bounds, count: fieldCount, mayHoldNUL: recordMayHoldNUL)
    }

    /// The bytes of field `index` of the current record (invalid UTF-8 possible only when ``recordProblem``
    /// says so). Valid until the next ``advance()``.
    func field(_ index: Int) -> UnsafeBufferPointer<UInt8> { fields[index] }

    /// The current record's bytes without its line terminator. Valid until the next ``advance()``.
    var rawLineBytes: UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(start: storage + rawStart, count: rawEnd - rawStart)
    }

    /// The current record's bytes as text (invalid UTF-8 repaired).
    func rawLineString() -> String { String(decoding: rawLineBytes, as: UTF8.self) }

    // MARK: - Scanning

    private enum Scan {
        /// A record was read and the position moved past it.
        case record
        /// The buffer ends inside the record (and the input does not).
        case needMore
        /// A quote: the record needs the full state machine.
        case quoted
        /// No bytes left at all.
        case endOfInput
    }

    private func readRecord() throws -> Bool {
        if !checkedBOM { try skipByteOrderMark() }
        while true {
            let scan = try scanPlain()
            switch scan {
            case .record: return true
            case .endOfInput: return false
            case .needMore: try readMore()
            case .quoted:
                while true {
                    switch try scanQuoted() {
                    case .record: return true
                    case .endOfInput: return false
                    case .needMore, .quoted: try readMore()
                    }
                }
            }
        }
    }

    private func skipByteOrderMark() throws {
        while end - start < 3, !atEnd { try readMore() }
        checkedBOM = true
        if end - start >= 3, storage[start] == 0xEF, storage[start + 1] == 0xBB, storage[start + 2] == 0xBF {
            start += 3
        }
    }

    /// Room for field `index` in `bounds`.
    @inline(__always)
    private func reserveField(_ index: Int) {
        if index >= boundsCapacity { growBounds() }
    }

    private func growBounds() {
        bounds = bounds.regrown(keeping: 2 * boundsCapacity, capacity: 4 * boundsCapacity)
        boundsCapacity *= 2
    }

    private func tooLarge(_ startLine: Int) -> SourceFileError {
        SourceFileError(
            .recordTooLarge, "record is longer than \(maxRecordBytes) bytes (an unterminated quote?)", file: name,
            line: startLine)
    }

    /// The fast path: a record with no quote character, split at commas in place. Bytes are looked at eight at
    /// a time until one of them is a comma, a line feed or a quote.
    private func scanPlain() throws -> Scan {
        let base = storage
        let first = start
        let limit = end
        var position = first
        var count = 0
        var fieldStart = first
        var highBits: UInt64 = 0
        var nulBits: UInt64 = 0
        // Locals, so the loop neither reloads nor access-checks the stored properties.
        var bounds = self.bounds
        var boundsLimit = boundsCapacity
        while position < limit {
            if limit &- position >= 8 {
                let word = UInt64(littleEndian: UnsafeRawPointer(base + position).loadUnaligned(as: UInt64.self))
                let special = Self.specialBytes(word)
                let zeros = Self.zeroBytes(word)
                if special == 0 {
                    highBits |= word
                    nulBits |= zeros
                    position &+= 8
                    continue
                }
                let skip = special.trailingZeroBitCount &>> 3
                let before = (1 &<< (UInt64(skip) &* 8)) &- 1
                highBits |= word & before
                nulBits |= zeros & before
                position &+= skip
            }
            let byte = base[position]
            if byte == 0x2C {
                if count >= boundsLimit {
                    growBounds()
                    bounds = self.bounds
                    boundsLimit = boundsCapacity
                }
                bounds[2 &* count] = fieldStart
                bounds[2 &* count &+ 1] = position
                count &+= 1
                fieldStart = position &+ 1
            } else if byte == 0x0A {
                if position - first > maxRecordBytes { throw tooLarge(line) }
                var recordEnd = position
                if recordEnd > first, base[recordEnd - 1] == 0x0D { recordEnd -= 1 }
                reserveField(count)
                self.bounds[2 &* count] = fieldStart
                self.bounds[2 &* count &+ 1] = recordEnd
                finishPlain(fields: count + 1, rawEnd: recordEnd, next: position + 1, highBits: highBits, nulBits: nulBits)
                line += 1
                return .record
            } else if byte == 0x22 {
                return .quoted
            } else {
                highBits |= UInt64(byte)
                if byte == 0 { nulBits = 1 }
            }
            position &+= 1
        }
        if !atEnd {
            if limit - first > maxRecordBytes { throw tooLarge(line) }
            return .needMore
        }
        if limit == first { return .endOfInput }
        if limit - first > maxRecordBytes { throw tooLarge(line) }
        reserveField(count)
        self.bounds[2 &* count] = fieldStart
        self.bounds[2 &* count &+ 1] = limit
        finishPlain(fields: count + 1, rawEnd: limit, next: limit, highBits: highBits, nulBits: nulBits)
        return .record
    }

    /// The high bit of each byte of `word` that is a comma, a line feed or a quote (the lowest one exact; a
    /// borrow may mark bytes above it).
    @inline(__always)
    private static func specialBytes(_ word: UInt64) -> UInt64 {
        let ones: UInt64 = 0x0101_0101_0101_0101
        return zeroBytes(word ^ (ones &* 0x2C)) | zeroBytes(word ^ (ones &* 0x0A)) | zeroBytes(word ^ (ones &* 0x22))
    }

    /// The high bit of each zero byte of `word` (the lowest one exact; a borrow may mark bytes above it).
    @inline(__always)
    private static func zeroBytes(_ word: UInt64) -> UInt64 {
        (word &- 0x0101_0101_0101_0101) & ~word & 0x8080_8080_8080_8080
    }

    private func finishPlain(fields: Int, rawEnd: Int, next: Int, highBits: UInt64, nulBits: UInt64) {
        fieldBase = storage
        recordMayHoldNUL = nulBits != 0
        fieldCount = fields
        rawStart = start
        self.rawEnd = rawEnd
        recordLine = line
        recordProblem = nil
        start = next
        if highBits & 0x8080_8080_8080_8080 != 0 { checkEncoding() }
    }

    private enum State {
        case fieldStart, unquoted, quoted, quoteInQuoted, afterQuoteCR
    }

    @inline(__always)
    private func appendScratch(_ byte: UInt8) {
        if scratchCount == scratchCapacity {
            scratch = scratch.regrown(keeping: scratchCount, capacity: 2 * scratchCapacity)
            scratchCapacity *= 2
        }
        scratch[scratchCount] = byte
        scratchCount += 1
    }

    /// The general path: the RFC 4180 state machine, unescaped fields copied to `scratch`.
    private func scanQuoted() throws -> Scan {
        let base = storage
        let first = start
        let limit = end
        if first == limit && atEnd { return .endOfInput }
        scratchCount = 0
        var count = 0
        var fieldStart = 0
        var fieldWasQuoted = false
        var state = State.fieldStart
        var problem: CSVRecord.Problem?
        var newlines = 0

        func endField() {
            reserveField(count)
            bounds[2 * count] = fieldStart
            bounds[2 * count + 1] = scratchCount
            count += 1
            fieldStart = scratchCount
            fieldWasQuoted = false
        }
        func note(_ reason: String) {
            if problem == nil { problem = CSVRecord.Problem(fieldIndex: count, reason: reason) }
        }
        func finish(rawEnd: Int, next: Int) {
            fieldBase = scratch
            recordMayHoldNUL = true
            fieldCount = count
            rawStart = first
            self.rawEnd = rawEnd
            recordLine = line
            recordProblem = problem
            start = next
            line += newlines
            checkEncoding()
        }

        var position = first
        while position < limit {
            let byte = base[position]
            if byte == 0x0A { newlines += 1 }
            if byte == 0x0A && state != .quoted {
                // The record's terminator.
                if position - first > maxRecordBytes { throw tooLarge(line) }
                var recordEnd = position
                if recordEnd > first, base[recordEnd - 1] == 0x0D { recordEnd -= 1 }
                switch state {
                case .fieldStart, .unquoted:
                    if !fieldWasQuoted, scratchCount > fieldStart, scratch[scratchCount - 1] == 0x0D { scratchCount -= 1 }
                case .quoted, .quoteInQuoted, .afterQuoteCR:
                    break
                }
                endField()
                finish(rawEnd: recordEnd, next: position + 1)
                return .record
            }
            switch state {
            case .fieldStart, .unquoted:
                switch byte {
                case 0x22 where state == .fieldStart:
                    state = .quoted
                    fieldWasQuoted = true
                case 0x22:
                    note("quote character inside an unquoted field")
                    appendScratch(byte)
                case 0x2C:
                    endField()
                    state = .fieldStart
                default:
                    appendScratch(byte)
                    state = .unquoted
                }
            case .quoted:
                if byte == 0x22 { state = .quoteInQuoted } else { appendScratch(byte) }
            case .quoteInQuoted:
                switch byte {
                case 0x22:
                    appendScratch(0x22)
                    state = .quoted
                case 0x2C:
                    endField()
                    state = .fieldStart
                case 0x0D:
                    state = .afterQuoteCR
                default:
                    note("unexpected character after a closing quote")
                    appendScratch(byte)
                    state = .unquoted
                }
            case .afterQuoteCR:
                note("unexpected character after a closing quote")
                appendScratch(0x0D)
                if byte == 0x2C {
                    endField()
                    state = .fieldStart
                } else {
                    appendScratch(byte)
                    state = .unquoted
                }
            }
            position += 1
        }
        if limit - first > maxRecordBytes { throw tooLarge(line) }
        if !atEnd { return .needMore }
        if state == .quoted { note("unterminated quoted field (no closing quote before end of file)") }
        endField()
        finish(rawEnd: limit, next: limit)
        return .record
    }

    /// Flags the first field that is not valid UTF-8 (unless the record already has a problem).
    private func checkEncoding() {
        guard recordProblem == nil else { return }
        for index in 0..<fieldCount where !UTF8Validation.isValid(field(index)) {
            recordProblem = CSVRecord.Problem(fieldIndex: index, reason: "invalid UTF-8")
            return
        }
    }

    // MARK: - Reading

    /// Reads more input after the unread bytes (moved to the front of the buffer); sets `atEnd` at the end.
    /// Reads at least as many bytes as are pending, so rescanning a long record costs linear time overall.
    private func readMore() throws {
        guard !atEnd else { return }
        let pending = end - start
        if start > 0 {
            if pending > 0 { memmove(storage, storage + start, pending) }
            start = 0
            end = pending
        }
        let want = max(chunkSize, pending)
        if end + want > capacity {
            let newCapacity = max(end + want, 2 * capacity)
            storage = storage.regrown(keeping: end, capacity: newCapacity)
            capacity = newCapacity
            fieldBase = storage
        }
        while true {
            let count = read(descriptor, storage + end, want)
            if count > 0 {
                end += count
                return
            }
            if count == 0 {
                atEnd = true
                return
            }
            if errno == EINTR { continue }
            throw SourceFileError(.io, "cannot read file: \(String(cString: strerror(errno)))", file: name)
        }
    }
}
