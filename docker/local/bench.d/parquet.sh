#!/usr/bin/env bash
# Parquet writer/reader vs pyarrow: runs Tests/Benchmarks/parquet-bench (release; it times pyarrow in the same
# run, best of 3 each) and turns its figures into table rows.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=lib.sh
source "$here/lib.sh"

echo "== Parquet: ours vs pyarrow (load $(load_now))"
out="$BENCH_TMP/parquet-bench.out"
"$BENCH_BIN/parquet-bench" | tee "$out"

# seconds of the line whose label (after "ours"/"pyarrow" section headers) starts with $2, in section $1.
seconds() { awk -v section="$1" -v label="$2" '/^[a-z]/ { in_section = index($0, section) == 1 } in_section && index($0, "  " label) == 1 { for (i = 1; i <= NF; i++) if ($(i + 1) == "s") { print $i; exit } }' "$out"; }
rows=$(sed -n 's/^table: \([0-9]*\) rows × \([0-9]*\) columns.*/\1/p' "$out")
columns=$(sed -n 's/^table: \([0-9]*\) rows × \([0-9]*\) columns.*/\2/p' "$out")
pyarrow=$(sed -n 's/^\(pyarrow [0-9.]*\).*/\1/p' "$out")
ours_w=$(seconds ours "write (columnar)") ours_r=$(seconds ours "read (columnar)")
pa_w=$(seconds pyarrow "write") pa_r=$(seconds pyarrow "read")
if [ -z "$ours_w" ] || [ -z "$pa_w" ]; then fail "could not read parquet-bench's figures"; fi
rows_label=$(awk -v r="$rows" 'BEGIN { if (r >= 1e6) printf "%gM", r / 1e6; else printf "%gk", r / 1e3 }')
row "Parquet write, $rows_label rows × $columns encounter-like columns, snappy (release, best of 3)" \
    "$(fmt_s "$ours_w"), $(fmt_rate "$rows" "$ours_w") rows/s" "$pyarrow: $(fmt_s "$pa_w")" "$(ratio "$pa_w" "$ours_w")"
row "Parquet read, same file, columnar path (release, best of 3)" \
    "$(fmt_s "$ours_r"), $(fmt_rate "$rows" "$ours_r") rows/s" "pyarrow: $(fmt_s "$pa_r")" "$(ratio "$pa_r" "$ours_r")"
