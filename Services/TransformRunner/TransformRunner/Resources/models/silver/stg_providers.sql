-- materialized: table
-- published: false
WITH raw AS (
    SELECT provider_id::text AS provider_id, provider_code::text AS provider_code, site_name::text AS site_name,
        provider_type::text AS provider_type, parent_trust_name::text AS parent_trust_name, ics_region::text AS ics_region,
        address_line_1::text AS address_line_1, city::text AS city, postcode::text AS postcode,
        postcode_sector::text AS postcode_sector, lsoa_code::text AS lsoa_code, is_main_site::text AS is_main_site,
        site_status::text AS site_status, has_ed::text AS has_ed, has_inpatient_beds::text AS has_inpatient_beds,
        size_band::text AS size_band, opening_hours::text AS opening_hours, service_lines::text AS service_lines,
        _business_date, _source_run_id
    FROM {{ source('providers') }}
), typed AS (
    SELECT raw.*, try_bigint(provider_id) AS t_id, try_bool(is_main_site) AS t_main, try_bool(has_ed) AS t_ed,
        try_bool(has_inpatient_beds) AS t_beds
    FROM raw
)
SELECT
    t_id AS provider_id, clean_text(provider_code) AS provider_code, clean_text(site_name) AS site_name,
    upper(clean_text(provider_type)) AS provider_type, clean_text(parent_trust_name) AS parent_trust_name,
    clean_text(ics_region) AS ics_region, clean_text(address_line_1) AS address_line_1, clean_text(city) AS city,
    clean_text(postcode) AS postcode, clean_text(postcode_sector) AS postcode_sector, upper(clean_text(lsoa_code)) AS lsoa_code,
    t_main AS is_main_site, upper(clean_text(site_status)) AS site_status, t_ed AS has_ed, t_beds AS has_inpatient_beds,
    upper(clean_text(size_band)) AS size_band, clean_text(opening_hours) AS opening_hours,
    clean_text(service_lines) AS service_lines, _business_date, _source_run_id,
    nullif(concat_ws(',',
        CASE WHEN t_id IS NULL THEN 'provider_id:missing_or_invalid_integer' END,
        CASE WHEN is_blank(provider_code) THEN 'provider_code:missing' END,
        CASE WHEN bad(is_main_site, t_main) THEN 'is_main_site:invalid_boolean' END,
        CASE WHEN bad(has_ed, t_ed) THEN 'has_ed:invalid_boolean' END,
        CASE WHEN bad(has_inpatient_beds, t_beds) THEN 'has_inpatient_beds:invalid_boolean' END
    ), '') AS _reject_reason
FROM typed
