-- materialized: table
-- published: false
-- Typed, validated new patient versions from pseudonymised patient_demographics.
WITH raw AS (
    SELECT patient_sk::text AS patient_sk, age_band::text AS age_band, sex::text AS sex,
        ethnicity_ons::text AS ethnicity_ons, chronic_conditions_count::text AS chronic_conditions_count,
        lsoa_code::text AS lsoa_code, registered_gp_practice_id::text AS registered_gp_practice_id,
        registration_start_date::text AS registration_start_date, registration_end_date::text AS registration_end_date,
        is_active::text AS is_active, updated_at::text AS updated_at, _business_date, _source_run_id
    FROM {{ source('patient_demographics') }}
), typed AS (
    SELECT raw.*, try_int(chronic_conditions_count) AS t_chronic, try_date(registration_start_date) AS t_start,
        try_date(registration_end_date) AS t_end, try_bool(is_active) AS t_active, try_timestamp(updated_at) AS t_updated
    FROM raw
)
SELECT
    clean_text(patient_sk) AS patient_sk,
    clean_text(age_band) AS age_band,
    CASE WHEN upper(btrim(sex)) IN ('M', 'F', 'I', 'U') THEN upper(btrim(sex)) ELSE 'U' END AS sex,
    clean_text(ethnicity_ons) AS ethnicity_ons,
    upper(clean_text(lsoa_code)) AS lsoa_code,
    t_chronic AS chronic_conditions_count,
    clean_text(registered_gp_practice_id) AS registered_gp_practice_id,
    t_start AS registration_start_date,
    t_end AS registration_end_date,
    t_active AS is_active,
    london_to_utc(t_updated) AS updated_at,
    _business_date,
    _source_run_id,
    nullif(concat_ws(',',
        CASE WHEN is_blank(patient_sk) THEN 'patient_sk:missing' END,
        CASE WHEN bad(chronic_conditions_count, t_chronic) OR t_chronic < 0 THEN 'chronic_conditions_count:invalid_integer' END,
        CASE WHEN bad(registration_start_date, t_start) THEN 'registration_start_date:invalid_date' END,
        CASE WHEN bad(registration_end_date, t_end) THEN 'registration_end_date:invalid_date' END,
        CASE WHEN bad(is_active, t_active) THEN 'is_active:invalid_boolean' END,
        CASE WHEN t_updated IS NULL THEN 'updated_at:missing_or_invalid_timestamp' END
    ), '') AS _reject_reason
FROM typed
