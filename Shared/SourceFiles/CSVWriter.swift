import Foundation

/// Writes CSV in the dialect ``CSVReader`` reads (and the reference feeds use): UTF-8, comma separator, a
/// header row, `\n` line ends, fields quoted only when they contain a comma, quote, CR or LF (quotes doubled),
/// nil written as an empty field.
///
/// Not thread-safe: one owner writes it. Call ``close()`` to flush; writing to a path goes through a temporary
/// file renamed into place on close, so a reader never sees a partial file.
package final class CSVWriter {
    private var pending: [UInt8] = []
    private let handle: FileHandle?
    private let path: String?
    private let temporaryPath: String?
    private let flushThreshold = 256 * 1024
    /// Rows written, header included.
    package private(set) var rowsWritten = 0

    /// Writes into memory; read the result with ``bytes``.
    package init() {
        handle = nil
        path = nil
        temporaryPath = nil
    }

    /// Writes to `path` (via a temporary sibling renamed on ``close()``).
    package init(path: String) throws {
        let temporary = path + ".\(UUID().uuidString.prefix(8)).tmp"
        guard FileManager.default.createFile(atPath: temporary, contents: nil),
            let handle = FileHandle(forWritingAtPath: temporary)
        else {
            throw SourceFileError(.io, "cannot create file", file: path)
        }
        self.handle = handle
        self.path = path
        self.temporaryPath = temporary
    }

    /// The CSV written so far (in-memory writers only).
    package var bytes: [UInt8] { pending }

    /// Appends one row.
    package func write(row: [String?]) throws {
        for (index, value) in row.enumerated() {
            if index > 0 { pending.append(0x2C) }
            if let value { CSVWriter.appendField(value, to: &pending) }
        }
        pending.append(0x0A)
        rowsWritten += 1
        if handle != nil, pending.count >= flushThreshold { try flush() }
    }

    /// Appends rows.
    package func write(rows: some Sequence<[String?]>) throws {
        for row in rows { try write(row: row) }
    }

    /// Flushes and, for a file, renames it into place. No-op for in-memory writers.
    package func close() throws {
        guard let handle, let path, let temporaryPath else { return }
        try flush()
        do {
            try handle.synchronize()
            try handle.close()
            if FileManager.default.fileExists(atPath: path) { try FileManager.default.removeItem(atPath: path) }
            try FileManager.default.moveItem(atPath: temporaryPath, toPath: path)
        } catch {
            throw SourceFileError(.io, "cannot finish file: \(error)", file: path)
        }
    }

    /// Encodes rows into CSV bytes.
    package static func encode(_ rows: [[String?]]) -> [UInt8] {
        let writer = CSVWriter()
        for row in rows { try? writer.write(row: row) }
        return writer.bytes
    }

    private func flush() throws {
        guard let handle, !pending.isEmpty else { return }
        do {
            try handle.write(contentsOf: pending)
        } catch {
            throw SourceFileError(.io, "cannot write file: \(error)", file: path)
        }
        pending.removeAll(keepingCapacity: true)
    }

    private static func appendField(_ value: String, to output: inout [UInt8]) {
        let utf8 = value.utf8
        let needsQuotes = utf8.contains { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }
        guard needsQuotes else {
            output.append(contentsOf: utf8)
            return
        }
        output.append(0x22)
        for byte in utf8 {
            if byte == 0x22 { output.append(0x22) }
            output.append(byte)
        }
        output.append(0x22)
    }
}
