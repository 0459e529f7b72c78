import Foundation

/// A parsed service endpoint (`https://host[:port][/base]`), as given by `S3_ENDPOINT_URL` and friends.
package struct AWSEndpoint: Sendable, Hashable {
    /// `http` or `https`.
    package var scheme: String
    /// Host name or address (IPv6 without brackets).
    package var hostname: String
    package var port: Int?
    /// A base path, without a trailing `/` (usually empty).
    package var basePath: String

    package init(scheme: String, hostname: String, port: Int? = nil, basePath: String = "") {
        self.scheme = scheme
        self.hostname = hostname
        self.port = port
        self.basePath = basePath
    }

    /// Parses an endpoint URL.
    ///
    /// - Throws: ``AWSError`` with code `invalidConfiguration`.
    package init(url: String) throws {
        guard let components = URLComponents(string: url), let scheme = components.scheme?.lowercased(),
            scheme == "http" || scheme == "https", let host = components.host, !host.isEmpty
        else { throw AWSError(.invalidConfiguration, "endpoint '\(url.prefix(200))' is not an http(s) URL") }
        var base = components.percentEncodedPath
        while base.hasSuffix("/") { base.removeLast() }
        self.init(scheme: scheme, hostname: host, port: components.port, basePath: base)
    }

    /// The `Host` header value: the port only when it is not the scheme's default.
    package var hostHeader: String { host(prefix: nil) }

    /// The `Host` header value with a virtual-host prefix (`bucket.` + host).
    package func host(prefix: String?) -> String {
        let name = hostname.contains(":") ? "[\(hostname)]" : hostname
        let full = prefix.map { "\($0).\(name)" } ?? name
        guard let port, !(scheme == "https" && port == 443), !(scheme == "http" && port == 80) else { return full }
        return "\(full):\(port)"
    }
}
