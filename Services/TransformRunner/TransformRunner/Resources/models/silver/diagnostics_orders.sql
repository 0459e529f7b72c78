-- materialized: incremental
-- unique_key: diagnostic_id
-- order_by: _business_date DESC, _source_run_id DESC, result_date IS NULL, performed_date IS NULL
-- The feed has no updated_at: a later export date's version of an order wins; within one export (the initial
-- load carries an order's whole history) the most progressed version wins: resulted, then performed, then requested.
SELECT diagnostic_id, patient_sk, referral_id, encounter_id, provider_id, test_type, test_panel, request_date,
    performed_date, result_date, result_flag, _business_date, _source_run_id
FROM {{ ref('stg_diagnostics_orders') }}
WHERE _reject_reason IS NULL
