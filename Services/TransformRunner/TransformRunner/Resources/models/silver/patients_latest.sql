-- materialized: incremental
-- unique_key: patient_sk
-- order_by: updated_at DESC NULLS LAST, _business_date DESC, _source_run_id DESC
-- previous: patients
-- published: false
-- The latest version of every patient: previous snapshot plus new versions, deduplicated.
SELECT patient_sk, age_band, sex, ethnicity_ons, lsoa_code, chronic_conditions_count, registered_gp_practice_id,
    registration_start_date, registration_end_date, is_active, updated_at, _business_date, _source_run_id
FROM {{ ref('stg_patients') }}
WHERE _reject_reason IS NULL
