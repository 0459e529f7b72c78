import Foundation
import PipelineTesting

#if canImport(Glibc)
    import Glibc
#endif

/// Starts several copies of one built executable at the same moment and waits for all of them, so tests can
/// race two instances of a stage over the same lake and dates.
struct TwinProcesses {
    let executable: String
    let arguments: [String]
    let environment: [String: String]

    /// How one copy ended.
    struct Outcome {
        var status: Int32
        var standardError: String
    }

    /// Launches `count` copies back to back, then waits for each (killing any still running after `timeout`).
    func run(count: Int = 2, timeout: TimeInterval = 600) throws -> [Outcome] {
        let folder = try TemporaryDirectory(prefix: "twins")
        defer { folder.remove() }
        let path = try BuiltProducts.executable(executable)
        var processes: [(process: Process, log: String)] = []
        for index in 0..<count {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: path)
            process.arguments = arguments
            process.environment = environment
            let err = folder.file("err-\(index)")
            _ = FileManager.default.createFile(atPath: err, contents: nil)
            process.standardOutput = FileHandle.nullDevice
            process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: err))
            processes.append((process, err))
        }
        for (process, _) in processes { try process.run() }
        let deadline = Date().addingTimeInterval(timeout)
        return processes.map { process, log in
            while process.isRunning, Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
            process.waitUntilExit()
            return Outcome(
                status: process.terminationStatus,
                standardError: (try? String(contentsOfFile: log, encoding: .utf8)) ?? "")
        }
    }
}
