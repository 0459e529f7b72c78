-- materialized: table
-- unique_key: uc_log_id
-- A&E attendances. Breaches on arrival -> departure: 4 hours (> 240 min), 12 hours (> 720 min). A null
-- departure means still in the department at the end of D: the flag is true once the wait so far already
-- exceeds the threshold, otherwise null (not yet known) — never a silent non-breach.
WITH a AS (
    SELECT u.*, minutes_between(arrival_datetime, coalesce(departure_datetime, {{ var('as_of_end') }})) AS minutes_so_far
    FROM {{ source('urgent_care') }} u
    WHERE arrival_datetime < {{ var('as_of_end') }}
)
SELECT
    a.uc_log_id,
    a.patient_sk,
    a.provider_id,
    si.site_sk,
    a.encounter_id,
    a.arrival_datetime,
    a.triage_datetime,
    a.seen_by_clinician_datetime,
    a.departure_datetime,
    minutes_between(a.arrival_datetime, a.triage_datetime) AS arrival_to_triage_mins,
    minutes_between(a.arrival_datetime, a.seen_by_clinician_datetime) AS arrival_to_seen_mins,
    minutes_between(a.arrival_datetime, a.departure_datetime) AS arrival_to_discharge_mins,
    a.departure_datetime IS NULL AS still_in_department_flag,
    CASE WHEN a.minutes_so_far > 240 THEN true WHEN a.departure_datetime IS NOT NULL THEN false END AS four_hour_breach_flag,
    CASE WHEN a.minutes_so_far > 720 THEN true WHEN a.departure_datetime IS NOT NULL THEN false END AS twelve_hour_breach_flag,
    lower(a.outcome) IN ('admitted', 'admission') AS admitted_flag,
    a.triage_category,
    a.presenting_complaint,
    a.outcome,
    london_month(a.arrival_datetime) AS arrival_month,
    extract(dow FROM a.arrival_datetime AT TIME ZONE 'Europe/London')::integer AS arrival_day_of_week,
    extract(hour FROM a.arrival_datetime AT TIME ZONE 'Europe/London')::integer AS arrival_hour
FROM a
LEFT JOIN {{ ref('dim_site') }} si ON si.provider_id = a.provider_id
