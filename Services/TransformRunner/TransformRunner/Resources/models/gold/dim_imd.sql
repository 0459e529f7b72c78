-- materialized: table
-- unique_key: imd_decile
SELECT
    row_number() OVER (ORDER BY try_int(imd_decile))::integer AS imd_sk,
    try_int(imd_decile) AS imd_decile,
    imd_label,
    deprivation_level
FROM {{ source('seed_imd') }}
