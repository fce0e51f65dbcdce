"""Trial renders: a candidate template rendered with every example case of its type."""

from __future__ import annotations

import os
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from docgen.catalog import EXAMPLES_DIR
from docgen.errors import (
    CaseValidationError,
    DocgenError,
    ResourceLimitError,
    TemplateError,
)
from docgen.generate import FORMATS, generate, load_case


@dataclass(frozen=True)
class Finding:
    """One problem met while rendering an example case: where, what, and the text around."""

    example: str
    location: str
    message: str
    excerpt: str = ""

    def as_dict(self) -> dict[str, str]:
        """The finding as plain data, for a report stored with a template version."""
        return {
            "etape": "essai",
            "exemple": self.example,
            "emplacement": self.location,
            "message": self.message,
            "extrait": self.excerpt,
        }


def example_cases(doc_type: str, folder: Path | None = None) -> dict[str, Any]:
    """The example cases of a type (``examples/<type>/*.json``), by file stem, sorted."""
    return {
        path.stem: load_case(path.read_text(encoding="utf-8"))
        for path in sorted(((folder or EXAMPLES_DIR) / doc_type).glob("*.json"))
    }


def _finding(example: str, exc: DocgenError) -> Finding:
    if isinstance(exc, TemplateError):
        return Finding(example, exc.location or "modèle", exc.message, exc.excerpt)
    if isinstance(exc, ResourceLimitError):
        return Finding(example, "rendu complet", str(exc))
    if isinstance(exc, CaseValidationError):
        return Finding(example, "faits de l'exemple", "; ".join(map(str, exc.errors)))
    return Finding(example, "rendu complet", str(exc))


def trial_render(
    doc_type: str,
    template: bytes,
    cases: Mapping[str, Any],
    formats: tuple[str, ...] = FORMATS,
) -> list[Finding]:
    """Render ``template`` with each case, in a child bounded in time and memory; what failed.

    Every case is tried even after a failure, so that the report lists all of them, in the
    order of the cases.
    """

    def attempt(name: str) -> Finding | None:
        try:
            generate(doc_type, cases[name], list(formats), template=template)
        except DocgenError as exc:
            return _finding(name, exc)
        return None

    # Each render runs in a child process of its own: as many at once as there are CPUs.
    workers = max(1, min(len(cases), os.cpu_count() or 1))
    with ThreadPoolExecutor(workers, thread_name_prefix="essai") as executor:
        results = list(executor.map(attempt, cases))
    return [finding for finding in results if finding is not None]
