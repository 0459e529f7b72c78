import Parquet
import PipelineRuntime

/// The `restricted/patient_keys/` file format: one row per change first seen on its business date.
///
/// Columns: `patient_id` int64 (required), `patient_sk` string (null = the patient is quarantined from this
/// date on), `change` string (`new`, `changed`, `quarantined`).
package enum PatientKeysFile {
    package static let schema = ParquetSchema([
        ParquetColumn("patient_id", .int64, nullable: false),
        ParquetColumn("patient_sk", .string, nullable: true),
        ParquetColumn("change", .string, nullable: false),
    ])

    /// The columns of a file holding `changes`.
    package static func columns(_ changes: [(Int64, String?, PatientKeyMap.Change)]) -> [ParquetColumnData] {
        var keys = ParquetByteArrayColumn()
        var kinds = ParquetByteArrayColumn()
        var validity: [Bool] = []
        for (_, key, change) in changes {
            if let key { keys.append(key) }
            validity.append(key != nil)
            kinds.append(change.rawValue)
        }
        return [
            ParquetColumnData(values: .int64(changes.map(\.0))),
            ParquetColumnData(values: .byteArray(keys), validity: validity),
            ParquetColumnData(values: .byteArray(kinds)),
        ]
    }

    /// Applies every row of a `patient_keys` file to `keyMap`.
    ///
    /// - Throws: ``StageError`` `schema_mismatch` for a file without `patient_id` and `patient_sk`.
    package static func replay(_ reader: ParquetReader, into keyMap: inout PatientKeyMap) throws {
        guard reader.schema.index(of: "patient_id") != nil, reader.schema.index(of: "patient_sk") != nil else {
            throw StageError("schema_mismatch", "a patient_keys file lacks patient_id or patient_sk")
        }
        for group in 0..<reader.rowGroupCount {
            let batch = try reader.readRowGroup(group, columns: ["patient_id", "patient_sk"])
            for row in 0..<batch.rowCount {
                guard let id = batch.columns[0][row].int64Value else { continue }
                keyMap.replay(patientID: id, patientSK: batch.columns[1][row].stringValue)
            }
        }
    }
}
