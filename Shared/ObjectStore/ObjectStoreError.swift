/// A failure of an object-store operation, with the key it concerns.
///
/// Messages never contain object contents or credentials.
package struct ObjectStoreError: Error, CustomStringConvertible {
    package struct Code: Hashable, Sendable, CustomStringConvertible {
        package let name: String
        package static let notFound = Code(name: "not_found")
        package static let alreadyExists = Code(name: "already_exists")
        package static let invalidKey = Code(name: "invalid_key")
        package static let accessDenied = Code(name: "access_denied")
        package static let io = Code(name: "io_error")
        package static let noSpace = Code(name: "no_space")
        package static let readOnly = Code(name: "read_only")
        package static let unavailable = Code(name: "unavailable")
        package static let invalidConfiguration = Code(name: "invalid_configuration")
        package var description: String { name }
    }

    package var code: Code
    package var message: String
    package var key: String?
    package var underlying: (any Error)?

    package init(_ code: Code, _ message: String, key: String? = nil, underlying: (any Error)? = nil) {
        self.code = code
        self.message = message
        self.key = key
        self.underlying = underlying
    }

    package var description: String {
        var text = "\(code): \(message)"
        if let key { text += " (key '\(key)')" }
        if let underlying { text += ": \(underlying)" }
        return text
    }
}
