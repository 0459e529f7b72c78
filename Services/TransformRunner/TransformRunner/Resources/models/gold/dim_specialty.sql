-- materialized: table
-- unique_key: specialty_code
SELECT
    row_number() OVER (ORDER BY referral_specialty)::integer AS specialty_sk,
    referral_specialty AS specialty_code,
    referral_specialty AS specialty_name
FROM (SELECT DISTINCT referral_specialty FROM {{ source('referrals') }} WHERE referral_specialty IS NOT NULL) s
