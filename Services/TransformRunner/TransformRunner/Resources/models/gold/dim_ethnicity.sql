-- materialized: table
-- unique_key: ethnicity_code
-- NHS Data Dictionary ethnic categories (A–S, Z not stated).
SELECT
    row_number() OVER (ORDER BY ethnicity_code)::integer AS ethnicity_sk,
    ethnicity_code,
    ethnicity_label,
    ethnicity_group
FROM {{ source('seed_ethnicity') }}
