"""Reading generated documents as a lawyer reads them: the text of a DOCX and of a PDF."""

from __future__ import annotations

import io
import re
import unicodedata
from collections.abc import Callable, Mapping
from pathlib import Path

from docx import Document

from tests.conftest import pdf_text

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _block_text(element) -> list[str]:
    lines = []
    for child in element.iterchildren():
        if child.tag == f"{W}p":
            lines.append(
                "".join(t.text or "" for t in child.iter(f"{W}t", f"{W}tab") if t.tag == f"{W}t")
            )
        elif child.tag == f"{W}tbl":
            for cell in child.iter(f"{W}tc"):
                lines.extend(_block_text(cell))
        elif child.tag == f"{W}sdt":
            content = child.find(f"{W}sdtContent")
            if content is not None:
                lines.extend(_block_text(content))
    return lines


def docx_text(data: bytes) -> str:
    """Body (paragraphs and tables in order), then headers and footers of a DOCX."""
    doc = Document(io.BytesIO(data))
    lines = _block_text(doc.element.body)
    for rel in doc.part.rels.values():
        if rel.reltype.endswith(("/header", "/footer")):
            lines.extend(_block_text(rel.target_part.element))
    return "\n".join(lines)


def normalize(text: str) -> str:
    """NFC, straight apostrophes, ordinary spaces, one space between words."""
    text = unicodedata.normalize("NFC", text).replace("\u2019", "'").replace("\u00ad", "")
    return re.sub(r"\s+", " ", text.replace("\u00a0", " ").replace("\u202f", " ")).strip()


def texts(docx: bytes, pdf: bytes, tmp_path: Path) -> dict[str, str]:
    """The normalised text of both renderings of a document."""
    return {"docx": normalize(docx_text(docx)), "pdf": normalize(pdf_text(pdf, tmp_path))}


def has(*needles: str) -> Callable[[str], bool]:
    """A check that the text holds every needle."""
    return lambda text: all(n in text for n in needles)


def lacks(*needles: str) -> Callable[[str], bool]:
    """A check that the text holds none of the needles, whatever their case."""
    return lambda text: not any(n.lower() in text.lower() for n in needles)


def both(*checks: Callable[[str], bool]) -> Callable[[str], bool]:
    """A check that every check holds."""
    return lambda text: all(check(text) for check in checks)


def either(*checks: Callable[[str], bool]) -> Callable[[str], bool]:
    """A check that one check at least holds."""
    return lambda text: any(check(text) for check in checks)


def assert_checklist(
    checks: Mapping[str, Callable[[str], bool]], docx: bytes, pdf: bytes, tmp_path: Path
) -> None:
    """Every checklist item holds in the DOCX text and in the PDF text; failures name codes."""
    failed = []
    for where, text in texts(docx, pdf, tmp_path).items():
        failed += [f"{code} ({where})" for code, check in checks.items() if not check(text)]
    assert not failed, "points de contrôle non respectés : " + ", ".join(failed)
