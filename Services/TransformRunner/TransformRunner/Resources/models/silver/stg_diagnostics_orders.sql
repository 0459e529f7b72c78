-- materialized: table
-- published: false
WITH raw AS (
    SELECT diagnostic_id::text AS diagnostic_id, patient_sk::text AS patient_sk, referral_id::text AS referral_id,
        encounter_id::text AS encounter_id, provider_id::text AS provider_id, test_type::text AS test_type,
        test_panel::text AS test_panel, request_date::text AS request_date, performed_date::text AS performed_date,
        result_date::text AS result_date, result_flag::text AS result_flag, _business_date, _source_run_id
    FROM {{ source('diagnostics_orders') }}
), typed AS (
    SELECT raw.*, try_bigint(diagnostic_id) AS t_id, try_bigint(referral_id) AS t_referral,
        try_bigint(encounter_id) AS t_encounter, try_bigint(provider_id) AS t_provider, try_date(request_date) AS t_request,
        try_date(performed_date) AS t_performed, try_date(result_date) AS t_result
    FROM raw
)
SELECT
    t_id AS diagnostic_id,
    clean_text(patient_sk) AS patient_sk,
    t_referral AS referral_id,
    t_encounter AS encounter_id,
    t_provider AS provider_id,
    lower(clean_text(test_type)) AS test_type,
    clean_text(test_panel) AS test_panel,
    t_request AS request_date,
    t_performed AS performed_date,
    t_result AS result_date,
    lower(clean_text(result_flag)) AS result_flag,
    _business_date,
    _source_run_id,
    nullif(concat_ws(',',
        CASE WHEN t_id IS NULL THEN 'diagnostic_id:missing_or_invalid_integer' END,
        CASE WHEN bad(referral_id, t_referral) THEN 'referral_id:invalid_integer' END,
        CASE WHEN bad(encounter_id, t_encounter) THEN 'encounter_id:invalid_integer' END,
        CASE WHEN bad(provider_id, t_provider) THEN 'provider_id:invalid_integer' END,
        CASE WHEN t_request IS NULL THEN 'request_date:missing_or_invalid_date' END,
        CASE WHEN bad(performed_date, t_performed) THEN 'performed_date:invalid_date' END,
        CASE WHEN bad(result_date, t_result) THEN 'result_date:invalid_date' END
    ), '') AS _reject_reason
FROM typed
