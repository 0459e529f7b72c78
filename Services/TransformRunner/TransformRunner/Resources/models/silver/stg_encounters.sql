-- materialized: table
-- published: false
WITH raw AS (
    SELECT encounter_id::text AS encounter_id, patient_sk::text AS patient_sk, provider_id::text AS provider_id,
        encounter_datetime_start::text AS encounter_datetime_start, encounter_datetime_end::text AS encounter_datetime_end,
        encounter_type::text AS encounter_type, source_system::text AS source_system, clinician_id::text AS clinician_id,
        priority::text AS priority, was_attended::text AS was_attended, first_attendance_flag::text AS first_attendance_flag,
        primary_condition_code::text AS primary_condition_code, wait_time_days::text AS wait_time_days,
        created_at::text AS created_at, updated_at::text AS updated_at, _business_date, _source_run_id
    FROM {{ source('encounters') }}
), typed AS (
    SELECT raw.*, try_bigint(encounter_id) AS t_id, try_bigint(provider_id) AS t_provider,
        try_timestamp(encounter_datetime_start) AS t_start, try_timestamp(encounter_datetime_end) AS t_end,
        try_bigint(clinician_id) AS t_clinician, try_bool(was_attended) AS t_attended,
        try_bool(first_attendance_flag) AS t_first, try_int(wait_time_days) AS t_wait,
        try_timestamp(created_at) AS t_created, try_timestamp(updated_at) AS t_updated
    FROM raw
)
SELECT
    t_id AS encounter_id,
    clean_text(patient_sk) AS patient_sk,
    t_provider AS provider_id,
    london_to_utc(t_start) AS encounter_datetime_start,
    london_to_utc(t_end) AS encounter_datetime_end,
    upper(clean_text(encounter_type)) AS encounter_type,
    clean_text(source_system) AS source_system,
    t_clinician AS clinician_id,
    upper(clean_text(priority)) AS priority,
    t_attended AS was_attended,
    t_first AS first_attendance_flag,
    clean_text(primary_condition_code) AS primary_condition_code,
    t_wait AS wait_time_days,
    london_to_utc(t_created) AS created_at,
    london_to_utc(t_updated) AS updated_at,
    _business_date,
    _source_run_id,
    nullif(concat_ws(',',
        CASE WHEN t_id IS NULL THEN 'encounter_id:missing_or_invalid_integer' END,
        CASE WHEN bad(provider_id, t_provider) THEN 'provider_id:invalid_integer' END,
        CASE WHEN t_start IS NULL THEN 'encounter_datetime_start:missing_or_invalid_timestamp' END,
        CASE WHEN bad(encounter_datetime_end, t_end) THEN 'encounter_datetime_end:invalid_timestamp' END,
        CASE WHEN bad(clinician_id, t_clinician) THEN 'clinician_id:invalid_integer' END,
        CASE WHEN bad(was_attended, t_attended) THEN 'was_attended:invalid_boolean' END,
        CASE WHEN bad(first_attendance_flag, t_first) THEN 'first_attendance_flag:invalid_boolean' END,
        CASE WHEN bad(wait_time_days, t_wait) OR t_wait < 0 THEN 'wait_time_days:invalid_integer' END,
        CASE WHEN bad(created_at, t_created) THEN 'created_at:invalid_timestamp' END,
        CASE WHEN t_updated IS NULL THEN 'updated_at:missing_or_invalid_timestamp' END
    ), '') AS _reject_reason
FROM typed
