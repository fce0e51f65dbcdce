"""Helpers shared by the scripts that build the first version of each Word template."""

from __future__ import annotations

import sys
from pathlib import Path

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

JUSTIFY = WD_ALIGN_PARAGRAPH.JUSTIFY
CENTER = WD_ALIGN_PARAGRAPH.CENTER
RIGHT = WD_ALIGN_PARAGRAPH.RIGHT
RIGHT_BLOCK = Cm(9)
ITEM = Cm(1)
SUPPLIED_RATES = (
    "{% for t in taux_fournis_utilises %}{{ t.libelle }} pour le {{ t.semestre }}, "
    "{{ t.taux|pourcentage }} (source : {{ t.source }}){% if not loop.last %} ; {% endif %}"
    "{% endfor %}"
)
"""The rates the case facts gave (``taux_fournis_utilises``), each with its source."""
RETAINED = "{% if taux_fournis_utilises|length > 1 %}Taux retenus{% else %}Taux retenu{% endif %}"
"""« Taux retenu » or « Taux retenus », as many as the case facts gave."""


def new_document(
    title: str, author: str = "", subject: str = "", font: str = "Times New Roman", size: float = 11
) -> Document:
    """An A4 document with French margins, a Normal style, and templated properties."""
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2.5)
    section.top_margin, section.bottom_margin = Cm(2), Cm(2.2)
    normal = doc.styles["Normal"]
    normal.font.name, normal.font.size = font, Pt(size)
    normal.paragraph_format.space_after = Pt(4)
    for level in (1, 2):
        heading = doc.styles[f"Heading {level}"]
        heading.font.name = font
        fonts = heading.element.rPr.rFonts
        for theme in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
            fonts.attrib.pop(qn(f"w:{theme}"), None)  # a theme font would override ``font``
        heading.font.color.rgb = None
        heading.font.size = Pt(12 if level == 1 else 11)
        heading.paragraph_format.space_before = Pt(12 if level == 1 else 8)
        heading.paragraph_format.space_after = Pt(4)
        heading.font.bold = True
    doc.core_properties.title = title
    doc.core_properties.author = author
    doc.core_properties.subject = subject
    doc.core_properties.comments = ""
    return doc


def field(paragraph, instr: str, size: float | None = None) -> None:
    """Append a Word field (``PAGE``, ``NUMPAGES``) to a paragraph."""
    run = paragraph.add_run()
    if size:
        run.font.size = Pt(size)
    for kind, text in (
        ("begin", None),
        (None, instr),
        ("separate", None),
        (None, "1"),
        ("end", None),
    ):
        if kind:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        elif text == instr:
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = f" {instr} "
        else:
            el = OxmlElement("w:t")
            el.text = text
        run._r.append(el)


def page_footer(doc, text: str, size: float = 9) -> None:
    """A centred footer: ``text — Page X sur Y``."""
    footer = doc.sections[0].footer.paragraphs[0]
    footer.alignment = CENTER
    footer.add_run(f"{text} — Page " if text else "Page ").font.size = Pt(size)
    field(footer, "PAGE", size)
    footer.add_run(" sur ").font.size = Pt(size)
    field(footer, "NUMPAGES", size)


def para(
    doc,
    text="",
    *,
    bold=False,
    align=None,
    indent=None,
    after=None,
    before=None,
    italic=False,
    size=None,
    keep=False,
    style=None,
):
    """Add a paragraph with one run of text."""
    p = doc.add_paragraph(style=style)
    if text:
        run = p.add_run(text)
        run.bold, run.italic = bold, italic
        if size:
            run.font.size = Pt(size)
    if align is not None:
        p.alignment = align
    if indent is not None:
        p.paragraph_format.left_indent = indent
    if after is not None:
        p.paragraph_format.space_after = Pt(after)
    if before is not None:
        p.paragraph_format.space_before = Pt(before)
    if keep:
        p.paragraph_format.keep_with_next = True
    return p


def tag(doc, text):
    """A paragraph holding only a docxtpl block tag (``{%p if … %}``)."""
    return para(doc, text, after=0)


def heading(doc, text, level=1):
    """A heading (outline level: PDF bookmark) kept with the next paragraph."""
    p = doc.add_heading(text, level=level)
    p.paragraph_format.keep_with_next = True
    return p


def table(doc, rows: int, cols: int, style: str = "Table Grid", center: bool = True):
    """A table with the given style."""
    t = doc.add_table(rows=rows, cols=cols)
    t.style = style
    if center:
        t.alignment = WD_TABLE_ALIGNMENT.CENTER
    return t


def cell_text(cell, text, *, bold=False, align=None, size=None):
    """Write one run of text into a table cell."""
    p = cell.paragraphs[0]
    run = p.add_run(text)
    run.bold = bold
    if size:
        run.font.size = Pt(size)
    if align is not None:
        p.alignment = align
    return p


def rich(doc, *parts, align=JUSTIFY, **kw):
    """A paragraph of runs; each part is a text, or a (text, style) pair, style in "b", "i", "u"."""
    p = para(doc, align=align, **kw)
    for part in parts:
        text, style = (part, "") if isinstance(part, str) else part
        run = p.add_run(text)
        run.bold, run.italic = "b" in style or None, "i" in style or None
        run.underline = "u" in style or None
    return p


def item(doc, text, after=2, bold=False):
    """An indented dash item with a hanging indent."""
    p = para(doc, f"– {text}", align=JUSTIFY, indent=ITEM, after=after, bold=bold)
    p.paragraph_format.first_line_indent = Cm(-0.5)
    return p


def target(name: str) -> Path:
    """Where a builder writes: the path given on its command line, or the catalogue's template."""
    if len(sys.argv) > 1:
        return Path(sys.argv[1])
    return Path(__file__).resolve().parent.parent / "templates_docx" / f"{name}.docx"
