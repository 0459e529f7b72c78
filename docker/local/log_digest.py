#!/usr/bin/env python3
"""Turns a stage's JSON-lines log (stdin) into short progress lines for people watching the demo.
Lines that are not JSON are passed through unchanged."""
import json
import sys

stage = sys.argv[1] if len(sys.argv) > 1 else ""
interesting = {"run_started", "run_succeeded", "run_failed", "run_blocked", "run_skipped", "nothing_to_do",
               "configuration_error", "stage_finished"}
for raw in sys.stdin:
    try:
        line = json.loads(raw)
    except ValueError:
        sys.stdout.write("  " + raw)
        continue
    event = line.get("event")
    if event in interesting or line.get("level") in ("warning", "error", "critical"):
        parts = [line.get("business_date", ""), line.get("scope", ""), event or line.get("level", ""), line.get("message", "")]
        if line.get("error.code"):
            parts.append("[" + line["error.code"] + "]")
        print("  " + "  ".join(p for p in parts if p), flush=True)
