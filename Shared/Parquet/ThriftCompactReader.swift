/// Decodes Thrift compact-protocol structures from a bounded byte range, with a generic skip for unknown
/// fields and a recursion limit. Every read is bounds-checked and throws `corruptMetadata`.
struct ThriftCompactReader {
    enum FieldType: UInt8 {
        case stop = 0, boolTrue = 1, boolFalse = 2, byte = 3, i16 = 4, i32 = 5, i64 = 6, double = 7
        case binary = 8, list = 9, set = 10, map = 11, structure = 12
    }

    struct FieldHeader {
        var id: Int16
        var type: FieldType
    }

    private let buffer: UnsafeRawBufferPointer
    /// Position inside `buffer`.
    private(set) var position: Int
    /// File offset of `buffer[0]`, for error messages.
    let baseOffset: Int
    private var lastFieldID: Int16 = 0
    private var fieldIDStack: [Int16] = []
    private static let maxDepth = 64

    init(_ buffer: UnsafeRawBufferPointer, position: Int = 0, baseOffset: Int = 0) {
        self.buffer = buffer
        self.position = position
        self.baseOffset = baseOffset
    }

    func corrupt(_ message: String) -> ParquetError {
        ParquetError(.corruptMetadata, message, offset: baseOffset + position)
    }

    private func truncated(_ what: String) -> ParquetError {
        ParquetError(.corruptMetadata, "Thrift structure truncated while reading \(what)", offset: baseOffset + position)
    }

    mutating func readByte() throws -> UInt8 {
        guard position < buffer.count else { throw truncated("a byte") }
        let value = buffer[position]
        position += 1
        return value
    }

    mutating func readVarint() throws -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            let byte = try readByte()
            guard shift < 64 else { throw corrupt("varint longer than 10 bytes") }
            result |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 { return result }
            shift += 7
        }
    }

    mutating func readZigzag() throws -> Int64 {
        let raw = try readVarint()
        return Int64(bitPattern: (raw >> 1) ^ (0 &- (raw & 1)))
    }

    mutating func readI32() throws -> Int32 {
        let value = try readZigzag()
        guard let narrowed = Int32(exactly: value) else { throw corrupt("i32 out of range") }
        return narrowed
    }

    mutating func readI64() throws -> Int64 {
        try readZigzag()
    }

    mutating func readBinary() throws -> [UInt8] {
        let length = try readVarint()
        guard length <= UInt64(buffer.count - position) else { throw truncated("a binary of \(length) bytes") }
        let start = position
        position += Int(length)
        return Array(buffer[start..<position])
    }

    mutating func readString() throws -> String {
        String(decoding: try readBinary(), as: UTF8.self)
    }

    /// Reads the next field header of the current struct; `nil` at the stop byte.
    /// Bool fields carry their value in `type` (`.boolTrue` / `.boolFalse`).
    mutating func readFieldHeader() throws -> FieldHeader? {
        let byte = try readByte()
        if byte == 0 { return nil }
        guard let type = FieldType(rawValue: byte & 0x0F) else {
            throw corrupt("unknown Thrift field type \(byte & 0x0F)")
        }
        let delta = byte >> 4
        let id: Int16
        if delta == 0 {
            let raw = try readZigzag()
            guard let narrowed = Int16(exactly: raw) else { throw corrupt("field id out of range") }
            id = narrowed
        } else {
            id = lastFieldID &+ Int16(delta)
        }
        lastFieldID = id
        return FieldHeader(id: id, type: type)
    }

    mutating func beginStruct() throws {
        guard fieldIDStack.count < Self.maxDepth else { throw corrupt("Thrift structures nested too deeply") }
        fieldIDStack.append(lastFieldID)
        lastFieldID = 0
    }

    mutating func endStruct() {
        lastFieldID = fieldIDStack.popLast() ?? 0
    }

    /// Reads a list header: element type and a count bounded by the bytes left.
    mutating func readListHeader() throws -> (elementType: FieldType, count: Int) {
        let byte = try readByte()
        guard let type = FieldType(rawValue: byte & 0x0F) else { throw corrupt("unknown list element type") }
        var count = UInt64(byte >> 4)
        if count == 15 { count = try readVarint() }
        // Every element takes at least one byte, except bools in some writers; cap by remaining bytes.
        guard count <= UInt64(buffer.count - position) else { throw corrupt("list of \(count) elements exceeds the footer") }
        return (type, Int(count))
    }

    /// Reads a bool that is a list element (one byte: 1 = true, 0 or 2 = false).
    mutating func readBoolElement() throws -> Bool {
        try readByte() == 1
    }

    /// Skips a value of `type`, recursing into containers up to the depth limit.
    mutating func skip(_ type: FieldType, depth: Int = 0) throws {
        guard depth < Self.maxDepth else { throw corrupt("Thrift structures nested too deeply") }
        switch type {
        case .stop: throw corrupt("unexpected stop type")
        case .boolTrue, .boolFalse: return
        case .byte: _ = try readByte()
        case .i16, .i32, .i64: _ = try readVarint()
        case .double:
            guard buffer.count - position >= 8 else { throw truncated("a double") }
            position += 8
        case .binary:
            let length = try readVarint()
            guard length <= UInt64(buffer.count - position) else { throw truncated("a binary") }
            position += Int(length)
        case .list, .set:
            let (elementType, count) = try readListHeader()
            for _ in 0..<count {
                if elementType == .boolTrue || elementType == .boolFalse {
                    _ = try readByte()
                } else {
                    try skip(elementType, depth: depth + 1)
                }
            }
        case .map:
            let count = try readVarint()
            guard count <= UInt64(buffer.count - position) else { throw corrupt("map size exceeds the footer") }
            if count == 0 { return }
            let kinds = try readByte()
            guard let keyType = FieldType(rawValue: kinds >> 4), let valueType = FieldType(rawValue: kinds & 0x0F)
            else { throw corrupt("unknown map element types") }
            for _ in 0..<count {
                try skip(keyType, depth: depth + 1)
                try skip(valueType, depth: depth + 1)
            }
        case .structure:
            try beginStruct()
            while let header = try readFieldHeader() {
                try skip(header.type, depth: depth + 1)
            }
            endStruct()
        }
    }

    /// Calls `body` for every field of a struct (after `beginStruct`), then ends the struct.
    /// `body` must consume the field's value or call `skip`.
    mutating func readStruct(_ body: (inout ThriftCompactReader, FieldHeader) throws -> Void) throws {
        try beginStruct()
        while let header = try readFieldHeader() {
            try body(&self, header)
        }
        endStruct()
    }

    /// Reads an i32 field value after checking the header type.
    mutating func i32(_ header: FieldHeader) throws -> Int32 {
        guard header.type == .i32 else { throw corrupt("field \(header.id) should be i32") }
        return try readI32()
    }

    mutating func i64(_ header: FieldHeader) throws -> Int64 {
        guard header.type == .i64 || header.type == .i32 || header.type == .i16 else {
            throw corrupt("field \(header.id) should be i64")
        }
        return try readI64()
    }

    mutating func i16(_ header: FieldHeader) throws -> Int16 {
        guard header.type == .i16 || header.type == .i32 else { throw corrupt("field \(header.id) should be i16") }
        let value = try readZigzag()
        guard let narrowed = Int16(exactly: value) else { throw corrupt("i16 out of range") }
        return narrowed
    }

    mutating func bool(_ header: FieldHeader) throws -> Bool {
        switch header.type {
        case .boolTrue: return true
        case .boolFalse: return false
        default: throw corrupt("field \(header.id) should be bool")
        }
    }

    mutating func binary(_ header: FieldHeader) throws -> [UInt8] {
        guard header.type == .binary else { throw corrupt("field \(header.id) should be binary") }
        return try readBinary()
    }

    mutating func string(_ header: FieldHeader) throws -> String {
        guard header.type == .binary else { throw corrupt("field \(header.id) should be a string") }
        return try readString()
    }

    /// Reads a list of structs, decoding each with `element`.
    mutating func structList<T>(_ header: FieldHeader, _ element: (inout ThriftCompactReader) throws -> T) throws -> [T] {
        guard header.type == .list else { throw corrupt("field \(header.id) should be a list") }
        let (elementType, count) = try readListHeader()
        guard elementType == .structure else { throw corrupt("field \(header.id) should be a list of structs") }
        var result: [T] = []
        result.reserveCapacity(count)
        for _ in 0..<count { result.append(try element(&self)) }
        return result
    }

    mutating func i32List(_ header: FieldHeader) throws -> [Int32] {
        guard header.type == .list else { throw corrupt("field \(header.id) should be a list") }
        let (elementType, count) = try readListHeader()
        guard elementType == .i32 else { throw corrupt("field \(header.id) should be a list of i32") }
        var result: [Int32] = []
        result.reserveCapacity(count)
        for _ in 0..<count { result.append(try readI32()) }
        return result
    }

    mutating func stringList(_ header: FieldHeader) throws -> [String] {
        guard header.type == .list else { throw corrupt("field \(header.id) should be a list") }
        let (elementType, count) = try readListHeader()
        guard elementType == .binary else { throw corrupt("field \(header.id) should be a list of strings") }
        var result: [String] = []
        result.reserveCapacity(count)
        for _ in 0..<count { result.append(try readString()) }
        return result
    }
}
