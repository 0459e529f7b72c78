-- materialized: incremental
-- unique_key: diagnosis_id
-- order_by: updated_at DESC NULLS LAST, _business_date DESC, _source_run_id DESC
SELECT diagnosis_id, patient_sk, encounter_id, diagnosis_code, diagnosis_desc, diagnosis_type, coded_datetime,
    clinical_datetime, source_system, created_at, updated_at, _business_date, _source_run_id
FROM {{ ref('stg_diagnoses') }}
WHERE _reject_reason IS NULL
