"""Smoke test of the batch benchmark: a real server, tiny batches by both paths, figures."""

from __future__ import annotations

import importlib.util
import json
import re
import shutil
import sys

import pytest

from docgen import generate
from tests.conftest import ROOT, require_tool

SCRIPT = ROOT / "benchmarks" / "bench_batch.py"


def load_bench():
    spec = importlib.util.spec_from_file_location("bench_batch", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def test_cases_differ_from_one_item_to_the_next():
    bench = load_bench()
    items = bench.batch_items(40)
    assert len({json.dumps(item["case"], sort_keys=True) for item in items}) == 40
    assert len({item["reference"] for item in items}) == 40
    debtors = [item["case"]["debiteur"] for item in items[:8]]
    assert len({d.get("denomination") or d.get("nom") for d in debtors}) == 8
    for item in items:
        for invoice in item["case"]["factures"]:
            assert invoice.get("montant_regle", 0) < invoice["montant_ttc"]


def test_batch_benchmark_reports_figures_without_libreoffice(capsys):
    bench = load_bench()
    argv = ["--sizes", "2,3", "--batch-max-items", "2", "--no-libreoffice"]
    assert bench.main(argv) == 0
    out = capsys.readouterr().out

    figures = r"\s+\d+\s+\d+\.\d\s+\d+\.\d\d\s+\d+\.\d\d(\s+\d+\.\d){3}\s+\d+\s+"
    assert re.search(r"^\s+2  POST /batch \(1 × 2\)" + figures + r"2/2$", out, re.MULTILINE)
    assert re.search(r"^\s+3  POST /batch \(2 × ≤ 2, in turn\)" + figures + "3/3$", out, re.M)
    for size in (2, 3):
        line = rf"^\s+{size}  POST /jobs \+ poll \+ archive" + figures + f"{size}/{size}$"
        assert re.search(line, out, re.MULTILINE), size
        assert f"{size} items, jobs" in out
    assert "Path for 3 items: POST /api/v1/jobs" in out
    assert re.search(r"3 items, batch\s+web \d+\.\d, workers \d+\.\d \(pool busy \d+%\)", out)
    assert re.search(r"archive\s+3 ok, 0 failed, 3 DOCX, 3 PDF$", out, re.MULTILINE)
    assert re.search(r"at the tree's peak\s+web \d+\.\d.*worker \d+\.\d", out)
    assert out.count("disabled (--no-libreoffice)") == 2
    assert "server errors (5xx, tracebacks)                  none" in out
    verdicts = out[out.index("Verdicts") :]
    assert re.search(r"web process alone\s+(OK|NOT MET) \(largest: \d+\.\d MB", verdicts)
    assert re.search(
        r"PSS < 300 MB, web process \+ pool workers\s+(OK|NOT MET) \(largest: \d+\.\d MB", verdicts
    )
    assert re.search(
        r"sum over the tree \(shared pages counted per process\)\s+largest: \d+\.\d MB", verdicts
    )
    assert re.search(r"memory flat, jobs: 3 vs 2 items.*(OK|NOT MET) \(tree \d\.\d\d ×", verdicts)
    assert re.search(r"faster than LibreOffice\s+unavailable$", verdicts, re.MULTILINE)
    assert re.search(r"every item ok in the archives\s+OK$", verdicts, re.MULTILINE)


@pytest.mark.libreoffice
def test_libreoffice_converts_every_file_by_calls_of_a_few(tmp_path, b2c_case):
    require_tool("soffice")
    bench = load_bench()
    docx_dir = tmp_path / "docx"
    docx_dir.mkdir()
    docx = generate("mise_en_demeure", b2c_case, ["docx"]).files["docx"]
    for number in range(3):
        (docx_dir / f"BENCH-{number}.docx").write_bytes(docx)

    run = bench.convert_with_libreoffice(shutil.which("soffice"), docx_dir, tmp_path, 1, 2)

    assert (run.calls, run.converted, run.error) == (2, 3, "")
    assert run.rate and run.cpu > 0 and run.peak_rss_kib > 0
