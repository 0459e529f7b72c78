-- materialized: incremental
-- unique_key: appointment_id
-- order_by: booking_updated_datetime DESC NULLS LAST, _business_date DESC, _source_run_id DESC
SELECT appointment_id, patient_sk, registered_gp_practice_id, service_location_id, clinician_id,
    appointment_start_datetime, appointment_end_datetime, appointment_type, mode, slot_type, booking_status,
    booking_created_datetime, booking_updated_datetime, wait_time_days, _business_date, _source_run_id
FROM {{ ref('stg_appointments') }}
WHERE _reject_reason IS NULL
