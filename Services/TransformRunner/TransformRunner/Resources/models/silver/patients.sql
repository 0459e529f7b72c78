-- materialized: table
-- unique_key: patient_sk
-- Silver patients: latest version per patient_sk; IMD decile re-derived from LSOA (the source decile is
-- discarded); ethnicity label mapped to its NHS ethnic category code (null label -> Z, not stated).
SELECT
    p.patient_sk,
    p.age_band,
    p.sex,
    p.ethnicity_ons,
    CASE WHEN p.ethnicity_ons IS NULL THEN 'Z' ELSE m.ethnicity_code END AS ethnicity_code,
    l.imd_decile,
    i.imd_label,
    i.deprivation_level,
    p.lsoa_code,
    p.chronic_conditions_count,
    p.registered_gp_practice_id,
    p.registration_start_date,
    p.registration_end_date,
    p.is_active,
    p.updated_at,
    p._business_date,
    p._source_run_id
FROM {{ ref('patients_latest') }} p
LEFT JOIN {{ ref('lsoa_lookup') }} l ON l.lsoa_code = p.lsoa_code
LEFT JOIN (SELECT try_int(imd_decile) AS imd_decile, imd_label, deprivation_level FROM {{ source('seed_imd') }}) i
    ON i.imd_decile = l.imd_decile
LEFT JOIN {{ ref('ethnicity_mapping') }} m ON m.label_key = lower(p.ethnicity_ons)
