import Foundation

/// Runs a program to completion, capturing its output (for tests of the built executables and of peers
/// such as python3/pyarrow, psql, sftp).
package enum ProcessRunner {
    package struct Result: Sendable {
        package var status: Int32
        package var standardOutput: String
        package var standardError: String
    }

    /// Appended to every `python3 -c` script: once the script has run to its end, flush and leave without
    /// interpreter teardown. pyarrow 26's thread pool can abort the process during teardown ("terminate called
    /// without an active exception", exit 134) after a script has done all its work; a script that raises still
    /// exits 1 with its traceback.
    package static let pythonEpilogue = "\nimport os as _os, sys as _sys\n_sys.stdout.flush()\n_sys.stderr.flush()\n_os._exit(0)\n"

    /// Runs `executable` (a path, or a name looked up on PATH) with a hard timeout.
    package static func run(
        _ executable: String, _ arguments: [String] = [], environment: [String: String]? = nil, input: String? = nil,
        currentDirectory: String? = nil, timeout: TimeInterval = 300
    ) throws -> Result {
        var arguments = arguments
        if executable == "python3", arguments.count >= 2, arguments[0] == "-c" { arguments[1] += pythonEpilogue }
        let process = Process()
        if executable.contains("/") {
            process.executableURL = URL(fileURLWithPath: executable)
            process.arguments = arguments
        } else {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = [executable] + arguments
        }
        if let environment { process.environment = environment }
        if let currentDirectory { process.currentDirectoryURL = URL(fileURLWithPath: currentDirectory) }
        let outputFile = FileManager.default.temporaryDirectory.appendingPathComponent("out-\(UUID().uuidString)")
        let errorFile = FileManager.default.temporaryDirectory.appendingPathComponent("err-\(UUID().uuidString)")
        _ = FileManager.default.createFile(atPath: outputFile.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errorFile.path, contents: nil)
        defer {
            try? FileManager.default.removeItem(at: outputFile)
            try? FileManager.default.removeItem(at: errorFile)
        }
        process.standardOutput = try FileHandle(forWritingTo: outputFile)
        process.standardError = try FileHandle(forWritingTo: errorFile)
        let inputPipe = Pipe()
        process.standardInput = inputPipe
        try process.run()
        if let input { inputPipe.fileHandleForWriting.write(Data(input.utf8)) }
        try? inputPipe.fileHandleForWriting.close()
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning {
            if Date() > deadline {
                process.terminate()
                Thread.sleep(forTimeInterval: 0.5)
                if process.isRunning { kill(process.processIdentifier, SIGKILL) }
                break
            }
            Thread.sleep(forTimeInterval: 0.02)
        }
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus,
            standardOutput: (try? String(contentsOf: outputFile, encoding: .utf8)) ?? "",
            standardError: (try? String(contentsOf: errorFile, encoding: .utf8)) ?? "")
    }
}
