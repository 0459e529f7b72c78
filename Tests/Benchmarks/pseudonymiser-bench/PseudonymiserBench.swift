import ArgumentParser
import Crypto
import Foundation
import Logging
import ObjectStore
import Parquet
import PipelineContracts
import PipelineRuntime
import Pseudonymiser

/// `pseudonymiser-bench`: HMAC throughput (Swift one-shot vs copied keyed state, Python `hmac` one-shot vs
/// `.copy()`, same machine, same run) and end-to-end rows/s of the batch stage on a 1M-row patient table.
@main
struct PseudonymiserBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "pseudonymiser-bench", abstract: "Pseudonymiser throughput figures.")

    @Option(help: "HMAC messages per measurement.") var messages = 2_000_000
    @Option(help: "Rows in the end-to-end patient table.") var patients = 1_000_000
    @Option(help: "Repetitions; the median is reported.") var repeats = 3
    @Flag(help: "Skip the Python comparison.") var noPython = false

    func run() async throws {
        let keyText = "bench-key-0123456789abcdef0123456789abcdef0123456789"
        let key = try PseudonymKey(bytes: Array(keyText.utf8))
        let numbers = (0..<messages).map { String(format: "%010d", (UInt64($0) &* 2_654_435_761) % 10_000_000_000) }
        let messagesBytes = numbers.map { Array($0.utf8) }

        print("HMAC-SHA-256 of 10-digit messages (\(messages) per run, median of \(repeats)):")
        let symmetric = SymmetricKey(data: Array(keyText.utf8))
        var sink: UInt8 = 0
        let oneShot = median(repeats) {
            for message in messagesBytes { sink ^= HMAC<SHA256>.authenticationCode(for: message, using: symmetric).withUnsafeBytes { $0[0] } }
        }
        report("swift one-shot HMAC", count: messages, seconds: oneShot)
        let pseudonymiser = PatientPseudonymiser(key: key)
        let copied = median(repeats) {
            for message in messagesBytes { sink ^= message.withUnsafeBytes { pseudonymiser.mac($0)[0] } }
        }
        report("swift copied keyed state", count: messages, seconds: copied)
        let checked = try NHSNumberList(numbers)
        let full = median(repeats) {
            for number in checked.valid { sink ^= pseudonymiser.patientSK(number).utf8.first! }
        }
        report("swift validate+HMAC+hex (valid only, \(checked.valid.count))", count: checked.valid.count, seconds: full)
        if !noPython { try python(keyText: keyText, count: messages) }

        print("\nEnd-to-end batch stage, \(patients)-row patient table (+ empty event tables), median of \(repeats):")
        let seconds = try await endToEnd(rows: patients, key: key, repeats: repeats)
        report("pseudonymiser run (read+verify, validate, HMAC, write, publish)", count: patients, seconds: seconds)
        if sink == 0x5A { print("") }  // keep the work observable
    }

    func report(_ label: String, count: Int, seconds: Double) {
        print("  \(label.padding(toLength: 62, withPad: " ", startingAt: 0)) \(String(format: "%10.0f", Double(count) / seconds))/s  (\(String(format: "%.3f", seconds)) s)")
    }

    func median(_ repeats: Int, _ body: () throws -> Void) rethrows -> Double {
        var times: [Double] = []
        for _ in 0..<max(1, repeats) {
            let start = ContinuousClock.now
            try body()
            let elapsed = ContinuousClock.now - start
            times.append(Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
        }
        return times.sorted()[times.count / 2]
    }

    func python(keyText: String, count: Int) throws {
        let script = """
            import hmac, hashlib, sys, time
            key = sys.stdin.readline().rstrip("\\n").encode()
            n = int(sys.argv[1]); reps = int(sys.argv[2])
            msgs = [("%010d" % ((i * 2654435761) % 10000000000)).encode() for i in range(n)]
            def med(f):
                ts = []
                for _ in range(reps):
                    t = time.perf_counter(); f(); ts.append(time.perf_counter() - t)
                return sorted(ts)[len(ts) // 2]
            def one():
                for m in msgs: hmac.new(key, m, hashlib.sha256).digest()
            base = hmac.new(key, digestmod=hashlib.sha256)
            def cp():
                for m in msgs:
                    h = base.copy(); h.update(m); h.digest()
            def dig():
                for m in msgs: hmac.digest(key, m, "sha256")
            print(med(one)); print(med(cp)); print(med(dig))
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script, String(count), String(repeats)]
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        input.fileHandleForWriting.write(Data((keyText + "\n").utf8))
        try input.fileHandleForWriting.close()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let times = String(decoding: data, as: UTF8.self).split(separator: "\n").compactMap { Double($0) }
        guard times.count == 3 else { print("  python3 comparison failed"); return }
        report("python hmac.new(...).digest() one-shot", count: count, seconds: times[0])
        report("python keyed hmac .copy()", count: count, seconds: times[1])
        report("python hmac.digest() (one-shot C fast path)", count: count, seconds: times[2])
    }

    func endToEnd(rows: Int, key: PseudonymKey, repeats: Int) async throws -> Double {
        let root = NSTemporaryDirectory() + "/pseudonymiser-bench-\(UUID().uuidString.prefix(8))"
        defer { try? FileManager.default.removeItem(atPath: root) }
        try FileManager.default.createDirectory(atPath: root + "/scratch", withIntermediateDirectories: true)
        var times: [Double] = []
        for run in 0..<max(1, repeats) {
            let lakeRoot = root + "/lake\(run)"
            try FileManager.default.createDirectory(atPath: lakeRoot, withIntermediateDirectories: true)
            let lake = try FileSystemObjectStore(root: lakeRoot)
            let date = try BusinessDate(iso: "2024-01-01")
            try await BenchLake.ingest(rows: rows, lake: lake, date: date, scratch: root + "/scratch")
            let logger = Logger(label: "bench") { _ in SwiftLogNoOpLogHandler() }
            let runner = StageRunner(
                lake: lake, settings: Settings(environment: [:]), logger: logger, options: StageRunner.Options(dates: [date]),
                scratchRoot: root + "/scratch")
            let start = ContinuousClock.now
            let summary = await runner.execute(PseudonymiserJob(configuration: PseudonymiserConfiguration(key: key), logger: logger))
            let elapsed = ContinuousClock.now - start
            guard summary.succeeded.count == 1 else { throw ValidationError("benchmark run failed: \(summary)") }
            times.append(Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
            try? FileManager.default.removeItem(atPath: lakeRoot)
        }
        return times.sorted()[times.count / 2]
    }
}

/// Validated NHS numbers for the HMAC-only measurement.
struct NHSNumberList {
    var valid: [NHSNumber] = []
    init(_ texts: [String]) throws {
        for text in texts { if case .success(let number) = NHSNumber.check(text) { valid.append(number) } }
    }
}
