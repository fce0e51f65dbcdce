"""A package's styles part: parsed only when read, its style sheet shared by a template's documents.

Every template carries Word's full styles part, 349 KB of XML: parsing it took a third of the
time docxtpl spends rendering a document, and serialising it again a good share of the DOCX.
Yet a document's styles are those of its template, which rendering does not touch. So the part
keeps the bytes it was read from until something reads its XML (python-docx's ``styles``, or
an edit), is written back as those same bytes if nothing did, and the converter resolves
styles from a ``StyleSheet`` built once per distinct styles part (and theme), not per document.
"""

from __future__ import annotations

import functools
from typing import Any

from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.part import PartFactory
from docx.oxml.parser import parse_xml
from docx.parts.styles import StylesPart

from docgen.word.wordml import StyleSheet

SHARED_SHEETS = 16  # distinct styles parts whose style sheet is kept (about 0.5 MB each)


class LazyStylesPart(StylesPart):
    """A styles part whose XML is parsed on first use; until then its blob is the bytes read."""

    _parsed: Any = None
    _source: bytes | None = None

    @classmethod
    def load(cls, partname: Any, content_type: str, blob: bytes, package: Any) -> LazyStylesPart:
        part = cls(partname, content_type, None, package)
        part._source = blob
        return part

    @property
    def _element(self) -> Any:  # python-docx reads and sets the element under this name
        if self._parsed is None and self._source is not None:
            self._parsed = parse_xml(self._source)
        return self._parsed

    @_element.setter
    def _element(self, element: Any) -> None:
        self._parsed = element

    @property
    def blob(self) -> bytes:
        if self._parsed is None and self._source is not None:
            return self._source
        return super().blob

    @property
    def untouched_source(self) -> bytes | None:
        """The bytes the part was read from, if its XML was never parsed (so never changed)."""
        return self._source if self._parsed is None else None


def install() -> None:
    """Open every styles part of the packages python-docx reads from now on as a lazy one."""
    PartFactory.part_type_for[CT.WML_STYLES] = LazyStylesPart


@functools.lru_cache(maxsize=SHARED_SHEETS)
def _shared_sheet(source: bytes, fonts: tuple[tuple[str, str], ...]) -> StyleSheet:
    sheet = StyleSheet(parse_xml(source), dict(fonts))
    sheet.detach()
    return sheet


def style_sheet(part: Any, theme_fonts: dict[str, str]) -> StyleSheet:
    """The style sheet of a document's styles part (``None``: a document without one).

    Shared by every document whose styles part is untouched and the same, byte for byte; a
    part something parsed (and may have changed) gets a style sheet of its own.
    """
    if part is None:
        return StyleSheet(None, theme_fonts)
    source = getattr(part, "untouched_source", None)
    if source is None:
        return StyleSheet(part.element, theme_fonts)
    return _shared_sheet(source, tuple(sorted(theme_fonts.items())))
