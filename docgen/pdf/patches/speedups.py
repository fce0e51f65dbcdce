"""Faster versions of five WeasyPrint and pydyf functions that a contract spends its time in.

Each one replaces a function of the versions the project pins, checked against the source it
was written from (``install`` leaves another version alone), and gives the same result:

- ``draw_first_line`` writes a line's glyphs to the PDF. WeasyPrint reads every glyph's
  fields one by one through cffi and formats its code, offset and kerning anew; here a run's
  glyphs are read in one go, and the text written for a glyph (code, offset, kerning: the same
  whenever glyph, advance and offset are) is formatted once per page and font size. The PDF is
  byte for byte the same.
- ``resolve_percentages`` turns a box's margins, paddings and sizes into lengths for each
  layout of the box; the same computation, without two function calls per property. The PDF is
  byte for byte the same.
- ``Box.is_in_normal_flow``, asked some 3,000 times per contract, calls five methods that
  each read the box's style; here the same two style values are read once. The PDF is byte for
  byte the same.
- ``find_stylesheets`` parses the page's own stylesheet (its classes and its ``@page`` rules)
  for each document, and compiles its selectors; the documents of a template have the same
  stylesheet, byte for byte, so a parsed one is kept for the next (the last ``SHEETS``
  stylesheets). Only a page whose one ``<style>`` holds nothing but rules, ``@page`` and margin
  boxes is served this way, the stylesheet WeasyPrint lets be shared. The PDF is byte for byte
  the same.
- pydyf compresses every PDF stream at zlib's level 9, slowest of all: for these documents it
  took 3 % of the time to save 0.7 % of the size over zlib's default level, used here. The
  streams decompress to the same bytes.
"""

from __future__ import annotations

import collections
import re
import struct
import threading
import zlib
from math import inf
from typing import Any

from docgen.pdf.patches import PatchSet, Target

ZLIB_LEVEL = zlib.Z_DEFAULT_COMPRESSION  # level 6
SHEETS = 32  # page stylesheets kept, parsed: about 0.25 MiB each

_AT_RULE = re.compile(r"@([-\w]+)")
_PAGE_AT_RULES = {"page"} | {
    f"{side}-{where}"
    for side, places in (
        ("top", ("left", "center", "right", "left-corner", "right-corner")),
        ("bottom", ("left", "center", "right", "left-corner", "right-corner")),
        ("left", ("top", "middle", "bottom")),
        ("right", ("top", "middle", "bottom")),
    )
    for where in places
}
_sheets: collections.OrderedDict[tuple[str, Any, str], Any] = collections.OrderedDict()


def install() -> bool:
    """Put the faster versions in place, once; False if any original is not the one known."""
    return _PATCHES.install()


def uninstall() -> None:
    """Put WeasyPrint's and pydyf's own versions back (to compare the PDFs both make)."""
    _PATCHES.uninstall()


def installed() -> bool:
    """Whether the faster versions are in place."""
    return _PATCHES.installed()


def _faster(originals: dict[str, Any]) -> dict[str, Any]:
    """The replacements, built on the originals (kept for the cases they do not handle)."""
    import pydyf
    from weasyprint import CSS
    from weasyprint.css import get_child_text
    from weasyprint.css.functions import check_math
    from weasyprint.formatting_structure.boxes import Box, PageBox
    from weasyprint.layout import percent
    from weasyprint.logger import LOGGER
    from weasyprint.text.ffi import FROM_UNITS, ffi, pango

    draw_first_line = originals["draw_first_line"]
    find_stylesheets = originals["find_stylesheets"]
    info = struct.Struct("=Iiiii")  # PangoGlyphInfo: glyph, width, x and y offsets, attributes
    glyphs_readable = ffi.sizeof("PangoGlyphInfo") == info.size  # else WeasyPrint's drawing
    empty, unknown = pango.PANGO_GLYPH_EMPTY, pango.PANGO_GLYPH_UNKNOWN_FLAG
    old_pango = pango.pango_version() < 14802

    def fast_draw_first_line(
        stream: Any, textbox: Any, text_overflow: str, block_ellipsis: Any, matrix: Any
    ) -> list[Any]:
        if text_overflow == "ellipsis" or block_ellipsis != "none":
            return draw_first_line(stream, textbox, text_overflow, block_ellipsis, matrix)
        if not textbox.text.strip() or textbox.style["font_size"] < 1e-6:
            return []
        layout = textbox.pango_layout
        pango.pango_layout_set_single_paragraph_mode(layout.layout, True)
        first_line, _ = layout.get_first_line()
        runs = []
        fonts: dict[Any, tuple[Any, float]] = {}
        run = first_line.runs[0]
        while run != ffi.NULL:
            glyph_item = run.data
            run = run.next
            pango_font = glyph_item.item.analysis.font
            if pango_font not in fonts:
                font, font_size = fonts[pango_font] = stream.add_font(pango_font)
                if font.svg or font.png or font.colr:  # emojis, drawn as images by WeasyPrint
                    return draw_first_line(stream, textbox, text_overflow, block_ellipsis, matrix)
            runs.append((glyph_item, pango_font))
        stream.set_text_matrix(*matrix.values)
        pieces = stream.__dict__.setdefault("_docgen_glyph_pieces", {})
        previous_pango_font = None
        string = ""
        for glyph_item, pango_font in runs:
            glyph_string = glyph_item.glyphs
            num_glyphs = glyph_string.num_glyphs
            clusters = glyph_string.log_clusters
            utf8_text = None
            if pango_font != previous_pango_font:
                previous_pango_font = pango_font
                font, font_size = fonts[pango_font]
                if old_pango:
                    font_size = textbox.style["font_size"]
                if string:
                    stream.show_text(string)
                string = ""
                stream.set_font_size(font.hash, 1 if font.bitmap else font_size)
                widths, to_unicode = font.widths, font.to_unicode
                code = "02x" if font.bitmap else "04x"
                memo = pieces.setdefault((font.hash, font.bitmap, font_size), {})
            parts = [string, "<"]
            append = parts.append
            glyphs = ffi.buffer(glyph_string.glyphs, num_glyphs * info.size)
            for i, (glyph_id, width, x_offset, y_offset, _) in enumerate(info.iter_unpack(glyphs)):
                key = (glyph_id, width, x_offset)
                if not y_offset and (piece := memo.get(key)) is not None:
                    append(piece)
                    continue
                if glyph_id == empty:
                    append(f">{-width / font_size}<")
                    continue
                keep = not y_offset
                if glyph_id & unknown:
                    keep = False
                    codepoint = glyph_id - unknown
                    LOGGER.warning(
                        ".notdef glyph rendered for Unicode string unsupported by fonts: "
                        '"%s" (U+%04X)',
                        chr(codepoint),
                        codepoint,
                    )
                    glyph_id = font.get_unused_glyph_id(codepoint)
                    widths[glyph_id] = round(width * 1000 * FROM_UNITS / font_size)
                    if 0 not in widths:
                        widths[0] = widths[glyph_id]
                if glyph_id not in to_unicode:
                    offset = glyph_item.item.offset
                    t1 = clusters[i]
                    if glyph_item.item.analysis.level % 2:  # right to left
                        t2 = glyph_item.item.length if i == 0 else clusters[i - 1]
                    else:
                        t2 = glyph_item.item.length if i == num_glyphs - 1 else clusters[i + 1]
                    utf8_text = utf8_text or layout.text.encode()
                    to_unicode[glyph_id] = utf8_text[offset + t1 : offset + t2].decode()
                offset = x_offset / font_size
                rise = y_offset / 1000
                piece = ""
                if rise:
                    string = "".join(parts)
                    parts.clear()
                    string = string[:-1] if string[-1] == "<" else string + ">"
                    if string:
                        stream.show_text(string)
                    stream.set_text_rise(-rise)
                    string = f"{-offset}" if offset else ""
                    stream.show_text(f"{string}<{glyph_id:{code}}>")
                    stream.set_text_rise(0)
                    append("<")
                else:
                    if offset:
                        piece += f">{-offset}<"
                    piece += f"{glyph_id:{code}}"
                if glyph_id in widths:
                    logical_width = widths[glyph_id]
                else:
                    pango.pango_font_get_glyph_extents(
                        pango_font, glyph_id, stream.ink_rect, stream.logical_rect
                    )
                    logical_width = widths[glyph_id] = round(
                        stream.logical_rect.width * 1000 * FROM_UNITS / font_size
                    )
                kerning = logical_width + offset - width * 1000 * FROM_UNITS / font_size
                if kerning:
                    piece += f">{int(kerning)}<"
                if keep:
                    memo[key] = piece
                append(piece)
            string = "".join(parts)
            string = string[:-1] if string[-1] == "<" else string + ">"
        stream.show_text(string)
        return []

    percentage = percent.percentage
    resolve_one_percentage = percent.resolve_one_percentage
    adjust_box_sizing = percent.adjust_box_sizing
    widths = ("margin_left", "margin_right", "padding_left", "padding_right")
    heights = ("margin_top", "margin_bottom", "padding_top", "padding_bottom")
    sizes = ("width", "min_width", "max_width")
    borders = ("border_top_width", "border_right_width", "border_bottom_width", "border_left_width")

    def fast_resolve_percentages(box: Any, containing_block: Any) -> None:
        if isinstance(containing_block, Box):
            cb_width, cb_height = containing_block.width, containing_block.height
        else:
            cb_width, cb_height = containing_block
        maybe_height = cb_height if isinstance(box, PageBox) else cb_width
        style = box.style
        used = box.__dict__
        for names, refer_to in ((widths, cb_width), (heights, maybe_height), (sizes, cb_width)):
            for name in names:
                value = style[name]
                if value is None or value == "auto":
                    pass
                elif (unit := getattr(value, "unit", None)) is None:
                    value = percentage(value, style, refer_to)
                elif unit == "%":
                    value = refer_to * value.value / 100
                else:
                    value = value.value
                used[name] = 0 if value == "auto" and name == "min_width" else value
        if cb_height == "auto":
            height = style["height"]
            if height == "auto" or check_math(height) or height.unit == "%":
                used["height"] = "auto"
            else:  # a computed length is in pixels
                used["height"] = height.value
            resolve_one_percentage(box, "min_height", 0)
            resolve_one_percentage(box, "max_height", inf)
        else:
            resolve_one_percentage(box, "height", cb_height)
            resolve_one_percentage(box, "min_height", cb_height)
            resolve_one_percentage(box, "max_height", cb_height)
        collapse = style["border_collapse"] == "collapse"
        for name in borders:
            # with collapsed borders, a width set by the border conflict resolution stays
            if not (collapse and name in used):
                used[name] = style[name]
        if style["box_sizing"] != "content-box":
            adjust_box_sizing(box, "width")
            adjust_box_sizing(box, "height")

    out_of_flow_floats = ("left", "right", "inline-start", "inline-end", "footnote")

    def fast_is_in_normal_flow(self: Any) -> bool:
        # not floated, absolutely positioned, running, a footnote or a note
        style = self.style
        position = style["position"]
        return not (
            style["float"] in out_of_flow_floats
            or position in ("absolute", "fixed")
            or position[0] in ("running()", "note()")
        )

    sheets, sheets_lock = _sheets, threading.Lock()

    def fast_find_stylesheets(
        wrapper_element: Any,
        media_type: str,
        url_fetcher: Any,
        base_url: Any,
        *shared: Any,  # font configuration, counter styles, colour profiles, @page rules, layers
    ) -> Any:
        found = list(wrapper_element.query_all("style", "link"))
        element = found[0].etree_element if len(found) == 1 else None
        if element is not None and element.tag == "style" and not element.attrib:
            content = get_child_text(element)
            if set(_AT_RULE.findall(content)) <= _PAGE_AT_RULES:
                key = (content, base_url, media_type)
                with sheets_lock:
                    sheet = sheets.get(key)
                    if sheet is not None:
                        sheets.move_to_end(key)
                if sheet is None:
                    sheet = CSS(
                        string=content,
                        base_url=base_url,
                        url_fetcher=url_fetcher,
                        media_type=media_type,
                        font_config=shared[0],
                    )
                    with sheets_lock:
                        sheets[key] = sheet
                        while len(sheets) > SHEETS:
                            sheets.popitem(last=False)
                yield sheet
                return
        yield from find_stylesheets(wrapper_element, media_type, url_fetcher, base_url, *shared)

    def data(self: Any) -> bytes:
        stream = b"\n".join(pydyf._to_bytes(item) for item in self.stream)
        extra = pydyf.Dictionary(self.extra.copy())
        if self.compress:
            extra["Filter"] = "/FlateDecode"
            compressor = zlib.compressobj(level=ZLIB_LEVEL)
            stream = compressor.compress(stream) + compressor.flush()
        extra["Length"] = len(stream)
        return b"\n".join((extra.data, b"stream", stream, b"endstream"))

    return {
        "draw_first_line": fast_draw_first_line if glyphs_readable else draw_first_line,
        "resolve_percentages": fast_resolve_percentages,
        "Box.is_in_normal_flow": fast_is_in_normal_flow,
        "find_stylesheets": fast_find_stylesheets,
        "Stream.data": property(data),
    }


CHECKED_WITH = {"weasyprint": "70.0", "pydyf": "0.13.0"}
"""The versions whose source these replacements were written from and checked against."""

_PATCHES = PatchSet(
    [
        Target(
            "weasyprint.draw.text",
            "draw_first_line",
            "1bb8eae6d88e71b17096a034656f3be17da8f1f513c78536c1c38d971927638b",
        ),
        Target(
            "weasyprint.layout.percent",
            "resolve_percentages",
            "71673078096fcf8764e6412933288cc79ba956eae0d939deda27beaeac45acad",
            users=(
                "weasyprint.layout.absolute",
                "weasyprint.layout.block",
                "weasyprint.layout.column",
                "weasyprint.layout.float",
                "weasyprint.layout.grid",
                "weasyprint.layout.inline",
                "weasyprint.layout.page",
                "weasyprint.layout.table",
            ),
        ),
        Target(
            "weasyprint.formatting_structure.boxes",
            "Box.is_in_normal_flow",
            "5f49d6ab23da7e51003ce68f78e8cb04629e9c2edbf51f77ffa8acd7098e0368",
        ),
        Target(
            "weasyprint.css",
            "find_stylesheets",
            "ac92dbb80c3fd936f05ccb33501b54a438e03126b2ae756adcaa1d3a6958b0ca",
        ),
        Target(
            "pydyf",
            "Stream.data",
            "bdc2bc513f286de7b7a7220a43e6085daa6ed0056d9c04e3c9b5abe40f3ecf81",
        ),
    ],
    _faster,
)
