#!/usr/bin/env bash
# transform-runner (release), issue 10: Silver + Gold for 100k patients × 12 months (--quick: 5k × 2;
# BENCH_TRANSFORM_PATIENTS / BENCH_TRANSFORM_MONTHS override) — seconds, peak RSS, rows/s of the load
# (COPY … FROM STDIN) and unload (COPY … TO STDOUT → Parquet) paths — and the runner's fixed overhead per
# invocation side by side with dbt (dbt-core + dbt-postgres from PyPI, pinned, in a cached venv).
#
# Isolation (as Tests/IntegrationTests/PipelineSandbox.swift): trust-sim backfills a private database pair
# ehr_<id>/urgent_care_<id>, a private SFTP sub-folder and a Trust bucket folder; the pipeline's own stages
# ingest and pseudonymise into a lake under a temp folder; the warehouse is a private database
# warehouse_<id>. All are dropped/removed afterwards; the shared ehr/urgent_care/warehouse are not touched.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=lib.sh
source "$here/lib.sh"

if [ "$BENCH_QUICK" = yes ]; then patients=5000 months=2; else patients=100000 months=12; fi
patients=${BENCH_TRANSFORM_PATIENTS:-$patients}
months=${BENCH_TRANSFORM_MONTHS:-$months}
layer_repeats=${BENCH_TRANSFORM_REPEATS:-1}
dbt_core=1.11.16 dbt_postgres=1.11.0 # dbt-core 1.12 needs a wheel hosted outside PyPI (not installable here)
cache=${BENCH_CACHE:-$HOME/.cache/northshire-bench}
id=$(bench_id)
work="$BENCH_TMP/transform-runner"
drop="$LOCAL_SFTP_DROP_DIR/$id"
mkdir -p "$work"
cleanup() {
    for db in "ehr_$id" "urgent_care_$id" "warehouse_$id"; do pg_admin "DROP DATABASE IF EXISTS $db WITH (FORCE)" || true; done
    rm -rf "$drop" "$work"
}
trap cleanup EXIT

echo "== transform-runner: Silver + Gold for $patients patients × $months months; fixed overhead vs dbt (load $(load_now))"
for db in ehr urgent_care; do
    pg_admin "CREATE DATABASE ${db}_$id OWNER trust_owner"
    pg_admin "GRANT CONNECT ON DATABASE ${db}_$id TO pipeline_reader"
done
pg_admin "CREATE DATABASE warehouse_$id OWNER warehouse"
mkdir -p "$drop" && chown "$SFTP_USER" "$drop"
EHR_DATABASE_URL=$(url_with_database "$EHR_DATABASE_URL" "ehr_$id")
URGENT_CARE_DATABASE_URL=$(url_with_database "$URGENT_CARE_DATABASE_URL" "urgent_care_$id")
TRUST_SIM_EHR_DATABASE_URL=$(url_with_database "$TRUST_SIM_EHR_DATABASE_URL" "ehr_$id")
TRUST_SIM_URGENT_CARE_DATABASE_URL=$(url_with_database "$TRUST_SIM_URGENT_CARE_DATABASE_URL" "urgent_care_$id")
WAREHOUSE_URL=$(url_with_database "$WAREHOUSE_URL" "warehouse_$id")
export EHR_DATABASE_URL URGENT_CARE_DATABASE_URL TRUST_SIM_EHR_DATABASE_URL TRUST_SIM_URGENT_CARE_DATABASE_URL WAREHOUSE_URL
export SFTP_REMOTE_DIR="$SFTP_REMOTE_DIR/$id" SFTP_STABILITY_SECONDS=0
export TRUST_BUCKET_URL="file://$work/bucket" LAKE_URL="file://$work/lake" ENVIRONMENT=bench
export TRUST_SIM_SCRATCH_DIR="$work/scratch"
mkdir -p "$work/bucket" "$work/lake" "$work/scratch"

step() { # label times-file log-file command… (exit 0 required)
    local label=$1 times=$2 log=$3
    shift 3
    timed "$work/$times" "$work/$log" "$@" || fail "$label failed: $(grep -h '"level":"error"' "$work/$log" | tail -2 | cut -c1-400)"
    figure "$label" "$(fmt_s "$(tail -1 "$work/$times" | cut -d' ' -f1)"), peak RSS $(fmt_mib "$(tail -1 "$work/$times" | cut -d' ' -f2)")"
}

# --- Sources and the stages before transform-runner ---------------------------------------------------------
step "trust-sim backfill $patients × $months months (sources)" backfill.times backfill.log \
    "$BENCH_BIN/trust-sim" backfill --patients "$patients" --months "$months" --hold-back-days 0 --log-level warning
for stage in postgres-ingest sftp-ingest s3-copy-ingest pseudonymiser; do
    step "$stage (initial load)" "$stage.times" "$stage.log" "$BENCH_BIN/$stage" run --log-level warning
done
date=$(python3 -c 'import glob, re, sys
dates = sorted(re.search(r"business_date=([0-9-]+)", p).group(1) for p in glob.glob(sys.argv[1] + "/_manifests/stage=pseudonymiser/**/*.json", recursive=True))
print(dates[-1] if dates else "")' "$work/lake")
[ -n "$date" ] || fail "no pseudonymised date in the bench lake"

# --- Silver, the Silver gate, Gold ---------------------------------------------------------------------------
for layer_run in $(seq "$layer_repeats"); do
    step "transform-runner silver as of $date (run $layer_run)" silver.times "silver$layer_run.log" \
        "$BENCH_BIN/transform-runner" run --layer silver --date "$date" --force --log-level debug
    python3 "$here/transform_phases.py" "$work/silver$layer_run.log" "$work/lake" silver >>"$work/silver.phases"
    step "dq-validator silver (the gate before Gold)" dq.times "dq$layer_run.log" \
        "$BENCH_BIN/dq-validator" run --layer silver --date "$date" --force --log-level warning
    step "transform-runner gold as of $date (run $layer_run)" gold.times "gold$layer_run.log" \
        "$BENCH_BIN/transform-runner" run --layer gold --date "$date" --force --log-level debug
    python3 "$here/transform_phases.py" "$work/gold$layer_run.log" "$work/lake" gold >>"$work/gold.phases"
done
phase() { # file key → median of key over the runs
    sed -n "s/.*\b$2=\([0-9.]*\).*/\1/p" "$work/$1.phases" | median
}
silver_s=$(median_of "$work/silver.times" 1) silver_kib=$(median_of "$work/silver.times" 2)
gold_s=$(median_of "$work/gold.times" 1) gold_kib=$(median_of "$work/gold.times" 2)
dq_s=$(median_of "$work/dq.times" 1) dq_kib=$(median_of "$work/dq.times" 2)
for layer in silver gold; do
    figure "  $layer: load $(phase $layer load_rows) rows" "$(fmt_s "$(phase $layer load_s)"), $(fmt_rate "$(phase $layer load_rows)" "$(phase $layer load_s)") rows/s"
    figure "  $layer: build $(phase $layer models) models" "$(fmt_s "$(phase $layer build_s)")"
    figure "  $layer: unload $(phase $layer unload_rows) rows" "$(fmt_s "$(phase $layer unload_s)"), $(fmt_rate "$(phase $layer unload_rows)" "$(phase $layer unload_s)") rows/s"
done
total_s=$(awk -v a="$silver_s" -v b="$gold_s" 'BEGIN { print a + b }')
peak_kib=$(awk -v a="$silver_kib" -v b="$gold_kib" 'BEGIN { print (a > b) ? a : b }')
load_rows=$(($(phase silver load_rows) + $(phase gold load_rows)))
load_s=$(awk -v a="$(phase silver load_s)" -v b="$(phase gold load_s)" 'BEGIN { print a + b }')
unload_rows=$(($(phase silver unload_rows) + $(phase gold unload_rows)))
unload_s=$(awk -v a="$(phase silver unload_s)" -v b="$(phase gold unload_s)" 'BEGIN { print a + b }')
size="$((patients / 1000))k patients × $months months"
runs=$([ "$layer_repeats" -gt 1 ] && echo "median of $layer_repeats" || echo "1 run")
row "transform-runner Silver + Gold, $size (release, $runs)" \
    "$(fmt_s "$total_s") (Silver $(fmt_s "$silver_s"), Gold $(fmt_s "$gold_s")), peak RSS $(fmt_mib "$peak_kib") (runner process; the SQL runs in PostgreSQL)" \
    "— (issue 10 names no reference for this)" "—"
row "transform-runner load path: Parquet → COPY FROM STDIN, Silver + Gold inputs" \
    "$(fmt_rate "$load_rows" "$load_s") rows/s ($load_rows rows in $(fmt_s "$load_s"))" "—" "—"
row "transform-runner unload path: COPY TO STDOUT → Parquet + publish, Silver + Gold outputs" \
    "$(fmt_rate "$unload_rows" "$unload_s") rows/s ($unload_rows rows in $(fmt_s "$unload_s"))" "—" "—"
row "dq-validator silver on that snapshot, whole process (release)" "$(fmt_s "$dq_s"), peak RSS $(fmt_mib "$dq_kib")" "—" "—"

# --- Fixed overhead per invocation: one trivial model, ours vs dbt -----------------------------------------
# A lake holding only succeeded (empty) pseudonymiser and reference manifests for the date, so a Silver run
# has nothing to load; a models folder with one model `SELECT 1 AS x` (materialized table). Ours: start-up,
# manifests, model graph, connect, run schema, build, unload + publish one file, manifest, drop schema.
mkdir -p "$work/overhead-lake" "$work/tiny/models/silver"
python3 - "$work/overhead-lake" <<'PY'
import json, os, secrets, sys, time, uuid
root, date = sys.argv[1], "2025-06-30"
def run_id():  # UUIDv7
    value = (int(time.time() * 1000) << 80) | (0x7 << 76) | (secrets.randbits(12) << 64) | (0b10 << 62) | secrets.randbits(62)
    return str(uuid.UUID(int=value))
for stage, scope in [("pseudonymiser", "person_level"), ("s3-copy-ingest", "reference")]:
    run = run_id()
    path = f"{root}/_manifests/stage={stage}/scope={scope}/business_date={date}/run_id={run}.json"
    os.makedirs(os.path.dirname(path), exist_ok=True)
    json.dump({"manifest_version": 1, "stage": stage, "scope": scope, "business_date": date, "run_id": run,
               "status": "succeeded", "started_at": "2025-07-01T00:00:00.000Z", "finished_at": "2025-07-01T00:00:01.000Z",
               "environment": "bench", "code_version": "bench", "inputs": [], "outputs": [], "errors": [], "metrics": {}},
              open(path, "w"))
PY
printf -- '-- materialized: table\nSELECT 1 AS x\n' >"$work/tiny/models/silver/one.sql"
overhead_ours() {
    timed "$work/$1" "$work/overhead.log" "$BENCH_BIN/transform-runner" run --layer silver --date 2025-06-30 --force \
        --lake-url "file://$work/overhead-lake" --log-level warning "${@:2}" \
        || fail "transform-runner (overhead) failed: $(tail -2 "$work/overhead.log" | cut -c1-300)"
}

dbt_venv="$cache/dbt-$dbt_core-postgres-$dbt_postgres"
if [ ! -x "$dbt_venv/bin/dbt" ]; then
    say "installing dbt-core==$dbt_core dbt-postgres==$dbt_postgres from PyPI into $dbt_venv"
    rm -rf "$dbt_venv"
    { python3 -m venv "$dbt_venv" && "$dbt_venv/bin/pip" install -q "dbt-core==$dbt_core" "dbt-postgres==$dbt_postgres"; } \
        >"$work/dbt-install.log" 2>&1 || { say "dbt could not be installed (see below); its figure is skipped"; tail -3 "$work/dbt-install.log" >&2; rm -rf "$dbt_venv"; }
fi
has_dbt=no
if [ -x "$dbt_venv/bin/dbt" ]; then
    has_dbt=yes
    mkdir -p "$work/dbt/models"
    cat >"$work/dbt/dbt_project.yml" <<YML
name: overhead_bench
version: "1.0"
config-version: 2
profile: overhead_bench
model-paths: [models]
YML
    printf "{{ config(materialized='table') }}\nselect 1 as x\n" >"$work/dbt/models/one.sql"
    # The password goes to dbt through the environment (env_var in profiles.yml), never on a command line.
    read -r pg_user pg_host pg_port <<<"$(python3 -c 'import sys, urllib.parse as u
p = u.urlsplit(sys.argv[1]); print(p.username, p.hostname, p.port or 5432)' "$WAREHOUSE_URL")"
    cat >"$work/dbt/profiles.yml" <<YML
overhead_bench:
  target: bench
  outputs:
    bench:
      type: postgres
      host: $pg_host
      port: $pg_port
      user: $pg_user
      password: "{{ env_var('DBT_BENCH_PASSWORD') }}"
      dbname: warehouse_$id
      schema: dbt_bench
      threads: 1
YML
    DBT_BENCH_PASSWORD=$(python3 -c 'import sys, urllib.parse as u; print(u.unquote(u.urlsplit(sys.argv[1]).password or ""))' "$WAREHOUSE_URL")
    export DBT_BENCH_PASSWORD DBT_SEND_ANONYMOUS_USAGE_STATS=false DBT_VERSION_CHECK=false
fi
overhead_dbt() {
    [ "$has_dbt" = yes ] || return 0
    timed "$work/$1" "$work/dbt.log" "$dbt_venv/bin/dbt" run --project-dir "$work/dbt" --profiles-dir "$work/dbt" \
        || fail "dbt run failed: $(tail -5 "$work/dbt.log")"
}

overhead_ours warmup.times --models-dir "$work/tiny"
overhead_ours warmup.times
overhead_dbt warmup.times
rounds=$((BENCH_REPEATS < 5 ? 5 : BENCH_REPEATS))
for _ in $(seq "$rounds"); do
    overhead_ours overhead-one.times --models-dir "$work/tiny"
    overhead_dbt dbt.times
done
for _ in $(seq "$BENCH_REPEATS"); do overhead_ours overhead-silver.times; done
one_s=$(median_of "$work/overhead-one.times" 1) one_kib=$(median_of "$work/overhead-one.times" 2)
empty_s=$(median_of "$work/overhead-silver.times" 1)
figure "transform-runner, 1 trivial model, whole process" "$(fmt_s "$one_s") [$(range_of "$work/overhead-one.times" 1) s], cpu $(fmt_s "$(cpu_of "$work/overhead-one.times")"), peak RSS $(fmt_mib "$one_kib")"
figure "transform-runner, every Silver model on empty inputs" "$(fmt_s "$empty_s") [$(range_of "$work/overhead-silver.times" 1) s]"
if [ "$has_dbt" = yes ]; then
    dbt_s=$(median_of "$work/dbt.times" 1) dbt_kib=$(median_of "$work/dbt.times" 2)
    figure "dbt $dbt_core run, 1 trivial model, whole process" "$(fmt_s "$dbt_s") [$(range_of "$work/dbt.times" 1) s], cpu $(fmt_s "$(cpu_of "$work/dbt.times")"), peak RSS $(fmt_mib "$dbt_kib")"
    figure "ratio (dbt time / ours)" "$(ratio "$dbt_s" "$one_s")"
    reference="dbt-core $dbt_core + dbt-postgres $dbt_postgres \`dbt run\`, same model: $(fmt_s "$dbt_s"), $(fmt_mib "$dbt_kib")"
    ratio_text=$(ratio "$dbt_s" "$one_s")
else
    reference="dbt: not installable here (see log above); issue 10 quotes ~2.8 s"
    ratio_text="—"
fi
row "transform-runner fixed overhead per invocation: one trivial model (\`SELECT 1\`, table) start to finish, whole process, median of $rounds (release)" \
    "$(fmt_s "$one_s"), peak RSS $(fmt_mib "$one_kib"); every Silver model on empty inputs: $(fmt_s "$empty_s")" "$reference" "$ratio_text"
