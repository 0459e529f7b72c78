import PipelineTesting
import Testing

@testable import Parquet

@Suite struct RLEBitPackedHybridTests {
    @Test func decodesTheSpecExample() throws {
        // Levels [1, 1, 0, 1] bit-packed (PARQUET.md §5): 03 0b.
        let bytes: [UInt8] = [0x03, 0x0B]
        var flags: [Bool] = []
        try bytes.withUnsafeBytes { raw in
            var decoder = try RLEBitPackedHybridDecoder(raw, bitWidth: 1)
            try decoder.decodeFlags(count: 4, into: &flags)
        }
        #expect(flags == [true, true, false, true])
    }

    @Test(arguments: [0, 1, 2, 3, 7, 8, 13, 20, 32])
    func roundTripsRandomRunsAtEveryWidth(bitWidth: Int) throws {
        var random = SeededGenerator(seed: UInt64(bitWidth) + 1)
        let maximum: UInt64 = bitWidth == 0 ? 0 : (bitWidth == 32 ? UInt64(UInt32.max) : (1 << UInt64(bitWidth)) - 1)
        var values: [UInt32] = []
        while values.count < 5_000 {
            let value = maximum == 0 ? 0 : UInt32(random.next() % (maximum + 1))
            let run = random.next() % 3 == 0 ? Int(random.next() % 40) : 1
            values += Array(repeating: value, count: run)
        }
        var encoder = RLEBitPackedHybridEncoder(bitWidth: bitWidth)
        encoder.encode(count: values.count) { values[$0] }
        var decoded: [UInt32] = []
        try encoder.bytes.withUnsafeBytes { raw in
            var decoder = try RLEBitPackedHybridDecoder(raw, bitWidth: bitWidth)
            try decoder.decode(count: values.count, into: &decoded)
        }
        #expect(decoded == values)
    }

    @Test func reportsTooFewValues() throws {
        let bytes: [UInt8] = [0x04, 0x01]  // RLE run of 2
        #expect(throws: ParquetError.self) {
            try bytes.withUnsafeBytes { raw in
                var decoder = try RLEBitPackedHybridDecoder(raw, bitWidth: 1)
                var out: [UInt32] = []
                try decoder.decode(count: 3, into: &out)
            }
        }
    }
}
