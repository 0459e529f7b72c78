-- materialized: table
-- published: false
-- LSOA -> IMD decile from the latest reference lookup (one row per LSOA; valid deciles only).
SELECT lsoa_code, imd_decile, imd_rank
FROM (
    SELECT upper(clean_text(lsoa_code::text)) AS lsoa_code, try_int(imd_decile::text) AS imd_decile,
        try_int(imd_rank::text) AS imd_rank,
        row_number() OVER (PARTITION BY upper(clean_text(lsoa_code::text)) ORDER BY _business_date DESC, _source_run_id DESC) AS rn
    FROM {{ source('lsoa_imd') }}
) l
WHERE rn = 1 AND lsoa_code IS NOT NULL AND imd_decile BETWEEN 1 AND 10
