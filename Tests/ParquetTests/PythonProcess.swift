import Foundation
import PipelineTesting

/// Runs `python3 -c script args…` and returns stdout. A missing interpreter or module fails the test (CI installs
/// python3, pyarrow and duckdb), it never skips.
enum PythonProcess {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    static func run(_ script: String, arguments: [String]) throws -> [UInt8] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script + ProcessRunner.pythonEpilogue] + arguments
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        do {
            try process.run()
        } catch {
            throw Failure(description: "cannot start python3: \(error)")
        }
        // Drain both pipes concurrently with the process to avoid a full-pipe deadlock.
        let errorData = ErrorCollector()
        let errorThread = Thread { errorData.data = errors.fileHandleForReading.readDataToEndOfFile() }
        errorThread.start()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        while !errorData.isSet { usleep(1000) }
        guard process.terminationStatus == 0 else {
            let message = String(decoding: errorData.data ?? Data(), as: UTF8.self)
            throw Failure(description: "python3 exited with \(process.terminationStatus): \(message.suffix(2000))")
        }
        return Array(data)
    }
}

/// Holds the stderr bytes read on a helper thread; set once, read after `isSet`.
private final class ErrorCollector: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: Data?
    var data: Data? {
        get { lock.withLock { stored } }
        set { lock.withLock { stored = newValue } }
    }
    var isSet: Bool { data != nil }
}
