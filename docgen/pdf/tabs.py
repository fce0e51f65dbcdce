"""Tab stops: the width each tab of a paragraph takes, from its stops and its text's width."""

from __future__ import annotations

import functools
import math
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from docgen.pdf.css import LINE_BREAK, font_family
from docgen.pdf.output import font_file

_DECIMAL = ","  # the decimal separator of French text: 1 234,56


class Measured(str):
    """HTML of a run's text, with that text and its run's properties, to measure it if a tab
    of its paragraph needs it."""

    text: str
    rpr: dict[str, Any]

    def __new__(cls, markup: str, text: str, rpr: dict[str, Any]) -> Measured:
        item = super().__new__(cls, markup)
        item.text, item.rpr = text, rpr
        return item

    @property
    def width(self) -> float:
        """The width of the text in points."""
        return text_width(self.text, self.rpr)


class Tab(str):
    """A tab, inside its run's formatting, whose width is known once its paragraph is read."""

    before: str
    after: str

    def __new__(cls, before: str = "", after: str = "") -> Tab:
        item = super().__new__(cls, f'{before}<span class="tab"></span>{after}')
        item.before, item.after = before, after
        return item


@functools.cache
def _advances(path: Path) -> tuple[dict[int, int], int, int]:
    from fontTools.ttLib import TTFont

    with TTFont(path, lazy=True) as font:
        metrics = font["hmtx"].metrics
        advances = {code: metrics[glyph][0] for code, glyph in font.getBestCmap().items()}
        upem = font["head"].unitsPerEm
    return advances, upem, round(sum(advances.values()) / max(len(advances), 1))


def text_width(text: str, rpr: dict[str, Any]) -> float:
    """The width in points of text in a run's bundled font, size, weight and slant."""
    path = font_file(font_family(rpr), bold=bool(rpr.get("b")), italic=bool(rpr.get("i")))
    advances, upem, fallback = _advances(path)
    if rpr.get("caps"):
        text = text.upper()
    units = sum(advances.get(ord(char), fallback) for char in text)
    return units * float(rpr.get("sz") or 10) / upem


def _following(items: Sequence[Any], start: int) -> tuple[float, float]:
    """Widths of the text after a tab up to the next tab or line break: whole, and up to
    its decimal separator (the whole when it has none)."""
    whole = before = 0.0
    seen = False
    for item in items[start:]:
        if isinstance(item, Tab) or item == LINE_BREAK:
            break
        if isinstance(item, Measured):
            if not seen and _DECIMAL in item.text:
                before = whole + text_width(item.text.split(_DECIMAL, 1)[0], item.rpr)
                seen = True
            whole += item.width
    return whole, before if seen else whole


def _next_stop(
    x: float, stops: Sequence[tuple[str, float]], default: float, left: float
) -> tuple[str, float]:
    """The stop a tab at ``x`` goes to: the next set stop, or the hanging indent if it comes
    first (default stops before it do not count), or the next default stop."""
    kind, position = next(((k, p) for k, p in stops if p > x + 0.01), ("", math.inf))
    if x + 0.01 < left < position:
        return "left", left
    if position < math.inf:
        return kind, position
    step = default if default > 0 else 36.0
    return "left", (math.floor(x / step + 0.01) + 1) * step


def resolve(
    items: Iterable[Any],
    stops: Sequence[tuple[str, float]],
    default: float,
    start: float,
    left: float,
) -> list[str]:
    """The items of a paragraph with each tab given its width.

    ``stops``: the paragraph's (kind, position) stops, in points from the text's left edge;
    ``default``: the interval of the default stops; ``start``: where the first line begins;
    ``left``: where the next lines begin (a hanging indent is also a stop).
    """
    items = list(items)
    out: list[str] = []
    x = start
    # a bar stop draws a line and stops no text
    ordered = sorted((stop for stop in stops if stop[0] != "bar"), key=lambda stop: stop[1])
    for index, item in enumerate(items):
        if item == LINE_BREAK:
            x = left
        elif isinstance(item, Measured):
            x += item.width
        elif isinstance(item, Tab):
            kind, position = _next_stop(x, ordered, default, left)
            whole, before = _following(items, index + 1)
            shifts = {"right": whole, "end": whole, "center": whole / 2, "decimal": before}
            advance = shifts.get(kind, 0.0)  # a left stop: the text starts at the stop
            width = max(position - x - advance, 0.0)
            x += width
            out.append(
                f'{item.before}<span class="tab" style="width:{width:.1f}pt"></span>{item.after}'
            )
            continue
        out.append(item)
    return out
