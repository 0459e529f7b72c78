import Logging
import PipelineRuntime

/// `pseudonymiser serve`: the UDF endpoint as an HTTP server, or as a Lambda custom runtime when
/// `AWS_LAMBDA_RUNTIME_API` is set. Stops gracefully on SIGTERM/SIGINT (stops accepting, exits 0).
package enum UDFService {
    /// Runs until a termination signal; returns the process exit status (2 for configuration errors).
    package static func run(settings: Settings, logger: Logger) async -> ExitStatus {
        let configuration: PseudonymiserConfiguration
        do {
            configuration = try await PseudonymiserConfiguration(
                settings: settings, secretStore: nil)
        } catch {
            let stageError = StageRunner.classify(error)
            logger.error(
                "configuration error: \(stageError.message)",
                metadata: ["event": "configuration_error", "error.code": "\(stageError.code)"])
            if let api = settings.string("AWS_LAMBDA_RUNTIME_API") {
                try? await LambdaRuntimeLoop.reportInitError(runtimeAPI: api, message: stageError.message)
            }
            return .usage
        }
        let handler = UDFBatchHandler(
            pseudonymiser: PatientPseudonymiser(key: configuration.key), maxRecords: configuration.maxRecords)
        do {
            try await untilTerminated(logger: logger) {
                if let api = configuration.lambdaRuntimeAPI {
                    logger.info("running as a Lambda custom runtime", metadata: ["event": "lambda_runtime_started"])
                    try await LambdaRuntimeLoop(
                        runtimeAPI: api, handler: handler, maxRequestBytes: configuration.maxRequestBytes, logger: logger
                    ).run()
                } else {
                    try await UDFHTTPServer(
                        handler: handler, host: configuration.bindAddress, port: configuration.port,
                        maxRequestBytes: configuration.maxRequestBytes, logger: logger
                    ).run()
                }
            }
            return .success
        } catch {
            logger.error("UDF endpoint failed: \(error)", metadata: ["event": "server_failed"])
            return .failed
        }
    }

    /// Runs `body` until it returns or a SIGTERM/SIGINT arrives (then `body` is cancelled).
    package static func untilTerminated(logger: Logger, _ body: @escaping @Sendable () async throws -> Void) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await body() }
            group.addTask {
                if let name = await TerminationSignal.wait() {
                    logger.info("received \(name); shutting down", metadata: ["event": "shutdown_requested"])
                }
            }
            try await group.next()
            group.cancelAll()
            try await group.waitForAll()
        }
    }
}
