import AWS
import ArgumentParser
import Foundation
import Logging

/// PUT/GET throughput and latency against an S3-compatible server, side by side with boto3 in the same run.
///
/// Reads the server from `S3_ENDPOINT_URL`, `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `AWS_REGION`
/// (`source` the file `docker/local/up` writes).
@main
struct S3BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "s3-bench", abstract: "S3 PUT/GET throughput and latency: this client vs boto3.")

    @Option(help: "Phases as COUNTxBYTES, comma-separated.")
    var phases: String = "40x65536,20x1048576,3x33554432"

    @Option(help: "Bucket to create and use (default: a fresh one).")
    var bucket: String?

    mutating func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        guard environment["S3_ENDPOINT_URL"] != nil else {
            throw ValidationError("S3_ENDPOINT_URL is not set: run docker/local/up and source its env file")
        }
        var logger = Logger(label: "s3-bench")
        logger.logLevel = .warning
        var configuration = try S3Configuration(environment: environment)
        configuration.forcePathStyle = true
        let client = S3Client(
            configuration: configuration, credentials: AWSCredentialChain(environment: environment), logger: logger)
        let bucket = self.bucket ?? "aiq-bench-\(UUID().uuidString.prefix(8).lowercased())"
        try await client.createBucket(bucket)
        print("bucket \(bucket), endpoint \(environment["S3_ENDPOINT_URL"]!)")
        print("phase            op   client   objects  MB/s      p50 ms   p95 ms")
        for phase in phases.split(separator: ",") {
            let parts = phase.split(separator: "x")
            guard parts.count == 2, let count = Int(parts[0]), let size = Int(parts[1]) else {
                throw ValidationError("bad phase '\(phase)' (use COUNTxBYTES)")
            }
            let swift = try await Self.measureSwift(client: client, bucket: bucket, count: count, size: size)
            let python = try Self.measureBoto3(bucket: bucket, count: count, size: size, environment: environment)
            for (op, mine, theirs) in [("PUT", swift.put, python.put), ("GET", swift.get, python.get)] {
                let label = "\(count)x\(Self.human(size))".padding(toLength: 16, withPad: " ", startingAt: 0)
                print(Self.row(label, op, "swift", count, size, mine))
                print(Self.row(label, op, "boto3", count, size, theirs))
                let ratio = (Double(count * size) / mine.reduce(0, +)) / (Double(count * size) / theirs.reduce(0, +))
                print("\(label) \(op)  swift/boto3 throughput ratio: \(String(format: "%.2f", ratio))")
            }
        }
    }

    struct Timings {
        var put: [Double] = []
        var get: [Double] = []
    }

    static func measureSwift(client: S3Client, bucket: String, count: Int, size: Int) async throws -> Timings {
        let payload = (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 131) }
        var timings = Timings()
        let clock = ContinuousClock()
        for index in 0..<count {
            let key = "swift/\(size)/\(index)"
            let started = clock.now
            _ = try await client.putObject(bucket: bucket, key: key, source: .bytes(payload))
            timings.put.append(seconds(clock.now - started))
        }
        for index in 0..<count {
            let started = clock.now
            let bytes = try await client.getObject(bucket: bucket, key: "swift/\(size)/\(index)")
            timings.get.append(seconds(clock.now - started))
            guard bytes.count == size else { throw ValidationError("short read") }
        }
        return timings
    }

    static let botoScript = #"""
        import json, os, sys, time, boto3
        from botocore.config import Config
        bucket, count, size = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
        s3 = boto3.client("s3", endpoint_url=os.environ["S3_ENDPOINT_URL"], region_name=os.environ.get("AWS_REGION", "us-east-1"),
                          config=Config(signature_version="s3v4", s3={"addressing_style": "path"}, retries={"max_attempts": 5}))
        payload = bytes((i * 131) & 0xFF for i in range(size))
        put, get = [], []
        for i in range(count):
            t = time.perf_counter(); s3.put_object(Bucket=bucket, Key=f"boto3/{size}/{i}", Body=payload); put.append(time.perf_counter() - t)
        for i in range(count):
            t = time.perf_counter(); body = s3.get_object(Bucket=bucket, Key=f"boto3/{size}/{i}")["Body"].read(); get.append(time.perf_counter() - t)
            assert len(body) == size
        print(json.dumps({"put": put, "get": get}))
        """#

    static func measureBoto3(bucket: String, count: Int, size: Int, environment: [String: String]) throws -> Timings {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", botoScript, bucket, String(count), String(size)]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0,
            let object = try JSONSerialization.jsonObject(with: data) as? [String: [Double]]
        else { throw ValidationError("boto3 run failed (pip install boto3)") }
        return Timings(put: object["put"] ?? [], get: object["get"] ?? [])
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    static func percentile(_ values: [Double], _ p: Double) -> Double {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return 0 }
        return sorted[min(sorted.count - 1, Int((Double(sorted.count - 1) * p).rounded()))]
    }

    static func row(_ label: String, _ op: String, _ who: String, _ count: Int, _ size: Int, _ times: [Double]) -> String {
        let throughput = Double(count * size) / 1_048_576 / max(times.reduce(0, +), 1e-9)
        return label + " \(op)  \(who)    \(String(count).padding(toLength: 8, withPad: " ", startingAt: 0)) "
            + String(format: "%-9.1f %-8.2f %-8.2f", throughput, percentile(times, 0.5) * 1000, percentile(times, 0.95) * 1000)
    }

    static func human(_ size: Int) -> String {
        size >= 1 << 20 ? "\(size >> 20)MiB" : size >= 1 << 10 ? "\(size >> 10)KiB" : "\(size)B"
    }
}
