-- materialized: incremental
-- unique_key: diagnostic_id
-- order_by: _business_date DESC, _source_run_id DESC
-- The feed has no updated_at: a later export date's version of an order wins.
SELECT diagnostic_id, patient_sk, referral_id, encounter_id, provider_id, test_type, test_panel, request_date,
    performed_date, result_date, result_flag, _business_date, _source_run_id
FROM {{ ref('stg_diagnostics_orders') }}
WHERE _reject_reason IS NULL
