-- materialized: table
-- published: false
WITH raw AS (
    SELECT uc_log_id::text AS uc_log_id, patient_sk::text AS patient_sk, provider_id::text AS provider_id,
        encounter_id::text AS encounter_id, arrival_datetime::text AS arrival_datetime, triage_datetime::text AS triage_datetime,
        seen_by_clinician_datetime::text AS seen_by_clinician_datetime, departure_datetime::text AS departure_datetime,
        triage_category::text AS triage_category, presenting_complaint::text AS presenting_complaint,
        outcome::text AS outcome, source_system::text AS source_system, created_at::text AS created_at,
        updated_at::text AS updated_at, _business_date, _source_run_id
    FROM {{ source('urgent_care_logs') }}
), typed AS (
    SELECT raw.*, try_bigint(uc_log_id) AS t_id, try_bigint(provider_id) AS t_provider, try_bigint(encounter_id) AS t_encounter,
        try_timestamp(arrival_datetime) AS t_arrival, try_timestamp(triage_datetime) AS t_triage,
        try_timestamp(seen_by_clinician_datetime) AS t_seen, try_timestamp(departure_datetime) AS t_departure,
        try_timestamp(created_at) AS t_created, try_timestamp(updated_at) AS t_updated
    FROM raw
)
SELECT
    t_id AS uc_log_id,
    clean_text(patient_sk) AS patient_sk,
    t_provider AS provider_id,
    t_encounter AS encounter_id,
    london_to_utc(t_arrival) AS arrival_datetime,
    london_to_utc(t_triage) AS triage_datetime,
    london_to_utc(t_seen) AS seen_by_clinician_datetime,
    london_to_utc(t_departure) AS departure_datetime,
    -- "Cat 3", "CAT3", "3" -> "Cat 3"; anything else is kept as sent.
    CASE WHEN triage_category ~* '^\s*(cat\s*)?[1-5]\s*$' THEN 'Cat ' || substring(triage_category FROM '[1-5]')
        ELSE clean_text(triage_category) END AS triage_category,
    clean_text(presenting_complaint) AS presenting_complaint,
    upper(clean_text(outcome)) AS outcome,
    clean_text(source_system) AS source_system,
    london_to_utc(t_created) AS created_at,
    london_to_utc(t_updated) AS updated_at,
    _business_date,
    _source_run_id,
    nullif(concat_ws(',',
        CASE WHEN t_id IS NULL THEN 'uc_log_id:missing_or_invalid_integer' END,
        CASE WHEN bad(provider_id, t_provider) THEN 'provider_id:invalid_integer' END,
        CASE WHEN bad(encounter_id, t_encounter) THEN 'encounter_id:invalid_integer' END,
        CASE WHEN t_arrival IS NULL THEN 'arrival_datetime:missing_or_invalid_timestamp' END,
        CASE WHEN bad(triage_datetime, t_triage) THEN 'triage_datetime:invalid_timestamp' END,
        CASE WHEN bad(seen_by_clinician_datetime, t_seen) THEN 'seen_by_clinician_datetime:invalid_timestamp' END,
        CASE WHEN bad(departure_datetime, t_departure) THEN 'departure_datetime:invalid_timestamp' END,
        CASE WHEN t_departure < t_arrival THEN 'departure_datetime:before_arrival' END,
        CASE WHEN bad(created_at, t_created) THEN 'created_at:invalid_timestamp' END,
        CASE WHEN t_updated IS NULL THEN 'updated_at:missing_or_invalid_timestamp' END
    ), '') AS _reject_reason
FROM typed
