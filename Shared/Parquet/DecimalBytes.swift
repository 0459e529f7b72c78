/// Big-endian two's complement byte strings ↔ `Int128` (FLBA and BYTE_ARRAY decimals).
enum DecimalBytes {
    /// Sign-extends `bytes` (at most 16 significant bytes) into an `Int128`; longer inputs keep the low 16 bytes.
    static func int128(_ bytes: some Collection<UInt8>) -> Int128 {
        guard let first = bytes.first else { return 0 }
        var value: Int128 = first & 0x80 != 0 ? -1 : 0
        for byte in bytes {
            value = (value << 8) | Int128(byte)
        }
        return value
    }

    /// The low `width` bytes of `value`, big-endian.
    static func bigEndian(_ value: Int128, width: Int) -> [UInt8] {
        var result = [UInt8](repeating: 0, count: width)
        var remaining = value
        for i in stride(from: width - 1, through: 0, by: -1) {
            result[i] = UInt8(truncatingIfNeeded: remaining)
            remaining >>= 8
        }
        return result
    }

    /// `true` when `value` has at most `precision` decimal digits.
    static func fits(_ value: Int128, precision: Int) -> Bool {
        var limit: Int128 = 1
        for _ in 0..<precision { limit *= 10 }
        return value > -limit && value < limit
    }
}
