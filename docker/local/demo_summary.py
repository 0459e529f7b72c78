#!/usr/bin/env python3
"""Prints where the latest Gold export and dashboard are, what it holds, and headline inequality figures.
Usage: demo_summary.py EXPORT_URL   (file:///path or s3://bucket/prefix; S3 uses the local stack's variables)"""
import io
import json
import os
import sys

import pyarrow.parquet as pq

url = sys.argv[1]


def reader():
    if url.startswith("s3://"):
        import boto3
        bucket, _, prefix = url[5:].partition("/")
        prefix = prefix.strip("/") + "/" if prefix.strip("/") else ""
        s3 = boto3.client("s3", endpoint_url=os.environ.get("S3_ENDPOINT_URL"), region_name=os.environ.get("AWS_REGION"))
        return (lambda key: s3.get_object(Bucket=bucket, Key=prefix + key)["Body"].read()), f"s3://{bucket}/{prefix}"
    root = url[7:] if url.startswith("file://") else url
    return (lambda key: open(os.path.join(root, key), "rb").read()), root.rstrip("/") + "/"


get, location = reader()
try:
    pointer = json.loads(get("latest.json"))
except Exception as error:  # noqa: BLE001 - a summary, not a gate
    print(f"no export yet at {location} ({error.__class__.__name__})")
    sys.exit(0)
manifest = json.loads(get(pointer["manifest_key"]))
print()
print(f"Gold export {pointer['export_date']}: {location}{pointer['manifest_key']}")
if manifest.get("dashboard"):
    print(f"Dashboard:  {location}{manifest['dashboard']['key']}")
print(f"Gold run {manifest.get('gold_run_id')}, validated by DQ run {manifest.get('dq_run_id')}; "
      f"suppression threshold {manifest.get('suppression_threshold')}")
print()
print(f"{'table':<22} {'rows':>10}")
for table in manifest["tables"]:
    print(f"{table['name']:<22} {table['rows']:>10}")

inequality = next((t for t in manifest["tables"] if t["name"] == "fct_inequality"), None)
if inequality:
    frames = [pq.read_table(io.BytesIO(get(f["key"]))) for f in inequality["files"]]
    rows = [row for frame in frames for row in frame.to_pylist()]
    headline = [r for r in rows if any(isinstance(v, str) and v.lower() in ("sii", "rii") for v in r.values())
                or r.get("sii") is not None]
    print()
    print("Headline inequality (Slope / Relative Index of Inequality, most vs least deprived IMD decile):")
    shown = 0
    for row in headline:
        metric = row.get("metric") or row.get("metric_name") or row.get("indicator")
        period = row.get("period") or row.get("period_label") or ""
        sii, rii = row.get("sii"), row.get("rii")
        value = row.get("value")
        text = f"  {metric:<34} {str(period):<10}"
        stratum = str(row.get("stratum") or "")
        if stratum.upper() in ("SII", "RII"):
            text += f" {stratum.upper()} {value if value is None else round(value, 4)}"
        elif sii is not None or rii is not None:
            text += f" SII {sii if sii is None else round(sii, 3)}  RII {rii if rii is None else round(rii, 3)}"
        elif value is not None:
            text += f" {row.get('stratum') or row.get('statistic') or ''} {round(value, 3)}"
        if row.get("suppression_reason") or row.get("reason"):
            text += f"  ({row.get('suppression_reason') or row.get('reason')})"
        print(text)
        shown += 1
        if shown >= 12:
            break
    if not shown:
        print("  (no SII/RII rows in this export)")
