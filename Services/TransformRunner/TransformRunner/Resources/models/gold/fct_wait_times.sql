-- materialized: table
-- unique_key: referral_id
-- RTT and DM01 per referral, as of the snapshot date D.
-- RTT: the clock starts at the referral and stops at the first attended outpatient (OP) encounter of the same
-- patient at the referred-to provider on or after it (the provider stands in for the specialty: encounters
-- carry no specialty). Completed pathways: wait = treatment date - referral date. Incomplete pathways (no
-- treatment yet, not closed): wait so far = D - referral date. Breach: wait > 126 days (18 weeks).
-- DM01: the referral's first diagnostic request; request -> performed (the same order); not performed by D =
-- still waiting, wait so far = D - request date. Breach: > 42 days (6 weeks). Local dates are Europe/London.
WITH r AS (
    SELECT referral_id, patient_sk, target_provider_id, referral_specialty, status, referral_datetime,
        london_date(referral_datetime) AS referral_date
    FROM {{ source('referrals') }}
    WHERE referral_datetime < {{ var('as_of_end') }}
), treatment AS (
    SELECT DISTINCT ON (r.referral_id) r.referral_id, e.encounter_id, e.encounter_datetime_start
    FROM r
    JOIN {{ source('encounters') }} e
        ON e.patient_sk = r.patient_sk
        AND e.provider_id = r.target_provider_id
        AND e.was_attended
        AND e.encounter_type = 'OP'
        AND e.encounter_datetime_start >= r.referral_datetime
        AND e.encounter_datetime_start < {{ var('as_of_end') }}
    ORDER BY r.referral_id, e.encounter_datetime_start, e.encounter_id
), dm01 AS (
    SELECT DISTINCT ON (referral_id) referral_id, diagnostic_id, request_date,
        CASE WHEN performed_date <= {{ var('as_of_date') }} THEN performed_date END AS performed_date
    FROM {{ source('diagnostics_orders') }}
    WHERE referral_id IS NOT NULL AND request_date IS NOT NULL AND request_date <= {{ var('as_of_date') }}
    ORDER BY referral_id, request_date, diagnostic_id
), pathways AS (
    SELECT r.*, t.encounter_id AS treatment_encounter_id, t.encounter_datetime_start AS treatment_datetime,
        london_date(t.encounter_datetime_start) AS treatment_date,
        CASE WHEN t.encounter_id IS NOT NULL THEN 'completed'
            WHEN r.status = 'CLOSED' THEN 'closed_without_treatment'
            ELSE 'incomplete' END AS pathway_status,
        d.diagnostic_id AS dm01_diagnostic_id, d.request_date AS dm01_request_date, d.performed_date AS dm01_performed_date
    FROM r
    LEFT JOIN treatment t ON t.referral_id = r.referral_id
    LEFT JOIN dm01 d ON d.referral_id = r.referral_id
), waits AS (
    SELECT p.*,
        CASE pathway_status WHEN 'completed' THEN treatment_date - referral_date
            WHEN 'incomplete' THEN {{ var('as_of_date') }} - referral_date END AS wait_days,
        CASE WHEN dm01_performed_date IS NOT NULL THEN dm01_performed_date - dm01_request_date
            WHEN dm01_request_date IS NOT NULL THEN {{ var('as_of_date') }} - dm01_request_date END AS dm01_wait_days
    FROM pathways p
)
SELECT
    w.referral_id,
    w.patient_sk,
    sp.specialty_sk,
    si.site_sk,
    w.target_provider_id,
    w.referral_specialty,
    w.status,
    w.referral_datetime,
    w.referral_date,
    date_trunc('month', w.referral_date)::date AS referral_month,
    w.pathway_status,
    w.treatment_encounter_id,
    w.treatment_datetime,
    w.treatment_date,
    date_trunc('month', w.treatment_date)::date AS treatment_month,
    w.wait_days,
    w.wait_days > 126 AS rtt_breach_flag,
    w.wait_days <= 126 AS within_18_weeks_flag,
    w.dm01_diagnostic_id,
    w.dm01_request_date,
    w.dm01_performed_date,
    CASE WHEN w.dm01_performed_date IS NOT NULL THEN 'performed' WHEN w.dm01_request_date IS NOT NULL THEN 'waiting' END AS dm01_status,
    w.dm01_wait_days,
    w.dm01_wait_days > 42 AS dm01_breach_flag,
    date_trunc('month', w.dm01_performed_date)::date AS dm01_performed_month
FROM waits w
LEFT JOIN {{ ref('dim_specialty') }} sp ON sp.specialty_code = w.referral_specialty
LEFT JOIN {{ ref('dim_site') }} si ON si.provider_id = w.target_provider_id
