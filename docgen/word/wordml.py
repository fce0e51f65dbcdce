"""WordprocessingML reading: namespaces, units, and effective paragraph and run properties."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from typing import Any

from lxml import etree

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"
NSMAP = {
    "w": W_NS,
    "r": R_NS,
    "a": A_NS,
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006",
}


def w(tag: str) -> str:
    """Clark name of a ``w:`` element or attribute."""
    return f"{{{W_NS}}}{tag}"


VAL = w("val")


def twips(value: str | None) -> float | None:
    """Convert twentieths of a point to points."""
    return None if value is None else int(float(value)) / 20


_HEX = re.compile(r"[0-9A-Fa-f]{6}")


def hex_color(value: str | None) -> str | None:
    """A ``RRGGBB`` colour as Word writes it; None for ``auto`` and anything else."""
    return value if value is not None and _HEX.fullmatch(value) else None


def on(el: etree._Element | None) -> bool | None:
    """Read a toggle property (``<w:b/>``, ``<w:b w:val="0"/>``)."""
    if el is None:
        return None
    return el.get(VAL, "true") not in ("0", "false", "off", "none")


# Fonts bundled in docgen/pdf/assets/fonts, and the Word fonts each one stands for (same metrics).
FONT_SUBSTITUTES = {
    "times new roman": "Liberation Serif",
    "times": "Liberation Serif",
    "liberation serif": "Liberation Serif",
    "georgia": "Liberation Serif",
    "garamond": "Liberation Serif",
    "book antiqua": "Liberation Serif",
    "palatino linotype": "Liberation Serif",
    "cambria": "Caladea",
    "caladea": "Caladea",
    "arial": "Liberation Sans",
    "helvetica": "Liberation Sans",
    "liberation sans": "Liberation Sans",
    "verdana": "Liberation Sans",
    "tahoma": "Liberation Sans",
    "segoe ui": "Liberation Sans",
    "arial narrow": "Liberation Sans",
    "calibri": "Carlito",
    "carlito": "Carlito",
    "calibri light": "Carlito",
    "aptos": "Carlito",
    "courier new": "Liberation Mono",
    "courier": "Liberation Mono",
    "consolas": "Liberation Mono",
    "liberation mono": "Liberation Mono",
}
DEFAULT_FONT = "Liberation Serif"


def substitute_font(name: str | None) -> str | None:
    """Map a Word font name to the bundled font with the same metrics."""
    if name is None:
        return None
    key = name.strip().casefold()
    if key in FONT_SUBSTITUTES:
        return FONT_SUBSTITUTES[key]
    return "Liberation Sans" if "sans" in key else DEFAULT_FONT


def _border(el: etree._Element) -> tuple[str, float, str, float] | None:
    style = el.get(VAL, "none")
    if style in ("none", "nil"):
        return None
    width = max(int(el.get(w("sz"), "4")) / 8, 0.25)
    color = hex_color(el.get(w("color")))
    css_style = (
        "double"
        if style == "double"
        else ("dashed" if "dash" in style else "dotted" if "dot" in style else "solid")
    )
    space = int(el.get(w("space"), "0"))
    return css_style, width, f"#{color}" if color else "#000", space


def parse_borders(el: etree._Element | None) -> dict[str, Any]:
    """Read a ``w:pBdr``/``w:tblBorders``/``w:tcBorders`` element into side → border."""
    if el is None:
        return {}
    return {etree.QName(child).localname: _border(child) for child in el}


def parse_ppr(ppr: etree._Element | None) -> dict[str, Any]:
    """Read the paragraph properties present on a ``w:pPr`` element."""
    props: dict[str, Any] = {}
    if ppr is None:
        return props
    for child in ppr:
        tag = etree.QName(child).localname
        if tag == "jc":
            props["jc"] = child.get(VAL)
        elif tag == "ind":
            for attr, key in (
                ("left", "left"),
                ("start", "left"),
                ("right", "right"),
                ("end", "right"),
                ("firstLine", "first"),
                ("hanging", "hanging"),
            ):
                if child.get(w(attr)) is not None:
                    props[key] = twips(child.get(w(attr)))
            if "hanging" in props:
                props["first"] = -props.pop("hanging")
        elif tag == "spacing":
            for attr in ("before", "after", "line"):
                if child.get(w(attr)) is not None:
                    props[attr] = int(child.get(w(attr)))
            if child.get(w("lineRule")) is not None:
                props["line_rule"] = child.get(w("lineRule"))
        elif tag in ("keepNext", "pageBreakBefore", "contextualSpacing", "keepLines"):
            props[tag] = on(child)
        elif tag == "numPr":
            num = child.find(w("numId"))
            lvl = child.find(w("ilvl"))
            if num is not None:
                props["num_id"] = num.get(VAL)
            if lvl is not None:
                props["ilvl"] = int(lvl.get(VAL))
        elif tag == "outlineLvl":
            props["outline"] = int(child.get(VAL, "9"))
        elif tag == "pStyle":
            props["style"] = child.get(VAL)
        elif tag == "pBdr":
            props["borders"] = parse_borders(child)
        elif tag == "shd" and hex_color(child.get(w("fill"))):
            props["shd"] = child.get(w("fill"))
        elif tag == "tabs":
            props["tabs"] = [
                (t.get(VAL), twips(t.get(w("pos")))) for t in child if t.get(VAL) != "clear"
            ]
    return props


def parse_rpr(rpr: etree._Element | None, theme_fonts: dict[str, str]) -> dict[str, Any]:
    """Read the run properties present on a ``w:rPr`` element."""
    props: dict[str, Any] = {}
    if rpr is None:
        return props
    for child in rpr:
        tag = etree.QName(child).localname
        if tag in ("b", "i", "strike", "dstrike", "caps", "smallCaps", "vanish"):
            props[tag] = on(child)
        elif tag == "u":
            props["u"] = child.get(VAL, "single")
        elif tag == "sz":
            props["sz"] = int(child.get(VAL)) / 2
        elif tag == "color":
            props["color"] = hex_color(child.get(VAL))  # None (automatic) when not RRGGBB
        elif tag == "highlight":
            props["highlight"] = child.get(VAL)
        elif tag == "shd" and hex_color(child.get(w("fill"))):
            props["shd"] = child.get(w("fill"))
        elif tag == "vertAlign":
            props["vert"] = child.get(VAL)
        elif tag == "rFonts":
            theme = child.get(w("asciiTheme")) or child.get(w("hAnsiTheme"))
            name = theme_fonts.get(theme or "") or child.get(w("ascii")) or child.get(w("hAnsi"))
            if name:
                props["font"] = name
        elif tag == "rStyle":
            props["style"] = child.get(VAL)
    return props


class StyleSheet:
    """The styles part of a document, resolving ``basedOn`` chains once per style."""

    def __init__(self, styles_el: etree._Element | None, theme_fonts: dict[str, str]) -> None:
        self.theme_fonts = theme_fonts
        self._styles: dict[str, etree._Element] = {}
        self.defaults: dict[str, dict[str, str]] = {}
        self._cache: dict[tuple[str, str], dict[str, Any]] = {}
        self.default_ppr: dict[str, Any] = {}
        self.default_rpr: dict[str, Any] = {}
        if styles_el is None:
            return
        for style in styles_el.iterfind(w("style")):
            sid = style.get(w("styleId"))
            self._styles[sid] = style
            if style.get(w("default")) in ("1", "true"):
                self.defaults[style.get(w("type"))] = sid
        doc_defaults = styles_el.find(w("docDefaults"))
        if doc_defaults is not None:
            self.default_ppr = parse_ppr(doc_defaults.find(f"{w('pPrDefault')}/{w('pPr')}"))
            self.default_rpr = parse_rpr(
                doc_defaults.find(f"{w('rPrDefault')}/{w('rPr')}"), theme_fonts
            )

    def detach(self) -> None:
        """Resolve every style now and let go of the XML (4.4 MB for Word's usual styles)."""
        for sid in self._styles:
            for kind in ("pPr", "rPr", "tblPr"):
                self.resolve(sid, kind)
        self._styles = {}

    def default_style(self, kind: str) -> str | None:
        """The default style of a kind (``paragraph``, ``table``, ``character``)."""
        return self.defaults.get(kind)

    def _chain(self, sid: str | None) -> Iterable[etree._Element]:
        seen: list[etree._Element] = []
        while sid and sid in self._styles and len(seen) < 20:
            style = self._styles[sid]
            seen.append(style)
            based = style.find(w("basedOn"))
            sid = based.get(VAL) if based is not None else None
        return reversed(seen)

    def resolve(self, sid: str | None, kind: str) -> dict[str, Any]:
        """Merged ``pPr``, ``rPr`` or ``tblPr`` of a style and all it is based on."""
        key = (sid or "", kind)
        if key not in self._cache:
            merged: dict[str, Any] = {}
            for style in self._chain(sid):
                el = style.find(w(kind))
                if kind == "pPr":
                    merged.update(parse_ppr(el))
                elif kind == "rPr":
                    merged.update(parse_rpr(el, self.theme_fonts))
                elif el is not None:
                    merged.update(parse_tblpr(el))
            merged.pop("style", None)
            self._cache[key] = merged
        return self._cache[key]


def parse_tblpr(tblpr: etree._Element | None) -> dict[str, Any]:
    """Read the table properties present on a ``w:tblPr`` element."""
    props: dict[str, Any] = {}
    if tblpr is None:
        return props
    for child in tblpr:
        tag = etree.QName(child).localname
        if tag == "tblBorders":
            props["borders"] = parse_borders(child)
        elif tag == "tblCellMar":
            props["cell_margins"] = {etree.QName(m).localname: twips(m.get(w("w"))) for m in child}
        elif tag == "jc":
            props["jc"] = child.get(VAL)
        elif tag == "tblInd":
            props["indent"] = twips(child.get(w("w")))
        elif tag == "tblStyle":
            props["style"] = child.get(VAL)
        elif tag == "tblW" and child.get(w("type")) == "dxa":
            props["width"] = twips(child.get(w("w")))
    return props


def theme_fonts(theme_xml: bytes | None) -> dict[str, str]:
    """Theme font names by theme reference (``minorHAnsi`` → ``Calibri``)."""
    return dict(_theme_fonts(theme_xml)) if theme_xml else {}


@functools.lru_cache(maxsize=16)  # a template's theme is that of every document made from it
def _theme_fonts(theme_xml: bytes) -> dict[str, str]:
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    root = etree.fromstring(theme_xml, parser)
    fonts = {}
    for kind in ("major", "minor"):
        latin = root.find(f".//{{{A_NS}}}{kind}Font/{{{A_NS}}}latin")
        if latin is not None and latin.get("typeface"):
            for suffix in ("HAnsi", "Ascii", "Bidi", "EastAsia"):
                fonts[f"{kind}{suffix}"] = latin.get("typeface")
    return fonts
