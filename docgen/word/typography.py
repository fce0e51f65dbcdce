"""French typography on the text of a rendered document: no-break spaces where they belong."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any

from lxml import etree

from docgen.word.wordml import w

NBSP, NNBSP = "\u00a0", "\u202f"


def _spaces(char: str) -> Callable[[re.Match[str]], str]:
    """Replace each matched space by ``char`` (the text keeps its length)."""
    return lambda match: char * len(match.group())


def _prefix(match: re.Match[str]) -> str:
    return match.group(1) + NBSP


# Only existing spaces change, so URLs (https://), times (10:30) and code stay as they are.
_RULES: list[tuple[re.Pattern[str], Callable[[re.Match[str]], str]]] = [
    (re.compile(r"[ \u00a0\u202f]+(?=:)"), _spaces(NBSP)),  # « Objet : »
    (re.compile(r"[ \u00a0\u202f]+(?=[;!?])"), _spaces(NNBSP)),  # « ; », « ! », « ? »
    (re.compile(r"(?<=«)[ \u00a0\u202f]+"), _spaces(NBSP)),  # « guillemets »
    (re.compile(r"[ \u00a0\u202f]+(?=»)"), _spaces(NBSP)),
    (re.compile(r"(?<=\d) (?=(?:€|%|euros?\b|jours?\b|mois\b|ans?\b))"), _spaces(NBSP)),
    (re.compile(r"\b(n°|N°|art\.|Art\.|p\.) (?=\d)"), _prefix),  # n° 12, art. 1344
    (re.compile(r"\b(M\.|Mme|Me|Mlle) (?=[A-ZÀ-Ý])"), _prefix),  # M. Dupont
]


def french_spacing(text: str) -> str:
    """Apply the no-break-space rules to a text; its length never changes."""
    for pattern, replace in _RULES:
        text = pattern.sub(replace, text)
    return text


def _paragraph(p: etree._Element) -> None:
    nodes = [t for t in p.iter(w("t")) if t.text]
    if not nodes:
        return
    # Work on the paragraph's whole text, so that « Objet » and « : » in two runs still join,
    # then give each text node back its own slice (lengths do not change).
    text = "".join(t.text for t in nodes)
    spaced = french_spacing(text)
    if spaced == text:
        return
    position = 0
    for node in nodes:
        length = len(node.text)
        node.text = spaced[position : position + length]
        position += length


def apply(elements: Iterable[Any]) -> None:
    """Fix the spacing of every paragraph under the given WordprocessingML elements."""
    for element in elements:
        for p in element.iter(w("p")):
            _paragraph(p)
