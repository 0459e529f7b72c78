-- materialized: table
-- published: false
WITH raw AS (
    SELECT diagnosis_id::text AS diagnosis_id, patient_sk::text AS patient_sk, encounter_id::text AS encounter_id,
        diagnosis_code::text AS diagnosis_code, diagnosis_desc::text AS diagnosis_desc, diagnosis_type::text AS diagnosis_type,
        coded_datetime::text AS coded_datetime, clinical_datetime::text AS clinical_datetime,
        source_system::text AS source_system, created_at::text AS created_at, updated_at::text AS updated_at,
        _business_date, _source_run_id
    FROM {{ source('diagnoses') }}
), typed AS (
    SELECT raw.*, try_bigint(diagnosis_id) AS t_id, try_bigint(encounter_id) AS t_encounter,
        try_timestamp(coded_datetime) AS t_coded, try_timestamp(clinical_datetime) AS t_clinical,
        try_timestamp(created_at) AS t_created, try_timestamp(updated_at) AS t_updated
    FROM raw
)
SELECT
    t_id AS diagnosis_id,
    clean_text(patient_sk) AS patient_sk,
    t_encounter AS encounter_id,
    clean_text(diagnosis_code) AS diagnosis_code,
    clean_text(diagnosis_desc) AS diagnosis_desc,
    upper(clean_text(diagnosis_type)) AS diagnosis_type,
    london_to_utc(t_coded) AS coded_datetime,
    london_to_utc(t_clinical) AS clinical_datetime,
    clean_text(source_system) AS source_system,
    london_to_utc(t_created) AS created_at,
    london_to_utc(t_updated) AS updated_at,
    _business_date,
    _source_run_id,
    nullif(concat_ws(',',
        CASE WHEN t_id IS NULL THEN 'diagnosis_id:missing_or_invalid_integer' END,
        CASE WHEN bad(encounter_id, t_encounter) THEN 'encounter_id:invalid_integer' END,
        CASE WHEN is_blank(diagnosis_code) THEN 'diagnosis_code:missing' END,
        CASE WHEN bad(coded_datetime, t_coded) THEN 'coded_datetime:invalid_timestamp' END,
        CASE WHEN bad(clinical_datetime, t_clinical) THEN 'clinical_datetime:invalid_timestamp' END,
        CASE WHEN bad(created_at, t_created) THEN 'created_at:invalid_timestamp' END,
        CASE WHEN t_updated IS NULL THEN 'updated_at:missing_or_invalid_timestamp' END
    ), '') AS _reject_reason
FROM typed
