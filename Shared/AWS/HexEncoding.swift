import Crypto
import Foundation

extension Sequence where Element == UInt8 {
    /// Lower-case hex of the bytes.
    package var hexEncoded: String {
        let digits: [UInt8] = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        for byte in self {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}

extension Digest {
    /// Lower-case hex of the digest.
    package var hexEncoded: String { Array(self).hexEncoded }
}
