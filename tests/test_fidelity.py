"""PDF fidelity: our PDF says what LibreOffice's PDF of the same DOCX says, on as many pages."""

import difflib
import json
import subprocess
import unicodedata
from pathlib import Path

import pytest

from docgen import document_types, generate
from docgen.pdf.converter import docx_to_html
from docgen.pdf.output import html_to_pdf
from docgen.word.render import docx_bytes, render_docx
from tests.conftest import EXAMPLES, SHARED, require_tool

pytestmark = pytest.mark.libreoffice


def words(pdf: Path) -> list[str]:
    """The words of a PDF line by line as printed (``-layout``). pdftotext's default reading
    order groups a table's cells into blocks by heuristics that a centred footer can change:
    the same table then read column by column in one PDF and row by row in the other."""
    text = subprocess.run(
        [require_tool("pdftotext"), "-layout", "-enc", "UTF-8", str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return unicodedata.normalize("NFKC", text).split()


def pages(pdf: Path) -> int:
    info = subprocess.run(
        [require_tool("pdfinfo"), str(pdf)], capture_output=True, text=True, check=True
    ).stdout
    return int(next(line.split()[1] for line in info.splitlines() if line.startswith("Pages:")))


def documents(tmp_path: Path) -> list[Path]:
    """Write, for every template and example, our PDF beside its DOCX; return the DOCX paths."""
    docx_files = []
    for entry in document_types():
        if not entry.available:
            continue
        for case_file in sorted((EXAMPLES / entry.id).glob("*.json")):
            out = generate(entry.id, json.loads(case_file.read_text()))
            stem = tmp_path / f"{entry.id}-{case_file.stem}"
            stem.with_suffix(".docx").write_bytes(out.docx)
            stem.with_suffix(".ours.pdf").write_bytes(out.pdf)
            docx_files.append(stem.with_suffix(".docx"))
    context = json.loads((SHARED / "bench" / "context.json").read_text())
    rendered = render_docx((SHARED / "bench" / "template.docx").read_bytes(), context)
    bench = tmp_path / "bench-protocole.docx"
    bench.write_bytes(docx_bytes(rendered))
    bench.with_suffix(".ours.pdf").write_bytes(html_to_pdf(docx_to_html(rendered.docx)))
    return [*docx_files, bench]


@pytest.fixture(scope="module")
def converted(tmp_path_factory):
    tmp_path = tmp_path_factory.mktemp("fidelity")
    soffice = require_tool("soffice")
    docx_files = documents(tmp_path)
    profile = tmp_path / "lo-profile"
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path / "lo"),
            *map(str, docx_files),
        ],
        capture_output=True,
        check=True,
        timeout=300,
    )
    return [(d.with_suffix(".ours.pdf"), tmp_path / "lo" / f"{d.stem}.pdf") for d in docx_files]


def test_every_available_template_is_compared(converted):
    names = {ours.name for ours, _lo in converted}
    assert "bench-protocole.ours.pdf" in names
    assert any(name.startswith("mise_en_demeure-") for name in names)


def test_same_words_and_pages_as_libreoffice(converted):
    failures = []  # every document is compared, then all the differences are reported
    for ours, theirs in converted:
        ours_words, lo_words = words(ours), words(theirs)
        ratio = difflib.SequenceMatcher(None, ours_words, lo_words, autojunk=False).ratio()
        if ratio < 0.98:
            failures.append(f"{ours.name}: similarité {ratio:.3f}")
        if abs(pages(ours) - pages(theirs)) > 1:
            failures.append(f"{ours.name}: {pages(ours)} pages contre {pages(theirs)}")
    assert not failures, "\n".join(failures)
