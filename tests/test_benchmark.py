"""Smoke test of the benchmark script: it measures every in-process path and reports figures."""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path

from tests.conftest import ROOT, SHARED

SCRIPT = ROOT / "benchmarks" / "bench_generation.py"


def load_bench():
    spec = importlib.util.spec_from_file_location("bench_generation", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def test_benchmark_reports_figures_without_libreoffice(capsys):
    bench = load_bench()
    assert Path(bench.BENCH_DIR) == SHARED / "bench"

    assert bench.main(["--runs", "2", "--warmup", "0", "--rss-docs", "2", "--no-libreoffice"]) == 0
    out = capsys.readouterr().out

    figure = r"\s+2\s+\d+\.\d\s+\d+\.\d"  # runs, median, p95
    for label in (
        "docxtpl render",
        "engine DOCX ",
        "engine DOCX → HTML",
        "engine PDF,",
        "WeasyPrint",
    ):
        assert re.search(re.escape(label) + r".*?" + figure, out), label
    assert re.search(r"engine PDF, template → PDF end to end" + figure + r"\s+\d+", out)  # pages
    assert out.count("disabled (--no-libreoffice)") == 2
    assert re.search(r"engine DOCX / docxtpl floor\s+\d+\.\d\d", out)
    assert re.search(r"peak, one PDF in a fresh process\s+\d+\.\d MiB", out)
    assert re.search(r"engine DOCX ≤ 1\.25 × docxtpl floor\s+(OK|NOT MET)$", out, re.MULTILINE)
    assert re.search(r"faster than warm LibreOffice\s+unavailable$", out, re.MULTILINE)
    assert re.search(r"< 150 MB\s+(OK|NOT MET)$", out, re.MULTILINE)
    assert "weasyprint 70.0, " in out  # the version the faster set-up was written for...
    assert "; text set-up and speedups on" in out  # ... and it was in place for the figures
