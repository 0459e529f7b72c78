-- materialized: table
-- unique_key: provider_id
-- Every site (not only ACTIVE ones, so facts at closed or oddly-coded sites keep their site_sk);
-- site_label is unique where site names are not.
SELECT
    row_number() OVER (ORDER BY provider_code)::integer AS site_sk,
    provider_id,
    provider_code,
    site_name,
    site_name AS provider_name,
    site_name || ' (' || provider_code || ')' AS site_label,
    provider_type,
    ics_region,
    has_ed,
    has_inpatient_beds,
    size_band,
    site_status,
    coalesce(site_status = 'ACTIVE', false) AS is_active_site
FROM {{ source('providers') }}
