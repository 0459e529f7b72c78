@testable import Parquet

/// The canonical text form used by the `.expected.json` files (see testdata README, "Canonical value
/// encodings"), computed both from our decoded values and from expected JSON values, so they compare as strings.
enum CanonicalValue {
    static func ofOurs(_ value: ParquetValue, _ type: ParquetLogicalType) -> String {
        switch value {
        case .null: return "null"
        case .bool(let flag): return flag ? "true" : "false"
        case .int32(let number): return String(number)
        case .int64(let number): return String(number)
        case .date(let days): return String(days)
        case .timestamp(let ticks): return String(ticks)
        case .float(let number): return floating(Double(number))
        case .double(let number): return floating(number)
        case .string(let text): return "s:" + text
        case .bytes(let bytes): return "s:" + hex(bytes)
        case .decimal(let unscaled):
            if case .decimal(_, let scale) = type { return "s:" + decimalString(unscaled, scale: scale) }
            return String(unscaled)
        }
    }

    static func ofExpected(_ json: ExpectedJSON, encoding: String) -> String {
        switch json {
        case .null: return "null"
        case .bool(let flag): return flag ? "true" : "false"
        case .string(let text):
            if encoding == "float" {
                switch text {
                case "NaN": return floating(.nan)
                case "Infinity": return floating(.infinity)
                case "-Infinity": return floating(-.infinity)
                default: return "s:" + text
                }
            }
            return "s:" + text
        case .number(let text):
            if encoding == "float" { return floating(Double(text) ?? .nan) }
            if let number = Int64(text) { return String(number) }
            return text
        default:
            return "unexpected JSON"
        }
    }

    static func floating(_ value: Double) -> String {
        value.isNaN ? "NaN" : value.description
    }

    static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef")
        var text = ""
        for byte in bytes {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0xF)])
        }
        return text
    }

    static func decimalString(_ unscaled: Int128, scale: Int) -> String {
        let negative = unscaled < 0
        var magnitude = String(unscaled.magnitude)
        if scale > 0 {
            while magnitude.count <= scale { magnitude = "0" + magnitude }
            magnitude.insert(".", at: magnitude.index(magnitude.endIndex, offsetBy: -scale))
        }
        return (negative ? "-" : "") + magnitude
    }

    /// The value_encoding our logical type should correspond to.
    static func encoding(of type: ParquetLogicalType, physical: String) -> String {
        switch type {
        case .boolean: return "bool"
        case .int32, .int64: return "int"
        case .float, .double: return "float"
        case .string: return "utf8"
        case .binary: return "hex"
        case .date: return "date_days"
        case .decimal: return "decimal_string"
        case .timestamp(let unit, _):
            if physical == "INT96" { return "int96_timestamp_micros" }
            switch unit {
            case .milliseconds: return "timestamp_millis"
            case .microseconds: return "timestamp_micros"
            case .nanoseconds: return "timestamp_nanos"
            }
        }
    }
}
