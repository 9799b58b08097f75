"""Benches write their figures to bench/results/NAME.json, with the command that made them, when,
on what machine and how loaded it was (the CPU is shared, so absolute figures vary; ratios measured
in the same run are what to compare)."""

import json
import os
import subprocess
import sys
import time
from pathlib import Path

from zhnews.hardware import hardware_record
from zhnews.paths import REPO_ROOT

RESULTS_DIR = Path(__file__).resolve().parent / "results"


def _commit() -> str | None:
    try:
        return subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO_ROOT, capture_output=True,
                              text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return None


def run_context() -> dict:
    """Where and how a bench ran; call at its start."""
    return {"command": " ".join(["python", os.path.relpath(sys.argv[0], REPO_ROOT), *sys.argv[1:]]),
            "started_utc": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "commit": _commit(),
            "hardware": hardware_record(), "load_average_at_start": os.getloadavg()}


def save_results(name: str, context: dict, report: dict) -> Path:
    """bench/results/NAME.json: the run context, the load average at the end, and the report."""
    RESULTS_DIR.mkdir(exist_ok=True)
    path = RESULTS_DIR / f"{name}.json"
    record = {**context, "load_average_at_end": os.getloadavg(), **report}
    path.write_text(json.dumps(record, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"written to {path.relative_to(REPO_ROOT)}")
    return path
