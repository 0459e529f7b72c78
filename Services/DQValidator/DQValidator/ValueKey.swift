/// A 128-bit fingerprint of one value or one combination of values, for uniqueness and key lookups.
///
/// Two independently salted 64-bit hashes keep memory at 16 bytes per distinct value; the chance that two
/// different keys of a 10-million-row table collide is below 10⁻²⁴.
struct ValueKey: Hashable {
    var high: UInt64
    var low: UInt64

    init(_ columns: [ColumnVector], row: Int) {
        var first = Hasher()
        var second = Hasher()
        first.combine(0x5EED_0001 as UInt64)
        second.combine(0xC0FF_EE02 as UInt64)
        for column in columns {
            column.hash(row, into: &first)
            column.hash(row, into: &second)
        }
        high = UInt64(bitPattern: Int64(first.finalize()))
        low = UInt64(bitPattern: Int64(second.finalize()))
    }
}
