import Parquet
import Testing

/// One hostile appointment file and what sftp-ingest must do with it.
struct HostileCSVCase: Sendable, CustomTestStringConvertible {
    /// A row that must land in Bronze rejects: where, which column, and a fragment of the reason.
    struct Reject: Sendable {
        var line: Int
        var column: String?
        var reason: String
        /// A fragment the reject's raw line must keep (the data is not lost).
        var rawContains: String?

        init(line: Int, column: String?, reason: String, rawContains: String? = nil) {
            self.line = line
            self.column = column
            self.reason = reason
            self.rawContains = rawContains
        }
    }

    /// A value that must reach typed Bronze unchanged, found by appointment id (first row with that id).
    struct Value: Sendable {
        var id: Int64
        var column: String
        var value: ParquetValue

        init(id: Int64, column: String, _ value: ParquetValue) {
            self.id = id
            self.column = column
            self.value = value
        }
    }

    enum Expected: Sendable {
        /// The file is taken: `written` typed rows, exactly these rejects, these values unchanged.
        case taken(written: Int, rejects: [Reject], values: [Value] = [])
        /// The run fails with one of `codes`, the message names the file (and these fragments), nothing is committed.
        case refused(codes: Set<String>, messageContains: [String] = [])
        /// Either the row is quarantined as in `Reject`, or the file is refused with one of `codes`.
        case quarantinedOrRefused(Reject, codes: Set<String>)
    }

    var name: String
    var bytes: [UInt8]
    var expected: Expected

    init(_ name: String, _ bytes: [UInt8], _ expected: Expected) {
        self.name = name
        self.bytes = bytes
        self.expected = expected
    }

    var testDescription: String { name }
}
