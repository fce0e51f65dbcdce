"""Smoke test of the load benchmark: gunicorn for real, a few clients, figures and no error."""

from __future__ import annotations

import importlib.util
import re
import sys

from tests.conftest import ROOT

SCRIPT = ROOT / "benchmarks" / "bench_load.py"


def load_bench():
    sys.path.insert(0, str(SCRIPT.parent))
    spec = importlib.util.spec_from_file_location("bench_load", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_percentiles_of_a_phase():
    bench = load_bench()
    phase = bench.Phase("essai", latencies=[i / 1000 for i in range(1, 101)], seconds=2.0)
    assert phase.rate == 50.0
    assert round(phase.percentile(50)) == 50
    assert round(phase.percentile(99)) == 99


def test_load_benchmark_reports_figures(capsys):
    bench = load_bench()
    status = bench.main(["--clients", "3", "--seconds", "2", "--soak", "12", "--warmup", "2"])
    out = capsys.readouterr().out
    assert status == 0, out
    assert "gunicorn, 2 workers" in out
    for phase in ("charge DOCX", "charge PDF", "endurance"):
        row = re.search(rf"\| {phase} \| (\d+) \| 0 \| ([\d.]+) \| (\d+) ms", out)
        assert row, out
        assert int(row.group(1)) > 0 and float(row.group(2)) > 0
    assert re.search(r"croissance [+-]\d+\.\d %", out)
    assert "Erreurs : aucune" in out
