"""The ten expectations of make_snapshot.py's suite as one DuckDB SQL pass over the same Parquet file:
python3 duckdb_equivalent.py ROOT. Prints whether every check passed and the seconds."""
import glob
import sys
import time

import duckdb

path = glob.glob(sys.argv[1] + "/lake/silver/urgent_care/**/*.parquet", recursive=True)[0]
start = time.perf_counter()
row = duckdb.connect().execute(
    """
    SELECT count(*),
           count(*) - count(uc_log_id),
           count(DISTINCT uc_log_id),
           count(*) - count(patient_sk),
           count(*) FILTER (WHERE NOT regexp_full_match(patient_sk, '^[0-9a-f]{64}$')),
           count(*) - count(arrival_datetime),
           count(*) FILTER (WHERE NOT (departure_datetime >= arrival_datetime)),
           count(*) FILTER (WHERE triage_category NOT IN ('Cat 1', 'Cat 2', 'Cat 3', 'Cat 4', 'Cat 5')),
           count(*) FILTER (WHERE outcome NOT IN ('ADMITTED', 'DISCHARGED', 'REFERRED', 'LEFT_BEFORE_SEEN')),
           count(*) FILTER (WHERE NOT (arrival_to_discharge_mins BETWEEN 0 AND 10000))
      FROM read_parquet(?)
    """,
    [path],
).fetchone()
elapsed = time.perf_counter() - start
n = row[0]
checks = [n >= 1, row[1] == 0, row[2] == n, row[3] <= 0.2 * n, row[4] == 0, row[5] == 0, row[6] == 0, row[7] == 0,
          row[8] == 0, row[9] == 0]
print(f"duckdb: {elapsed:.3f}s all_pass={all(checks)} checks={len(checks)}")
