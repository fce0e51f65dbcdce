"""CSS for converted documents: Word properties as declarations, deduplicated into classes."""

from __future__ import annotations

import math
from typing import Any

from docgen.word.wordml import DEFAULT_FONT, substitute_font

PAGE_BREAK = object()
"""Marker returned by the run converter where a ``<w:br w:type="page"/>`` stands."""
LINE_BREAK = "<br/>"
"""A line break, closed so that the page stays well-formed XML."""


class Bare(str):
    """HTML a run emits outside of its formatting span (a footnote, which has its own)."""


# Height of a single line as a multiple of the font size, from each bundled font's hhea table
# ((ascent + descent + lineGap) / unitsPerEm): what Word and LibreOffice call "single" spacing.
LINE_RATIO = {
    "Liberation Serif": 1.1499,
    "Liberation Sans": 1.1499,
    "Liberation Mono": 1.1328,
    "Carlito": 1.2207,
    "Caladea": 1.15,
}

_ALIGN = {
    "both": "justify",
    "distribute": "justify",
    "center": "center",
    "right": "right",
    "end": "right",
    "left": "left",
    "start": "left",
}
_HIGHLIGHT = {
    "yellow": "#ff0",
    "green": "#0f0",
    "cyan": "#0ff",
    "magenta": "#f0f",
    "blue": "#00f",
    "red": "#f00",
    "darkBlue": "#008",
    "darkCyan": "#088",
    "darkGreen": "#080",
    "darkMagenta": "#808",
    "darkRed": "#800",
    "darkYellow": "#880",
    "darkGray": "#888",
    "lightGray": "#ccc",
    "black": "#000",
}


class ClassRegistry:
    """Give each distinct declaration block one short class name."""

    def __init__(self) -> None:
        self._names: dict[str, str] = {}

    def name(self, declarations: str) -> str:
        """The class holding these declarations (created on first use)."""
        if declarations not in self._names:
            self._names[declarations] = f"c{len(self._names)}"
        return self._names[declarations]

    def stylesheet(self) -> str:
        """All classes as one stylesheet."""
        return "".join(f".{name}{{{decl}}}" for decl, name in self._names.items())


def font_family(rpr: dict[str, Any]) -> str:
    """The bundled font standing for the run's font."""
    return substitute_font(rpr.get("font")) or DEFAULT_FONT


def line_ratio(rpr: dict[str, Any]) -> float:
    """Single line spacing of the run's font, as a multiple of its size."""
    return LINE_RATIO.get(font_family(rpr), 1.15)


def _border_css(side: str, border: tuple[str, float, str] | None) -> str:
    if border is None:
        return f"border-{side}:none;"
    style, width, color = border[:3]
    return f"border-{side}:{width}pt {style} {color};"


def paragraph_declarations(props: dict[str, Any], rpr: dict[str, Any]) -> str:
    """CSS declarations of a paragraph and of the default look of its runs."""
    out = [f"text-align:{_ALIGN.get(props.get('jc') or 'left', 'left')};"]
    first = props.get("first") or 0
    left = props.get("left") or 0
    if left:
        out.append(f"padding-left:{left}pt;")
    if props.get("right"):
        out.append(f"padding-right:{props['right']}pt;")
    if first:
        out.append(f"text-indent:{first}pt;")
    if props.get("before"):
        out.append(f"margin-top:{props['before'] / 20}pt;")
    if props.get("after"):
        out.append(f"margin-bottom:{props['after'] / 20}pt;")
    size = rpr.get("sz", 10)
    line, rule = props.get("line"), props.get("line_rule", "auto")
    natural = line_ratio(rpr)
    if line and rule == "exact":
        out.append(f"line-height:{line / 20}pt;")
    elif line and rule == "atLeast":
        out.append(f"line-height:{max(line / 20, size * natural):.2f}pt;")
    else:
        # Writer keeps line heights in whole twips, rounding down: do the same, so that long
        # documents break pages where LibreOffice and Word do.
        height = math.floor(size * natural * (line or 240) / 240 * 20) / 20
        out.append(f"line-height:{height / size:.5f};")
    if props.get("pageBreakBefore"):
        out.append("break-before:page;")
    if props.get("keepNext"):
        out.append("break-after:avoid;")
    if props.get("keepLines"):
        out.append("break-inside:avoid;")
    if props.get("shd"):
        out.append(f"background:#{props['shd']};")
    for side, border in (props.get("borders") or {}).items():
        if side in ("top", "bottom", "left", "right") and border:
            out.append(_border_css(side, border[:3]) + f"padding-{side}:{border[3]}pt;")
    out.append(run_declarations(rpr, {}))
    return "".join(out)


def run_declarations(rpr: dict[str, Any], base: dict[str, Any]) -> str:
    """CSS declarations of a run, leaving out what it inherits from ``base`` unchanged."""

    def changed(key: str) -> bool:
        return rpr.get(key) != base.get(key)

    out = []
    if (changed("font") and font_family(rpr) != font_family(base)) or not base:
        out.append(f'font-family:"dg-{font_family(rpr).replace(" ", "")}";')
    if changed("sz") or not base:
        out.append(f"font-size:{rpr.get('sz', 10)}pt;")
    if changed("b") or not base:
        out.append(f"font-weight:{'bold' if rpr.get('b') else 'normal'};")
    if changed("i") or not base:
        out.append(f"font-style:{'italic' if rpr.get('i') else 'normal'};")
    decorations = []
    if rpr.get("u") not in (None, "none"):
        decorations.append("underline")
    if rpr.get("strike") or rpr.get("dstrike"):
        decorations.append("line-through")
    if changed("u") or changed("strike") or changed("dstrike") or (decorations and not base):
        out.append(f"text-decoration:{' '.join(decorations) or 'none'};")
    if changed("color") or (not base and rpr.get("color")):
        color = rpr.get("color")
        out.append(f"color:{'#000' if color in (None, 'auto') else '#' + color};")
    if rpr.get("highlight") in _HIGHLIGHT and changed("highlight"):
        out.append(f"background:{_HIGHLIGHT[rpr['highlight']]};")
    elif rpr.get("shd") and changed("shd"):
        out.append(f"background:#{rpr['shd']};")
    if changed("caps") or (not base and rpr.get("caps")):
        out.append(f"text-transform:{'uppercase' if rpr.get('caps') else 'none'};")
    if changed("smallCaps") or (not base and rpr.get("smallCaps")):
        out.append(f"font-variant:{'small-caps' if rpr.get('smallCaps') else 'normal'};")
    if rpr.get("vert") in ("superscript", "subscript") and changed("vert"):
        out.append(
            f"vertical-align:{'super' if rpr['vert'] == 'superscript' else 'sub'};font-size:65%;"
        )
    return "".join(out)
