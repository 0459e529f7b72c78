-- materialized: table
-- unique_key: provider_code
-- Sites from the latest reference version (staff names and e-mails are never carried).
SELECT provider_id, provider_code, site_name, provider_type, parent_trust_name, ics_region, address_line_1, city,
    postcode, postcode_sector, lsoa_code, is_main_site, site_status, has_ed, has_inpatient_beds, size_band,
    opening_hours, service_lines, _business_date, _source_run_id
FROM (
    SELECT s.*, row_number() OVER (PARTITION BY provider_code ORDER BY _business_date DESC, _source_run_id DESC, provider_id) AS rn
    FROM {{ ref('stg_providers') }} s
    WHERE _reject_reason IS NULL
) ranked
WHERE rn = 1
