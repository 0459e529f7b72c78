"""What the three Python references of docker/local/bench.d/postgres-ingest.sh share: the Arrow schema of the
15 encounter columns, typed as postgres-ingest types them in Bronze (Services/PostgresIngest/README.md: int8 →
int64, int4 → int32, timestamp → timestamp(us) without time zone, varchar → string, bool → bool; NOT NULL columns
non-nullable), and the command line every reference takes:

    python SCRIPT.py OUTPUT.parquet EXPECTED_ROWS CODEC 'SELECT …'

with the libpq URL in $EHR_DATABASE_URL (never on the command line: it holds a password). CODEC is the one our
Bronze file uses (the benchmark reads it from the file's metadata)."""
import os
import sys

import pyarrow as pa

TS = pa.timestamp("us")
SCHEMA = pa.schema([
    pa.field("encounter_id", pa.int64(), nullable=False),
    pa.field("patient_id", pa.int64(), nullable=False),
    pa.field("provider_id", pa.int64(), nullable=False),
    pa.field("encounter_datetime_start", TS, nullable=False),
    pa.field("encounter_datetime_end", TS, nullable=False),
    pa.field("encounter_type", pa.string()),
    pa.field("source_system", pa.string()),
    pa.field("clinician_id", pa.int64()),
    pa.field("priority", pa.string()),
    pa.field("was_attended", pa.bool_()),
    pa.field("first_attendance_flag", pa.bool_()),
    pa.field("primary_condition_code", pa.string()),
    pa.field("wait_time_days", pa.int32()),
    pa.field("created_at", TS, nullable=False),
    pa.field("updated_at", TS, nullable=False),
])


def arguments():
    """(url, output path, expected rows, codec, select SQL) from the command line and the environment."""
    if len(sys.argv) != 5:
        sys.exit(f"usage: {sys.argv[0]} OUTPUT.parquet EXPECTED_ROWS CODEC SELECT_SQL (URL in $EHR_DATABASE_URL)")
    return os.environ["EHR_DATABASE_URL"], sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]


def finish(name, rows, expected):
    """Prints the row count; exits non-zero when it is not the expected one."""
    print(f"{name}: rows={rows}")
    if rows != expected:
        sys.exit(f"{name}: wrote {rows} rows, expected {expected}")
