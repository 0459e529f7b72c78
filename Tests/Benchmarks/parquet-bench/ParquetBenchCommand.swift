import Foundation
import Parquet

#if canImport(Glibc)
import Glibc
#endif

/// `parquet-bench [--rows N] [--iterations K]`: writes and reads a 15-column encounters-like table with this library
/// and with pyarrow, printing rows/s, MB/s (in-memory value bytes), peak RSS and the ours/pyarrow ratio.
@main
struct ParquetBenchCommand {
    static func main() throws {
        var rows = 1_000_000
        var iterations = 3
        var arguments = CommandLine.arguments.dropFirst().makeIterator()
        while let argument = arguments.next() {
            switch argument {
            case "--rows": rows = Int(arguments.next() ?? "") ?? rows
            case "--iterations": iterations = max(1, Int(arguments.next() ?? "") ?? iterations)
            default: throw BenchFailure(message: "usage: parquet-bench [--rows N] [--iterations K]")
            }
        }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("parquet-bench-\(getpid())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let ours = directory.appendingPathComponent("ours.parquet").path
        let theirs = directory.appendingPathComponent("pyarrow.parquet").path

        let table = EncountersTable(rowCount: rows, seed: 2026)
        let megabytes = Double(table.logicalBytes) / 1_000_000
        print("table: \(rows) rows × \(table.schema.columns.count) columns, \(String(format: "%.1f", megabytes)) MB of values")

        var bestWrite = Double.infinity
        var bestRead = Double.infinity
        var bestValueRead = Double.infinity
        var summary = ParquetFileSummary(rows: 0, bytes: 0, rowGroups: 0)
        for _ in 0..<iterations {
            let writeStart = DispatchTime.now()
            let writer = try ParquetWriter(path: ours, schema: table.schema)
            try writer.write(columns: table.columns)
            summary = try writer.close()
            bestWrite = min(bestWrite, seconds(since: writeStart))

            let readStart = DispatchTime.now()
            let reader = try ParquetReader(path: ours)
            var decodedRows = 0
            for group in 0..<reader.rowGroupCount {
                let columns = try reader.readRowGroupColumns(group)
                decodedRows += columns.first?.rowCount ?? 0
            }
            bestRead = min(bestRead, seconds(since: readStart))
            guard decodedRows == rows else { throw BenchFailure(message: "read back \(decodedRows) rows") }
        }
        // The ParquetValue path (one enum per cell), once, for information.
        let valueStart = DispatchTime.now()
        let batch = try ParquetReader(path: ours).readAll()
        bestValueRead = seconds(since: valueStart)
        guard batch.rowCount == rows else { throw BenchFailure(message: "readAll returned \(batch.rowCount) rows") }
        // The row API (`write(row:)`, one `[ParquetValue]` per row) as the ingest converters use it, once.
        let rowWriteStart = DispatchTime.now()
        let rowWriter = try ParquetWriter(path: ours, schema: table.schema)
        for index in 0..<batch.rowCount { try rowWriter.write(row: batch.row(index)) }
        _ = try rowWriter.close()
        let rowWrite = seconds(since: rowWriteStart)
        let ourRSS = peakRSSKiB()

        let baseline = try PyArrowBaseline.run(source: ours, target: theirs, iterations: iterations)

        func line(_ label: String, _ seconds: Double) -> String {
            let padded = label.padding(toLength: 28, withPad: " ", startingAt: 0)
            return "  " + padded + String(format: "%8.3f s  %10.0f rows/s  %8.1f MB/s", seconds, Double(rows) / seconds, megabytes / seconds)
        }
        print("ours (northshire parquet, snappy, best of \(iterations)):")
        print(line("write (columnar)", bestWrite))
        print(line("read (columnar)", bestRead))
        print(line("read (ParquetValue, 1 run)", bestValueRead))
        print(line("write (row API, 1 run)", rowWrite))
        print("  file \(summary.bytes) bytes, \(summary.rowGroups) row groups, peak RSS \(ourRSS / 1024) MiB")
        print("pyarrow \(baseline.version) (snappy, defaults, best of \(iterations)):")
        print(line("write", baseline.writeSeconds))
        print(line("read", baseline.readSeconds))
        print("  file \(baseline.fileBytes) bytes, peak RSS \(baseline.peakRSSKiB / 1024) MiB")
        print(String(format: "ratio ours/pyarrow speed: write %.2f×, read %.2f× (target ≥ 0.70×)",
                     baseline.writeSeconds / bestWrite, baseline.readSeconds / bestRead))
    }

    static func seconds(since start: DispatchTime) -> Double {
        Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
    }

    /// Peak resident set size of this process (getrusage(RUSAGE_SELF).ru_maxrss, KiB on Linux).
    static func peakRSSKiB() -> Int {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Int(usage.ru_maxrss)
    }
}
