import Foundation
import Logging

/// Credentials from the shared credentials file (`AWS_SHARED_CREDENTIALS_FILE`, default `~/.aws/credentials`),
/// profile `AWS_PROFILE` (default `default`).
///
/// Not configured (nil) when the file does not exist. Fails when `AWS_PROFILE` names a profile the file lacks.
package struct SharedCredentialsFileSource: AWSCredentialSource {
    package let environment: [String: String]
    package var name: String { "shared-credentials-file" }

    package init(environment: [String: String]) { self.environment = environment }

    /// The file this source reads.
    package var path: String? {
        if let path = environment["AWS_SHARED_CREDENTIALS_FILE"], !path.isEmpty {
            return (path as NSString).expandingTildeInPath
        }
        guard let home = environment["HOME"], !home.isEmpty else { return nil }
        return home + "/.aws/credentials"
    }

    package func loadCredentials(logger: Logger) async throws -> AWSCredentials? {
        guard let path, FileManager.default.fileExists(atPath: path) else { return nil }
        let explicitProfile = environment["AWS_PROFILE"].flatMap { $0.isEmpty ? nil : $0 }
        let profile = explicitProfile ?? "default"
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw AWSError(.credentialsUnavailable, "cannot read shared credentials file '\(path)'", underlying: error)
        }
        guard let values = Self.parse(text)[profile] else {
            if explicitProfile != nil {
                throw AWSError(.credentialsUnavailable, "profile '\(profile)' not found in '\(path)'")
            }
            return nil
        }
        guard let keyID = values["aws_access_key_id"], let secret = values["aws_secret_access_key"],
            !keyID.isEmpty, !secret.isEmpty
        else {
            throw AWSError(
                .credentialsUnavailable, "profile '\(profile)' in '\(path)' lacks aws_access_key_id/aws_secret_access_key")
        }
        return AWSCredentials(accessKeyID: keyID, secretAccessKey: secret, sessionToken: values["aws_session_token"])
    }

    /// Sections of an INI file: `[name]` followed by `key = value` lines; `#`/`;` start comments.
    static func parse(_ text: String) -> [String: [String: String]] {
        var sections: [String: [String: String]] = [:]
        var current: String?
        for rawLine in text.split(whereSeparator: \.isNewline) {
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") || line.hasPrefix(";") { continue }
            if line.hasPrefix("["), line.hasSuffix("]") {
                var name = line.dropFirst().dropLast().trimmingCharacters(in: .whitespaces)
                if name.hasPrefix("profile ") { name = String(name.dropFirst(8)).trimmingCharacters(in: .whitespaces) }
                current = name
                sections[name, default: [:]] = sections[name] ?? [:]
            } else if let current, let equals = line.firstIndex(of: "=") {
                let key = line[..<equals].trimmingCharacters(in: .whitespaces).lowercased()
                let value = line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces)
                sections[current]?[key] = value
            }
        }
        return sections
    }
}
