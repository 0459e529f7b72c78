-- materialized: incremental
-- unique_key: uc_log_id
-- order_by: updated_at DESC NULLS LAST, _business_date DESC, _source_run_id DESC
SELECT uc_log_id, patient_sk, provider_id, encounter_id, arrival_datetime, triage_datetime, seen_by_clinician_datetime,
    departure_datetime, triage_category, presenting_complaint, outcome, source_system, created_at, updated_at,
    _business_date, _source_run_id
FROM {{ ref('stg_urgent_care') }}
WHERE _reject_reason IS NULL
