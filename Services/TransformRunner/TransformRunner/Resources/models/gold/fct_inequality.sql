-- materialized: computed
-- computed_by: inequality
-- unique_key: metric_name, period, stratifier, stratum
-- OHID Fingertips long form with 95% CIs, SII/RII (PHE method) and disclosure control, computed in Swift
-- (InequalityComputation) from the unsuppressed cells below.
SELECT metric_name, metric_type, period, stratifier, stratum, numerator, population_count, metric_value, value_sd
FROM {{ ref('inequality_cells') }}
ORDER BY metric_name, period, stratifier, stratum
