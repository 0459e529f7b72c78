#!/bin/sh
# Speed/memory comparison: dq-validator (release) vs a pyarrow.compute equivalent on a 1,000,000-row
# Silver urgent_care snapshot with the same 10 expectations. Usage: Services/DQValidator/bench/run.sh
set -eu
root=$(mktemp -d)
here=$(cd "$(dirname "$0")" && pwd)
python3 "$here/make_snapshot.py" "$root"
swift build -c release --product dq-validator >/dev/null
/usr/bin/time -f "dq-validator: %e s wall, peak RSS %M KiB" .build/release/dq-validator run --layer silver \
  --suites-dir "$root/suites" --lake-url "file://$root/lake" --date 2024-03-10 2>"$root/log" || true
tail -1 "$root/log"
python3 "$here/pyarrow_equivalent.py" "$root"
rm -rf "$root"
