import PipelineContracts

/// The drop's file-name pattern: a name containing `{YYYYMMDD}` (default `{YYYYMMDD}_appointments.csv`).
package struct AppointmentFileName: Sendable, Hashable {
    /// The pattern text.
    package let pattern: String
    private let prefix: String
    private let suffix: String

    /// The placeholder replaced by the business date.
    package static let placeholder = "{YYYYMMDD}"

    /// - Throws: ``StageError`` (configuration) unless the pattern holds the placeholder exactly once and no `/`.
    package init(pattern: String = "{YYYYMMDD}_appointments.csv") throws {
        let pieces = pattern.components(separatedBy: AppointmentFileName.placeholder)
        guard pieces.count == 2, !pattern.contains("/") else {
            throw StageErrorFactory.configuration(
                "SFTP_FILE_PATTERN must contain {YYYYMMDD} exactly once and no '/' (e.g. {YYYYMMDD}_appointments.csv)")
        }
        self.pattern = pattern
        self.prefix = pieces[0]
        self.suffix = pieces[1]
    }

    /// The file name for `date`.
    package func name(for date: BusinessDate) -> String { prefix + date.compact + suffix }

    /// The business date a file name stands for, or nil when it does not follow the pattern.
    package func date(of name: String) -> BusinessDate? {
        guard name.count == prefix.count + 8 + suffix.count, name.hasPrefix(prefix), name.hasSuffix(suffix) else {
            return nil
        }
        let digits = name.dropFirst(prefix.count).prefix(8)
        return try? BusinessDate(compact: String(digits))
    }
}
