-- materialized: table
-- published: false
WITH raw AS (
    SELECT appointment_id::text AS appointment_id, patient_sk::text AS patient_sk,
        registered_gp_practice_id::text AS registered_gp_practice_id, service_location_id::text AS service_location_id,
        clinician_id::text AS clinician_id, appointment_start_datetime::text AS appointment_start_datetime,
        appointment_end_datetime::text AS appointment_end_datetime, appointment_type::text AS appointment_type,
        mode::text AS mode, slot_type::text AS slot_type, booking_status::text AS booking_status,
        booking_created_datetime::text AS booking_created_datetime, booking_updated_datetime::text AS booking_updated_datetime,
        wait_time_days::text AS wait_time_days, _business_date, _source_run_id
    FROM {{ source('appointments') }}
), typed AS (
    SELECT raw.*, try_timestamp(appointment_start_datetime) AS t_start, try_timestamp(appointment_end_datetime) AS t_end,
        try_timestamp(booking_created_datetime) AS t_created, try_timestamp(booking_updated_datetime) AS t_updated,
        try_int(wait_time_days) AS t_wait, try_bigint(service_location_id) AS t_location
    FROM raw
)
SELECT
    -- Ids stay text (the feed's contract); integer-valued floats ("101.0") are written as integers.
    coalesce(try_bigint(appointment_id)::text, clean_text(appointment_id)) AS appointment_id,
    clean_text(patient_sk) AS patient_sk,
    clean_text(registered_gp_practice_id) AS registered_gp_practice_id,
    coalesce(t_location::text, clean_text(service_location_id)) AS service_location_id,
    coalesce(try_bigint(clinician_id)::text, clean_text(clinician_id)) AS clinician_id,
    london_to_utc(t_start) AS appointment_start_datetime,
    london_to_utc(t_end) AS appointment_end_datetime,
    upper(clean_text(appointment_type)) AS appointment_type,
    upper(clean_text(mode)) AS mode,
    upper(clean_text(slot_type)) AS slot_type,
    upper(clean_text(booking_status)) AS booking_status,
    london_to_utc(t_created) AS booking_created_datetime,
    london_to_utc(t_updated) AS booking_updated_datetime,
    t_wait AS wait_time_days,
    _business_date,
    _source_run_id,
    nullif(concat_ws(',',
        CASE WHEN is_blank(appointment_id) THEN 'appointment_id:missing' END,
        CASE WHEN t_start IS NULL THEN 'appointment_start_datetime:missing_or_invalid_timestamp' END,
        CASE WHEN bad(appointment_end_datetime, t_end) THEN 'appointment_end_datetime:invalid_timestamp' END,
        CASE WHEN bad(booking_created_datetime, t_created) THEN 'booking_created_datetime:invalid_timestamp' END,
        CASE WHEN bad(booking_updated_datetime, t_updated) THEN 'booking_updated_datetime:invalid_timestamp' END,
        CASE WHEN bad(wait_time_days, t_wait) OR t_wait < 0 THEN 'wait_time_days:invalid_integer' END
    ), '') AS _reject_reason
FROM typed
