/// The fields of a ``CSVReader``'s current record as bytes in its buffers (valid until it advances).
struct CSVFieldTable {
    let base: UnsafeMutablePointer<UInt8>
    /// Start and end offset of each field, two entries per field.
    let bounds: UnsafeMutablePointer<Int>
    let count: Int
    /// False when no field holds a NUL byte.
    let mayHoldNUL: Bool

    /// The bytes of field `index`.
    @inline(__always)
    subscript(index: Int) -> UnsafeBufferPointer<UInt8> {
        let from = bounds[2 &* index]
        return UnsafeBufferPointer(start: base + from, count: bounds[2 &* index &+ 1] &- from)
    }
}
