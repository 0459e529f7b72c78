#!/usr/bin/env bash
# postgres-ingest (release) vs `psql` COPY … (FORMAT binary) to /dev/null — the floor — on the same
# encounters table (issue 6). A private database on the local stack's PostgreSQL gets the EHR tables with the
# column types trust-sim creates (Services/TrustSimulator/TrustSimulator/SourceTable.swift; foreign keys left
# out so the other tables can stay empty) and a release_watermark row marking an initial load; the database is
# dropped afterwards. Rows: 1,000,000 (--quick: 250,000); BENCH_PG_ROWS overrides.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=lib.sh
source "$here/lib.sh"

rows=${BENCH_PG_ROWS:-$([ "$BENCH_QUICK" = yes ] && echo 250000 || echo 1000000)}
small=250000
date=2025-12-31
id=$(bench_id)
db="ehr_$id"
work="$BENCH_TMP/postgres-ingest"
mkdir -p "$work"
cleanup() { pg_admin "DROP DATABASE IF EXISTS $db WITH (FORCE)" || true; rm -rf "$work"; }
trap cleanup EXIT

echo "== postgres-ingest vs psql binary COPY: $rows encounter rows × 15 columns (load $(load_now))"
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
copy_sql="COPY (SELECT $columns FROM public.encounters WHERE updated_at < DATE '$date' + 1) TO STDOUT (FORMAT binary)"

n=0
ours() {
    n=$((n + 1))
    EHR_DATABASE_URL=$url timed "$work/$1" "$work/ours.log" \
        "$BENCH_BIN/postgres-ingest" run --scopes ehr --date "$date" --lake-url "file://$work/lake$n" \
        --environment bench --log-level warning || fail "postgres-ingest failed: $(tail -3 "$work/ours.log")"
    local got
    got=$(manifest_metric "$work/lake$n" postgres-ingest ehr rows.encounters)
    [ "${got%.*}" = "$2" ] || fail "postgres-ingest wrote ${got:-no} encounter rows, expected $2"
    rm -rf "$work/lake$n"
}
reference() {
    # shellcheck disable=SC2016 # $1 and $2 are the inner shell's arguments
    timed "$work/psql.times" /dev/null sh -c 'exec psql "$1" -X -q -v ON_ERROR_STOP=1 -c "$2" >/dev/null' psql "$url" "$copy_sql" \
        || fail "psql COPY failed"
}

ours warmup.times "$rows"
reference
: >"$work/psql.times"
for _ in $(seq "$BENCH_REPEATS"); do
    ours ours.times "$rows"
    reference
done

ours_s=$(median_of "$work/ours.times" 1) ours_kib=$(median_of "$work/ours.times" 2)
ref_s=$(median_of "$work/psql.times" 1) ref_kib=$(median_of "$work/psql.times" 2)
ours_cpu=$(cpu_of "$work/ours.times") ref_cpu=$(cpu_of "$work/psql.times")
figure "postgres-ingest (release), $rows rows" "$(fmt_s "$ours_s") [$(range_of "$work/ours.times" 1) s], $(fmt_rate "$rows" "$ours_s") rows/s, cpu $(fmt_s "$ours_cpu"), peak RSS $(fmt_mib "$ours_kib")"
figure "psql COPY (FORMAT binary) > /dev/null" "$(fmt_s "$ref_s") [$(range_of "$work/psql.times" 1) s], $(fmt_rate "$rows" "$ref_s") rows/s, cpu $(fmt_s "$ref_cpu"), peak RSS $(fmt_mib "$ref_kib")"
figure "ratio, wall (psql / ours; 1× = at the floor)" "$(ratio "$ref_s" "$ours_s") (client cpu: ours $(fmt_s "$ours_cpu") vs psql $(fmt_s "$ref_cpu"))"

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

row "postgres-ingest $(awk -v r="$rows" 'BEGIN { if (r >= 1e6) printf "%gM", r / 1e6; else printf "%gk", r / 1e3 }') encounter rows × 15 columns → Bronze Parquet (release)" \
    "$(fmt_s "$ours_s"), $(fmt_rate "$rows" "$ours_s") rows/s, peak RSS $(fmt_mib "$ours_kib")$extra" \
    "psql binary COPY to /dev/null: $(fmt_s "$ref_s") ($(fmt_rate "$rows" "$ref_s") rows/s)" \
    "$(ratio "$ref_s" "$ours_s")"
