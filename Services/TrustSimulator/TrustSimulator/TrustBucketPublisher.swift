import Logging
import ObjectStore
import PipelineContracts

/// Writes the Trust's S3 exports: the daily diagnostics export and the reference files.
package struct TrustBucketPublisher: Sendable {
    package let store: any ObjectStore

    package init(store: any ObjectStore) { self.store = store }

    package init(url: String, environment: [String: String], logger: Logger) throws {
        do {
            store = try ObjectStoreFactory.make(url: url, environment: environment, kmsKeyVariable: "TRUST_BUCKET_KMS_KEY_ID", logger: logger)
        } catch {
            throw TrustSimulatorError(.configuration, "TRUST_BUCKET_URL: \(error)")
        }
    }

    /// True when the diagnostics export for `date` exists.
    package func hasDiagnostics(_ date: BusinessDate) async throws -> Bool {
        try await store.head(key: SourceFileNames.diagnosticsKey(date)) != nil
    }

    /// Puts the diagnostics export for `date` unless it exists. Returns whether it was written.
    @discardableResult
    package func publishDiagnostics(localPath: String, date: BusinessDate) async throws -> Bool {
        let key = SourceFileNames.diagnosticsKey(date)
        if try await store.head(key: key) != nil { return false }
        _ = try await store.put(key: key, body: .file(path: localPath), options: PutOptions(contentType: "text/csv"))
        return true
    }

    /// Puts the reference files under `reference/export_date=<date>/` (those not already present).
    package func publishReference(_ exports: ReferenceExports, date: BusinessDate) async throws -> [String] {
        var written: [String] = []
        for file in exports.files {
            let key = SourceFileNames.referencePrefix(date) + file.name
            if try await store.head(key: key) != nil { continue }
            let type = file.name.hasSuffix(".xlsx") ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" : "text/csv"
            _ = try await store.put(key: key, bytes: file.bytes, options: PutOptions(contentType: type))
            written.append(key)
        }
        return written
    }
}
