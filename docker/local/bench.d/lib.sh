# shellcheck shell=bash
# Helpers shared by the docker/local/bench.d/*.sh benchmarks (sourced, not run).
#
# Every benchmark runs our executable and its named reference in turn (A B A B …, after one warm-up each),
# times each whole process with /usr/bin/time (wall seconds, peak RSS of the process), and appends one
# markdown row per figure to $BENCH_ROWS in the README's format:
#   | benchmark | ours | reference (same run) | ratio |
# ratio = reference time / our time (= our throughput / the reference's): above 1× we are faster.
#
# Environment set by docker/local/bench: BENCH_BIN (release binaries), BENCH_QUICK (yes|no), BENCH_REPEATS,
# BENCH_ROWS (rows file), BENCH_TMP (a private temp folder, removed by the caller), plus the local stack's env.

BENCH_REPEATS=${BENCH_REPEATS:-3}
BENCH_QUICK=${BENCH_QUICK:-no}
BENCH_ROWS=${BENCH_ROWS:-/dev/null}
: "${BENCH_BIN:?BENCH_BIN (folder of the release binaries) is not set}"

say() { echo "  $*" >&2; }
fail() { echo "bench: $*" >&2; exit 1; }

# Load averages now ("1.23 1.10 0.95").
load_now() { cut -d' ' -f1-3 /proc/loadavg; }

# Runs a command with /usr/bin/time; appends "wall_seconds peak_rss_kib user_seconds sys_seconds" to the file $1. Output of the
# command goes to $2 (stdout and stderr together). Returns the command's exit status.
timed() {
    local times=$1 log=$2
    shift 2
    local status=0
    /usr/bin/time -f "%e %M %U %S" -o "$times.one" "$@" >"$log" 2>&1 || status=$?
    tail -1 "$times.one" >>"$times"
    rm -f "$times.one"
    return "$status"
}

# Median of the numbers on stdin.
median() { sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) { print "nan"; exit } if (NR % 2) print v[(NR + 1) / 2]; else printf "%.6g\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# Median of column $2 (1 = seconds, 2 = peak RSS KiB) of a times file $1.
median_of() { awk -v c="$2" '{ print $c }' "$1" | median; }

# Median CPU seconds (user + sys) of a times file $1.
cpu_of() { awk '{ print $3 + $4 }' "$1" | median; }

# "min–max" of column $2 of a times file $1 (to show the noise).
range_of() { awk -v c="$2" 'NR == 1 { lo = hi = $c } { if ($c < lo) lo = $c; if ($c > hi) hi = $c } END { printf "%s–%s", lo, hi }' "$1"; }

# Formatting: seconds, rows per second, MiB from KiB, MB/s, ratio.
fmt_s() { awk -v s="$1" 'BEGIN { if (s >= 60) printf "%d min %d s", s / 60, s % 60; else if (s >= 10) printf "%.1f s", s; else printf "%.2f s", s }'; }
fmt_rate() { # count seconds → "581k rows/s"
    awk -v n="$1" -v s="$2" 'BEGIN { if (s <= 0) { print "n/a"; exit } r = n / s
        if (r >= 1e6) printf "%.2fM", r / 1e6; else if (r >= 1e3) printf "%.0fk", r / 1e3; else printf "%.0f", r }'
}
fmt_mib() { awk -v k="$1" 'BEGIN { printf "%.0f MiB", k / 1024 }'; }
fmt_mbps() { awk -v b="$1" -v s="$2" 'BEGIN { if (s <= 0) print "n/a"; else printf "%.0f MB/s", b / s / 1e6 }'; }
ratio() { awk -v ref="$1" -v ours="$2" 'BEGIN { if (ours <= 0) print "—"; else printf "%.2f×", ref / ours }'; }

# Appends one README-format row.
row() { printf '| %s | %s | %s | %s |\n' "$1" "$2" "$3" "$4" >>"$BENCH_ROWS"; }

# Prints a figure line to the console.
figure() { printf '  %-58s %s\n' "$1" "$2"; }

# psql as the cluster's superuser over the admin socket (how docker/local/up and the tests administer it).
pg_admin() { # [-d DB] SQL
    local db=postgres
    if [ "$1" = -d ]; then db=$2; shift 2; fi
    psql -X -q -v ON_ERROR_STOP=1 -h "$LOCAL_PG_ADMIN_SOCKET" -p "$LOCAL_PG_PORT" -U postgres -d "$db" -c "$1" >/dev/null
}

# The libpq URI $1 with its database name replaced by $2 (query string kept). Never printed: it holds a password.
url_with_database() { python3 -c 'import sys, urllib.parse as u
p = u.urlsplit(sys.argv[1]); print(u.urlunsplit(p._replace(path="/" + sys.argv[2])))' "$1" "$2"; }

# A fresh id for private databases and folders: lower-case letters and digits only.
bench_id() { echo "bench$(od -An -N4 -tx4 /dev/urandom | tr -d ' ')"; }

# Rows and a metric from a lake's succeeded manifest: manifest_metric LAKE_DIR STAGE SCOPE KEY (KEY = a metric
# name, or "rows" for the sum of output rows).
# Compression codec of a Bronze Parquet file of entity $2 in lake folder $1 (lower case, e.g. "snappy"), so a
# Python reference can write with the same codec as ours.
bronze_codec() {
    python3 -c 'import glob, sys, pyarrow.parquet as pq
m = pq.read_metadata(glob.glob(sys.argv[1] + "/bronze/**/entity=" + sys.argv[2] + "/**/run_id=*/part-*.parquet", recursive=True)[0])
print(m.row_group(0).column(0).compression.lower())' "$1" "$2"
}

manifest_metric() {
    python3 - "$@" <<'PY'
import glob, json, sys
root, stage, scope, key = sys.argv[1:5]
values = []
for path in sorted(glob.glob(f"{root}/_manifests/stage={stage}/scope={scope}/**/*.json", recursive=True)):
    m = json.load(open(path))
    if m.get("status") != "succeeded":
        continue
    values.append(sum(o.get("rows", 0) for o in m["outputs"]) if key == "rows" else m.get("metrics", {}).get(key, 0))
print(values[-1] if values else "")
PY
}
