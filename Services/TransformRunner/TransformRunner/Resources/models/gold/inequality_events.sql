-- materialized: table
-- published: false
-- One row per (metric, event) with the event's period, outcome and the patient's strata. Only events with a
-- patient_sk count (quarantined / unknown patients cannot be stratified).
WITH events AS (
    SELECT 'wait_time_median'::text AS metric_name, 'median'::text AS metric_type, treatment_month AS period,
        patient_sk, wait_days::double precision AS outcome
    FROM {{ ref('fct_wait_times') }} WHERE pathway_status = 'completed'
    UNION ALL
    SELECT 'rtt_breach_rate', 'proportion', treatment_month, patient_sk, CASE WHEN rtt_breach_flag THEN 1 ELSE 0 END
    FROM {{ ref('fct_wait_times') }} WHERE pathway_status = 'completed'
    UNION ALL
    SELECT 'rtt_incomplete_within_18_weeks_rate', 'proportion', date_trunc('month', {{ var('as_of_date') }})::date,
        patient_sk, CASE WHEN within_18_weeks_flag THEN 1 ELSE 0 END
    FROM {{ ref('fct_wait_times') }} WHERE pathway_status = 'incomplete'
    UNION ALL
    SELECT 'dm01_breach_rate', 'proportion', dm01_performed_month, patient_sk, CASE WHEN dm01_breach_flag THEN 1 ELSE 0 END
    FROM {{ ref('fct_wait_times') }} WHERE dm01_status = 'performed'
    UNION ALL
    SELECT 'four_hour_breach_rate', 'proportion', arrival_month, patient_sk, CASE WHEN four_hour_breach_flag THEN 1 ELSE 0 END
    FROM {{ ref('fct_urgent_care') }} WHERE four_hour_breach_flag IS NOT NULL
    UNION ALL
    SELECT 'twelve_hour_breach_rate', 'proportion', arrival_month, patient_sk, CASE WHEN twelve_hour_breach_flag THEN 1 ELSE 0 END
    FROM {{ ref('fct_urgent_care') }} WHERE twelve_hour_breach_flag IS NOT NULL
    UNION ALL
    SELECT 'dna_rate', 'proportion', appointment_month, patient_sk, CASE WHEN dna_flag THEN 1 ELSE 0 END
    FROM {{ ref('fct_utilisation') }}
)
SELECT e.metric_name, e.metric_type, e.period, e.outcome,
    coalesce(p.imd_decile::text, 'Unknown') AS imd_decile,
    coalesce(p.age_band, 'Unknown') AS age_band,
    coalesce(p.ethnicity_code, 'Z') AS ethnicity_code,
    coalesce(p.sex, 'U') AS sex
FROM events e
JOIN {{ ref('dim_patient') }} p ON p.patient_sk = e.patient_sk
WHERE e.period IS NOT NULL AND e.outcome IS NOT NULL
