import Foundation

/// Locates the package root and the executables `swift build` produced, for tests that run them.
package enum BuiltProducts {
    /// The repository root (the folder holding Package.swift), found from this source file's path.
    package static var packageRoot: String {
        var url = URL(fileURLWithPath: #filePath)
        while url.path != "/" {
            url.deleteLastPathComponent()
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) { return url.path }
        }
        return FileManager.default.currentDirectoryPath
    }

    /// `<repo>/../shared`, where CI and developers keep the shared design, spec and test data.
    package static var sharedFolder: String { packageRoot + "/../shared" }

    /// The build folder of the running test bundle (same configuration and scratch path).
    package static var productsFolder: String {
        let bundle = Bundle.main.bundleURL
        // The test runner lives in <products>/<name>.xctest or directly in <products>.
        var folder = bundle
        if folder.pathExtension == "xctest" { folder.deleteLastPathComponent() }
        return folder.path
    }

    /// Path of a built executable, e.g. `postgres-ingest`; throws when it was not built.
    package static func executable(_ name: String) throws -> String {
        for folder in [productsFolder, packageRoot + "/.build/debug", packageRoot + "/.build/release"] {
            let path = folder + "/" + name
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        throw NotBuilt(name: name)
    }

    package struct NotBuilt: Error, CustomStringConvertible {
        package let name: String
        package var description: String { "executable '\(name)' is not built; run `swift build` first" }
    }
}
