import Foundation
import PipelineTesting
import Testing

@testable import Parquet

/// Property test: damaged files (flipped bytes, truncation, overwritten footer bytes) only ever raise
/// `ParquetError` — never a crash, hang or other error. Deterministic seed, bounded iterations.
@Suite struct ParquetMutationTests {
    static func seedFiles() throws -> [(String, [UInt8])] {
        var files: [(String, [UInt8])] = []
        let directory = try TestDataDirectory.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        for codec in ParquetRoundTripTests.codecs {
            let table = RoundTripTable(rowCount: 200, seed: 7)
            let path = directory.appendingPathComponent("\(codec).parquet").path
            var options = ParquetWriterOptions()
            options.compression = ParquetRoundTripTests.compression(codec)
            options.rowGroupRowLimit = 80
            options.dataPageRowLimit = 30
            let writer = try ParquetWriter(path: path, schema: table.schema, options: options)
            try writer.write(rows: table.rows)
            _ = try writer.close()
            files.append((codec, Array(try Data(contentsOf: URL(fileURLWithPath: path)))))
        }
        for url in try TestDataDirectory.parquetFiles() {
            files.append((url.lastPathComponent, Array(try Data(contentsOf: url))))
        }
        return files
    }

    @Test func damagedFilesOnlyRaiseParquetError() throws {
        var random = SeededGenerator(seed: 0x5EED_2026)
        let files = try Self.seedFiles()
        var rejected = 0
        let iterations = 1_500
        for iteration in 0..<iterations {
            let (name, original) = files[Int(random.next() % UInt64(files.count))]
            var bytes = original
            switch random.next() % 4 {
            case 0:  // flip a few random bytes anywhere
                for _ in 0..<(1 + random.next() % 4) {
                    let at = Int(random.next() % UInt64(bytes.count))
                    bytes[at] ^= UInt8(truncatingIfNeeded: 1 + random.next() % 255)
                }
            case 1:  // truncate
                bytes.removeLast(1 + Int(random.next() % UInt64(bytes.count - 1)))
            case 2:  // damage the footer region, where lengths and offsets live
                let footerLength = Int(UInt32(bytes[bytes.count - 8]) | UInt32(bytes[bytes.count - 7]) << 8)
                let start = max(0, bytes.count - 8 - min(footerLength, bytes.count - 8))
                for _ in 0..<(1 + random.next() % 3) {
                    let at = start + Int(random.next() % UInt64(bytes.count - start))
                    bytes[at] = UInt8(truncatingIfNeeded: random.next())
                }
            default:  // damage page headers / data near the start
                let window = min(bytes.count, 600)
                for _ in 0..<(1 + random.next() % 3) {
                    bytes[Int(random.next() % UInt64(window))] = UInt8(truncatingIfNeeded: random.next())
                }
            }
            do {
                let reader = try ParquetReader(bytes: bytes, name: "\(name)#\(iteration)")
                _ = try reader.readAll()
            } catch let error as ParquetError {
                rejected += 1
                #expect(error.file == "\(name)#\(iteration)")
            } catch {
                Issue.record("\(name)#\(iteration): non-Parquet error \(error)")
            }
        }
        // Most mutations must be detected; some (e.g. a flipped value byte) legitimately still decode.
        #expect(rejected > iterations / 4)
    }

    @Test func truncatedFileReportsTruncation() throws {
        let files = try Self.seedFiles()
        let (_, bytes) = files[1]
        let error = #expect(throws: ParquetError.self) {
            _ = try ParquetReader(bytes: Array(bytes.dropLast(3)), name: "cut.parquet")
        }
        #expect(error?.code == .truncatedFile)
        #expect(error?.code.category == .corruptFile)
        #expect(error?.file == "cut.parquet")
        #expect(error?.offset != nil)
    }
}
