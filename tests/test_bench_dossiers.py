"""The dossier benchmark runs and reports each route's figures (it asserts no timing)."""

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_the_benchmark_reports_every_route():
    run = subprocess.run(
        [sys.executable, "benchmarks/bench_dossiers.py", "--dossiers", "60", "--requests", "3"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    lines = run.stdout.splitlines()
    assert "Filled 60 dossiers and 600 events" in lines[0]
    routes = [line for line in lines if line.startswith(("page:", "API:"))]
    assert len(routes) == 9 and all(line.split()[-1] in ("OK", "MET") for line in routes)
    assert json.loads(lines[-1])["worst_p95_ms"] > 0
