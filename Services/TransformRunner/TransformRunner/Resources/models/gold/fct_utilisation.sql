-- materialized: table
-- unique_key: appointment_id
-- Appointments with case-insensitive DNA / attended / cancelled flags; the site joins on the numeric
-- service location (= provider_id); demographics from dim_patient for every patient with a patient_sk.
SELECT
    a.appointment_id,
    a.patient_sk,
    si.site_sk,
    a.service_location_id,
    a.appointment_start_datetime,
    a.appointment_end_datetime,
    a.appointment_type,
    a.mode,
    a.slot_type,
    a.booking_status,
    upper(a.booking_status) = 'DNA' AS dna_flag,
    upper(a.booking_status) = 'ATTENDED' AS attended_flag,
    upper(a.booking_status) LIKE '%CANCEL%' AS cancelled_flag,
    a.wait_time_days,
    p.imd_decile,
    p.age_band,
    p.sex,
    p.ethnicity_ons,
    p.ethnicity_code,
    london_month(a.appointment_start_datetime) AS appointment_month
FROM {{ source('appointments') }} a
LEFT JOIN {{ ref('dim_site') }} si ON si.provider_id = try_bigint(a.service_location_id)
LEFT JOIN {{ ref('dim_patient') }} p ON p.patient_sk = a.patient_sk
WHERE a.appointment_start_datetime < {{ var('as_of_end') }}
