#!/usr/bin/env bash
# dq-validator (release) vs Great Expectations, a pyarrow.compute equivalent and DuckDB SQL, all running the same
# 10 expectations on the same 1,000,000-row Silver urgent_care snapshot (issue 11; the snapshot generator, which
# also writes the suite YAML, and the three equivalents are in Services/DQValidator/bench/). Whole-process
# seconds and peak RSS for each, in turn, medians. Great Expectations (GX Core, pandas engine, ephemeral context)
# is installed from PyPI, pinned, into a cached venv under $BENCH_CACHE; if it cannot be installed its figure is
# skipped and the benchmark still runs.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=lib.sh
source "$here/lib.sh"
repo=$(cd "$here/../../.." && pwd)
dq_bench="$repo/Services/DQValidator/bench"
gx_version=1.24.1 gx_pins=(great_expectations==1.24.1 pandas==3.1.1 pyarrow==26.0.1 numpy==2.4.6)
cache=${BENCH_CACHE:-$HOME/.cache/northshire-bench}

work="$BENCH_TMP/dq-validator"
mkdir -p "$work"
trap 'rm -rf "$work"' EXIT

echo "== dq-validator vs Great Expectations, pyarrow.compute and DuckDB: 10 expectations on a 1M-row Silver table (load $(load_now))"
python3 "$dq_bench/make_snapshot.py" "$work" >/dev/null
has_duckdb=yes
python3 -c 'import duckdb' 2>/dev/null || has_duckdb=no

gx_venv="$cache/great-expectations-$gx_version"
if [ ! -f "$gx_venv/.installed" ]; then
    say "installing ${gx_pins[*]} from PyPI into $gx_venv"
    rm -rf "$gx_venv"
    mkdir -p "$cache"
    if { python3 -m venv "$gx_venv" && "$gx_venv/bin/pip" install -q --disable-pip-version-check "${gx_pins[@]}"; } \
        >"$work/gx-install.log" 2>&1; then
        touch "$gx_venv/.installed"
    else
        say "Great Expectations could not be installed (see below); its figure is skipped"
        tail -3 "$work/gx-install.log" >&2
        rm -rf "$gx_venv"
    fi
fi
has_gx=no
[ -f "$gx_venv/.installed" ] && has_gx=yes

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
    timed "$work/duckdb.times" "$work/duckdb.log" python3 "$dq_bench/duckdb_equivalent.py" "$work" || fail "duckdb equivalent failed"
    grep -q "all_pass=True" "$work/duckdb.log" || fail "duckdb equivalent: a check did not pass: $(cat "$work/duckdb.log")"
}
gx_ref() {
    [ "$has_gx" = yes ] || return 0
    # Run from $work so that nothing GX might write lands in the repository; the context is ephemeral.
    (cd "$work" && GX_ANALYTICS_ENABLED=false timed "$work/gx.times" "$work/gx.log" "$gx_venv/bin/python" \
        "$dq_bench/great_expectations_equivalent.py" "$work") || fail "Great Expectations equivalent failed: $(tail -3 "$work/gx.log" | cut -c1-300)"
    grep -q "all_pass=True" "$work/gx.log" || fail "Great Expectations equivalent: a check did not pass: $(tail -1 "$work/gx.log")"
    sed -n 's/^great_expectations [^:]*: \([0-9.]*\)s.*/\1/p' "$work/gx.log" >>"$work/gx.inner"
}

ours warmup.times
gx_ref
pyarrow_ref
duckdb_ref
rm -f "$work/gx.times" "$work/gx.inner" "$work/pyarrow.times" "$work/duckdb.times" "$work/pyarrow.inner"
for _ in $(seq "$BENCH_REPEATS"); do
    ours ours.times
    gx_ref
    pyarrow_ref
    duckdb_ref
done

ours_s=$(median_of "$work/ours.times" 1) ours_kib=$(median_of "$work/ours.times" 2)
pa_s=$(median_of "$work/pyarrow.times" 1) pa_kib=$(median_of "$work/pyarrow.times" 2) pa_inner=$(median <"$work/pyarrow.inner")
figure "dq-validator (release), whole process" "$(fmt_s "$ours_s") [$(range_of "$work/ours.times" 1) s], cpu $(fmt_s "$(cpu_of "$work/ours.times")"), peak RSS $(fmt_mib "$ours_kib")"
reference="" ratios=""
if [ "$has_gx" = yes ]; then
    gx_s=$(median_of "$work/gx.times" 1) gx_kib=$(median_of "$work/gx.times" 2) gx_inner=$(median <"$work/gx.inner")
    figure "Great Expectations $gx_version, whole process (read + checks)" "$(fmt_s "$gx_s") [$(range_of "$work/gx.times" 1) s] ($(fmt_s "$gx_inner")), cpu $(fmt_s "$(cpu_of "$work/gx.times")"), peak RSS $(fmt_mib "$gx_kib")"
    reference="Great Expectations $gx_version (pandas): $(fmt_s "$gx_s"), $(fmt_mib "$gx_kib"); "
    ratios="$(ratio "$gx_s" "$ours_s") vs GX, "
fi
figure "pyarrow.compute, whole process (read + checks alone)" "$(fmt_s "$pa_s") [$(range_of "$work/pyarrow.times" 1) s] ($(fmt_s "$pa_inner")), cpu $(fmt_s "$(cpu_of "$work/pyarrow.times")"), peak RSS $(fmt_mib "$pa_kib")"
reference+="pyarrow.compute: $(fmt_s "$pa_s"), $(fmt_mib "$pa_kib")"
ratios+="$(ratio "$pa_s" "$ours_s") vs pyarrow"
if [ "$has_duckdb" = yes ]; then
    dk_s=$(median_of "$work/duckdb.times" 1) dk_kib=$(median_of "$work/duckdb.times" 2)
    figure "DuckDB SQL, whole process" "$(fmt_s "$dk_s") [$(range_of "$work/duckdb.times" 1) s], cpu $(fmt_s "$(cpu_of "$work/duckdb.times")"), peak RSS $(fmt_mib "$dk_kib")"
    reference+="; DuckDB SQL: $(fmt_s "$dk_s"), $(fmt_mib "$dk_kib")"
    ratios+=", $(ratio "$dk_s" "$ours_s") vs DuckDB"
fi
[ "$has_gx" = yes ] || ratios+=" (Great Expectations not installed: skipped)"
[ "$has_duckdb" = yes ] || ratios+=" (DuckDB not installed: skipped)"
figure "ratio (reference time / ours)" "$ratios"
row "dq-validator, 10 expectations on a 1M-row Silver table, whole process (release)" \
    "$(fmt_s "$ours_s"), peak RSS $(fmt_mib "$ours_kib")" "$reference" "$ratios"
