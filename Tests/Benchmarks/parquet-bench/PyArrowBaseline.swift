import Foundation

/// Runs the same write/read with pyarrow in a python3 subprocess: it loads our file (untimed) to get the identical
/// table, then times `pq.write_table` (snappy, defaults) and `pq.read_table`, and reports its own peak RSS
/// (VmHWM, since ru_maxrss survives execve on Linux).
enum PyArrowBaseline {
    struct Result {
        var writeSeconds: Double
        var readSeconds: Double
        var fileBytes: Int
        var peakRSSKiB: Int
        var version: String
    }

    static let script = #"""
import sys, time, resource, os, json
import pyarrow as pa, pyarrow.parquet as pq
source, target, iterations = sys.argv[1], sys.argv[2], int(sys.argv[3])
table = pq.read_table(source)
best_w = best_r = float("inf")
for _ in range(iterations):
    t = time.perf_counter(); pq.write_table(table, target, compression="snappy"); best_w = min(best_w, time.perf_counter() - t)
    t = time.perf_counter(); back = pq.read_table(target); best_r = min(best_r, time.perf_counter() - t)
    assert back.num_rows == table.num_rows
    del back
# Linux carries ru_maxrss across execve (it would report the parent's peak), so take this process's own
# high-water mark from /proc when available.
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
try:
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"): rss = int(line.split()[1])
except OSError:
    pass
print(json.dumps({"write": best_w, "read": best_r, "bytes": os.path.getsize(target),
                  "rss": rss, "version": pa.__version__}))
"""#

    static func run(source: String, target: String, iterations: Int) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script, source, target, String(iterations)]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0,
            let object = try JSONSerialization.jsonObject(with: data) as? [String: Any],
            let write = object["write"] as? Double, let read = object["read"] as? Double,
            let bytes = object["bytes"] as? Int, let rss = object["rss"] as? Int
        else {
            throw BenchFailure(message: "pyarrow baseline failed (is python3 with pyarrow installed?)")
        }
        return Result(writeSeconds: write, readSeconds: read, fileBytes: bytes, peakRSSKiB: rss, version: object["version"] as? String ?? "?")
    }
}

struct BenchFailure: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}
