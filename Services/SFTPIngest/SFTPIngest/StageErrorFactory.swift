import PipelineRuntime
import SFTP
import SourceFiles

/// Builds the ``StageError``s sftp-ingest reports, so every failure carries a stable code.
enum StageErrorFactory {
    static func configuration(_ message: String) -> StageError {
        StageError.configuration(message)
    }

    /// An SSH/SFTP failure: the SSH code is kept (`sftp_host_key_mismatch`, `sftp_authentication_failed`, …).
    static func source(_ error: SSHError) -> StageError {
        if error.code == .configuration { return StageError.configuration(error.message, code: error.code.rawValue) }
        return StageError(error.code.rawValue, error.message, detail: error.libsshMessage)
    }

    /// A fatal source-file problem (not CSV, wrong header, empty file).
    static func file(_ error: SourceFileError, name: String) -> StageError {
        let named = error.naming(file: name)
        let line = named.line.map { ", line \($0)" } ?? ""
        let column = named.column.map { ", column \($0)" } ?? ""
        return StageError(named.code.rawValue, "\(named.message) (file \(name)\(line)\(column))")
    }
}
