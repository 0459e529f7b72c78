-- materialized: table
-- published: false
-- Source ethnicity label (case-insensitive) -> NHS Data Dictionary ethnic category code. The Trust's mapping
-- from reference data wins; the bundled seed fills labels it does not list.
SELECT label_key, ethnicity_code
FROM (
    SELECT label_key, ethnicity_code, row_number() OVER (PARTITION BY label_key ORDER BY priority) AS rn
    FROM (
        SELECT lower(clean_text(ethnicity_label::text)) AS label_key, upper(clean_text(ethnicity_code::text)) AS ethnicity_code, 1 AS priority
        FROM {{ source('ethnicity_codes') }}
        UNION ALL
        SELECT lower(clean_text(ethnicity_label)), upper(clean_text(ethnicity_code)), 2
        FROM {{ source('seed_ethnicity_mapping') }}
    ) m
    WHERE label_key IS NOT NULL AND ethnicity_code ~ '^[A-Z]$'
) ranked
WHERE rn = 1
