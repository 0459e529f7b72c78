#!/usr/bin/env python3
"""The demo's closing summary: dates processed, rows per layer, data-quality results, where the latest Gold
export and dashboard are, and headline inequality figures (SII/RII by IMD decile).

Usage: demo_summary.py EXPORT_URL [LAKE_URL]   (file:///path or s3://bucket/prefix; S3 uses the local stack's
variables). Reads manifests and exports only; never person-level data.
"""
import io
import json
import os
import sys
from collections import defaultdict

import pyarrow.parquet as pq


class Location:
    """Read-only access to a file:// or s3:// prefix."""

    def __init__(self, url):
        self.url = url
        if url.startswith("s3://"):
            import boto3

            self.bucket, _, prefix = url[5:].partition("/")
            self.prefix = prefix.strip("/") + "/" if prefix.strip("/") else ""
            self.s3 = boto3.client("s3", endpoint_url=os.environ.get("S3_ENDPOINT_URL"),
                                   region_name=os.environ.get("AWS_REGION"))
            self.display = f"s3://{self.bucket}/{self.prefix}"
        else:
            self.s3 = None
            self.root = (url[7:] if url.startswith("file://") else url).rstrip("/")
            self.display = self.root + "/"

    def get(self, key):
        if self.s3:
            return self.s3.get_object(Bucket=self.bucket, Key=self.prefix + key)["Body"].read()
        with open(os.path.join(self.root, key), "rb") as handle:
            return handle.read()

    def keys(self, prefix):
        if self.s3:
            pages = self.s3.get_paginator("list_objects_v2").paginate(Bucket=self.bucket, Prefix=self.prefix + prefix)
            return [o["Key"][len(self.prefix):] for page in pages for o in page.get("Contents", [])]
        found = []
        for folder, _, files in os.walk(os.path.join(self.root, prefix)):
            found += [os.path.relpath(os.path.join(folder, f), self.root) for f in files]
        return found


LAYERS = [("bronze", ("postgres-ingest", "sftp-ingest", "s3-copy-ingest")), ("pseudonymised", ("pseudonymiser",)),
          ("silver", ("transform-runner/silver",)), ("gold", ("transform-runner/gold",))]


def latest_manifests(lake):
    """(stage, scope, date) -> the newest manifest (run ids are time-ordered UUIDv7)."""
    newest = {}
    for key in lake.keys("_manifests/"):
        if not key.endswith(".json"):
            continue
        parts = dict(p.split("=", 1) for p in key[:-5].split("/")[1:] if "=" in p)
        slot = (parts.get("stage"), parts.get("scope"), parts.get("business_date"))
        if slot not in newest or parts.get("run_id", "") > newest[slot][0]:
            newest[slot] = (parts.get("run_id", ""), key)
    result = {}
    for slot, (_, key) in newest.items():
        try:
            result[slot] = json.loads(lake.get(key))
        except (ValueError, OSError) as error:
            result[slot] = {"status": f"unreadable ({error.__class__.__name__})", "outputs": []}
    return result


def print_lake(lake):
    manifests = latest_manifests(lake)
    exported = sorted(d for (stage, _, d), m in manifests.items() if stage == "gold-exporter" and m.get("status") == "succeeded")
    print(f"Business dates exported: {', '.join(exported) if exported else 'none yet'}")
    if not exported:
        return
    latest = exported[-1]
    print()
    print(f"Rows written per layer for {latest} (succeeded runs):")
    for layer, stages in LAYERS:
        total = 0
        for (stage, scope, date), manifest in manifests.items():
            if date != latest or manifest.get("status") != "succeeded":
                continue
            if stage in stages or f"{stage}/{scope}" in stages:
                total += sum(o.get("rows", 0) for o in manifest.get("outputs", []) if not o.get("dataset", "").startswith("_"))
        print(f"  {layer:<14} {total:>10}")
    print()
    print("Data-quality gates:")
    for layer in ("silver", "gold"):
        results = sorted(k for k in lake.keys(f"_dq/layer={layer}/as_of={latest}/") if k.endswith("results.json"))
        if not results:
            print(f"  {layer:<7} no results for {latest}")
            continue
        document = json.loads(lake.get(results[-1]))
        summary = document.get("summary", {})
        verdict = "passed" if document.get("passed") else "FAILED"
        print(f"  {layer:<7} {verdict}: {summary.get('expectations', '?')} expectations, "
              f"{summary.get('failed_error', '?')} errors, {summary.get('failed_warn', '?')} warnings  "
              f"({lake.display}{results[-1].rsplit('/', 1)[0]}/report.html)")


def fmt(value, digits=3):
    return "—" if value is None else f"{value:.{digits}f}"


def print_export(export):
    try:
        pointer = json.loads(export.get("latest.json"))
    except Exception as error:  # noqa: BLE001 - a summary, not a gate
        print(f"no export yet at {export.display} ({error.__class__.__name__})")
        return
    manifest = json.loads(export.get(pointer["manifest_key"]))
    print()
    print(f"Gold export {pointer['export_date']}: {export.display}{pointer['manifest_key']}")
    if manifest.get("dashboard"):
        print(f"Dashboard:  {export.display}{manifest['dashboard']['key']}")
    print(f"Gold run {manifest.get('gold_run_id')}, validated by DQ run {manifest.get('dq_run_id')}; "
          f"suppression threshold {manifest.get('suppression_threshold')}")
    print()
    print(f"  {'table':<22} {'rows':>10}")
    for table in manifest["tables"]:
        print(f"  {table['name']:<22} {table['rows']:>10}")

    inequality = next((t for t in manifest["tables"] if t["name"] == "fct_inequality"), None)
    if not inequality:
        return
    rows = [r for f in inequality["files"] for r in pq.read_table(io.BytesIO(export.get(f["key"]))).to_pylist()]
    indices = defaultdict(lambda: defaultdict(dict))  # metric -> period -> {"SII": row, "RII": row}
    for row in rows:
        if row.get("stratum") in ("SII", "RII"):
            indices[row["metric_name"]][str(row["period"])][row["stratum"]] = row
    print()
    print("Headline inequality by IMD decile (latest period with an estimate; SII > 0: higher in the most deprived):")
    if not indices:
        print("  (no SII/RII rows in this export)")
    for metric in sorted(indices):
        periods = indices[metric]
        computed = [p for p in sorted(periods) if periods[p].get("SII", {}).get("metric_value") is not None]
        if not computed:
            latest = sorted(periods)[-1]
            note = periods[latest].get("SII", {}).get("inequality_note") or "not computed"
            print(f"  {metric:<36} {latest}  not estimated: {note}")
            continue
        period = computed[-1]
        sii, rii = periods[period].get("SII", {}), periods[period].get("RII", {})
        print(f"  {metric:<36} {period}  SII {fmt(sii.get('metric_value'))} "
              f"[{fmt(sii.get('ci_lower'))}, {fmt(sii.get('ci_upper'))}]  "
              f"RII {fmt(rii.get('metric_value'))} [{fmt(rii.get('ci_lower'))}, {fmt(rii.get('ci_upper'))}]")


if __name__ == "__main__":
    if len(sys.argv) > 2:
        print()
        print_lake(Location(sys.argv[2]))
    print_export(Location(sys.argv[1]))
    # pyarrow 26's thread pool can abort ("terminate called without an active exception") while the
    # interpreter tears down; the summary is complete here, so leave without the teardown.
    sys.stdout.flush()
    os._exit(0)
