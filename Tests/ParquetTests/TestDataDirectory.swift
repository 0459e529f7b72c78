import Foundation

/// Paths of the shared Parquet test corpus: `<repo>/../shared/testdata`, found from this file's location.
enum TestDataDirectory {
    static var root: URL {
        URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent()  // ParquetTests
            .deletingLastPathComponent()  // Tests
            .deletingLastPathComponent()  // repo root
            .deletingLastPathComponent()
            .appendingPathComponent("shared/testdata")
    }

    /// Every `.parquet` file with an `.expected.json` beside it, in both corpus folders.
    static func parquetFiles() throws -> [URL] {
        var files: [URL] = []
        for folder in ["parquet-testing", "pyarrow-generated"] {
            let directory = root.appendingPathComponent(folder)
            let names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
            for name in names.sorted() where name.hasSuffix(".parquet") {
                files.append(directory.appendingPathComponent(name))
            }
        }
        return files
    }

    /// Paths of `parquetFiles()`, or none when the corpus is missing (a separate test fails then).
    static var parquetFilePaths: [String] {
        ((try? parquetFiles()) ?? []).map(\.path)
    }

    /// A fresh temporary directory for one test.
    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("parquet-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
