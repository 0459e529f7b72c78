import Foundation

/// A stage's JSON-lines log (ARCHITECTURE §8), parsed so tests can ask which events and error codes it reported.
struct StageLog {
    /// Every line that parsed as a JSON object, values as text.
    let events: [[String: String]]
    /// Lines that were not JSON objects (every stage line must be one).
    let malformedLines: Int

    init(_ text: String) {
        var events: [[String: String]] = []
        var malformed = 0
        for line in text.split(separator: "\n", omittingEmptySubsequences: true) {
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else {
                malformed += 1
                continue
            }
            events.append(object.mapValues { "\($0)" })
        }
        self.events = events
        self.malformedLines = malformed
    }

    init(lines: [String]) { self.init(lines.joined(separator: "\n")) }

    /// True when some line has `event` (and, if given, `error.code`).
    func contains(event: String, code: String? = nil) -> Bool {
        events.contains { $0["event"] == event && (code == nil || $0["error.code"] == code) }
    }

    /// The `error.code` of every line that has one, in order.
    var errorCodes: [String] { events.compactMap { $0["error.code"] } }
}
