import Foundation

/// Where the SQL models, the shared functions and the seeds are read from.
///
/// By default the files shipped in this module's resources (`Bundle.module`); `TRANSFORM_MODELS_DIR` points at
/// a folder with the same layout (`models/{silver,gold}/*.sql`, `models/functions.sql`, `models/silver/sources.json`,
/// `seeds/*.csv`), so a container can ship models beside the binary.
package struct ModelCatalog: Sendable {
    /// The folder holding `models/` and `seeds/`.
    package let root: String

    /// The catalog in `directory`, or the bundled one when `directory` is nil.
    package init(directory: String? = nil) throws {
        if let directory {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: directory + "/models", isDirectory: &isDirectory), isDirectory.boolValue else {
                throw TransformError(.invalidModel, "TRANSFORM_MODELS_DIR has no models/ folder")
            }
            root = directory
        } else {
            guard let url = Bundle.module.url(forResource: "Resources", withExtension: nil) else {
                throw TransformError(.invalidModel, "the bundled models are missing")
            }
            root = url.path
        }
    }

    /// Every model of `layer`, sorted by name.
    package func models(layer: TransformLayer) throws -> [SQLModel] {
        let folder = root + "/models/" + layer.rawValue
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter { $0.hasSuffix(".sql") }.sorted()
        return try names.map { file in
            let text = try String(contentsOfFile: folder + "/" + file, encoding: .utf8)
            return try SQLModelParser.parse(name: String(file.dropLast(4)), text: text)
        }
    }

    /// SQL run once in every run schema before the models (helper functions).
    package func functions() throws -> String {
        let path = root + "/models/functions.sql"
        guard FileManager.default.fileExists(atPath: path) else { return "" }
        return try String(contentsOfFile: path, encoding: .utf8)
    }

    /// Declared input columns per source (`models/<layer>/sources.json`): used to create an input that has no
    /// file in this run, and to add declared columns a file lacks (as NULL text).
    package func declaredSources(layer: TransformLayer) throws -> [String: [String]] {
        let path = root + "/models/\(layer.rawValue)/sources.json"
        guard let data = FileManager.default.contents(atPath: path) else { return [:] }
        do {
            return try JSONDecoder().decode([String: [String]].self, from: data)
        } catch {
            throw TransformError(.invalidModel, "models/\(layer.rawValue)/sources.json is not a JSON object of column lists")
        }
    }

    /// Seed tables: name (file name without `.csv`, e.g. `seed_imd`) → CSV text with a header row.
    package func seeds() throws -> [(name: String, csv: String)] {
        let folder = root + "/seeds"
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter { $0.hasSuffix(".csv") }.sorted()
        return try names.map { file in
            (String(file.dropLast(4)), try String(contentsOfFile: folder + "/" + file, encoding: .utf8))
        }
    }
}
