#!/usr/bin/env bash
# S3 client vs boto3 against the local S3-compatible server: runs Tests/Benchmarks/s3-bench (release; boto3
# in the same run) and turns each phase into a table row.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=lib.sh
source "$here/lib.sh"

echo "== S3: ours vs boto3 (load $(load_now))"
out="$BENCH_TMP/s3-bench.out"
"$BENCH_BIN/s3-bench" | tee "$out"

# "<phase> <op> swift <objects> <MB/s> <p50> <p95>", the same for boto3, then "<phase> <op> swift/boto3 … ratio: R".
awk '$3 == "swift" || $3 == "boto3" { mbps[$1 " " $2 " " $3] = $5; p50[$1 " " $2 " " $3] = $6 }
     $3 == "swift/boto3" { key = $1 " " $2
        split($1, size, "x"); label = "S3 " $2 " " size[1] " × " size[2]
        sub(/KiB$/, " KiB", label); sub(/MiB$/, " MiB", label)
        printf "%s\t%s MB/s, p50 %.0f ms\tboto3: %s MB/s, p50 %.0f ms\t%.2f×\n", label, mbps[key " swift"], p50[key " swift"], mbps[key " boto3"], p50[key " boto3"], $NF }' "$out" \
    | while IFS=$'\t' read -r label ours reference speed; do
        row "$label (release, local moto)" "$ours" "$reference" "$speed"
    done
