#!/usr/bin/env bash
# sftp-ingest (release) vs the reference approach of issue 7 — Python paramiko + csv + pyarrow doing the same
# stage (Services/SFTPIngest/bench/paramiko_ingest.py: fetch with SHA-256, raw copy, typed Parquet with our
# codec; rows and SHA-256 checked) — and vs the OpenSSH `sftp` client fetching the same file. One appointment drop
# file of 200 MB (--quick: 20 MB; BENCH_SFTP_MB overrides) is written to a private sub-folder of the local
# stack's SFTP drop, removed afterwards. Ours: the whole stage (download with SHA-256, raw copy, typed Parquet,
# rejects, manifest) and its download phase alone (manifest metric download_seconds); `sftp -b` `get` of the same
# file to local disk, host key verified the same way. paramiko is installed from PyPI, pinned, into a cached venv
# under $BENCH_CACHE (pyarrow from the system python when it is the pinned version); if it cannot be installed
# its figure is skipped and the benchmark still runs.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=lib.sh
source "$here/lib.sh"
refs="$(cd "$here/../../.." && pwd)/Services/SFTPIngest/bench"
cache=${BENCH_CACHE:-$HOME/.cache/northshire-bench}
paramiko_version=5.1.0 pyarrow_version=26.0.1

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

echo "== sftp-ingest vs paramiko + csv + pyarrow and OpenSSH sftp get: one ${megabytes} MB appointment file (load $(load_now))"
paramiko_venv="$cache/paramiko-$paramiko_version"
if [ ! -f "$paramiko_venv/.installed" ]; then
    say "installing paramiko==$paramiko_version pyarrow==$pyarrow_version from PyPI into $paramiko_venv"
    rm -rf "$paramiko_venv"
    mkdir -p "$cache"
    if { python3 -m venv --system-site-packages "$paramiko_venv" \
        && "$paramiko_venv/bin/pip" install -q --disable-pip-version-check "paramiko==$paramiko_version" "pyarrow==$pyarrow_version"; } \
        >"$work/install.log" 2>&1; then
        touch "$paramiko_venv/.installed"
    else
        say "paramiko could not be installed (see below); its figure is skipped"
        tail -3 "$work/install.log" >&2
        rm -rf "$paramiko_venv"
    fi
fi
has_paramiko=no
[ ! -f "$paramiko_venv/.installed" ] || has_paramiko=yes

mkdir -p "$drop"
read -r rows bytes < <(python3 "$here/make_appointments.py" "$drop/$file" "$megabytes")
sha256=$(sha256sum "$drop/$file" | cut -d' ' -f1)
chown -R "$SFTP_USER" "$drop"
touch -d '1 hour ago' "$drop/$file"

n=0 codec=""
ours() {
    n=$((n + 1))
    SFTP_REMOTE_DIR=$remote SFTP_STABILITY_SECONDS=0 timed "$work/$1" "$work/ours.log" \
        "$BENCH_BIN/sftp-ingest" run --date "$date" --lake-url "file://$work/lake$n" --environment bench --log-level warning \
        || fail "sftp-ingest failed: $(tail -3 "$work/ours.log")"
    local got
    got=$(manifest_metric "$work/lake$n" sftp-ingest appointments rows_written)
    [ "${got%.*}" = "$rows" ] || fail "sftp-ingest wrote ${got:-no} rows, expected $rows"
    manifest_metric "$work/lake$n" sftp-ingest appointments download_seconds >>"$work/download.seconds"
    if [ -z "$codec" ]; then # paramiko_ingest.py writes Parquet with the codec of our Bronze file
        codec=$(bronze_codec "$work/lake$n" appointments)
        say "our Bronze Parquet codec: $codec (paramiko_ingest.py uses it too)"
    fi
    rm -rf "$work/lake$n"
}
paramiko_ref() {
    [ "$has_paramiko" = yes ] || return 0
    timed "$work/paramiko.times" "$work/paramiko.log" "$paramiko_venv/bin/python" "$refs/paramiko_ingest.py" \
        "$remote/$file" "$work/paramiko.csv" "$work/paramiko.parquet" "$codec" \
        || fail "paramiko_ingest.py failed: $(tail -3 "$work/paramiko.log" | cut -c1-300)"
    grep -q " rows=$rows rejected=0 bytes=$bytes sha256=$sha256\$" "$work/paramiko.log" \
        || fail "paramiko_ingest.py: expected rows=$rows rejected=0 bytes=$bytes and the file's SHA-256, got: $(tail -1 "$work/paramiko.log" | cut -c1-300)"
    sed -n 's/^download_seconds=//p' "$work/paramiko.log" >>"$work/paramiko.download"
    rm -f "$work/paramiko.csv" "$work/paramiko.parquet"
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
paramiko_ref
: >"$work/sftp.times"
: >"$work/download.seconds"
rm -f "$work/paramiko.times" "$work/paramiko.download"
for _ in $(seq "$BENCH_REPEATS"); do
    ours ours.times
    reference
    paramiko_ref
done

ours_s=$(median_of "$work/ours.times" 1) ours_kib=$(median_of "$work/ours.times" 2)
dl_s=$(median <"$work/download.seconds")
ref_s=$(median_of "$work/sftp.times" 1) ref_kib=$(median_of "$work/sftp.times" 2)
figure "sftp-ingest (release), whole stage, $rows rows" "$(fmt_s "$ours_s") [$(range_of "$work/ours.times" 1) s], $(fmt_mbps "$bytes" "$ours_s"), cpu $(fmt_s "$(cpu_of "$work/ours.times")"), peak RSS $(fmt_mib "$ours_kib")"
figure "sftp-ingest download + SHA-256 phase (manifest)" "$(fmt_s "$dl_s"), $(fmt_mbps "$bytes" "$dl_s")"
figure "OpenSSH sftp get" "$(fmt_s "$ref_s") [$(range_of "$work/sftp.times" 1) s], $(fmt_mbps "$bytes" "$ref_s"), cpu $(fmt_s "$(cpu_of "$work/sftp.times")"), peak RSS $(fmt_mib "$ref_kib")"
figure "ratio whole stage / download phase (sftp time / ours)" "$(ratio "$ref_s" "$ours_s") / $(ratio "$ref_s" "$dl_s")"
if [ "$has_paramiko" = yes ]; then
    pm_s=$(median_of "$work/paramiko.times" 1) pm_kib=$(median_of "$work/paramiko.times" 2)
    figure "paramiko $paramiko_version + csv + pyarrow, whole stage" "$(fmt_s "$pm_s") [$(range_of "$work/paramiko.times" 1) s], $(fmt_mbps "$bytes" "$pm_s"), cpu $(fmt_s "$(cpu_of "$work/paramiko.times")"), peak RSS $(fmt_mib "$pm_kib")"
    pm_dl_s=$(median <"$work/paramiko.download")
    figure "paramiko download + SHA-256 + raw copy phase" "$(fmt_s "$pm_dl_s"), $(fmt_mbps "$bytes" "$pm_dl_s")"
    figure "ratio whole stage / download phase (paramiko time / ours)" "$(ratio "$pm_s" "$ours_s") / $(ratio "$pm_dl_s" "$dl_s")"
fi

row "sftp-ingest, one $(awk -v b="$bytes" 'BEGIN { printf "%.0f", b / 1e6 }') MB appointment file ($((rows / 1000))k rows): whole stage — fetch + SHA-256 + raw copy + typed Parquet (release)" \
    "$(fmt_s "$ours_s"), $(fmt_mbps "$bytes" "$ours_s"), peak RSS $(fmt_mib "$ours_kib")" \
    "OpenSSH sftp get: $(fmt_s "$ref_s"), $(fmt_mbps "$bytes" "$ref_s")" "$(ratio "$ref_s" "$ours_s")"
row "sftp-ingest download phase alone (fetch + SHA-256, 16 × 32 KiB reads in flight; same runs)" \
    "$(fmt_s "$dl_s"), $(fmt_mbps "$bytes" "$dl_s")" "OpenSSH sftp get: $(fmt_mbps "$bytes" "$ref_s")" "$(ratio "$ref_s" "$dl_s")"
if [ "$has_paramiko" = yes ]; then
    row "sftp-ingest whole stage vs paramiko + csv + pyarrow, same $(awk -v b="$bytes" 'BEGIN { printf "%.0f", b / 1e6 }') MB file, same stage (fetch + SHA-256 + raw copy + typed Parquet, $codec)" \
        "$(fmt_s "$ours_s"), $(fmt_mbps "$bytes" "$ours_s"), peak RSS $(fmt_mib "$ours_kib")" \
        "paramiko $paramiko_version + csv + pyarrow $pyarrow_version: $(fmt_s "$pm_s"), $(fmt_mbps "$bytes" "$pm_s") (download phase $(fmt_mbps "$bytes" "$pm_dl_s")), peak RSS $(fmt_mib "$pm_kib")" \
        "$(ratio "$pm_s" "$ours_s")"
fi
