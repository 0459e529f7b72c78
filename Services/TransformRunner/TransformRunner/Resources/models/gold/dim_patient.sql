-- materialized: table
-- unique_key: patient_sk
-- One row per patient_sk. Facts join it WITHOUT filtering on is_current, so de-registered patients' activity
-- stays in every measure (is_current only describes registration).
SELECT
    p.patient_sk,
    p.age_band,
    p.sex,
    p.ethnicity_ons,
    coalesce(p.ethnicity_code, 'Z') AS ethnicity_code,
    e.ethnicity_sk,
    p.imd_decile,
    p.imd_label,
    p.deprivation_level,
    p.chronic_conditions_count,
    p.registered_gp_practice_id,
    p.registration_start_date AS valid_from,
    coalesce(p.registration_end_date, date '9999-12-31') AS valid_to,
    p.registration_end_date IS NULL AS is_current
FROM {{ source('patients') }} p
LEFT JOIN {{ ref('dim_ethnicity') }} e ON e.ethnicity_code = coalesce(p.ethnicity_code, 'Z')
