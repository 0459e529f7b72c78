#!/usr/bin/env bash
# postgres-ingest (release) vs the references issue 6 names, on the same encounters table, in turn per repeat:
# the Python reference approach (psycopg2 `fetchall` + pyarrow → Parquet), the best Python variants (psycopg 3
# `COPY … (FORMAT csv)` streamed into pyarrow's CSV reader → Parquet; ADBC `fetch_arrow_table` → Parquet) —
# Services/PostgresIngest/bench/, same SELECT, same Bronze types and codec, row count checked — and `psql`
# COPY … (FORMAT binary) to /dev/null, the floor. The Python packages are installed from PyPI, pinned, into cached
# venvs under $BENCH_CACHE (pyarrow from the system python when it is the pinned version); a reference that
# cannot be installed is skipped, the benchmark still runs. A private database on the local stack's PostgreSQL gets the EHR tables with the
# column types trust-sim creates (Services/TrustSimulator/TrustSimulator/SourceTable.swift; foreign keys left
# out so the other tables can stay empty) and a release_watermark row marking an initial load; the database is
# dropped afterwards. Rows: 1,000,000 (--quick: 250,000); BENCH_PG_ROWS overrides.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=lib.sh
source "$here/lib.sh"
refs="$(cd "$here/../../.." && pwd)/Services/PostgresIngest/bench"
cache=${BENCH_CACHE:-$HOME/.cache/northshire-bench}
psycopg2_version=2.9.13 psycopg_version=3.3.9 adbc_version=1.13.0 pyarrow_version=26.0.1

rows=${BENCH_PG_ROWS:-$([ "$BENCH_QUICK" = yes ] && echo 250000 || echo 1000000)}
small=250000
date=2025-12-31
id=$(bench_id)
db="ehr_$id"
work="$BENCH_TMP/postgres-ingest"
mkdir -p "$work"
cleanup() { pg_admin "DROP DATABASE IF EXISTS $db WITH (FORCE)" || true; rm -rf "$work"; }
trap cleanup EXIT

echo "== postgres-ingest vs Python (psycopg2, psycopg 3, ADBC) and psql binary COPY: $rows encounter rows × 15 columns (load $(load_now))"

# venv NAME PACKAGE==VERSION… — a cached venv (system site packages visible, so the system pyarrow serves when it
# is the pinned version); prints nothing, returns non-zero (and says why) when the install fails.
venv() {
    local dir="$cache/$1"
    shift
    [ -f "$dir/.installed" ] && return 0
    say "installing $* from PyPI into $dir"
    rm -rf "$dir"
    mkdir -p "$cache"
    if { python3 -m venv --system-site-packages "$dir" && "$dir/bin/pip" install -q --disable-pip-version-check "$@"; } \
        >"$work/install.log" 2>&1; then
        touch "$dir/.installed"
    else
        say "could not install $* (see below); that reference is skipped"
        tail -3 "$work/install.log" >&2
        rm -rf "$dir"
        return 1
    fi
}
pg_venv="$cache/pg-psycopg2-$psycopg2_version-psycopg-$psycopg_version"
adbc_venv="$cache/pg-adbc-$adbc_version"
has_psycopg=no has_adbc=no
venv "${pg_venv##*/}" "psycopg2-binary==$psycopg2_version" "psycopg==$psycopg_version" "psycopg-binary==$psycopg_version" \
    "pyarrow==$pyarrow_version" && has_psycopg=yes
venv "${adbc_venv##*/}" "adbc-driver-postgresql==$adbc_version" "adbc-driver-manager==$adbc_version" \
    "pyarrow==$pyarrow_version" && has_adbc=yes
pg_admin "CREATE DATABASE $db OWNER trust_owner"
pg_admin "GRANT CONNECT ON DATABASE $db TO pipeline_reader"
pg_admin -d "$db" "
SET ROLE trust_owner;
CREATE TABLE patient_demographics (
    patient_id BIGINT PRIMARY KEY, nhs_pseudo_id VARCHAR(32), date_of_birth DATE NOT NULL, age INT, age_band VARCHAR(16),
    sex VARCHAR(16), ethnicity_ons VARCHAR(64), imd_decile INT, chronic_conditions_count INT, lsoa_code VARCHAR(16),
    postcode_sector VARCHAR(16), registered_gp_practice_id VARCHAR(32), registration_start_date DATE,
    registration_end_date DATE, is_active BOOLEAN NOT NULL DEFAULT TRUE, updated_at TIMESTAMP NOT NULL DEFAULT NOW());
CREATE TABLE encounters (
    encounter_id BIGINT PRIMARY KEY, patient_id BIGINT NOT NULL, provider_id BIGINT NOT NULL,
    encounter_datetime_start TIMESTAMP NOT NULL, encounter_datetime_end TIMESTAMP NOT NULL, encounter_type VARCHAR(32),
    source_system VARCHAR(32), clinician_id BIGINT, priority VARCHAR(16), was_attended BOOLEAN, first_attendance_flag BOOLEAN,
    primary_condition_code VARCHAR(32), wait_time_days INT CHECK (wait_time_days IS NULL OR wait_time_days >= 0),
    created_at TIMESTAMP NOT NULL DEFAULT NOW(), updated_at TIMESTAMP NOT NULL DEFAULT NOW(),
    CHECK (encounter_datetime_end >= encounter_datetime_start));
CREATE TABLE referrals (
    referral_id BIGINT PRIMARY KEY, patient_id BIGINT NOT NULL, source_provider_id BIGINT NOT NULL,
    target_provider_id BIGINT NOT NULL, referral_datetime TIMESTAMP NOT NULL, referral_type VARCHAR(32),
    referral_specialty VARCHAR(64), status VARCHAR(16), created_at TIMESTAMP NOT NULL DEFAULT NOW(),
    updated_at TIMESTAMP NOT NULL DEFAULT NOW());
CREATE TABLE diagnoses (
    diagnosis_id BIGINT PRIMARY KEY, patient_id BIGINT NOT NULL, encounter_id BIGINT, diagnosis_code VARCHAR(32) NOT NULL,
    diagnosis_desc VARCHAR(255), diagnosis_type VARCHAR(32), coded_datetime TIMESTAMP, clinical_datetime TIMESTAMP,
    source_system VARCHAR(32) DEFAULT 'EHR', created_at TIMESTAMP NOT NULL DEFAULT NOW(), updated_at TIMESTAMP NOT NULL DEFAULT NOW());
CREATE TABLE release_watermark (
    business_date DATE PRIMARY KEY, released_at TIMESTAMPTZ NOT NULL, is_initial_load BOOLEAN NOT NULL DEFAULT FALSE);
INSERT INTO encounters
SELECT g, 1 + g % 100000, 1 + g % 125, t, t + (10 + g % 50) * interval '1 minute',
       (ARRAY['GP','OP','ED','IP','COMMUNITY','DIAGNOSTIC'])[1 + g % 6], 'EHR',
       CASE WHEN g % 20 = 0 THEN NULL ELSE 5000 + g % 700 END, (ARRAY['ROUTINE','URGENT','TWO_WEEK_WAIT'])[1 + g % 3],
       g % 11 <> 0, g % 3 = 0, (ARRAY['E11','I10','J45','F32','M54','C50','N18'])[1 + g % 7],
       CASE WHEN g % 9 = 0 THEN NULL ELSE g % 140 END, t + interval '65 minutes', t + interval '70 minutes'
  FROM (SELECT g, timestamp '2025-01-01 06:00' + (g * 7 % 480000) * interval '1 minute' AS t
          FROM generate_series(1, $rows) AS g) s;
CREATE INDEX encounters_updated_at ON encounters (updated_at);
INSERT INTO release_watermark VALUES (DATE '$date', now(), true);
GRANT USAGE ON SCHEMA public TO pipeline_reader;
GRANT SELECT ON ALL TABLES IN SCHEMA public TO pipeline_reader;"
pg_admin -d "$db" "VACUUM ANALYZE"
url=$(url_with_database "$EHR_DATABASE_URL" "$db")

columns="encounter_id, patient_id, provider_id, encounter_datetime_start, encounter_datetime_end, encounter_type,
  source_system, clinician_id, priority, was_attended, first_attendance_flag, primary_condition_code, wait_time_days,
  created_at, updated_at"
select_sql="SELECT $columns FROM public.encounters WHERE updated_at < DATE '$date' + 1"
copy_sql="COPY ($select_sql) TO STDOUT (FORMAT binary)"

n=0 codec=""
ours() {
    n=$((n + 1))
    EHR_DATABASE_URL=$url timed "$work/$1" "$work/ours.log" \
        "$BENCH_BIN/postgres-ingest" run --scopes ehr --date "$date" --lake-url "file://$work/lake$n" \
        --environment bench --log-level warning || fail "postgres-ingest failed: $(tail -3 "$work/ours.log")"
    local got
    got=$(manifest_metric "$work/lake$n" postgres-ingest ehr rows.encounters)
    [ "${got%.*}" = "$2" ] || fail "postgres-ingest wrote ${got:-no} encounter rows, expected $2"
    if [ -z "$codec" ]; then # the Python references write Parquet with the codec of our Bronze file
        codec=$(bronze_codec "$work/lake$n" encounters)
        say "our Bronze Parquet codec: $codec (the Python references use it too)"
    fi
    rm -rf "$work/lake$n"
}
# python_ref NAME VENV SCRIPT: one timed run of a Python reference into $work/NAME.times, row count checked.
python_ref() {
    EHR_DATABASE_URL=$url timed "$work/$1.times" "$work/$1.log" "$2/bin/python" "$refs/$3" "$work/$1.parquet" "$rows" \
        "$codec" "$select_sql" || fail "$3 failed: $(tail -3 "$work/$1.log" | cut -c1-300)"
    rm -f "$work/$1.parquet"
}
python_refs() {
    if [ "$has_psycopg" = yes ]; then
        python_ref psycopg2 "$pg_venv" psycopg2_fetchall.py
        python_ref psycopg3 "$pg_venv" psycopg3_copy_csv.py
    fi
    [ "$has_adbc" = no ] || python_ref adbc "$adbc_venv" adbc_fetch_arrow.py
}
reference() {
    # shellcheck disable=SC2016 # $1 and $2 are the inner shell's arguments
    timed "$work/psql.times" /dev/null sh -c 'exec psql "$1" -X -q -v ON_ERROR_STOP=1 -c "$2" >/dev/null' psql "$url" "$copy_sql" \
        || fail "psql COPY failed"
}

ours warmup.times "$rows"
reference
python_refs
rm -f "$work/psql.times" "$work/psycopg2.times" "$work/psycopg3.times" "$work/adbc.times"
for _ in $(seq "$BENCH_REPEATS"); do
    ours ours.times "$rows"
    reference
    python_refs
done

ours_s=$(median_of "$work/ours.times" 1) ours_kib=$(median_of "$work/ours.times" 2)
ref_s=$(median_of "$work/psql.times" 1) ref_kib=$(median_of "$work/psql.times" 2)
ours_cpu=$(cpu_of "$work/ours.times") ref_cpu=$(cpu_of "$work/psql.times")
figure "postgres-ingest (release), $rows rows" "$(fmt_s "$ours_s") [$(range_of "$work/ours.times" 1) s], $(fmt_rate "$rows" "$ours_s") rows/s, cpu $(fmt_s "$ours_cpu"), peak RSS $(fmt_mib "$ours_kib")"
figure "psql COPY (FORMAT binary) > /dev/null" "$(fmt_s "$ref_s") [$(range_of "$work/psql.times" 1) s], $(fmt_rate "$rows" "$ref_s") rows/s, cpu $(fmt_s "$ref_cpu"), peak RSS $(fmt_mib "$ref_kib")"
# py_figure NAME LABEL: the figure line of one Python reference; sets py_s, py_kib.
py_figure() {
    py_s=$(median_of "$work/$1.times" 1) py_kib=$(median_of "$work/$1.times" 2)
    figure "$2" "$(fmt_s "$py_s") [$(range_of "$work/$1.times" 1) s], $(fmt_rate "$rows" "$py_s") rows/s, cpu $(fmt_s "$(cpu_of "$work/$1.times")"), peak RSS $(fmt_mib "$py_kib")"
}
py_cell() { echo "$1: $(fmt_s "$py_s") ($(fmt_rate "$rows" "$py_s") rows/s), peak RSS $(fmt_mib "$py_kib")"; }
ratios="$(ratio "$ref_s" "$ours_s") vs the psql floor"
if [ "$has_psycopg" = yes ]; then
    py_figure psycopg2 "psycopg2 $psycopg2_version fetchall + pyarrow to Parquet"
    pg2_s=$py_s pg2_cell=$(py_cell "psycopg2 $psycopg2_version fetchall + pyarrow $pyarrow_version → Parquet")
    ratios+=", $(ratio "$pg2_s" "$ours_s") vs psycopg2"
    py_figure psycopg3 "psycopg $psycopg_version COPY csv + pyarrow.csv to Parquet"
    best_s=$py_s best_cells=$(py_cell "psycopg $psycopg_version COPY (FORMAT csv) + pyarrow.csv → Parquet") best_name="psycopg 3 COPY"
fi
if [ "$has_adbc" = yes ]; then
    py_figure adbc "ADBC postgresql $adbc_version fetch_arrow_table to Parquet"
    adbc_cell=$(py_cell "ADBC postgresql $adbc_version fetch_arrow_table → Parquet")
    if [ "$has_psycopg" = yes ]; then
        best_cells+="; $adbc_cell"
        if awk -v a="$py_s" -v b="$best_s" 'BEGIN { exit !(a < b) }'; then best_s=$py_s best_name="ADBC"; fi
    else
        best_s=$py_s best_cells=$adbc_cell best_name="ADBC"
    fi
fi
[ -z "${best_name:-}" ] || ratios+=", $(ratio "$best_s" "$ours_s") vs the best Python variant ($best_name)"
figure "ratio, wall (reference time / ours)" "$ratios (client cpu: ours $(fmt_s "$ours_cpu") vs psql $(fmt_s "$ref_cpu"))"

extra=""
if [ "$rows" -gt "$small" ]; then
    # Memory must not grow with table size: the same extract at 250k rows.
    pg_admin -d "$db" "DELETE FROM encounters WHERE encounter_id > $small"
    pg_admin -d "$db" "VACUUM ANALYZE encounters"
    for _ in $(seq "$BENCH_REPEATS"); do ours small.times "$small"; done
    small_kib=$(median_of "$work/small.times" 2)
    figure "postgres-ingest peak RSS at $small rows vs $rows" "$(fmt_mib "$small_kib") vs $(fmt_mib "$ours_kib")"
    extra="; $(fmt_mib "$small_kib") at $((small / 1000))k rows"
fi

size=$(awk -v r="$rows" 'BEGIN { if (r >= 1e6) printf "%gM", r / 1e6; else printf "%gk", r / 1e3 }')
ours_cell="$(fmt_s "$ours_s"), $(fmt_rate "$rows" "$ours_s") rows/s, peak RSS $(fmt_mib "$ours_kib")"
row "postgres-ingest $size encounter rows × 15 columns → Bronze Parquet (release)" "$ours_cell$extra" \
    "psql binary COPY to /dev/null: $(fmt_s "$ref_s") ($(fmt_rate "$rows" "$ref_s") rows/s)" \
    "$(ratio "$ref_s" "$ours_s")"
if [ "$has_psycopg" = yes ]; then
    row "postgres-ingest vs the issue's Python reference, same $size rows → Parquet ($codec), same run" "$ours_cell" \
        "$pg2_cell" "$(ratio "$pg2_s" "$ours_s")"
fi
if [ -n "${best_name:-}" ]; then
    row "postgres-ingest vs the best Python variants, same $size rows → Parquet ($codec), same run" "$ours_cell" \
        "$best_cells" "$(ratio "$best_s" "$ours_s") vs the faster ($best_name)"
fi
