"""DOCX to HTML conversion: a walker over the WordprocessingML of a python-docx document."""

from __future__ import annotations

import base64
import html
from itertools import pairwise
from typing import Any

from docx.document import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from lxml import etree

from docgen.pdf import css, pages, tabs
from docgen.pdf.numbering import Numbering
from docgen.pdf.pages import Section
from docgen.pdf.tables import convert_table
from docgen.word.styles import style_sheet
from docgen.word.wordml import (
    NSMAP,
    R_NS,
    VAL,
    on,
    parse_ppr,
    parse_rpr,
    theme_fonts,
    twips,
    w,
)

_PAGE_FIELDS = {"PAGE": "pgnum", "NUMPAGES": "pgcount", "SECTIONPAGES": "pgcount"}
_IMAGE_TYPES = ("image/png", "image/jpeg", "image/gif", "image/svg+xml", "image/bmp")


def _wrapped(item: Any, before: str, after: str) -> Any:
    """A run's item inside the run's formatting span; what stands outside of it left alone."""
    if item is css.PAGE_BREAK or item == css.LINE_BREAK or isinstance(item, css.Bare):
        return item
    if isinstance(item, tabs.Tab):
        return tabs.Tab(before + item.before, item.after + after)
    if isinstance(item, tabs.Measured):
        return tabs.Measured(f"{before}{item}{after}", item.text, item.rpr)
    return f"{before}{item}{after}"


def _related(part: Any, reltype: str) -> Any:
    try:
        return part.part_related_by(reltype)
    except KeyError:
        return None


class Converter:
    """Turn one python-docx ``Document`` into a standalone HTML string."""

    def __init__(self, document: Document) -> None:
        self.document = document
        self.part = document.part
        theme = _related(self.part, RT.THEME)
        fonts = theme_fonts(theme.blob if theme is not None else None)
        self.styles = style_sheet(_related(self.part, RT.STYLES), fonts)
        numbering = _related(self.part, RT.NUMBERING)
        self.numbering = Numbering(numbering.element if numbering is not None else None, fonts)
        settings = _related(self.part, RT.SETTINGS)
        even_and_odd = (
            settings.element.find(w("evenAndOddHeaders")) if settings is not None else None
        )
        self.even_and_odd = bool(on(even_and_odd))
        default_tab = settings.element.find(w("defaultTabStop")) if settings is not None else None
        self.default_tab = twips(default_tab.get(VAL)) if default_tab is not None else 36.0
        self.footnotes_part = _related(self.part, RT.FOOTNOTES)
        self.footnotes = self._read_footnotes(self.footnotes_part)
        self.classes = css.ClassRegistry()
        self._fields: list[dict[str, Any]] = []
        self._running: dict[str, str] = {}
        self._pending: tuple[dict[str, Any], str, list[str]] | None = None

    # -- document and sections -------------------------------------------------------------
    def convert(self) -> str:
        """Return the whole document as HTML."""
        body = self.document.element.body
        sections: list[tuple[Section, list[str]]] = []
        blocks: list[str] = []
        for child in body:
            tag = etree.QName(child).localname
            if tag == "sectPr":
                continue
            blocks.extend(self.block(child, self.part))
            sect_pr = child.find(f"{w('pPr')}/{w('sectPr')}") if tag == "p" else None
            if sect_pr is not None:
                blocks.extend(self.flush())
                sections.append((Section.read(sect_pr), blocks))
                blocks = []
        blocks.extend(self.flush())
        sections.append((Section.read(body.find(w("sectPr"))), blocks))
        for (previous, _), (section, _) in pairwise(sections):
            section.inherit(previous)
        return pages.assemble(
            sections,
            self._running_elements,
            self.document.core_properties,
            self.classes.stylesheet,
            even_and_odd=self.even_and_odd,
        )

    def _running_elements(self, section: Section) -> str:
        out = []
        for refs in (section.headers, section.footers):
            for rid in refs.values():
                if rid not in self._running:
                    part = self.part.rels[rid].target_part
                    blocks = [b for child in part.element for b in self.block(child, part)]
                    blocks.extend(self.flush())
                    self._running[rid] = "".join(blocks)
                out.append(
                    f'<div style="position:running({pages.running_name(rid)})">'
                    f"{self._running[rid]}</div>"
                )
        return "".join(out)

    # -- blocks ----------------------------------------------------------------------------
    def block(self, el: etree._Element, part: Any, table_style: str | None = None) -> list[str]:
        """Convert a body-level element (paragraph, table, content control) to HTML blocks."""
        tag = etree.QName(el).localname
        if tag == "p":
            return self.paragraph(el, part, table_style)
        if tag == "tbl":
            flushed = self.flush()
            return [*flushed, convert_table(self, el, part)]
        if tag in ("sdt", "customXml"):
            content = el.find(w("sdtContent")) if tag == "sdt" else el
            return [
                b
                for child in (content if content is not None else [])
                for b in self.block(child, part, table_style)
            ]
        return []

    def paragraph_props(self, p: etree._Element, table_style: str | None) -> dict[str, Any]:
        """Effective paragraph properties: defaults, table style, style, numbering, direct."""
        direct = parse_ppr(p.find(w("pPr")))
        sid = direct.get("style") or self.styles.default_style("paragraph")
        props = dict(self.styles.default_ppr)
        if table_style:
            props.update(self.styles.resolve(table_style, "pPr"))
        props.update(self.styles.resolve(sid, "pPr"))
        num_id, ilvl = (
            direct.get("num_id", props.get("num_id")),
            direct.get("ilvl", props.get("ilvl", 0)),
        )
        level = self.numbering.level(num_id, ilvl) if num_id else None
        if level is not None:
            props.update(level.ppr)
        props.update(direct)
        props.update(style=sid, num_id=num_id, ilvl=ilvl)
        return props

    def paragraph_rpr(self, sid: str | None, table_style: str | None) -> dict[str, Any]:
        """Run properties every run of a paragraph starts from."""
        props = dict(self.styles.default_rpr)
        if table_style:
            props.update(self.styles.resolve(table_style, "rPr"))
        props.update(self.styles.resolve(sid, "rPr"))
        return props

    def paragraph(self, p: etree._Element, part: Any, table_style: str | None) -> list[str]:
        """Convert a paragraph; a page break inside it starts a new block on a new page."""
        props = self.paragraph_props(p, table_style)
        base_rpr = self.paragraph_rpr(props["style"], table_style)
        chunks: list[list[str]] = [[]]
        for item in self.inline(p, part, base_rpr):
            if item is css.PAGE_BREAK:
                chunks.append([])
            else:
                chunks[-1].append(item)
        label = None
        if props.get("num_id") and props["num_id"] != "0":
            label = self._label(props, base_rpr)
        # an empty line is as high as the paragraph mark's font, and gone if the mark is hidden
        mark_rpr = self.run_props(p.find(f"{w('pPr')}/{w('rPr')}"), base_rpr)
        if len(chunks) == 1 and not chunks[0] and not label and mark_rpr.get("vanish"):
            return []
        out = self.flush() if self._pending and not self._joins(props) else []
        left = props.get("left") or 0.0
        for index, chunk in enumerate(chunks):
            chunk_props = dict(props)
            if index:
                chunk_props["pageBreakBefore"] = True
            if any(isinstance(item, tabs.Tab) for item in chunk):
                start = left if index or label else left + (props.get("first") or 0.0)
                stops = props.get("tabs") or []
                chunk = tabs.resolve(chunk, stops, self.default_tab, start, left)
            content = "".join(chunk)
            if index == 0 and label:
                content = label + content
            if self._pending and self._joins(chunk_props):
                self._pending[0]["after"] = 0
                chunk_props["before"] = 0
            out.extend(self.flush())
            self._pending = (chunk_props, base_rpr if content else mark_rpr, [content])
        return out

    def _joins(self, props: dict[str, Any]) -> bool:
        prev = self._pending[0] if self._pending else None
        return bool(
            prev
            and props.get("contextualSpacing")
            and prev.get("contextualSpacing")
            and prev.get("style") == props.get("style")
        )

    def flush(self) -> list[str]:
        """Emit the paragraph held back for contextual spacing, if any."""
        if self._pending is None:
            return []
        props, base_rpr, content = self._pending
        self._pending = None
        declarations = css.paragraph_declarations(props, base_rpr)
        text = "".join(content) or css.LINE_BREAK
        level = props.get("outline")
        tag = f"h{min(level + 1, 6)}" if level is not None and level < 9 else "p"
        return [f'<{tag} class="{self.classes.name(declarations)}">{text}</{tag}>']

    def _label(self, props: dict[str, Any], base_rpr: dict[str, Any]) -> str:
        text = self.numbering.next_label(props["num_id"], props["ilvl"])
        if text is None:
            return ""
        level = self.numbering.level(props["num_id"], props["ilvl"])
        rpr = {**base_rpr, **(level.rpr if level else {})}
        if text in ("•", "▪", "◦"):  # Symbol glyphs mapped to Unicode: the paragraph's font
            rpr["font"] = base_rpr.get("font")
        width = -(props.get("first") or 0)
        decl = css.run_declarations(rpr, base_rpr)
        if width > 0 and level is not None and level.suffix == "tab":
            # A label narrower than the hanging indent (nearly always) gets it as its width:
            # the same box as ``min-width`` gives, without WeasyPrint measuring the label's
            # text to shrink the box to fit (2 % of the layout of a contract).
            fits = tabs.text_width(text, rpr) <= width - 1  # a point for kerning
            decl += f"display:inline-block;{'' if fits else 'min-'}width:{width}pt;text-indent:0;"
        elif level is not None and level.suffix == "space":
            text += " "
        return f'<span class="{self.classes.name(decl)}">{html.escape(text)}</span>'

    # -- inline content --------------------------------------------------------------------
    def inline(self, el: etree._Element, part: Any, base_rpr: dict[str, Any]) -> list[Any]:
        """Convert the runs, hyperlinks and fields of a paragraph."""
        out: list[Any] = []
        for child in el:
            tag = etree.QName(child).localname
            if tag == "r":
                out.extend(self.run(child, part, base_rpr))
            elif tag == "hyperlink":
                inner = "".join(
                    x for x in self.inline(child, part, base_rpr) if x is not css.PAGE_BREAK
                )
                out.append(self._link(child, part, inner))
            elif tag == "fldSimple":
                instr = (child.get(w("instr")) or "").split()
                kind = _PAGE_FIELDS.get(instr[0].upper()) if instr else None
                out.extend(
                    [f'<span class="{kind}"></span>']
                    if kind
                    else self.inline(child, part, base_rpr)
                )
            elif tag in ("ins", "smartTag", "customXml", "sdt", "sdtContent", "bdo", "dir"):
                out.extend(self.inline(child, part, base_rpr))
        return out

    def _link(self, el: etree._Element, part: Any, inner: str) -> str:
        rid = el.get(f"{{{R_NS}}}id")
        rel = part.rels.get(rid) if rid else None
        target = rel.target_ref if rel is not None and rel.is_external else ""
        if target.lower().startswith(("http://", "https://", "mailto:")):
            return f'<a href="{html.escape(target)}">{inner}</a>'
        return inner

    def run_props(self, rpr_el: etree._Element | None, base_rpr: dict[str, Any]) -> dict[str, Any]:
        """Effective properties of a run (or paragraph mark): base, character style, direct."""
        direct = parse_rpr(rpr_el, self.styles.theme_fonts)
        rpr = dict(base_rpr)
        if direct.get("style"):
            rpr.update(self.styles.resolve(direct["style"], "rPr"))
        rpr.update(direct)
        return rpr

    def run(self, r: etree._Element, part: Any, base_rpr: dict[str, Any]) -> list[Any]:
        """Convert one run: text, tabs, breaks, field characters, images and note calls."""
        rpr = self.run_props(r.find(w("rPr")), base_rpr)
        if rpr.get("vanish"):
            return []
        out: list[Any] = []
        text: list[str] = []

        def push_text() -> None:
            joined = "".join(text)
            text.clear()
            if joined:  # an empty run leaves no empty span: its paragraph stays empty
                out.append(tabs.Measured(html.escape(joined), joined, rpr))

        for child in r:
            tag = etree.QName(child).localname
            if tag == "fldChar":
                push_text()
                out.extend(self._field_char(child))
            elif self._fields and self._fields[-1]["phase"] == "instr":
                if tag == "instrText":
                    self._fields[-1]["instr"] += child.text or ""
            elif self._fields and self._fields[-1].get("hide"):
                continue
            elif tag == "t":
                text.append(child.text or "")
            elif tag == "tab":
                push_text()
                out.append(tabs.Tab())
            elif tag in ("br", "cr"):
                push_text()
                out.append(css.PAGE_BREAK if child.get(w("type")) == "page" else css.LINE_BREAK)
            elif tag == "noBreakHyphen":
                text.append("\u2011")
            elif tag == "softHyphen":
                text.append("\u00ad")
            elif tag == "sym":
                text.append(chr(int(child.get(w("char"), "2022"), 16)))
            elif tag in ("drawing", "pict"):
                push_text()
                out.extend(self._images(child, part))
            elif tag == "footnoteReference":
                push_text()
                out.append(self._footnote(child.get(w("id")), rpr))
        push_text()
        decl = css.run_declarations(rpr, base_rpr)
        if not decl:
            return out
        name = self.classes.name(decl)
        return [_wrapped(x, f'<span class="{name}">', "</span>") for x in out]

    def _field_char(self, el: etree._Element) -> list[str]:
        kind = el.get(w("fldCharType"))
        if kind == "begin":
            self._fields.append({"instr": "", "phase": "instr"})
        elif kind == "separate" and self._fields:
            return self._field_start(self._fields[-1])
        elif kind == "end" and self._fields:
            current = self._fields.pop()
            if current["phase"] == "instr":
                return self._field_start(current)
        return []

    def _field_start(self, current: dict[str, Any]) -> list[str]:
        current["phase"] = "result"
        words = current["instr"].split()
        page_kind = _PAGE_FIELDS.get(words[0].upper()) if words else None
        current["hide"] = bool(page_kind)
        return [f'<span class="{page_kind}"></span>'] if page_kind else []

    def _images(self, el: etree._Element, part: Any) -> list[str]:
        out = []
        for blip in el.iterfind(".//a:blip", NSMAP):
            rid = blip.get(f"{{{R_NS}}}embed")
            rel = part.rels.get(rid) if rid else None
            image = None if rel is None or rel.is_external else rel.target_part
            if image is None or image.content_type not in _IMAGE_TYPES:
                continue  # linked (external) images are never fetched
            extent = None
            for ancestor in blip.iterancestors():
                extent = ancestor.find("wp:extent", NSMAP)
                if extent is not None:
                    break
            size = ""
            if extent is not None:
                size = (
                    f' style="width:{int(extent.get("cx")) / 12700:.1f}pt;'
                    f'height:{int(extent.get("cy")) / 12700:.1f}pt"'
                )
            data = base64.b64encode(image.blob).decode("ascii")
            out.append(f'<img src="data:{image.content_type};base64,{data}" alt=""{size}/>')
        return out

    def _read_footnotes(self, footnotes_part: Any) -> dict[str, etree._Element]:
        if footnotes_part is None:
            return {}
        parser = etree.XMLParser(resolve_entities=False, no_network=True)
        root = etree.fromstring(footnotes_part.blob, parser)
        return {fn.get(w("id")): fn for fn in root.iterfind(w("footnote"))}

    def _footnote(self, note_id: str | None, rpr: dict[str, Any]) -> str:
        """A footnote: its call sized after the calling run, its paragraphs in their styles."""
        note = self.footnotes.get(note_id or "")
        if note is None:
            return ""
        lines = []
        for p in note.iter(w("p")):
            style = self.paragraph_props(p, None)["style"]
            base = self.paragraph_rpr(style, None)
            inner = "".join(
                x for x in self.inline(p, self.footnotes_part, base) if isinstance(x, str)
            )
            decl = css.run_declarations(base, {}) + f"line-height:{css.line_ratio(base)};"
            lines.append(f'<span class="{self.classes.name(decl)}">{inner}</span>')
        size = self.classes.name(f"font-size:{rpr.get('sz', 10)}pt;line-height:0;")
        return css.Bare(f'<span class="fn {size}">{css.LINE_BREAK.join(lines)}</span>')


def docx_to_html(document: Document) -> str:
    """Convert a python-docx ``Document`` to a standalone HTML page."""
    return Converter(document).convert()
