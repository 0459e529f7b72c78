import Foundation
import Parquet
import PipelineContracts
import PipelineRuntime

/// Rewrites one person-level entity of one business date, row group by row group (bounded memory).
///
/// Patients (`patient_demographics`): each row's NHS number is validated and hashed; valid rows go to the
/// pseudonymised file, invalid rows to the quarantine file with their reason; the latest version of every
/// patient (by `updated_at`, then file order) is collected for the key map.
///
/// Events: `patient_sk` is looked up from `patient_id` in the key map; a quarantined or unknown patient
/// gives null (counted). Appointments also validate their NHS number: invalid rows are copied to
/// quarantine with their reason and still flow on.
package final class EntityRewriter {
    /// What a rewrite did (the manifest metrics of one entity).
    package struct Summary: Sendable, Equatable {
        package var rowsIn = 0
        package var rowsOut = 0
        package var quarantineRows = 0
        package var quarantined: [NHSNumberRejection: Int] = [:]
        package var unresolvedQuarantined = 0
        package var unresolvedUnknown = 0
    }

    /// A patient's latest state within the date being processed.
    package struct PatientVersion: Sendable {
        package var updatedAt: Int64?
        package var entry: PatientKeyMap.Entry
    }

    package let entity: BronzeEntity
    package let inputSchema: ParquetSchema
    package let outputSchema: ParquetSchema
    package let quarantineSchema: ParquetSchema?
    package private(set) var summary = Summary()
    /// Patients only: the latest version of each patient seen in this date's rows.
    package private(set) var patients: [Int64: PatientVersion] = [:]

    private let pseudonymiser: PatientPseudonymiser
    private let keptColumns: [Int]
    private let nhsColumn: Int?
    private let patientIDColumn: Int?
    private let updatedAtColumn: Int?
    private let output: ParquetWriter
    private let quarantine: ParquetWriter?

    /// Opens the output files (and the quarantine file for entities whose NHS numbers are validated).
    ///
    /// - Throws: ``StageError`` `schema_mismatch` when a required column is missing.
    package init(
        entity: BronzeEntity, inputSchema: ParquetSchema, pseudonymiser: PatientPseudonymiser, outputPath: String,
        quarantinePath: String?
    ) throws {
        self.entity = entity
        self.inputSchema = inputSchema
        self.pseudonymiser = pseudonymiser
        let columns = inputSchema.columns
        keptColumns = columns.indices.filter { !PseudonymisationPolicy.removedColumns.contains(columns[$0].name) }
        guard !columns.contains(where: { $0.name == PseudonymisationPolicy.patientSKColumn }) else {
            throw StageError("schema_mismatch", "Bronze \(entity.rawValue) already has a patient_sk column")
        }
        patientIDColumn = inputSchema.index(of: PseudonymisationPolicy.patientIDColumn)
        updatedAtColumn = inputSchema.index(of: PseudonymisationPolicy.updatedAtColumn).flatMap { index in
            if case .timestamp = columns[index].type { return index }
            return nil
        }
        if PseudonymisationPolicy.validatesNHSNumber(entity) {
            guard let index = inputSchema.index(of: PseudonymisationPolicy.nhsNumberColumn) else {
                throw StageError("schema_mismatch", "Bronze \(entity.rawValue) has no nhs_pseudo_id column")
            }
            guard columns[index].type == .string || columns[index].type == .binary else {
                throw StageError("schema_mismatch", "Bronze \(entity.rawValue).nhs_pseudo_id is not text")
            }
            nhsColumn = index
        } else {
            nhsColumn = nil
        }
        guard patientIDColumn != nil else {
            throw StageError("schema_mismatch", "Bronze \(entity.rawValue) has no patient_id column")
        }
        outputSchema = ParquetSchema(
            [ParquetColumn(PseudonymisationPolicy.patientSKColumn, .string, nullable: true)] + keptColumns.map { columns[$0] })
        output = try ParquetWriter(path: outputPath, schema: outputSchema)
        if nhsColumn != nil, let quarantinePath {
            let schema = ParquetSchema(columns + [ParquetColumn(PseudonymisationPolicy.reasonColumn, .string, nullable: false)])
            quarantineSchema = schema
            quarantine = try ParquetWriter(path: quarantinePath, schema: schema)
        } else {
            quarantineSchema = nil
            quarantine = nil
        }
    }

    /// Rewrites one row group of a patient table; valid rows out, invalid rows to quarantine.
    package func rewritePatients(_ columns: [ParquetColumnData]) throws {
        guard entity == .patientDemographics, let nhsColumn, let patientIDColumn else {
            preconditionFailure("rewritePatients is for patient_demographics")
        }
        let rows = columns.first?.rowCount ?? 0
        summary.rowsIn += rows
        let ids = EntityRewriter.integers(columns[patientIDColumn])
        let updated = updatedAtColumn.map { EntityRewriter.integers(columns[$0]) }
        var keys = ParquetByteArrayColumn()
        keys.reserve(values: rows, bytes: rows * 64)
        var validity = [Bool](repeating: false, count: rows)
        var reasons: [NHSNumberRejection?] = Array(repeating: nil, count: rows)
        forEachNHSNumber(columns[nhsColumn]) { row, result in
            switch result {
            case .success(let number):
                let key = pseudonymiser.patientSK(number)
                keys.append(key)
                validity[row] = true
                record(patientID: ids[row], updatedAt: updated?[row] ?? nil, entry: .key(key))
            case .failure(let reason):
                reasons[row] = reason
                record(patientID: ids[row], updatedAt: updated?[row] ?? nil, entry: .quarantined)
            }
        }
        let validCount = keys.count
        let keyColumn = ParquetColumnData(values: .byteArray(keys), validity: Array(repeating: true, count: validCount))
        var out = [keyColumn]
        for index in keptColumns { out.append(validCount == rows ? columns[index] : columns[index].selecting(rows: validity)) }
        try output.write(columns: out)
        summary.rowsOut += validCount
        if validCount < rows { try writeQuarantine(columns, reasons: reasons) }
    }

    /// Rewrites one row group of an event table, resolving `patient_sk` through `keyMap`.
    package func rewriteEvents(_ columns: [ParquetColumnData], keyMap: PatientKeyMap) throws {
        guard let patientIDColumn else { preconditionFailure("events have a patient_id column") }
        let rows = columns.first?.rowCount ?? 0
        summary.rowsIn += rows
        let ids = EntityRewriter.integers(columns[patientIDColumn])
        var keys = ParquetByteArrayColumn()
        keys.reserve(values: rows, bytes: rows * 64)
        var validity = [Bool](repeating: false, count: rows)
        for row in 0..<rows {
            guard let id = ids[row] else {
                summary.unresolvedUnknown += 1
                continue
            }
            switch keyMap.entry(id) {
            case .key(let key)?:
                keys.append(key)
                validity[row] = true
            case .quarantined?:
                summary.unresolvedQuarantined += 1
            case nil:
                summary.unresolvedUnknown += 1
            }
        }
        try output.write(columns: [ParquetColumnData(values: .byteArray(keys), validity: validity)] + keptColumns.map { columns[$0] })
        summary.rowsOut += rows
        if let nhsColumn {
            var reasons: [NHSNumberRejection?] = Array(repeating: nil, count: rows)
            var invalid = 0
            forEachNHSNumber(columns[nhsColumn]) { row, result in
                if case .failure(let reason) = result {
                    reasons[row] = reason
                    invalid += 1
                }
            }
            if invalid > 0 { try writeQuarantine(columns, reasons: reasons) }
        }
    }

    /// Finishes both files. Call once, after the last row group.
    package func close() throws -> Summary {
        _ = try output.close()
        _ = try quarantine?.close()
        return summary
    }

    private func writeQuarantine(_ columns: [ParquetColumnData], reasons: [NHSNumberRejection?]) throws {
        guard let quarantine else { return }
        let mask = reasons.map { $0 != nil }
        var reasonColumn = ParquetByteArrayColumn()
        for reason in reasons {
            guard let reason else { continue }
            reasonColumn.append(reason.rawValue)
            summary.quarantined[reason, default: 0] += 1
        }
        summary.quarantineRows += reasonColumn.count
        try quarantine.write(columns: columns.map { $0.selecting(rows: mask) } + [ParquetColumnData(values: .byteArray(reasonColumn))])
    }

    private func record(patientID: Int64?, updatedAt: Int64?, entry: PatientKeyMap.Entry) {
        guard let patientID else { return }
        if let existing = patients[patientID], let previous = existing.updatedAt, let current = updatedAt, current < previous {
            return  // an older version of a patient already seen later in this date
        }
        patients[patientID] = PatientVersion(updatedAt: updatedAt, entry: entry)
    }

    /// Calls `body` for every row with the validation result of its NHS number (null → `missing`).
    private func forEachNHSNumber(_ column: ParquetColumnData, _ body: (Int, Result<NHSNumber, NHSNumberRejection>) -> Void) {
        guard case .byteArray(let values) = column.values else {
            for row in 0..<column.rowCount { body(row, .failure(.invalidFormat)) }
            return
        }
        var valueIndex = 0
        values.data.withUnsafeBufferPointer { data in
            for row in 0..<column.rowCount {
                if let validity = column.validity, !validity[row] {
                    body(row, .failure(.missing))
                    continue
                }
                let start = values.offsets[valueIndex]
                let end = values.offsets[valueIndex + 1]
                valueIndex += 1
                body(row, NHSNumber.check(utf8: UnsafeBufferPointer(rebasing: data[start..<end])))
            }
        }
    }

    /// Integer values per row (int32/int64/timestamp, or decimal text); nil for null or non-integers.
    package static func integers(_ column: ParquetColumnData) -> [Int64?] {
        var result = [Int64?]()
        result.reserveCapacity(column.rowCount)
        var valueIndex = 0
        for row in 0..<column.rowCount {
            if let validity = column.validity, !validity[row] {
                result.append(nil)
                continue
            }
            defer { valueIndex += 1 }
            switch column.values {
            case .int64(let values): result.append(values[valueIndex])
            case .int32(let values): result.append(Int64(values[valueIndex]))
            case .byteArray(let values): result.append(integer(text: values[valueIndex]))
            default: result.append(nil)
            }
        }
        return result
    }

    /// Parses `123`, ` 123 ` or `123.0` (integers written as floats by CSV exporters).
    private static func integer(text: ArraySlice<UInt8>) -> Int64? {
        let string = String(decoding: text, as: UTF8.self).trimmingCharacters(in: .whitespaces)
        if let value = Int64(string) { return value }
        if let value = Double(string), value.rounded() == value, abs(value) < 9e15 { return Int64(value) }
        return nil
    }
}
