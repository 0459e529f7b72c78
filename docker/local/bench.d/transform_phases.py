"""Splits one transform-runner run into phases from its JSON-lines log (LOG_LEVEL=debug) and its manifest:
python3 transform_phases.py LOG LAKE_DIR LAYER. Prints shell assignments:
  load_s load_rows build_s unload_s unload_rows models run_s
load = run schema created → first model starts (helper functions, seeds, every input COPY … FROM STDIN);
build = first model starts → last model built; unload = last model built → last output written
(COPY … TO STDOUT into the Parquet writer, SHA-256, publish)."""
import datetime
import glob
import json
import sys

log, lake, layer = sys.argv[1:4]


def ts(event):
    return datetime.datetime.fromisoformat(event["ts"].replace("Z", "+00:00")).timestamp()


events = []
for line in open(log, encoding="utf-8", errors="replace"):
    line = line.strip()
    if line.startswith("{"):
        try:
            events.append(json.loads(line))
        except ValueError:
            pass
by = lambda name: [e for e in events if e.get("event") == name]
created = by("warehouse_schema_created")[-1]
built = by("model_built")
written = by("output_written")
started = by("run_started")[-1]
finished = (by("run_succeeded") or by("stage_finished"))[-1]
first_start = ts(built[0]) - int(built[0]["duration_ms"]) / 1000
load_s = first_start - ts(created)
build_s = ts(built[-1]) - first_start
unload_s = (ts(written[-1]) - ts(built[-1])) if written else 0.0

manifests = [json.load(open(p)) for p in sorted(glob.glob(f"{lake}/_manifests/stage=transform-runner/scope={layer}/**/*.json", recursive=True))]
manifest = [m for m in manifests if m["status"] == "succeeded" and m["run_id"] == started["run_id"]][-1]
load_rows = sum(v for k, v in manifest.get("metrics", {}).items() if k.startswith("input_rows_"))
unload_rows = sum(int(e.get("rows", 0)) for e in written)
print(f"load_s={load_s:.3f} load_rows={int(load_rows)} build_s={build_s:.3f} unload_s={unload_s:.3f} "
      f"unload_rows={unload_rows} models={len(built)} run_s={ts(finished) - ts(started):.3f}")
