-- materialized: table
-- published: false
-- Unsuppressed cells: metric x period x stratifier x stratum with counts, value and the spread needed for
-- confidence intervals (standard deviation for medians). Sums run in numeric, which is exact: a floating-point
-- sum depends on the order rows arrive in, and the same inputs must give the same bytes in every run.
SELECT e.metric_name, e.metric_type, e.period, s.stratifier, s.stratum,
    CASE WHEN e.metric_type = 'proportion' THEN sum(e.outcome::numeric)::bigint END AS numerator,
    count(*)::bigint AS population_count,
    CASE WHEN e.metric_type = 'median' THEN percentile_cont(0.5) WITHIN GROUP (ORDER BY e.outcome)
        ELSE avg(e.outcome::numeric)::double precision END AS metric_value,
    coalesce(stddev_samp(e.outcome::numeric), 0)::double precision AS value_sd
FROM {{ ref('inequality_events') }} e
CROSS JOIN LATERAL (VALUES ('imd_decile', e.imd_decile), ('age_band', e.age_band),
    ('ethnicity_code', e.ethnicity_code), ('sex', e.sex)) AS s(stratifier, stratum)
GROUP BY e.metric_name, e.metric_type, e.period, s.stratifier, s.stratum
