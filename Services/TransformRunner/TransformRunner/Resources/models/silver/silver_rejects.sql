-- materialized: table
-- Rows of this run's inputs that failed a cast or a required value: table, key (never a person identifier
-- beyond the pseudonymous record id), the reasons, and lineage. Counted in metrics; the DQ gate reads it.
SELECT 'patients'::text AS table_name, NULL::text AS record_key, _reject_reason AS reason, _business_date, _source_run_id
FROM {{ ref('stg_patients') }} WHERE _reject_reason IS NOT NULL
UNION ALL
SELECT 'encounters', encounter_id::text, _reject_reason, _business_date, _source_run_id
FROM {{ ref('stg_encounters') }} WHERE _reject_reason IS NOT NULL
UNION ALL
SELECT 'referrals', referral_id::text, _reject_reason, _business_date, _source_run_id
FROM {{ ref('stg_referrals') }} WHERE _reject_reason IS NOT NULL
UNION ALL
SELECT 'diagnoses', diagnosis_id::text, _reject_reason, _business_date, _source_run_id
FROM {{ ref('stg_diagnoses') }} WHERE _reject_reason IS NOT NULL
UNION ALL
SELECT 'urgent_care', uc_log_id::text, _reject_reason, _business_date, _source_run_id
FROM {{ ref('stg_urgent_care') }} WHERE _reject_reason IS NOT NULL
UNION ALL
SELECT 'appointments', appointment_id, _reject_reason, _business_date, _source_run_id
FROM {{ ref('stg_appointments') }} WHERE _reject_reason IS NOT NULL
UNION ALL
SELECT 'diagnostics_orders', diagnostic_id::text, _reject_reason, _business_date, _source_run_id
FROM {{ ref('stg_diagnostics_orders') }} WHERE _reject_reason IS NOT NULL
UNION ALL
SELECT 'providers', provider_code, _reject_reason, _business_date, _source_run_id
FROM {{ ref('stg_providers') }} WHERE _reject_reason IS NOT NULL
