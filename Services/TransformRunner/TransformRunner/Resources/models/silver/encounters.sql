-- materialized: incremental
-- unique_key: encounter_id
-- order_by: updated_at DESC NULLS LAST, _business_date DESC, _source_run_id DESC
SELECT encounter_id, patient_sk, provider_id, encounter_datetime_start, encounter_datetime_end, encounter_type,
    source_system, clinician_id, priority, was_attended, first_attendance_flag, primary_condition_code, wait_time_days,
    created_at, updated_at, _business_date, _source_run_id
FROM {{ ref('stg_encounters') }}
WHERE _reject_reason IS NULL
