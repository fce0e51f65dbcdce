"""DOCX tables to HTML: grid widths, borders, merged cells, repeated header rows."""

from __future__ import annotations

from typing import Any, Protocol

from lxml import etree

from docgen.pdf.css import ClassRegistry, _border_css
from docgen.word.wordml import VAL, StyleSheet, hex_color, on, parse_borders, parse_tblpr, twips, w


class Converter(Protocol):
    """What a table needs of the document's converter (``docgen.pdf.converter.Converter``)."""

    styles: StyleSheet
    classes: ClassRegistry

    def block(self, el: etree._Element, part: Any, table_style: str | None = None) -> list[str]:
        """The HTML of a block element of the body (a paragraph, a nested table)."""
        ...

    def flush(self) -> list[str]:
        """The HTML of the paragraph held back for contextual spacing, if any."""
        ...


_VALIGN = {"center": "middle", "bottom": "bottom", "top": "top"}


def _cells(row: etree._Element) -> list[tuple[int, int, etree._Element]]:
    """The cells of a row with their first grid column and span."""
    col = 0
    before = row.find(f"{w('trPr')}/{w('gridBefore')}")
    if before is not None:
        col = int(before.get(VAL, "0"))
    out = []
    for tc in row.iterfind(w("tc")):
        span_el = tc.find(f"{w('tcPr')}/{w('gridSpan')}")
        span = int(span_el.get(VAL, "1")) if span_el is not None else 1
        out.append((col, span, tc))
        col += span
    return out


def _vmerge(tc: etree._Element) -> str | None:
    el = tc.find(f"{w('tcPr')}/{w('vMerge')}")
    if el is None:
        return None
    return el.get(VAL, "continue")


def _rowspans(rows: list[list[tuple[int, int, etree._Element]]]) -> dict[int, int]:
    """Rowspan of each vertically merged cell that starts a merge, by ``id(tc)``."""
    spans = {}
    for r, row in enumerate(rows):
        for col, _span, tc in row:
            if _vmerge(tc) != "restart":
                continue
            count = 1
            for below in rows[r + 1 :]:
                match = [c for c in below if c[0] == col]
                if not match or _vmerge(match[0][2]) != "continue":
                    break
                count += 1
            spans[id(tc)] = count
    return spans


def _table_props(conv: Converter, tbl: etree._Element) -> dict[str, Any]:
    direct = parse_tblpr(tbl.find(w("tblPr")))
    sid = direct.get("style") or conv.styles.default_style("table")
    props = dict(conv.styles.resolve(sid, "tblPr"))
    props.update(direct)
    props["style"] = sid
    return props


def convert_table(conv: Converter, tbl: etree._Element, part: Any) -> str:
    """Convert a ``w:tbl`` element, its rows and cells (paragraphs and nested tables)."""
    props = _table_props(conv, tbl)
    grid = [twips(col.get(w("w"))) or 0 for col in tbl.iterfind(f"{w('tblGrid')}/{w('gridCol')}")]
    rows_el = list(tbl.iterfind(w("tr")))
    rows = [_cells(row) for row in rows_el]
    spans = _rowspans(rows)
    borders = props.get("borders", {})
    margins = {"top": 0, "bottom": 0, "left": 5.4, "right": 5.4, **props.get("cell_margins", {})}
    margins = {
        ("left" if k == "start" else "right" if k == "end" else k): v for k, v in margins.items()
    }
    ncols = max(len(grid), max((c[0] + c[1] for row in rows for c in row), default=0))
    table_decl = f"border-collapse:collapse;width:{sum(grid):.1f}pt;"
    if props.get("jc") == "center":
        table_decl += "margin-left:auto;margin-right:auto;"
    elif props.get("indent"):
        table_decl += f"margin-left:{props['indent']}pt;"
    html = [f'<table class="{conv.classes.name(table_decl)}"><colgroup>']
    html += [f'<col style="width:{width:.1f}pt"/>' for width in grid]
    html.append("</colgroup>")
    head_open = False
    for r, (row_el, row) in enumerate(zip(rows_el, rows, strict=True)):
        is_header = row_el.find(f"{w('trPr')}/{w('tblHeader')}") is not None
        if is_header and r == 0:
            html.append("<thead>")
            head_open = True
        elif head_open and not is_header:
            html.append("</thead><tbody>")
            head_open = False
        elif r == 0:
            html.append("<tbody>")
        height_el = row_el.find(f"{w('trPr')}/{w('trHeight')}")
        height = twips(height_el.get(VAL)) if height_el is not None else None
        cells = []
        for col, span, tc in row:
            if _vmerge(tc) == "continue":
                continue
            rowspan = spans.get(id(tc), 1)
            last_row = r + rowspan >= len(rows)
            sides = {
                "top": borders.get("top" if r == 0 else "insideH"),
                "bottom": borders.get("bottom" if last_row else "insideH"),
                "left": borders.get("left" if col == 0 else "insideV"),
                "right": borders.get("right" if col + span >= ncols else "insideV"),
            }
            tc_pr = tc.find(w("tcPr"))
            own = parse_borders(tc_pr.find(w("tcBorders")) if tc_pr is not None else None)
            for key, value in own.items():
                side = {"start": "left", "end": "right"}.get(key, key)
                if side in sides:
                    sides[side] = value
            decl = "".join(_border_css(side, b) for side, b in sides.items())
            decl += "padding:{top}pt {right}pt {bottom}pt {left}pt;".format(**margins)
            valign = tc_pr.find(w("vAlign")) if tc_pr is not None else None
            align = valign.get(VAL) if valign is not None else ""
            decl += f"vertical-align:{_VALIGN.get(align, 'top')};"
            shd = tc_pr.find(w("shd")) if tc_pr is not None else None
            fill = hex_color(shd.get(w("fill"))) if shd is not None else None
            if fill:
                decl += f"background:#{fill};"
            if height:
                decl += f"height:{height}pt;"
            blocks = [b for child in tc for b in conv.block(child, part, props["style"])]
            blocks.extend(conv.flush())
            attrs = f' colspan="{span}"' if span > 1 else ""
            attrs += f' rowspan="{rowspan}"' if rowspan > 1 else ""
            cells.append(f'<td class="{conv.classes.name(decl)}"{attrs}>{"".join(blocks)}</td>')
        # A row Word may not split across pages (``w:cantSplit``) stays whole in the PDF too.
        whole = on(row_el.find(f"{w('trPr')}/{w('cantSplit')}"))
        row_class = f' class="{conv.classes.name("break-inside:avoid;")}"' if whole else ""
        html.append(f"<tr{row_class}>{''.join(cells)}</tr>")
    html.append("</thead></table>" if head_open else "</tbody></table>")
    return "".join(html)
