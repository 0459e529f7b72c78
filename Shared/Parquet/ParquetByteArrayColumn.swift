/// Variable-length byte strings stored back to back: value `i` is `data[offsets[i]..<offsets[i + 1]]`.
package struct ParquetByteArrayColumn: Sendable, Hashable {
    /// Concatenated bytes of all values.
    package var data: [UInt8]
    /// `count + 1` offsets into `data`, starting at 0.
    package var offsets: [Int]

    /// Creates an empty column.
    package init() {
        data = []
        offsets = [0]
    }

    /// Creates a column from strings (UTF-8).
    package init(strings: some Sequence<String>) {
        self.init()
        for string in strings { append(string) }
    }

    /// Number of values.
    package var count: Int { offsets.count - 1 }

    /// Byte length of value `i`.
    package func length(_ i: Int) -> Int { offsets[i + 1] - offsets[i] }

    /// Appends one value.
    package mutating func append(_ bytes: some Collection<UInt8>) {
        data.append(contentsOf: bytes)
        offsets.append(data.count)
    }

    /// Appends one value from raw memory (non-generic: the hot path of decoders in other modules, where a
    /// generic call would not be specialised).
    package mutating func append(bytes: UnsafeRawBufferPointer) {
        data.append(contentsOf: bytes)
        offsets.append(data.count)
    }

    /// Appends the UTF-8 bytes of `string`.
    package mutating func append(_ string: String) {
        var string = string
        string.withUTF8 { data.append(contentsOf: $0) }
        offsets.append(data.count)
    }

    /// Reserves room for `values` values of `bytes` total bytes.
    package mutating func reserve(values: Int, bytes: Int) {
        offsets.reserveCapacity(offsets.count + values)
        data.reserveCapacity(data.count + bytes)
    }

    /// The bytes of value `i`.
    package subscript(i: Int) -> ArraySlice<UInt8> { data[offsets[i]..<offsets[i + 1]] }

    /// Value `i` decoded as UTF-8 (invalid sequences are repaired).
    package func string(at i: Int) -> String {
        data.withUnsafeBufferPointer { buffer in
            String(decoding: UnsafeBufferPointer(rebasing: buffer[offsets[i]..<offsets[i + 1]]), as: UTF8.self)
        }
    }

    /// Appends values `range` of `other`.
    mutating func append(contentsOf other: ParquetByteArrayColumn, range: Range<Int>) {
        guard !range.isEmpty else { return }
        let start = other.offsets[range.lowerBound]
        let end = other.offsets[range.upperBound]
        let shift = data.count - start
        data.append(contentsOf: other.data[start..<end])
        offsets.reserveCapacity(offsets.count + range.count)
        for i in (range.lowerBound + 1)...range.upperBound { offsets.append(other.offsets[i] + shift) }
    }
}
