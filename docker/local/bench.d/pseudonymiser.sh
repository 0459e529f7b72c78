#!/usr/bin/env bash
# Pseudonymisation vs Python hmac: runs Tests/Benchmarks/pseudonymiser-bench (release), which measures
# HMAC-SHA-256 of 10-digit NHS numbers in Swift and in python3 in the same run (medians), and the end-to-end
# batch stage on a 1M-row patient table; turns its figures into table rows. --quick: 200k messages, 100k rows.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=lib.sh
source "$here/lib.sh"

args=(--repeats "$BENCH_REPEATS")
if [ "$BENCH_QUICK" = yes ]; then args+=(--messages 200000 --patients 100000); fi
echo "== pseudonymisation: ours vs Python hmac (load $(load_now))"
out="$BENCH_TMP/pseudonymiser-bench.out"
"$BENCH_BIN/pseudonymiser-bench" "${args[@]}" | tee "$out"

# "  <label padded to 62> <rate>/s  (<seconds> s)" → the rate of the line whose label starts with $1.
rate() { awk -v label="$1" 'index($0, "  " label) == 1 { for (i = 1; i <= NF; i++) if ($i ~ /\/s$/) { sub(/\/s$/, "", $i); print $i; exit } }' "$out"; }
seconds() { awk -v label="$1" 'index($0, "  " label) == 1 { gsub(/[()]/, "", $(NF - 1)); print $(NF - 1); exit }' "$out"; }
per_s() { awk -v r="$1" 'BEGIN { if (r >= 1e6) printf "%.2fM/s", r / 1e6; else printf "%.0fk/s", r / 1e3 }'; }
speedup() { awk -v a="$1" -v b="$2" 'BEGIN { if (b <= 0) print "—"; else printf "%.2f×", a / b }'; }

messages=$(sed -n 's/^HMAC-SHA-256 of 10-digit messages (\([0-9]*\) per run.*/\1/p' "$out")
copied=$(rate "swift copied keyed state") one_shot=$(rate "swift one-shot HMAC")
py_copy=$(rate "python keyed hmac .copy()") py_digest=$(rate "python hmac.digest()") py_new=$(rate "python hmac.new(...).digest()")
e2e=$(rate "pseudonymiser run") e2e_s=$(seconds "pseudonymiser run")
patients=$(sed -n 's/^End-to-end batch stage, \([0-9]*\)-row patient table.*/\1/p' "$out")

if [ -n "$py_copy" ]; then
    row "HMAC-SHA-256 of 10-digit NHS numbers, keyed state computed once and copied per message ($((messages / 1000))k messages, release)" \
        "$(per_s "$copied")" "Python hmac .copy(): $(per_s "$py_copy")" "$(speedup "$copied" "$py_copy")"
    row "HMAC-SHA-256 one-shot per message (release)" "$(per_s "$one_shot")" \
        "Python hmac.digest(): $(per_s "$py_digest"); hmac.new().digest(): $(per_s "$py_new")" "$(speedup "$one_shot" "$py_digest")"
else
    say "python3 comparison missing from pseudonymiser-bench output"
fi
row "pseudonymiser stage end to end, $((patients / 1000))k-row patient table (read + verify, validate, HMAC, write, publish; release)" \
    "$(fmt_s "$e2e_s"), $(fmt_rate "$e2e" 1) rows/s" "— (Python hmac .copy() alone: $(per_s "${py_copy:-0}"))" "—"
