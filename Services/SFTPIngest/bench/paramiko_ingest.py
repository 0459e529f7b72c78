"""The reference approach of issue 7: Python paramiko + csv + pyarrow doing what sftp-ingest does with one
appointment drop file — fetch it over SFTP (host key verified against $SFTP_KNOWN_HOSTS_FILE, key
$SFTP_PRIVATE_KEY_FILE) while computing its SHA-256, keep the raw copy, parse it with the csv module, type every
column as sftp-ingest types it (Services/SFTPIngest/README.md: ids and counts int64, text string, date-times
timestamp(us) without time zone — the Europe/London wall clock as written; empty = null; appointment_id,
patient_id and appointment_start_datetime required), and write a typed Parquet file with pyarrow, in batches.
Rows with the wrong field count or a value that does not parse are counted as rejected, not written.

    python paramiko_ingest.py REMOTE_PATH RAW_COPY OUTPUT.parquet CODEC

($SFTP_HOST, $SFTP_PORT, $SFTP_USER as for sftp-ingest.) Prints the download phase's seconds (connect + fetch + SHA-256 + raw copy), then rows, rejected rows, bytes and the
SHA-256."""
import csv
import hashlib
import os
import sys
import time
from datetime import datetime

import paramiko
import pyarrow as pa
import pyarrow.parquet as pq

remote, raw_path, out_path, codec = sys.argv[1:5]
TS = pa.timestamp("us")
COLUMNS = [  # name, Arrow type, parser, required
    ("appointment_id", pa.int64(), int, True),
    ("patient_id", pa.int64(), int, True),
    ("nhs_pseudo_id", pa.string(), str, False),
    ("registered_gp_practice_id", pa.string(), str, False),
    ("service_location_id", pa.int64(), int, False),
    ("clinician_id", pa.int64(), int, False),
    ("appointment_start_datetime", TS, datetime.fromisoformat, True),
    ("appointment_end_datetime", TS, datetime.fromisoformat, False),
    ("appointment_type", pa.string(), str, False),
    ("mode", pa.string(), str, False),
    ("slot_type", pa.string(), str, False),
    ("booking_status", pa.string(), str, False),
    ("booking_created_datetime", TS, datetime.fromisoformat, False),
    ("booking_updated_datetime", TS, datetime.fromisoformat, False),
    ("wait_time_days", pa.int64(), int, False),
    ("imd_decile", pa.int64(), int, False),
]
SCHEMA = pa.schema([pa.field(name, kind, nullable=not required) for name, kind, _, required in COLUMNS])
BATCH = 65536

# Fetch + SHA-256 + raw copy.
start = time.perf_counter()
client = paramiko.SSHClient()
client.load_host_keys(os.environ["SFTP_KNOWN_HOSTS_FILE"])
client.set_missing_host_key_policy(paramiko.RejectPolicy())
client.connect(os.environ["SFTP_HOST"], port=int(os.environ.get("SFTP_PORT", "22")), username=os.environ["SFTP_USER"],
               key_filename=os.environ["SFTP_PRIVATE_KEY_FILE"], look_for_keys=False, allow_agent=False, timeout=30)
sftp = client.open_sftp()
digest = hashlib.sha256()
size = 0
with sftp.open(remote, "rb") as source, open(raw_path, "wb") as raw:
    source.prefetch(sftp.stat(remote).st_size)  # pipelined reads
    while chunk := source.read(1 << 20):
        digest.update(chunk)
        raw.write(chunk)
        size += len(chunk)
sftp.close()
client.close()
print(f"download_seconds={time.perf_counter() - start:.3f}")

# CSV → typed Parquet.
parsers = [(parse, required) for _, _, parse, required in COLUMNS]
rows = rejected = 0
with open(raw_path, newline="", encoding="utf-8") as raw, pq.ParquetWriter(out_path, SCHEMA, compression=codec) as writer:
    records = csv.reader(raw)
    if next(records, None) != [name for name, *_ in COLUMNS]:
        sys.exit("paramiko_ingest: the header is not the 16 appointment columns")
    columns = [[] for _ in COLUMNS]

    def flush():
        writer.write_table(pa.Table.from_arrays([pa.array(c, type=f.type) for c, f in zip(columns, SCHEMA)], schema=SCHEMA))
        for c in columns:
            c.clear()

    for record in records:
        if len(record) != len(COLUMNS):
            rejected += 1
            continue
        try:
            values = []
            for text, (parse, required) in zip(record, parsers):
                if text == "":
                    if required:
                        raise ValueError("missing required value")
                    values.append(None)
                else:
                    values.append(parse(text))
        except ValueError:
            rejected += 1
            continue
        for column, value in zip(columns, values):
            column.append(value)
        rows += 1
        if len(columns[0]) == BATCH:
            flush()
    if columns[0] or rows == 0:
        flush()
print(f"paramiko {paramiko.__version__} + csv + pyarrow {pa.__version__}: rows={rows} rejected={rejected} bytes={size}"
      f" sha256={digest.hexdigest()}")
