import Logging
import PipelineRuntime

/// Builds the production JSON-lines handler with a custom sink.
enum JSONLinesLogHandlerFactory {
    static func make(label: String, stage: String, sink: @escaping @Sendable (String) -> Void) -> JSONLinesLogHandler {
        JSONLinesLogHandler(label: label, stage: stage, sink: sink)
    }
}
