import Foundation
import Logging

/// JSON-lines logging on stderr (ARCHITECTURE §8): one object per line with `ts`, `level`, `stage`,
/// `run_id`, `business_date`, `event`, `message` and the logger's metadata.
package enum PipelineLogging {
    /// Bootstraps swift-log once per process. Only executables call this.
    package static func bootstrap(stage: String, level: Logger.Level) {
        LoggingSystem.bootstrap { label in
            var handler = JSONLinesLogHandler(label: label, stage: stage)
            handler.logLevel = level
            return handler
        }
    }

    /// Parses `LOG_LEVEL` (`trace`, `debug`, `info`, `notice`, `warning`, `error`, `critical`).
    package static func level(_ text: String?) throws -> Logger.Level {
        guard let text else { return .info }
        guard let level = Logger.Level(rawValue: text.lowercased()) else {
            throw StageError.configuration("LOG_LEVEL must be one of trace, debug, info, notice, warning, error, critical")
        }
        return level
    }
}

/// A `LogHandler` writing one JSON object per line to stderr (stdout stays free for command output).
package struct JSONLinesLogHandler: LogHandler {
    package var metadata: Logger.Metadata = [:]
    package var logLevel: Logger.Level = .info
    private let label: String
    private let stage: String
    private let sink: @Sendable (String) -> Void

    package init(label: String, stage: String, sink: @escaping @Sendable (String) -> Void = JSONLinesLogHandler.standardError) {
        self.label = label
        self.stage = stage
        self.sink = sink
    }

    package subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    package func log(event: LogEvent) {
        var object: [String: Any] = [
            "ts": ContractJSONTime.now(), "level": event.level.rawValue, "stage": stage, "message": "\(event.message)",
        ]
        if label != stage { object["logger"] = label }
        for (key, value) in metadata.merging(event.metadata ?? [:], uniquingKeysWith: { _, new in new }) {
            object[key] = JSONLinesLogHandler.plain(value)
        }
        guard let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes]) else { return }
        sink(String(decoding: data, as: UTF8.self))
    }

    package static let standardError: @Sendable (String) -> Void = { line in
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }

    private static func plain(_ value: Logger.Metadata.Value) -> Any {
        switch value {
        case .string(let text): return text
        case .stringConvertible(let convertible):
            if let number = convertible as? Int { return number }
            if let number = convertible as? Double { return number }
            if let flag = convertible as? Bool { return flag }
            return convertible.description
        case .array(let values): return values.map(plain)
        case .dictionary(let values): return values.mapValues(plain)
        }
    }
}

/// Timestamps for log lines.
enum ContractJSONTime {
    static func now() -> String { Date().formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true)) }
}
