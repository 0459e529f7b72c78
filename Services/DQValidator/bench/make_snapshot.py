import pyarrow as pa, pyarrow.parquet as pq, numpy as np, hashlib, json, os, sys, uuid, time
root = sys.argv[1]; n = 1_000_000
rng = np.random.default_rng(7)
run = "0190b6f2-6a2c-7d4e-8f00-1a2b3c4d5e6f"
arr = pa.timestamp("us", tz="UTC")
arrival = (np.int64(19_700) * 86_400_000_000 + rng.integers(0, 86_400_000_000, n)).astype("int64")
t = pa.table({
  "uc_log_id": pa.array(np.arange(1, n + 1, dtype="int64")),
  "patient_sk": pa.array([hashlib.sha256(str(i % 200000).encode()).hexdigest() for i in range(n)]),
  "provider_id": pa.array(rng.integers(106, 116, n).astype("int64")),
  "arrival_datetime": pa.array(arrival, type=arr),
  "departure_datetime": pa.array(arrival + rng.integers(30, 900, n) * 60_000_000, type=arr),
  "triage_category": pa.array(rng.choice(["Cat 1","Cat 2","Cat 3","Cat 4","Cat 5"], n)),
  "outcome": pa.array(rng.choice(["ADMITTED","DISCHARGED","REFERRED","LEFT_BEFORE_SEEN"], n)),
  "arrival_to_discharge_mins": pa.array(rng.integers(30, 900, n).astype("int32")),
})
key = f"silver/urgent_care/as_of=2024-03-10/run_id={run}/part-00000.parquet"
os.makedirs(os.path.dirname(f"{root}/lake/{key}"), exist_ok=True)
pq.write_table(t, f"{root}/lake/{key}", row_group_size=131072)
data = open(f"{root}/lake/{key}", "rb").read()
m = {"manifest_version":1,"stage":"transform-runner","scope":"silver","business_date":"2024-03-10","run_id":run,"status":"succeeded",
     "started_at":"2024-03-10T00:00:00.000Z","finished_at":"2024-03-10T00:00:01.000Z","environment":"bench","code_version":"bench",
     "inputs":[],"outputs":[{"key":key,"dataset":"urgent_care","rows":n,"bytes":len(data),"sha256":hashlib.sha256(data).hexdigest()}],"errors":[],"metrics":{}}
mk = f"{root}/lake/_manifests/stage=transform-runner/scope=silver/business_date=2024-03-10/run_id={run}.json"
os.makedirs(os.path.dirname(mk), exist_ok=True); json.dump(m, open(mk, "w"))
os.makedirs(f"{root}/suites/silver", exist_ok=True)
open(f"{root}/suites/silver/urgent_care.yaml","w").write("""table: urgent_care
key_columns: [uc_log_id]
expectations:
  - row_count_between: {min: 1}
  - not_null: {column: uc_log_id}
  - unique: {column: uc_log_id}
  - not_null: {column: patient_sk, mostly: 0.8, severity: warn}
  - regex: {column: patient_sk, pattern: "^[0-9a-f]{64}$"}
  - not_null: {column: arrival_datetime}
  - column_pair: {left: departure_datetime, op: ">=", right: arrival_datetime}
  - accepted_values: {column: triage_category, values: [Cat 1, Cat 2, Cat 3, Cat 4, Cat 5]}
  - accepted_values: {column: outcome, values: [ADMITTED, DISCHARGED, REFERRED, LEFT_BEFORE_SEEN]}
  - between: {column: arrival_to_discharge_mins, min: 0, max: 10000}
""")
print(len(data), "bytes")
