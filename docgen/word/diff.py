"""Template comparison: the variables and the paragraph text two versions differ by."""

from __future__ import annotations

import difflib
import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Literal

from docxtpl import DocxTemplate

from docgen.word.lint import used_variables
from docgen.word.render import paragraph_texts, part_label

Kind = Literal["equal", "changed", "added", "removed"]

_MAX_PAIRINGS = 2500
"""Above this many paragraph pairs, a replaced block is paired by position."""

SEPARATOR = None
"""What ``TemplateDiff.rows_with_context`` yields in place of a run of equal rows."""


@dataclass(frozen=True)
class Row:
    """One line of the side-by-side view: a paragraph of a part, before and after."""

    part: str
    kind: Kind
    old: str
    new: str


@dataclass(frozen=True)
class TemplateDiff:
    """What changed between two versions of a template."""

    added_variables: list[str]
    removed_variables: list[str]
    rows: list[Row] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        """Whether the two versions differ at all."""
        return bool(self.added_variables or self.removed_variables) or any(
            row.kind != "equal" for row in self.rows
        )

    def rows_with_context(self, n: int = 2) -> Iterator[Row | None]:
        """The rows, runs of unchanged ones cut to ``n`` around each change (``SEPARATOR``)."""
        changes = [i for i, row in enumerate(self.rows) if row.kind != "equal"]
        if not changes:
            return
        keep = {j for i in changes for j in range(i - n, i + n + 1)}
        cut = False
        for i, row in enumerate(self.rows):
            if i in keep:
                cut = False
                yield row
            elif not cut:
                cut = True
                yield SEPARATOR


def paragraphs(template: bytes) -> list[tuple[str, list[str]]]:
    """Each part's label and paragraph texts, Jinja tags kept as typed."""
    doc = DocxTemplate(io.BytesIO(template))
    doc.init_docx()
    parts = [("corps du document", doc.get_xml())]
    for uri in (doc.HEADER_URI, doc.FOOTER_URI):
        for _rel, part in doc.get_headers_footers(uri):
            parts.append((part_label(str(part.partname)), doc.get_part_xml(part)))
    return [(label, paragraph_texts(xml)) for label, xml in parts]


def _pairs(before: list[str], after: list[str]) -> Iterator[tuple[str | None, str | None]]:
    """Pair the paragraphs of a replaced block, the most alike first, in order."""
    if not before or not after:
        yield from ((a, None) for a in before)
        yield from ((None, b) for b in after)
        return
    best, at = 0.5, None
    if len(before) * len(after) <= _MAX_PAIRINGS:
        for i, a in enumerate(before):
            for j, b in enumerate(after):
                ratio = difflib.SequenceMatcher(a=a, b=b, autojunk=False).ratio()
                if ratio > best:
                    best, at = ratio, (i, j)
    if at is None:
        common = min(len(before), len(after))
        yield from zip(before[:common], after[:common], strict=True)
        yield from _pairs(before[common:], after[common:])
        return
    i, j = at
    yield from _pairs(before[:i], after[:j])
    yield before[i], after[j]
    yield from _pairs(before[i + 1 :], after[j + 1 :])


def _rows(label: str, old: list[str], new: list[str]) -> Iterator[Row]:
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            yield from (Row(label, "equal", a, a) for a in old[i1:i2])
            continue
        for a, b in _pairs(old[i1:i2], new[j1:j2]):
            kind = "added" if a is None else "removed" if b is None else "changed"
            yield Row(label, kind, a or "", b or "")


def compare(old: bytes, new: bytes) -> TemplateDiff:
    """Compare two versions of a template: variables added and removed, paragraphs side by side.

    :raise UnsafeTemplateError: if either package fails the safety gate.
    """
    before, after = used_variables(old), used_variables(new)
    old_parts, new_parts = dict(paragraphs(old)), dict(paragraphs(new))
    labels = [*old_parts, *(label for label in new_parts if label not in old_parts)]
    rows = [
        row
        for label in labels
        for row in _rows(label, old_parts.get(label, []), new_parts.get(label, []))
    ]
    return TemplateDiff(sorted(after - before), sorted(before - after), rows)
