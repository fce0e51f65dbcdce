"""Shared fixtures: example cases, and the real tools (pdftotext, LibreOffice) the tests use."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from docgen import load_case

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
SHARED = ROOT.parent / "shared"


def require_tool(name: str) -> str:
    """Path of a command-line tool; skip without it, except in CI where it must be installed."""
    path = shutil.which(name)
    if path is None:
        if os.environ.get("CI"):
            pytest.fail(f"{name} est requis en CI (voir .ci/run)")
        pytest.skip(f"{name} n'est pas installé")
    return path


def pdf_text(
    pdf: bytes,
    tmp_path: Path,
    *,
    first: int | None = None,
    last: int | None = None,
    layout: bool = False,
) -> str:
    """Text of a PDF (or of a page range) as pdftotext extracts it."""
    tool = require_tool("pdftotext")
    source = tmp_path / "extract.pdf"
    source.write_bytes(pdf)
    cmd = [tool, "-enc", "UTF-8"]
    if first:
        cmd += ["-f", str(first)]
    if last:
        cmd += ["-l", str(last)]
    if layout:
        cmd.append("-layout")
    return subprocess.run(
        [*cmd, str(source), "-"], capture_output=True, check=True, text=True
    ).stdout


def example_case(doc_type: str, name: str) -> dict:
    """One of the sample cases of ``examples/<type>/``."""
    return load_case((EXAMPLES / doc_type / f"{name}.json").read_text(encoding="utf-8"))


@pytest.fixture
def b2b_case() -> dict:
    """A mise en demeure between professionals, default ECB + 10 penalty rate."""
    return example_case("mise_en_demeure", "b2b_penalites_bce")


@pytest.fixture
def b2c_case() -> dict:
    """A mise en demeure from a company to a consumer."""
    return example_case("mise_en_demeure", "b2c_consommateur")
