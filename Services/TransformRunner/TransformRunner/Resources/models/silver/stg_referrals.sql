-- materialized: table
-- published: false
WITH raw AS (
    SELECT referral_id::text AS referral_id, patient_sk::text AS patient_sk, source_provider_id::text AS source_provider_id,
        target_provider_id::text AS target_provider_id, referral_datetime::text AS referral_datetime,
        referral_type::text AS referral_type, referral_specialty::text AS referral_specialty, status::text AS status,
        created_at::text AS created_at, updated_at::text AS updated_at, _business_date, _source_run_id
    FROM {{ source('referrals') }}
), typed AS (
    SELECT raw.*, try_bigint(referral_id) AS t_id, try_bigint(source_provider_id) AS t_source,
        try_bigint(target_provider_id) AS t_target, try_timestamp(referral_datetime) AS t_when,
        try_timestamp(created_at) AS t_created, try_timestamp(updated_at) AS t_updated
    FROM raw
)
SELECT
    t_id AS referral_id,
    clean_text(patient_sk) AS patient_sk,
    t_source AS source_provider_id,
    t_target AS target_provider_id,
    london_to_utc(t_when) AS referral_datetime,
    upper(clean_text(referral_type)) AS referral_type,
    clean_text(referral_specialty) AS referral_specialty,
    upper(clean_text(status)) AS status,
    london_to_utc(t_created) AS created_at,
    london_to_utc(t_updated) AS updated_at,
    _business_date,
    _source_run_id,
    nullif(concat_ws(',',
        CASE WHEN t_id IS NULL THEN 'referral_id:missing_or_invalid_integer' END,
        CASE WHEN bad(source_provider_id, t_source) THEN 'source_provider_id:invalid_integer' END,
        CASE WHEN bad(target_provider_id, t_target) THEN 'target_provider_id:invalid_integer' END,
        CASE WHEN t_when IS NULL THEN 'referral_datetime:missing_or_invalid_timestamp' END,
        CASE WHEN bad(created_at, t_created) THEN 'created_at:invalid_timestamp' END,
        CASE WHEN t_updated IS NULL THEN 'updated_at:missing_or_invalid_timestamp' END
    ), '') AS _reject_reason
FROM typed
