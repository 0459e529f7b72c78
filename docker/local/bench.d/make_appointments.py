"""Writes an appointment drop file (the 16 columns sftp-ingest expects, REFERENCE.md §1.6) of at least
`megabytes` MB: python3 make_appointments.py PATH MEGABYTES. Prints the data rows and bytes written."""
import random
import sys

path, megabytes = sys.argv[1], float(sys.argv[2])
target = int(megabytes * 1_000_000)
header = ("appointment_id,patient_id,nhs_pseudo_id,registered_gp_practice_id,service_location_id,clinician_id,"
          "appointment_start_datetime,appointment_end_datetime,appointment_type,mode,slot_type,booking_status,"
          "booking_created_datetime,booking_updated_datetime,wait_time_days,imd_decile\n")
rng = random.Random(7)
modes = ["F2F", "TELEPHONE", "VIDEO"]
slots = ["ROUTINE", "URGENT", "ON_THE_DAY"]
statuses = ["ATTENDED", "ATTENDED", "ATTENDED", "DNA", "CANCELLED", "BOOKED"]
written = len(header)
rows = 0
with open(path, "w", newline="") as out:
    out.write(header)
    batch = []
    while written < target:
        rows += 1
        day = 1 + rows % 28
        hour = 8 + rows % 10
        minute = rows % 60
        nhs = "" if rows % 40 == 0 else "%010d" % rng.randrange(10**9, 10**10)
        line = (f"{rows},{1 + rows % 100000},{nhs},P840{10 + rows % 50},{11 + rows % 75},{5000 + rows % 700},"
                f"2025-03-{day:02d} {hour:02d}:{minute:02d}:00,2025-03-{day:02d} {hour + 1:02d}:{minute:02d}:00,"
                f"{'GP' if rows % 3 else 'OP'},{modes[rows % 3]},{slots[rows % 3]},{statuses[rows % 6]},"
                f"2025-02-{day:02d} 09:{minute:02d}:00,2025-03-{day:02d} {hour:02d}:{minute:02d}:30,{rows % 90},{1 + rows % 10}\n")
        batch.append(line)
        written += len(line)
        if len(batch) == 10000:
            out.write("".join(batch))
            batch.clear()
    out.write("".join(batch))
print(rows, written)
