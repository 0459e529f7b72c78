/// One SQL model: a single `.sql` file that defines one table of a layer.
///
/// The file starts with header comments declaring how it is built:
///
/// ```sql
/// -- materialized: incremental        (table | view | incremental | computed)
/// -- unique_key: encounter_id         (incremental: dedup key; table: documentation)
/// -- order_by: updated_at DESC NULLS LAST, _business_date DESC, _source_run_id DESC
/// -- previous: patients               (incremental: the published dataset holding the previous snapshot)
/// -- published: false                 (default true for table/incremental/computed, false for view)
/// -- computed_by: inequality          (computed: the Swift computation fed with this query's rows)
/// ```
///
/// Dependencies come from `{{ ref('model') }}` and `{{ source('input') }}` in the body; `{{ var('name') }}`
/// inserts a run variable as an SQL literal.
package struct SQLModel: Sendable, Hashable {
    /// How a model is materialised in the run schema.
    package enum Materialization: String, Sendable, Hashable {
        /// `CREATE TABLE … AS <body>`.
        case table
        /// `CREATE VIEW … AS <body>` (never published).
        case view
        /// The body gives new rows; they are unioned with the previous snapshot and deduplicated on
        /// `unique_key` by `order_by` (first row wins).
        case incremental
        /// The body's rows are handed to a Swift computation that returns the table's rows.
        case computed
    }

    package var name: String
    package var materialization: Materialization
    package var uniqueKey: [String]
    package var orderBy: String?
    package var previous: String?
    package var published: Bool
    package var computedBy: String?
    /// The SQL body with its templates unresolved.
    package var body: String
    /// Models named by `ref()`, in order of first use.
    package var refs: [String]
    /// Inputs named by `source()`, in order of first use.
    package var sources: [String]

    /// The dataset holding this model's previous snapshot (incremental models).
    package var previousDataset: String { previous ?? name }
}
