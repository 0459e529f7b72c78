import PipelineContracts
import PipelineRuntime
import Postgres

/// Which rows of a table belong to a released business date, per the release-watermark contract.
///
/// A daily release D holds the rows whose cursor column falls on D in Europe/London; the initial load
/// (the backfill, dated on the cut-off date D) holds every row up to the end of D.
package struct ExtractWindow: Sendable, Hashable {
    package var date: BusinessDate
    package var isInitialLoad: Bool

    package init(date: BusinessDate, isInitialLoad: Bool) {
        self.date = date
        self.isInitialLoad = isInitialLoad
    }

    /// The `WHERE` predicate on `cursor`.
    ///
    /// Source `timestamp` values are Europe/London wall-clock times, so the day's bounds are the literal
    /// local midnights; for `timestamptz` the bounds are those midnights in Europe/London (DST-aware,
    /// computed by the server); a `date` cursor compares days. Dates come from ``BusinessDate`` (always
    /// `YYYY-MM-DD`) and the column name from the catalog, quoted.
    ///
    /// - Throws: ``StageError`` `invalid_cursor_column` when the cursor's type is not date/timestamp/timestamptz.
    package func predicate(cursor: SourceColumn, table: String) throws -> String {
        let column = SQLIdentifier.quote(cursor.name)
        let start = "'\(date)'"
        let end = "'\(date.next)'"
        switch cursor.kind {
        case .timestamp:
            let upper = "\(column) < \(end)::timestamp"
            return isInitialLoad ? upper : "\(column) >= \(start)::timestamp AND \(upper)"
        case .timestampUTC:
            let upper = "\(column) < (\(end)::timestamp AT TIME ZONE 'Europe/London')"
            return isInitialLoad ? upper : "\(column) >= (\(start)::timestamp AT TIME ZONE 'Europe/London') AND \(upper)"
        case .date:
            return isInitialLoad ? "\(column) <= \(start)::date" : "\(column) = \(start)::date"
        default:
            throw StageError(
                "invalid_cursor_column",
                "cursor column \(cursor.name) of table \(table) has type \(cursor.typeName); it must be date, timestamp or timestamptz")
        }
    }
}
