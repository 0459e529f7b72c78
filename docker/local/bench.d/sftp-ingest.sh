#!/usr/bin/env bash
# sftp-ingest (release) vs the OpenSSH `sftp` client fetching the same file (issue 7). One appointment drop
# file of 200 MB (--quick: 20 MB; BENCH_SFTP_MB overrides) is written to a private sub-folder of the local
# stack's SFTP drop, removed afterwards. Ours: the whole stage (download with SHA-256, raw copy, typed Parquet,
# rejects, manifest) and its download phase alone (manifest metric download_seconds); the reference: `sftp -b`
# `get` of the same file to local disk, host key verified the same way.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=lib.sh
source "$here/lib.sh"

megabytes=${BENCH_SFTP_MB:-$([ "$BENCH_QUICK" = yes ] && echo 20 || echo 200)}
date=2025-03-31
file="20250331_appointments.csv"
id=$(bench_id)
drop="$LOCAL_SFTP_DROP_DIR/$id"
remote="$SFTP_REMOTE_DIR/$id"
work="$BENCH_TMP/sftp-ingest"
mkdir -p "$work"
cleanup() { rm -rf "$drop" "$work"; }
trap cleanup EXIT

echo "== sftp-ingest vs OpenSSH sftp get: one ${megabytes} MB appointment file (load $(load_now))"
mkdir -p "$drop"
read -r rows bytes < <(python3 "$here/make_appointments.py" "$drop/$file" "$megabytes")
chown -R "$SFTP_USER" "$drop"
touch -d '1 hour ago' "$drop/$file"

n=0
ours() {
    n=$((n + 1))
    SFTP_REMOTE_DIR=$remote SFTP_STABILITY_SECONDS=0 timed "$work/$1" "$work/ours.log" \
        "$BENCH_BIN/sftp-ingest" run --date "$date" --lake-url "file://$work/lake$n" --environment bench --log-level warning \
        || fail "sftp-ingest failed: $(tail -3 "$work/ours.log")"
    local got
    got=$(manifest_metric "$work/lake$n" sftp-ingest appointments rows_written)
    [ "${got%.*}" = "$rows" ] || fail "sftp-ingest wrote ${got:-no} rows, expected $rows"
    manifest_metric "$work/lake$n" sftp-ingest appointments download_seconds >>"$work/download.seconds"
    rm -rf "$work/lake$n"
}
reference() {
    printf 'get %s/%s %s/ref.csv\n' "$remote" "$file" "$work" >"$work/batch"
    timed "$work/sftp.times" "$work/sftp.log" sftp -q -b "$work/batch" -P "$SFTP_PORT" -i "$SFTP_PRIVATE_KEY_FILE" \
        -o BatchMode=yes -o StrictHostKeyChecking=yes -o UserKnownHostsFile="$SFTP_KNOWN_HOSTS_FILE" \
        -o GlobalKnownHostsFile=/dev/null "$SFTP_USER@$SFTP_HOST" || fail "sftp get failed: $(tail -3 "$work/sftp.log")"
    [ "$(stat -c %s "$work/ref.csv")" = "$bytes" ] || fail "sftp fetched a file of the wrong size"
    rm -f "$work/ref.csv"
}

ours warmup.times
reference
: >"$work/sftp.times"
: >"$work/download.seconds"
for _ in $(seq "$BENCH_REPEATS"); do
    ours ours.times
    reference
done

ours_s=$(median_of "$work/ours.times" 1) ours_kib=$(median_of "$work/ours.times" 2)
dl_s=$(median <"$work/download.seconds")
ref_s=$(median_of "$work/sftp.times" 1) ref_kib=$(median_of "$work/sftp.times" 2)
figure "sftp-ingest (release), whole stage, $rows rows" "$(fmt_s "$ours_s") [$(range_of "$work/ours.times" 1) s], $(fmt_mbps "$bytes" "$ours_s"), cpu $(fmt_s "$(cpu_of "$work/ours.times")"), peak RSS $(fmt_mib "$ours_kib")"
figure "sftp-ingest download + SHA-256 phase (manifest)" "$(fmt_s "$dl_s"), $(fmt_mbps "$bytes" "$dl_s")"
figure "OpenSSH sftp get" "$(fmt_s "$ref_s") [$(range_of "$work/sftp.times" 1) s], $(fmt_mbps "$bytes" "$ref_s"), cpu $(fmt_s "$(cpu_of "$work/sftp.times")"), peak RSS $(fmt_mib "$ref_kib")"
figure "ratio whole stage / download phase (sftp time / ours)" "$(ratio "$ref_s" "$ours_s") / $(ratio "$ref_s" "$dl_s")"

row "sftp-ingest, one $(awk -v b="$bytes" 'BEGIN { printf "%.0f", b / 1e6 }') MB appointment file ($((rows / 1000))k rows): whole stage — fetch + SHA-256 + raw copy + typed Parquet (release)" \
    "$(fmt_s "$ours_s"), $(fmt_mbps "$bytes" "$ours_s"), peak RSS $(fmt_mib "$ours_kib")" \
    "OpenSSH sftp get: $(fmt_s "$ref_s"), $(fmt_mbps "$bytes" "$ref_s")" "$(ratio "$ref_s" "$ours_s")"
row "sftp-ingest download phase alone (fetch + SHA-256, 16 × 32 KiB reads in flight; same runs)" \
    "$(fmt_s "$dl_s"), $(fmt_mbps "$bytes" "$dl_s")" "OpenSSH sftp get: $(fmt_mbps "$bytes" "$ref_s")" "$(ratio "$ref_s" "$dl_s")"
