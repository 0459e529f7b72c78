import Parquet
import PipelineTesting

/// A deterministic encounters-like table (ids, timestamps, codes, strings, doubles, nullable columns) built
/// column by column for the benchmark.
struct EncountersTable {
    let schema: ParquetSchema
    let columns: [ParquetColumnData]
    let rowCount: Int

    /// Bytes of the values in memory (8 per int64/double/timestamp, 4 per int32/date, 1 per bool/flag, string bytes).
    var logicalBytes: Int {
        columns.reduce(0) { total, column in
            let flags = column.validity?.count ?? 0
            switch column.values {
            case .boolean(let values): return total + flags + values.count
            case .int32(let values): return total + flags + 4 * values.count
            case .int64(let values): return total + flags + 8 * values.count
            case .float(let values): return total + flags + 4 * values.count
            case .double(let values): return total + flags + 8 * values.count
            case .byteArray(let values), .fixedLenByteArray(let values): return total + flags + values.data.count
            }
        }
    }

    init(rowCount: Int, seed: UInt64) {
        self.rowCount = rowCount
        var random = SeededGenerator(seed: seed)
        let utc = ParquetLogicalType.timestamp(unit: .microseconds, isAdjustedToUTC: true)
        schema = ParquetSchema([
            ParquetColumn("encounter_id", .int64, nullable: false),
            ParquetColumn("patient_id", .int64, nullable: false),
            ParquetColumn("admitted_at", utc, nullable: false),
            ParquetColumn("discharged_at", utc, nullable: true),
            ParquetColumn("site_code", .string, nullable: false),
            ParquetColumn("specialty", .string, nullable: false),
            ParquetColumn("diagnosis_code", .string, nullable: true),
            ParquetColumn("clinician_id", .string, nullable: false),
            ParquetColumn("wait_days", .int32, nullable: false),
            ParquetColumn("cost_gbp", .double, nullable: true),
            ParquetColumn("length_of_stay_hours", .double, nullable: false),
            ParquetColumn("is_emergency", .boolean, nullable: false),
            ParquetColumn("encounter_date", .date, nullable: false),
            ParquetColumn("referral_source", .string, nullable: true),
            ParquetColumn("record_hash", .string, nullable: false),
        ])
        let sites = (0..<20).map { "RX\(String($0, radix: 36).uppercased())0\($0 % 7)" }
        let specialties = (0..<50).map { "Specialty \($0) – \(["Cardiology", "Oncology", "Paediatrics", "Orthopaedics", "Dermatology"][$0 % 5])" }
        let sources = ["GP", "A&E", "Self", "Consultant", "Dentist", "Optometrist", "Other", "Unknown"]
        let base: Int64 = 1_672_531_200_000_000  // 2023-01-01
        var encounterIDs: [Int64] = [], patientIDs: [Int64] = [], admitted: [Int64] = [], discharged: [Int64] = []
        var dischargedValid: [Bool] = [], waits: [Int32] = [], costs: [Double] = [], costValid: [Bool] = []
        var stays: [Double] = [], emergencies: [Bool] = [], dates: [Int32] = []
        var site = ParquetByteArrayColumn(), specialty = ParquetByteArrayColumn(), diagnosis = ParquetByteArrayColumn()
        var diagnosisValid: [Bool] = [], clinician = ParquetByteArrayColumn(), referral = ParquetByteArrayColumn()
        var referralValid: [Bool] = [], hashes = ParquetByteArrayColumn()
        for row in 0..<rowCount {
            encounterIDs.append(10_000_000 + Int64(row))
            patientIDs.append(Int64(random.next() % 200_000) + 1)
            let admittedAt = base + Int64(random.next() % 31_536_000_000_000)
            admitted.append(admittedAt)
            if random.next() % 10 == 0 {
                dischargedValid.append(false)
            } else {
                dischargedValid.append(true)
                discharged.append(admittedAt + Int64(random.next() % 1_209_600_000_000))
            }
            site.append(sites[Int(random.next() % 20)])
            specialty.append(specialties[Int(random.next() % 50)])
            if random.next() % 20 == 0 {
                diagnosisValid.append(false)
            } else {
                diagnosisValid.append(true)
                let code = random.next() % 2_000
                diagnosis.append("\(Character(UnicodeScalar(UInt8(65 + code % 26))))\(10 + code / 26).\(code % 10)")
            }
            clinician.append("C\(String(100_000 + random.next() % 500))")
            waits.append(Int32(random.next() % 400))
            if random.next() % 4 == 0 {
                costValid.append(false)
            } else {
                costValid.append(true)
                costs.append(Double(random.next() % 1_000_000) / 100)
            }
            stays.append(Double(random.next() % 100_000) / 37)
            emergencies.append(random.next() % 3 == 0)
            dates.append(Int32(admittedAt / 86_400_000_000))
            if random.next() % 10 < 3 {
                referralValid.append(false)
            } else {
                referralValid.append(true)
                referral.append(sources[Int(random.next() % 8)])
            }
            let hash = random.next()
            hashes.append(String(hash, radix: 16))
        }
        columns = [
            ParquetColumnData(values: .int64(encounterIDs)),
            ParquetColumnData(values: .int64(patientIDs)),
            ParquetColumnData(values: .int64(admitted)),
            ParquetColumnData(values: .int64(discharged), validity: dischargedValid),
            ParquetColumnData(values: .byteArray(site)),
            ParquetColumnData(values: .byteArray(specialty)),
            ParquetColumnData(values: .byteArray(diagnosis), validity: diagnosisValid),
            ParquetColumnData(values: .byteArray(clinician)),
            ParquetColumnData(values: .int32(waits)),
            ParquetColumnData(values: .double(costs), validity: costValid),
            ParquetColumnData(values: .double(stays)),
            ParquetColumnData(values: .boolean(emergencies)),
            ParquetColumnData(values: .int32(dates)),
            ParquetColumnData(values: .byteArray(referral), validity: referralValid),
            ParquetColumnData(values: .byteArray(hashes)),
        ]
    }
}
