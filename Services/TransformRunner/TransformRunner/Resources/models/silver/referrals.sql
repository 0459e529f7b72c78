-- materialized: incremental
-- unique_key: referral_id
-- order_by: updated_at DESC NULLS LAST, _business_date DESC, _source_run_id DESC
SELECT referral_id, patient_sk, source_provider_id, target_provider_id, referral_datetime, referral_type,
    referral_specialty, status, created_at, updated_at, _business_date, _source_run_id
FROM {{ ref('stg_referrals') }}
WHERE _reject_reason IS NULL
