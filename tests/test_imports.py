"""The layout of the code: no import cycle anywhere, and the layers' contracts (import-linter)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.imports_graph import ROOT, cycles, import_graph


def test_no_module_imports_itself_back():
    assert cycles(import_graph()) == []


def test_the_graph_sees_every_kind_of_import():
    graph = import_graph()
    assert "docgen.word.render" in graph["docgen.generate"]  # at the top of the module
    assert "web.api" in graph["app"]  # inside create_app
    assert "forms.hints.cgv" in graph["forms.hints"]  # ``from package import module``
    assert "docgen.law.rates" in graph["docgen.doctypes.claims"]


def test_a_cycle_is_found_whatever_its_length():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}, "e": set()}
    assert cycles(graph) == [["a", "b", "c"]]


def test_the_layers_contracts_hold():
    # docgen never imports web, forms or Flask; forms never imports web; the legal computations,
    # the PDF path and bulk generation keep to their layer; no cycle between siblings
    lint = Path(sys.executable).parent / "lint-imports"
    result = subprocess.run(
        [str(lint), "--no-cache"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout
