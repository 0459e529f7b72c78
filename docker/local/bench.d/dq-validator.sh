#!/usr/bin/env bash
# dq-validator (release) vs a pyarrow.compute equivalent — and DuckDB SQL — running the same 10 expectations
# on the same 1,000,000-row Silver urgent_care snapshot (issue 11; the snapshot, suite and pyarrow script are
# Services/DQValidator/bench/). Whole-process seconds and peak RSS for each, in turn, medians.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=lib.sh
source "$here/lib.sh"
repo=$(cd "$here/../../.." && pwd)
dq_bench="$repo/Services/DQValidator/bench"

work="$BENCH_TMP/dq-validator"
mkdir -p "$work"
trap 'rm -rf "$work"' EXIT

echo "== dq-validator vs pyarrow.compute and DuckDB: 10 expectations on a 1M-row Silver table (load $(load_now))"
python3 "$dq_bench/make_snapshot.py" "$work" >/dev/null
has_duckdb=yes
python3 -c 'import duckdb' 2>/dev/null || has_duckdb=no

ours() {
    timed "$work/$1" "$work/ours.log" "$BENCH_BIN/dq-validator" run --layer silver --suites-dir "$work/suites" \
        --lake-url "file://$work/lake" --date 2024-03-10 --force --environment bench \
        || fail "dq-validator failed: $(tail -3 "$work/ours.log" | cut -c1-300)"
    grep -q '"event":"run_succeeded"' "$work/ours.log" || fail "dq-validator did not succeed"
}
pyarrow_ref() {
    timed "$work/pyarrow.times" "$work/pyarrow.log" python3 "$dq_bench/pyarrow_equivalent.py" "$work" || fail "pyarrow equivalent failed"
    grep -q "all_pass=True" "$work/pyarrow.log" || fail "pyarrow equivalent: a check did not pass: $(cat "$work/pyarrow.log")"
    sed -n 's/^pyarrow.compute: \([0-9.]*\)s.*/\1/p' "$work/pyarrow.log" >>"$work/pyarrow.inner"
}
duckdb_ref() {
    [ "$has_duckdb" = yes ] || return 0
    timed "$work/duckdb.times" "$work/duckdb.log" python3 "$here/dq_duckdb_equivalent.py" "$work" || fail "duckdb equivalent failed"
    grep -q "all_pass=True" "$work/duckdb.log" || fail "duckdb equivalent: a check did not pass: $(cat "$work/duckdb.log")"
}

ours warmup.times
pyarrow_ref
duckdb_ref
rm -f "$work/pyarrow.times" "$work/duckdb.times" "$work/pyarrow.inner"
for _ in $(seq "$BENCH_REPEATS"); do
    ours ours.times
    pyarrow_ref
    duckdb_ref
done

ours_s=$(median_of "$work/ours.times" 1) ours_kib=$(median_of "$work/ours.times" 2)
pa_s=$(median_of "$work/pyarrow.times" 1) pa_kib=$(median_of "$work/pyarrow.times" 2) pa_inner=$(median <"$work/pyarrow.inner")
figure "dq-validator (release), whole process" "$(fmt_s "$ours_s") [$(range_of "$work/ours.times" 1) s], cpu $(fmt_s "$(cpu_of "$work/ours.times")"), peak RSS $(fmt_mib "$ours_kib")"
figure "pyarrow.compute, whole process (read + checks alone)" "$(fmt_s "$pa_s") [$(range_of "$work/pyarrow.times" 1) s] ($(fmt_s "$pa_inner")), cpu $(fmt_s "$(cpu_of "$work/pyarrow.times")"), peak RSS $(fmt_mib "$pa_kib")"
reference="pyarrow.compute: $(fmt_s "$pa_s"), $(fmt_mib "$pa_kib")"
if [ "$has_duckdb" = yes ]; then
    dk_s=$(median_of "$work/duckdb.times" 1) dk_kib=$(median_of "$work/duckdb.times" 2)
    figure "DuckDB SQL, whole process" "$(fmt_s "$dk_s") [$(range_of "$work/duckdb.times" 1) s], cpu $(fmt_s "$(cpu_of "$work/duckdb.times")"), peak RSS $(fmt_mib "$dk_kib")"
    figure "ratio (reference time / ours): pyarrow / DuckDB" "$(ratio "$pa_s" "$ours_s") / $(ratio "$dk_s" "$ours_s")"
    row "dq-validator, 10 expectations on a 1M-row Silver table, whole process (release)" \
        "$(fmt_s "$ours_s"), peak RSS $(fmt_mib "$ours_kib")" "$reference; DuckDB SQL: $(fmt_s "$dk_s"), $(fmt_mib "$dk_kib")" \
        "$(ratio "$pa_s" "$ours_s") vs pyarrow, $(ratio "$dk_s" "$ours_s") vs DuckDB"
else
    figure "ratio (pyarrow time / ours)" "$(ratio "$pa_s" "$ours_s") (DuckDB not installed: skipped)"
    row "dq-validator, 10 expectations on a 1M-row Silver table, whole process (release)" \
        "$(fmt_s "$ours_s"), peak RSS $(fmt_mib "$ours_kib")" "$reference" "$(ratio "$pa_s" "$ours_s")"
fi
