/// The restricted link `patient_id → patient_sk` as of a business date.
///
/// It is rebuilt on every run from the `patient_keys` files of earlier succeeded runs (each holds only the
/// changes first seen on its date), then today's patients are applied. An entry is either a key or
/// `quarantined`: the patient's latest NHS number was invalid, so their events carry a null `patient_sk`.
package struct PatientKeyMap: Sendable {
    /// The state of one patient.
    package enum Entry: Sendable, Hashable {
        case key(String)
        case quarantined
    }

    /// How applying a patient changed the map (the `change` column of `patient_keys`).
    package enum Change: String, Sendable, Hashable, CaseIterable {
        /// First key for this patient.
        case new
        /// The patient's NHS number (hence key) changed, or a quarantined patient became valid.
        case changed
        /// A patient that had a key now has an invalid NHS number.
        case quarantined
    }

    private var entries: [Int64: Entry] = [:]

    package init() {}

    /// Number of patients with a current key.
    package var keyCount: Int { entries.values.reduce(0) { $0 + ($1 == .quarantined ? 0 : 1) } }

    /// The current entry of `patientID`, or nil when the patient has never been seen.
    package func entry(_ patientID: Int64) -> Entry? { entries[patientID] }

    /// The pseudonym events of `patientID` carry, or nil (quarantined or unknown).
    package func patientSK(_ patientID: Int64) -> String? {
        if case .key(let key) = entries[patientID] { return key }
        return nil
    }

    /// Applies a patient's latest state; returns the change to record, or nil when nothing changed.
    ///
    /// A patient never seen before who is invalid is not recorded (unknown and quarantined both resolve to null).
    @discardableResult
    package mutating func apply(patientID: Int64, _ entry: Entry) -> Change? {
        let previous = entries[patientID]
        switch (previous, entry) {
        case (nil, .quarantined), (.quarantined?, .quarantined):
            entries[patientID] = .quarantined
            return nil
        case (nil, .key):
            entries[patientID] = entry
            return .new
        case (.key(let old)?, .key(let new)):
            guard old != new else { return nil }
            entries[patientID] = entry
            return .changed
        case (.quarantined?, .key):
            entries[patientID] = entry
            return .changed
        case (.key?, .quarantined):
            entries[patientID] = .quarantined
            return .quarantined
        }
    }

    /// Replays a recorded change from a `patient_keys` file (a null key means quarantined).
    package mutating func replay(patientID: Int64, patientSK: String?) {
        entries[patientID] = patientSK.map(Entry.key) ?? .quarantined
    }
}
