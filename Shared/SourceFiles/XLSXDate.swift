import PipelineContracts

/// Excel serial dates.
///
/// In the default 1900 date system serial 1 is 1900-01-01 and serial 60 is the non-existent 1900-02-29 (kept
/// for Lotus 1-2-3 compatibility), so serials from 61 on are one day ahead of a plain count. In the 1904
/// system (old Mac workbooks) serial 0 is 1904-01-01.
package enum XLSXDate {
    /// The workbook's date system.
    package enum System: Sendable, Hashable {
        case date1900
        case date1904
    }

    /// Days since 1970-01-01 and seconds into that day for `serial`, or nil for serial 60 in the 1900 system
    /// (1900-02-29 does not exist), negatives, or non-finite values.
    package static func dayAndSeconds(serial: Double, system: System = .date1900) -> (days: Int, seconds: Int)? {
        guard serial.isFinite, serial >= 0, serial < 2_958_466 else { return nil }
        var whole = Int(serial.rounded(.down))
        var seconds = Int(((serial - Double(whole)) * 86_400).rounded())
        if seconds == 86_400 {
            whole += 1
            seconds = 0
        }
        switch system {
        case .date1904:
            return (whole - 24_107, seconds)
        case .date1900:
            if whole == 60 { return nil }
            return (whole < 60 ? whole - 25_568 : whole - 25_569, seconds)
        }
    }

    /// `YYYY-MM-DD`, or `YYYY-MM-DD HH:MM:SS` when the serial has a time of day.
    package static func isoText(serial: Double, system: System = .date1900) -> String? {
        guard let (days, seconds) = dayAndSeconds(serial: serial, system: system) else { return nil }
        let date = CivilDate.date(days: days)
        var text = "\(pad(date.year, 4))-\(pad(date.month, 2))-\(pad(date.day, 2))"
        if seconds > 0 {
            text += " \(pad(seconds / 3600, 2)):\(pad(seconds / 60 % 60, 2)):\(pad(seconds % 60, 2))"
        }
        return text
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return String(repeating: "0", count: max(0, width - text.count)) + text
    }
}
