import Foundation

/// Answers one Redshift Lambda-UDF batch (REFERENCE §3.5) for `f_hmac_nhs_number(varchar)`.
///
/// Request: a JSON object whose `arguments` is a list of rows, each a one-element list holding the NHS
/// number (string) or null; other fields Redshift sends (`request_id`, `cluster`, `user`, `database`,
/// `external_function`, `query_id`, `num_records`) are ignored.
///
/// Response: `{"success": true, "num_records": n, "results": [...]}`, results in argument order. Each result
/// is the `patient_sk` of the normalised NHS number (spaces and hyphens removed, exactly 10 digits,
/// Mod-11 valid), or null when the input is null **or invalid** — an invalid NHS number never fails the
/// query and never gets a pseudonym. A malformed batch answers `{"success": false, "error_msg": "…"}`
/// whose message is one of a few fixed texts: never an input value, never a stack trace.
package struct UDFBatchHandler: Sendable {
    /// A batch-level failure with a fixed, value-free message.
    package struct BatchError: Error, Sendable, Equatable {
        package var message: String
    }

    private let pseudonymiser: PatientPseudonymiser
    package let maxRecords: Int

    package init(pseudonymiser: PatientPseudonymiser, maxRecords: Int = 100_000) {
        self.pseudonymiser = pseudonymiser
        self.maxRecords = maxRecords
    }

    /// The results for a request body, or the reason the batch failed.
    package func results(for body: [UInt8]) -> Result<[String?], BatchError> {
        guard let object = try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any] else {
            return .failure(BatchError(message: "request body is not a JSON object"))
        }
        guard let arguments = object["arguments"] as? [Any] else {
            return .failure(BatchError(message: "request has no arguments list"))
        }
        guard arguments.count <= maxRecords else {
            return .failure(BatchError(message: "batch has more than \(maxRecords) records"))
        }
        var results: [String?] = []
        results.reserveCapacity(arguments.count)
        for row in arguments {
            guard let row = row as? [Any], row.count == 1 else {
                return .failure(BatchError(message: "every argument row must be a list of exactly one value"))
            }
            switch row[0] {
            case is NSNull:
                results.append(nil)
            case let text as String:
                results.append(try? pseudonymiser.patientSK(raw: text).get())
            default:
                return .failure(BatchError(message: "arguments must be strings or null"))
            }
        }
        return .success(results)
    }

    /// The JSON response object for a request body.
    package func respond(to body: [UInt8]) -> [UInt8] {
        switch results(for: body) {
        case .success(let results): return Self.successBody(results)
        case .failure(let error): return Self.failureBody(error.message)
        }
    }

    /// `{"success": true, "num_records": n, "results": [...]}`.
    package static func successBody(_ results: [String?]) -> [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity(48 + results.count * 67)
        out.append(contentsOf: #"{"success":true,"num_records":"#.utf8)
        out.append(contentsOf: String(results.count).utf8)
        out.append(contentsOf: #","results":["#.utf8)
        for (index, result) in results.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            if let result {
                // Pseudonyms are lower-case hex: nothing to escape.
                out.append(UInt8(ascii: "\""))
                out.append(contentsOf: result.utf8)
                out.append(UInt8(ascii: "\""))
            } else {
                out.append(contentsOf: "null".utf8)
            }
        }
        out.append(contentsOf: "]}".utf8)
        return out
    }

    /// `{"success": false, "error_msg": "…"}`.
    package static func failureBody(_ message: String) -> [UInt8] {
        let object: [String: Any] = ["success": false, "error_msg": message]
        return (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])).map(Array.init)
            ?? Array(#"{"success":false,"error_msg":"internal error"}"#.utf8)
    }

    /// A Lambda invocation result in the reference's form: the response object as a JSON-encoded string
    /// (what a Python handler returning `json.dumps(...)` produces).
    package static func lambdaPayload(_ response: [UInt8]) -> [UInt8] {
        let text = String(decoding: response, as: UTF8.self)
        return (try? JSONSerialization.data(withJSONObject: text, options: [.fragmentsAllowed, .withoutEscapingSlashes])).map(Array.init)
            ?? Array(#""{\"success\":false,\"error_msg\":\"internal error\"}""#.utf8)
    }
}
