import Parquet

/// The hostile appointment files sftp-ingest is fed (issue #15, hostile input corpus), each with what must
/// happen to it. Every file is two good rows, the hostile row(s), then one good row, unless it says otherwise.
enum HostileCSVCorpus {
    static let columns = TrustFileContent.appointmentHeader.split(separator: ",").map(String.init)

    /// A row's fields for appointment `id`, with some fields replaced by raw bytes.
    static func row(_ id: Int, _ overrides: [String: [UInt8]] = [:]) -> [UInt8] {
        let fields = TrustFileContent.appointment(id, day: "2025-03-30").split(
            separator: ",", omittingEmptySubsequences: false)
        var bytes: [UInt8] = []
        for (index, field) in fields.enumerated() {
            if index > 0 { bytes.append(0x2C) }
            bytes += overrides[columns[index]] ?? Array(field.utf8)
        }
        return bytes
    }

    static func row(_ id: Int, _ column: String, _ text: String) -> [UInt8] { row(id, [column: Array(text.utf8)]) }

    /// Header, `before` good rows (ids 1…), the hostile rows, `after` good rows (ids 901…).
    static func file(
        before: Int = 2, _ hostile: [[UInt8]], after: Int = 1, newline: [UInt8] = [0x0A], prefix: [UInt8] = []
    ) -> [UInt8] {
        var lines = [Array(TrustFileContent.appointmentHeader.utf8)]
        lines += (0..<before).map { row($0 + 1) }
        lines += hostile
        lines += (0..<after).map { row(901 + $0) }
        return prefix + lines.flatMap { $0 + newline }
    }

    /// Line of the `index`th hostile row when `before` good rows precede it.
    static func line(_ index: Int = 0, before: Int = 2) -> Int { before + 2 + index }

    /// Enough good rows to push what follows past the first 8 KiB (where file-type sniffing looks).
    static let past8KiB = 80

    static let cases: [HostileCSVCase] = [
        // Quoting.
        HostileCSVCase(
            "unterminated quote swallows the rest of the file into one reject",
            file([row(4, "registered_gp_practice_id", "\"G81004")]),
            .taken(
                written: 2,
                rejects: [
                    .init(
                        line: line(), column: "registered_gp_practice_id", reason: "unterminated", rawContains: "901,")
                ])),
        HostileCSVCase(
            "quote inside an unquoted field", file([row(4, "registered_gp_practice_id", "G81\"004")]),
            .taken(
                written: 3,
                rejects: [
                    .init(
                        line: line(), column: "registered_gp_practice_id",
                        reason: "quote character inside an unquoted field")
                ])),
        HostileCSVCase(
            "text after a closing quote", file([row(4, "registered_gp_practice_id", "\"G81004\"x")]),
            .taken(
                written: 3,
                rejects: [.init(line: line(), column: "registered_gp_practice_id", reason: "after a closing quote")])),
        // Field counts.
        HostileCSVCase(
            "too few fields", file([Array("4,4,9434765919,G81004,1".utf8)]),
            .taken(written: 3, rejects: [.init(line: line(), column: nil, reason: "expected 16 fields, found 5")])),
        HostileCSVCase(
            "too many fields", file([row(4) + Array(",extra".utf8)]),
            .taken(written: 3, rejects: [.init(line: line(), column: nil, reason: "expected 16 fields, found 17")])),
        HostileCSVCase(
            "ten thousand fields", file([row(4) + Array(String(repeating: ",", count: 10_000).utf8)]),
            .taken(written: 3, rejects: [.init(line: line(), column: nil, reason: "found 10016")])),
        // NUL bytes: refused as binary near the top of the file; anywhere else the row must still not pass as text.
        HostileCSVCase(
            "NUL inside a text field near the top", file([row(4, ["registered_gp_practice_id": [0x47, 0x00, 0x31]])]),
            .quarantinedOrRefused(
                .init(line: line(), column: "registered_gp_practice_id", reason: ""), codes: ["source_not_csv"])),
        HostileCSVCase(
            "NUL inside a text field past the first 8 KiB",
            file(before: past8KiB, [row(4, ["registered_gp_practice_id": [0x47, 0x00, 0x31]])]),
            .quarantinedOrRefused(
                .init(line: line(before: past8KiB), column: "registered_gp_practice_id", reason: ""),
                codes: ["source_not_csv"])),
        HostileCSVCase(
            "NUL inside an integer field past the first 8 KiB",
            file(before: past8KiB, [row(4, ["wait_time_days": [0x31, 0x00, 0x32]])]),
            .taken(
                written: past8KiB + 1,
                rejects: [.init(line: line(before: past8KiB), column: "wait_time_days", reason: "not an integer")])),
        // Line endings and byte-order marks.
        HostileCSVCase(
            "CRLF line endings throughout", file([row(4)], newline: [0x0D, 0x0A]),
            .taken(
                written: 4, rejects: [],
                values: [
                    .init(id: 4, column: "imd_decile", .int64(5)),
                    .init(id: 901, column: "booking_status", .string("ATTENDED")),
                ])),
        HostileCSVCase(
            "LF and CRLF mixed line by line",
            [UInt8](TrustFileContent.appointmentHeader.utf8) + [0x0D, 0x0A] + row(1) + [0x0A] + row(2) + [0x0D, 0x0A]
                + row(3) + [0x0A],
            .taken(
                written: 3, rejects: [],
                values: [.init(id: 2, column: "imd_decile", .int64(3)), .init(id: 3, column: "imd_decile", .int64(4))])),
        HostileCSVCase(
            "CR-only line endings make one giant header", file([row(4)], newline: [0x0D]),
            .refused(codes: ["source_header_mismatch"])),
        HostileCSVCase(
            "UTF-8 byte-order mark with CRLF", file([row(4)], newline: [0x0D, 0x0A], prefix: [0xEF, 0xBB, 0xBF]),
            .taken(written: 4, rejects: [])),
        HostileCSVCase(
            "UTF-16LE file with its byte-order mark",
            [0xFF, 0xFE] + Array(TrustFileContent.appointmentHeader.utf8).flatMap { [$0, 0x00] },
            .refused(codes: ["source_not_csv"])),
        // Encodings.
        HostileCSVCase(
            "Latin-1 byte in a text field", file([row(4, ["registered_gp_practice_id": [0x47, 0xE9, 0x31]])]),
            .taken(
                written: 3, rejects: [.init(line: line(), column: "registered_gp_practice_id", reason: "invalid UTF-8")]
            )),
        HostileCSVCase(
            "overlong UTF-8 encoding of '/'", file([row(4, ["mode": [0xC0, 0xAF]])]),
            .taken(written: 3, rejects: [.init(line: line(), column: "mode", reason: "invalid UTF-8")])),
        HostileCSVCase(
            "full-width digits in an id", file([row(4, "appointment_id", "４")]),
            .taken(written: 3, rejects: [.init(line: line(), column: "appointment_id", reason: "not an integer")])),
        // Size.
        HostileCSVCase(
            "a 1.5 MiB field is refused naming the line",
            file([row(4, "registered_gp_practice_id", String(repeating: "x", count: 1_536 * 1024))]),
            .refused(codes: ["source_record_too_large"], messageContains: ["line \(line())"])),
        HostileCSVCase(
            "a 600 KiB field is kept whole",
            file([row(4, "registered_gp_practice_id", String(repeating: "y", count: 600 * 1024))]),
            .taken(
                written: 4, rejects: [],
                values: [
                    .init(
                        id: 4, column: "registered_gp_practice_id", .string(String(repeating: "y", count: 600 * 1024)))
                ])),
        // Formula and markup injection: data, passed through unchanged.
        HostileCSVCase(
            "spreadsheet formulas in text fields",
            file([
                row(4, "registered_gp_practice_id", "=cmd|' /C calc'!A0"), row(5, "registered_gp_practice_id", "+1+1"),
                row(6, "registered_gp_practice_id", "-2+3"),
                row(7, "registered_gp_practice_id", "@SUM(1+1)*cmd|' /C calc'!A0"),
                row(8, "registered_gp_practice_id", "\"=HYPERLINK(\"\"http://evil.example\"\",\"\"x\"\")\""),
            ]),
            .taken(
                written: 8, rejects: [],
                values: [
                    .init(id: 4, column: "registered_gp_practice_id", .string("=cmd|' /C calc'!A0")),
                    .init(id: 5, column: "registered_gp_practice_id", .string("+1+1")),
                    .init(id: 6, column: "registered_gp_practice_id", .string("-2+3")),
                    .init(id: 7, column: "registered_gp_practice_id", .string("@SUM(1+1)*cmd|' /C calc'!A0")),
                    .init(
                        id: 8, column: "registered_gp_practice_id", .string("=HYPERLINK(\"http://evil.example\",\"x\")")
                    ),
                ])),
        HostileCSVCase(
            "HTML and right-to-left override in text fields",
            file([row(4, "registered_gp_practice_id", "<script>alert(1)</script>"), row(5, "mode", "\u{202E}FOEL")]),
            .taken(
                written: 5, rejects: [],
                values: [
                    .init(id: 4, column: "registered_gp_practice_id", .string("<script>alert(1)</script>")),
                    .init(id: 5, column: "mode", .string("\u{202E}FOEL")),
                ])),
        // Dates and numbers out of range.
        HostileCSVCase(
            "29 February in a common year", file([row(4, "appointment_start_datetime", "2025-02-29 09:00:00")]),
            .taken(
                written: 3,
                rejects: [.init(line: line(), column: "appointment_start_datetime", reason: "invalid timestamp")])),
        HostileCSVCase(
            "month 13", file([row(4, "booking_created_datetime", "2025-13-01")]),
            .taken(
                written: 3,
                rejects: [.init(line: line(), column: "booking_created_datetime", reason: "invalid timestamp")])),
        HostileCSVCase(
            "hour 24", file([row(4, "appointment_start_datetime", "2025-03-30 24:00:00")]),
            .taken(
                written: 3,
                rejects: [.init(line: line(), column: "appointment_start_datetime", reason: "invalid timestamp")])),
        HostileCSVCase(
            "year 0000 (before year 1, unloadable by the warehouse)",
            file([row(4, "appointment_start_datetime", "0000-01-01 09:00:00")]),
            .taken(written: 3, rejects: [.init(line: line(), column: "appointment_start_datetime", reason: "")])),
        HostileCSVCase(
            "five-digit year", file([row(4, "appointment_start_datetime", "10000-01-01 09:00:00")]),
            .taken(
                written: 3,
                rejects: [.init(line: line(), column: "appointment_start_datetime", reason: "invalid timestamp")])),
        HostileCSVCase(
            "integer beyond 64 bits", file([row(4, "wait_time_days", "99999999999999999999")]),
            .taken(written: 3, rejects: [.init(line: line(), column: "wait_time_days", reason: "not an integer")])),
        HostileCSVCase(
            "missing required id", file([row(4, "appointment_id", "")]),
            .taken(
                written: 3, rejects: [.init(line: line(), column: "appointment_id", reason: "missing required value")])),
        // Duplicates: Bronze keeps both versions; Silver deduplicates on updated time.
        HostileCSVCase(
            "the same appointment id twice", file([row(4), row(4, "booking_status", "CANCELLED")]),
            .taken(written: 5, rejects: [], values: [.init(id: 4, column: "booking_status", .string("ATTENDED"))])),
        // Whole-file problems.
        HostileCSVCase("empty file", [], .refused(codes: ["source_empty_file"])),
        HostileCSVCase(
            "header only, with BOM and CRLF",
            [0xEF, 0xBB, 0xBF] + Array(TrustFileContent.appointmentHeader.utf8) + [0x0D, 0x0A],
            .taken(written: 0, rejects: [])),
        HostileCSVCase(
            "a column named twice in the header",
            Array((TrustFileContent.appointmentHeader + ",imd_decile\n").utf8),
            .refused(codes: ["source_header_mismatch"], messageContains: ["imd_decile"])),
        HostileCSVCase(
            "a ZIP archive named .csv", [0x50, 0x4B, 0x03, 0x04] + Array(repeating: 0x41, count: 64),
            .refused(codes: ["source_not_csv"])),
    ]
}
