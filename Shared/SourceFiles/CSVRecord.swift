/// One CSV record as read, with where it started and anything wrong with its syntax.
package struct CSVRecord: Sendable, Hashable {
    /// Something wrong with a record's CSV syntax or encoding.
    package struct Problem: Sendable, Hashable {
        /// 0-based index of the field concerned, when there is one.
        package var fieldIndex: Int?
        /// What is wrong (never the value).
        package var reason: String

        /// Creates a problem.
        package init(fieldIndex: Int?, reason: String) {
            self.fieldIndex = fieldIndex
            self.reason = reason
        }
    }

    /// 1-based line number where the record starts (quoted newlines make records span lines).
    package var line: Int
    /// The decoded fields (invalid UTF-8 decoded with replacement characters; see ``problem``).
    package var fields: [String]
    /// The record's bytes as text, without its line terminator.
    package var rawLine: String
    /// The first syntax or encoding problem, or nil for a well-formed record.
    package var problem: Problem?
}
