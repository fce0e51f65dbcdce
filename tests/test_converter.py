"""DOCX → HTML → PDF, one feature at a time: each test builds a small DOCX with python-docx,
then checks the HTML the converter writes (classes looked up in its ``<style>``) and, for
layout, the PDF WeasyPrint makes of it (text per page, word boxes, page sizes, fonts, images)."""

from __future__ import annotations

import importlib
import logging
import re
import struct
import subprocess
import xml.etree.ElementTree as ElementTree
import zlib
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
import tinyhtml5
import weasyprint
from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_LINE_SPACING, WD_TAB_ALIGNMENT
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Pt, Twips
from lxml import etree
from lxml import html as lxml_html
from pypdf import PdfReader
from weasyprint import html as weasyprint_html

import docgen
from docgen.catalog import get_type
from docgen.errors import PdfError
from docgen.pdf import output as pdf_module
from docgen.pdf import pages, tabs
from docgen.pdf.converter import docx_to_html
from docgen.pdf.output import html_to_pdf
from docgen.word.render import render_docx
from tests.conftest import EXAMPLES, example_case, pdf_text, require_tool

EXAMPLE_FILES = sorted(EXAMPLES.glob("*/*.json"))

A4 = (595.3, 841.9)  # points, as Word stores it (11906 × 16838 twips)
MARGIN = 72.0
TEXT_RIGHT = A4[0] - MARGIN


# -- building documents ----------------------------------------------------------------------
def new_document() -> Any:
    """An A4 document, 72 pt margins, Normal style in Times New Roman 12 pt without spacing."""
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Twips(11906), Twips(16838)
    for side in ("top", "bottom", "left", "right"):
        setattr(section, f"{side}_margin", Pt(MARGIN))
    section.header_distance = section.footer_distance = Pt(36)
    normal = doc.styles["Normal"]
    normal.font.name = "Times New Roman"
    normal.font.size = Pt(12)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.line_spacing = 1.0
    return doc


def add_xml(paragraph: Any, xml: str) -> None:
    """Append WordprocessingML (runs, fields, hyperlinks) to a paragraph."""
    paragraph._p.append(parse_xml(xml))


def run_xml(content: str, rpr: str = "") -> str:
    """A ``w:r`` element holding ``content`` (its namespaces declared)."""
    return f"<w:r {nsdecls('w', 'r')}><w:rPr>{rpr}</w:rPr>{content}</w:r>"


def field_runs(paragraph: Any, instr: str, shown: str = "1") -> None:
    """A complex field (begin, instruction, separate, result, end) at the end of a paragraph."""
    add_xml(paragraph, run_xml('<w:fldChar w:fldCharType="begin"/>'))
    add_xml(paragraph, run_xml(f'<w:instrText xml:space="preserve"> {instr} </w:instrText>'))
    add_xml(paragraph, run_xml('<w:fldChar w:fldCharType="separate"/>'))
    add_xml(paragraph, run_xml(f"<w:t>{shown}</w:t>"))
    add_xml(paragraph, run_xml('<w:fldChar w:fldCharType="end"/>'))


def page_break(doc: Any) -> None:
    """A paragraph holding only a ``<w:br w:type="page"/>``."""
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def png(width: int = 12, height: int = 8, rgb: tuple[int, int, int] = (200, 30, 30)) -> bytes:
    """A solid-colour RGB PNG built by hand (signature, IHDR, IDAT, IEND)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    row = b"\x00" + bytes(rgb) * width
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(row * height))
        + chunk(b"IEND", b"")
    )


def numbering_part(doc: Any, abstract: str, nums: dict[int, str]) -> None:
    """Add an abstract numbering definition (id 90) and ``w:num`` instances to the document."""
    numbering = doc.part.numbering_part.element
    numbering.insert(
        0,
        parse_xml(f'<w:abstractNum {nsdecls("w")} w:abstractNumId="90">{abstract}</w:abstractNum>'),
    )
    for num_id, overrides in nums.items():
        numbering.append(
            parse_xml(
                f'<w:num {nsdecls("w")} w:numId="{num_id}"><w:abstractNumId w:val="90"/>'
                f"{overrides}</w:num>"
            )
        )


def numbered(doc: Any, text: str, num_id: int, ilvl: int = 0) -> Any:
    """A paragraph of list ``num_id`` at level ``ilvl``."""
    paragraph = doc.add_paragraph(text)
    paragraph._p.get_or_add_pPr().append(
        parse_xml(
            f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/></w:numPr>'
        )
    )
    return paragraph


def footnotes_part(doc: Any, notes: dict[int, str]) -> None:
    """Give the document a footnotes part holding these notes (runs, after the mark)."""
    body = "".join(
        f'<w:footnote w:id="{note_id}"><w:p><w:pPr><w:pStyle w:val="FootnoteText"/></w:pPr>'
        '<w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:footnoteRef/></w:r>'
        f"{runs}</w:p></w:footnote>"
        for note_id, runs in notes.items()
    )
    xml = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:footnotes {nsdecls("w")}>'
        '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p>'
        f"</w:footnote>{body}</w:footnotes>"
    )
    part = Part(PackURI("/word/footnotes.xml"), CT.WML_FOOTNOTES, xml.encode(), doc.part.package)
    doc.part.relate_to(part, RT.FOOTNOTES)


# -- reading the HTML ------------------------------------------------------------------------
class Html:
    """A converted document: its HTML tree and the declarations of each of its classes."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.tree = lxml_html.document_fromstring(source)
        self.sheet = self.tree.findtext(".//style") or ""
        self.rules = {
            name: self.parse(body)
            for name, body in re.findall(r"(?<![\w-])\.([\w-]+)\{([^{}]*)\}", self.sheet)
        }

    @staticmethod
    def parse(declarations: str) -> dict[str, str]:
        """``a:b;c:d`` as a dict."""
        pairs = (d.split(":", 1) for d in declarations.split(";") if ":" in d)
        return {k.strip(): v.strip() for k, v in pairs}

    def style(self, el: etree._Element) -> dict[str, str]:
        """Declarations of an element: those of its classes, then its ``style`` attribute.

        Every class must be declared in the ``<style>`` element, but for the few the converter
        shares with ``docgen/pdf/assets/base.css`` (tabs, page-number fields, footnotes).
        """
        out: dict[str, str] = {}
        for name in (el.get("class") or "").split():
            assert name in self.rules or name in ("tab", "pgnum", "pgcount", "fn"), name
            out.update(self.rules.get(name, {}))
        out.update(self.parse(el.get("style") or ""))
        return out

    def computed(self, el: etree._Element) -> dict[str, str]:
        """Declarations of an element and of its ancestors (nearest wins)."""
        out: dict[str, str] = {}
        for node in [*reversed(list(el.iterancestors())), el]:
            out.update(self.style(node))
        return out

    def find(self, text: str, tag: str = "*") -> etree._Element:
        """The innermost ``tag`` element whose text contains ``text``."""
        found = self.tree.xpath(f"//{tag}[contains(., $text)]", text=text)
        assert found, f"{text!r} absent du HTML"
        return found[-1]

    def page_rules(self) -> list[str]:
        """The ``@page`` rules of the stylesheet."""
        return re.findall(r"@page [^{]*\{(?:[^{}]|\{[^{}]*\})*\}", self.sheet)


# -- reading the PDF -------------------------------------------------------------------------
@dataclass
class Word:
    """A word of a PDF page and its box, in points from the top-left corner."""

    text: str
    x0: float
    y0: float
    x1: float
    y1: float


@dataclass
class Rendered:
    """A document converted to HTML and laid out to PDF."""

    html: Html
    pdf: bytes
    path: Path

    def tool(self, name: str, *args: str) -> str:
        """Output of a poppler tool run on the PDF."""
        cmd = [require_tool(name), *args, str(self.path)]
        if name == "pdftotext":
            cmd.append("-")
        return subprocess.run(cmd, capture_output=True, check=True, text=True).stdout

    @property
    def pages(self) -> int:
        """Number of pages (``pdfinfo``)."""
        return int(re.search(r"^Pages:\s+(\d+)", self.tool("pdfinfo"), re.M).group(1))

    def text(self, page: int, *, layout: bool = False) -> str:
        """Text of one page (``pdftotext -f N -l N``), whitespace collapsed."""
        raw = pdf_text(self.pdf, self.path.parent, first=page, last=page, layout=layout)
        return " ".join(raw.split())

    def sizes(self) -> list[tuple[float, float]]:
        """Width and height of each page (``pdfinfo -f 1 -l N``)."""
        info = self.tool("pdfinfo", "-f", "1", "-l", str(self.pages))
        return [
            (float(wd), float(ht))
            for wd, ht in re.findall(r"^Page\s+\d+ size:\s+([\d.]+) x ([\d.]+)", info, re.M)
        ]

    def words(self, page: int = 1) -> list[Word]:
        """Words of a page with their boxes (``pdftotext -bbox``)."""
        out = self.tool("pdftotext", "-bbox", "-f", str(page), "-l", str(page))
        return [
            Word(lxml_html.fromstring(f"<b>{text}</b>").text_content(), *map(float, box))
            for *box, text in re.findall(
                r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)',
                out,
            )
        ]

    def word(self, text: str, page: int = 1) -> Word:
        """The first word of a page equal to ``text``."""
        found = [w for w in self.words(page) if w.text == text]
        assert found, f"{text!r} absent de la page {page} : {[w.text for w in self.words(page)]}"
        return found[0]

    def fonts(self) -> list[str]:
        """Names of the fonts embedded in the PDF, without their subset prefix."""
        lines = self.tool("pdffonts").splitlines()[2:]
        return [line.split()[0].split("+")[-1] for line in lines]


@pytest.fixture
def render(tmp_path: Path):
    """Convert a python-docx document to HTML, then to PDF (saved under ``tmp_path``)."""
    count = 0

    def convert(doc: Any) -> Rendered:
        nonlocal count
        count += 1
        buffer = BytesIO()
        doc.save(buffer)  # what the converter gets is what a saved file holds
        buffer.seek(0)
        source = docx_to_html(Document(buffer))
        assert_polyglot(source)
        pdf = html_to_pdf(source, xml=True)
        path = tmp_path / f"doc{count}.pdf"
        path.write_bytes(pdf)
        path.with_suffix(".docx").write_bytes(buffer.getvalue())  # to compare with LibreOffice
        return Rendered(Html(source), pdf, path)

    return convert


def tree(element: Any) -> tuple:
    """An element as nested tuples: tag, attributes, text, tail, children."""
    return (
        element.tag,
        dict(element.attrib),
        element.text or "",
        element.tail or "",
        [tree(child) for child in element],
    )


def assert_polyglot(page: str) -> None:
    """The page is well-formed XML, and an HTML5 parser reads it into the same tree."""
    as_xml = ElementTree.fromstring(page)
    as_html = tinyhtml5.parse(page, namespace_html_elements=False)
    assert tree(as_xml) == tree(as_html)


def close(a: float, b: float, tolerance: float = 1.0) -> bool:
    """Whether two lengths in points are equal within ``tolerance``."""
    return abs(a - b) <= tolerance


# -- paragraphs ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("alignment", "css"),
    [
        (WD_ALIGN_PARAGRAPH.LEFT, "left"),
        (WD_ALIGN_PARAGRAPH.CENTER, "center"),
        (WD_ALIGN_PARAGRAPH.RIGHT, "right"),
        (WD_ALIGN_PARAGRAPH.JUSTIFY, "justify"),
    ],
)
def test_alignment(render, alignment, css):
    doc = new_document()
    doc.add_paragraph("Aligné").alignment = alignment
    long = doc.add_paragraph("Une phrase assez longue pour occuper deux lignes. " * 3 + "Fin.")
    long.alignment = alignment
    out = render(doc)

    assert out.html.style(out.html.find("Aligné", "p"))["text-align"] == css
    word = out.word("Aligné")
    expected = {
        "left": word.x0 - MARGIN,
        "center": (word.x0 + word.x1) / 2 - A4[0] / 2,
        "right": word.x1 - TEXT_RIGHT,
        "justify": word.x0 - MARGIN,  # a paragraph's last line is not stretched
    }
    assert close(expected[css], 0)
    first_line = [w for w in out.words() if close(w.y0, out.word("Une").y0)]
    assert close(first_line[-1].x1, TEXT_RIGHT) == (css in ("right", "justify"))


def test_indents(render):
    doc = new_document()
    left = doc.add_paragraph("Gauche")
    left.paragraph_format.left_indent = Pt(36)
    right = doc.add_paragraph("Droite")
    right.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    right.paragraph_format.right_indent = Pt(48)
    first = doc.add_paragraph("Alinéa " + "suite " * 30)
    first.paragraph_format.first_line_indent = Pt(18)
    hanging = doc.add_paragraph("Suspendu " + "texte " * 30)
    hanging.paragraph_format.left_indent = Pt(36)
    hanging.paragraph_format.first_line_indent = Pt(-24)
    out = render(doc)

    html = out.html
    assert html.style(html.find("Gauche", "p"))["padding-left"] == "36.0pt"
    assert html.style(html.find("Droite", "p"))["padding-right"] == "48.0pt"
    assert html.style(html.find("Alinéa", "p"))["text-indent"] == "18.0pt"
    hanging_css = html.style(html.find("Suspendu", "p"))
    assert (hanging_css["padding-left"], hanging_css["text-indent"]) == ("36.0pt", "-24.0pt")

    assert close(out.word("Gauche").x0, MARGIN + 36)
    assert close(out.word("Droite").x1, TEXT_RIGHT - 48)
    assert close(out.word("Alinéa").x0, MARGIN + 18)
    assert close(out.word("Suspendu").x0, MARGIN + 12)
    # the lines after the first start at the left indent
    assert min(w.x0 for w in out.words() if w.text == "suite") == MARGIN
    assert min(w.x0 for w in out.words() if w.text == "texte") == MARGIN + 36


def test_spacing_before_and_after(render):
    doc = new_document()
    doc.add_paragraph("Premier").paragraph_format.space_after = Pt(18)
    doc.add_paragraph("Deuxième").paragraph_format.space_before = Pt(30)
    doc.add_paragraph("Troisième")
    out = render(doc)

    assert out.html.style(out.html.find("Premier", "p"))["margin-bottom"] == "18.0pt"
    assert out.html.style(out.html.find("Deuxième", "p"))["margin-top"] == "30.0pt"
    line = out.word("Troisième").y0 - out.word("Deuxième").y0
    assert close(line, 12 * 1.1499, 0.2)  # single spacing: the font's own line height
    # the larger of the two spacings separates the paragraphs, as in LibreOffice
    assert close(out.word("Deuxième").y0 - out.word("Premier").y0, line + 30, 0.3)


@pytest.mark.parametrize(
    ("rule", "value", "css", "pitch"),
    [
        (WD_LINE_SPACING.DOUBLE, None, "line-height:2.29583", 27.55),
        (WD_LINE_SPACING.MULTIPLE, 1.5, "line-height:1.72083", 20.65),  # whole twips, as Writer
        (WD_LINE_SPACING.EXACTLY, Pt(30), "line-height:30.0pt", 30),
        (WD_LINE_SPACING.AT_LEAST, Pt(30), "line-height:30.00pt", 30),
        (WD_LINE_SPACING.AT_LEAST, Pt(6), "line-height:13.80pt", 13.8),
    ],
)
def test_line_spacing(render, rule, value, css, pitch):
    doc = new_document()
    paragraph = doc.add_paragraph("Ligne")
    paragraph.add_run().add_break()
    paragraph.add_run("Suivante")
    if rule == WD_LINE_SPACING.MULTIPLE:
        paragraph.paragraph_format.line_spacing = value
    else:
        paragraph.paragraph_format.line_spacing_rule = rule
        if value is not None:
            paragraph.paragraph_format.line_spacing = value
    out = render(doc)

    declarations = out.html.style(out.html.find("Ligne", "p"))
    name, expected = css.split(":")
    assert declarations[name] == expected
    assert close(out.word("Suivante").y0 - out.word("Ligne").y0, pitch, 0.2)


# -- runs ------------------------------------------------------------------------------------
def test_bold_italic_underline_strike(render):
    doc = new_document()
    paragraph = doc.add_paragraph("Normal ")
    paragraph.add_run("Gras ").bold = True
    paragraph.add_run("Italique ").italic = True
    paragraph.add_run("Souligné ").underline = True
    paragraph.add_run("Barré").font.strike = True
    both = paragraph.add_run(" GrasItalique")
    both.bold = both.italic = True
    out = render(doc)

    def css(text: str) -> dict[str, str]:
        return out.html.computed(out.html.find(text, "span"))

    assert css("Gras")["font-weight"] == "bold"
    assert css("Italique")["font-style"] == "italic"
    assert css("Souligné")["text-decoration"] == "underline"
    assert css("Barré")["text-decoration"] == "line-through"
    assert (css("GrasItalique")["font-weight"], css("GrasItalique")["font-style"]) == (
        "bold",
        "italic",
    )
    normal = out.html.computed(out.html.find("Normal", "p"))
    assert (normal["font-weight"], normal["font-style"]) == ("normal", "normal")
    assert "text-decoration" not in normal or normal["text-decoration"] == "none"
    assert sorted(set(out.fonts())) == [
        "dg-LiberationSerif",
        "dg-LiberationSerif-Bold",
        "dg-LiberationSerif-Bold-Italic",
        "dg-LiberationSerif-Italic",
    ]
    assert out.text(1) == "Normal Gras Italique Souligné Barré GrasItalique"


def test_colours_and_hostile_colour_values(render):
    doc = new_document()
    paragraph = doc.add_paragraph()
    add_xml(paragraph, run_xml("<w:t>Rouge</w:t>", '<w:color w:val="C00000"/>'))
    add_xml(paragraph, run_xml("<w:t> Fond</w:t>", '<w:shd w:val="clear" w:fill="FFFF00"/>'))
    hostile = "000;background:url(https://example.invalid/x)}&lt;/style&gt;&lt;img src=x&gt;"
    add_xml(
        paragraph,
        run_xml(
            "<w:t> Piège</w:t>",
            f'<w:color w:val="{hostile}"/><w:shd w:val="clear" w:fill="{hostile}"/>',
        ),
    )
    cell = doc.add_table(rows=1, cols=1).cell(0, 0)
    cell.text = "Cellule"
    cell._tc.get_or_add_tcPr().append(
        parse_xml(f'<w:shd {nsdecls("w")} w:val="clear" w:fill="{hostile}"/>')
    )
    out = render(doc)

    assert out.html.computed(out.html.find("Rouge", "span"))["color"] == "#C00000"
    assert out.html.computed(out.html.find("Fond", "span"))["background"] == "#FFFF00"
    trap = out.html.computed(out.html.find("Piège", "*"))
    assert trap.get("color", "#000") == "#000" and "background" not in trap
    assert "example.invalid" not in out.html.source and "<img" not in out.html.source
    assert "background" not in out.html.style(out.html.find("Cellule", "td"))
    assert out.text(1) == "Rouge Fond Piège Cellule"


def test_font_sizes(render):
    doc = new_document()
    paragraph = doc.add_paragraph()
    paragraph.add_run("Petit").font.size = Pt(8)
    paragraph.add_run(" Moyen")
    paragraph.add_run(" Grand").font.size = Pt(24)
    out = render(doc)

    assert out.html.computed(out.html.find("Petit", "span"))["font-size"] == "8.0pt"
    assert out.html.computed(out.html.find("Moyen", "p"))["font-size"] == "12.0pt"
    assert out.html.computed(out.html.find("Grand", "span"))["font-size"] == "24.0pt"
    heights = {w.text: w.y1 - w.y0 for w in out.words()}
    assert close(heights["Grand"] / heights["Moyen"], 2, 0.05)
    assert close(heights["Petit"] / heights["Moyen"], 8 / 12, 0.05)


def test_theme_fonts(render):
    doc = Document()  # python-docx's template: body in the theme's minor font, headings major
    doc.add_heading("Titre", level=1)
    doc.add_paragraph("Corps")
    theme = doc.part.part_related_by(RT.THEME).blob.decode()
    assert '<a:latin typeface="Calibri"/>' in theme.split("minorFont")[0]  # major: Calibri
    assert '<a:latin typeface="Cambria"/>' in theme.split("minorFont")[1]  # minor: Cambria
    out = render(doc)

    assert out.html.computed(out.html.find("Titre"))["font-family"] == '"dg-Carlito"'
    assert out.html.computed(out.html.find("Corps"))["font-family"] == '"dg-Caladea"'
    assert sorted(set(out.fonts())) == ["dg-Caladea", "dg-Carlito-Bold"]


@pytest.mark.parametrize(
    ("word_font", "family"),
    [
        ("Times New Roman", "dg-LiberationSerif"),
        ("Arial", "dg-LiberationSans"),
        ("Calibri", "dg-Carlito"),
        ("Courier New", "dg-LiberationMono"),
        ("Cambria", "dg-Caladea"),
    ],
)
def test_font_mapping(render, word_font, family):
    doc = new_document()
    style = doc.styles.add_style("Police", WD_STYLE_TYPE.PARAGRAPH)
    style.font.name = word_font
    doc.add_paragraph("Paragraphe", style="Police")
    doc.add_paragraph("Autre police : ").add_run("Mot").font.name = word_font
    out = render(doc)

    assert out.html.computed(out.html.find("Paragraphe", "p"))["font-family"] == f'"{family}"'
    assert out.html.computed(out.html.find("Autre", "p"))["font-family"] == '"dg-LiberationSerif"'
    assert out.html.computed(out.html.find("Mot"))["font-family"] == f'"{family}"'
    assert family in out.fonts()
    assert set(out.fonts()) <= {family, "dg-LiberationSerif"}


# -- headings and lists ----------------------------------------------------------------------
def test_headings_become_h_elements_and_pdf_bookmarks(render):
    doc = new_document()
    for level in range(1, 7):
        doc.add_heading(f"Titre{level}", level=level)
        doc.add_paragraph(f"Corps{level}")
    custom = doc.add_paragraph("PlanNiveau3")
    custom._p.get_or_add_pPr().append(parse_xml(f'<w:outlineLvl {nsdecls("w")} w:val="2"/>'))
    doc.add_paragraph("Hors plan")._p.get_or_add_pPr().append(
        parse_xml(f'<w:outlineLvl {nsdecls("w")} w:val="9"/>')
    )
    out = render(doc)

    for level in range(1, 7):
        assert out.html.find(f"Titre{level}").tag == f"h{level}"
        assert out.html.find(f"Corps{level}").tag == "p"
    assert out.html.find("PlanNiveau3").tag == "h3"
    assert out.html.find("Hors plan").tag == "p"
    # the h elements' user-agent sizes (h1 twice h4) give way to the styles' (14 and 12 pt)
    sizes = [out.html.computed(out.html.find(f"Titre{n}"))["font-size"] for n in (1, 4)]
    assert sizes == ["14.0pt", "12.0pt"]
    height = {w.text: w.y1 - w.y0 for w in out.words()}
    assert close(height["Titre1"] / height["Titre4"], 14 / 12, 0.02)

    def titles(items: list[Any], depth: int = 0) -> list[tuple[int, str]]:
        out_: list[tuple[int, str]] = []
        for item in items:
            if isinstance(item, list):
                out_.extend(titles(item, depth + 1))
            else:
                out_.append((depth, item.title))
        return out_

    outline = titles(PdfReader(out.path).outline)
    assert outline[:3] == [(0, "Titre1"), (1, "Titre2"), (2, "Titre3")]
    assert (2, "PlanNiveau3") in outline
    assert [t for _, t in outline if t.startswith("Titre")] == [f"Titre{n}" for n in range(1, 7)]


MULTILEVEL = (
    '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/>'
    '<w:lvlJc w:val="left"/><w:pPr><w:ind w:left="720" w:hanging="360"/></w:pPr></w:lvl>'
    '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/>'
    '<w:lvlText w:val="%2)"/><w:lvlJc w:val="left"/>'
    '<w:pPr><w:ind w:left="1440" w:hanging="360"/></w:pPr></w:lvl>'
    '<w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="lowerRoman"/>'
    '<w:lvlText w:val="%1.%3"/><w:lvlJc w:val="left"/>'
    '<w:pPr><w:ind w:left="2160" w:hanging="360"/></w:pPr></w:lvl>'
)


def labels(out: Rendered) -> list[str]:
    """The list labels of the HTML, in order."""
    return [
        p.xpath("string(span[1])")
        for p in out.html.tree.iter("p")
        if p.xpath("string(span[1])") and p.xpath("span[1]/following-sibling::node()")
    ]


def test_numbered_list(render):
    doc = new_document()
    numbering_part(doc, MULTILEVEL, {91: ""})
    for text in ("Premier", "Deuxième", "Troisième"):
        numbered(doc, text, 91)
    out = render(doc)

    assert out.html.find("Premier", "p").xpath("string(span[1])") == "1."
    assert labels(out) == ["1.", "2.", "3."]
    label = out.html.computed(out.html.find("1.", "span"))
    assert (label["display"], label["width"]) == ("inline-block", "18.0pt")  # the hanging indent
    assert "min-width" not in label
    p = out.html.style(out.html.find("Deuxième", "p"))
    assert (p["padding-left"], p["text-indent"]) == ("36.0pt", "-18.0pt")
    assert out.text(1) == "1. Premier 2. Deuxième 3. Troisième"
    # the label hangs in the indent: at 72 + 36 − 18 pt, the text at the indent, 72 + 36 pt
    assert close(out.word("2.").x0, MARGIN + 18)
    assert close(out.word("Deuxième").x0, MARGIN + 36)


def test_a_label_wider_than_its_hanging_indent_pushes_the_text(render):
    """A label narrower than the hanging indent is given it as its width; a wider one keeps
    its own width, and the text follows it."""
    doc = new_document()
    wide = MULTILEVEL.replace('w:val="%1."', 'w:val="Article %1 —"', 1)
    numbering_part(doc, wide, {91: ""})
    numbered(doc, "Objet", 91)
    out = render(doc)

    label = out.html.find("Article 1 —", "span")
    assert out.html.computed(label)["min-width"] == "18.0pt"
    assert "width" not in out.html.computed(label)
    assert close(out.word("Article").x0, MARGIN + 18)
    assert out.word("—Objet").x0 > MARGIN + 36  # past the indent, right after the label


def test_nested_levels_and_restart(render):
    doc = new_document()
    restart = '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride>'
    numbering_part(doc, MULTILEVEL, {91: "", 92: restart})
    numbered(doc, "Un", 91)
    numbered(doc, "UnA", 91, 1)
    numbered(doc, "UnB", 91, 1)
    numbered(doc, "UnBi", 91, 2)
    numbered(doc, "Deux", 91)
    numbered(doc, "DeuxA", 91, 1)
    doc.add_paragraph("Texte entre deux listes")
    numbered(doc, "Trois", 91)
    numbered(doc, "Nouveau", 92)
    numbered(doc, "NouveauA", 92, 1)
    out = render(doc)

    assert labels(out) == ["1.", "a)", "b)", "1.i", "2.", "a)", "3.", "1.", "a)"]
    assert close(out.word("a)").x0, MARGIN + 54)
    assert close(out.word("UnA").x0, MARGIN + 72)
    assert "3. Trois 1. Nouveau a) NouveauA" in out.text(1)


def test_bulleted_list(render):
    doc = new_document()
    doc.styles["Normal"].font.name = "Arial"
    doc.add_paragraph("Puce un", style="List Bullet")
    doc.add_paragraph("Puce deux", style="List Bullet")
    doc.add_paragraph("Sous-puce", style="List Bullet 2")
    out = render(doc)

    bullets = [p.xpath("string(span[1])") for p in out.html.tree.iter("p")]
    assert bullets == ["•", "•", "•"]
    # the Symbol font of the label is dropped: the bullet is drawn with the paragraph's font
    label = out.html.find("•", "span")
    assert out.html.computed(label)["font-family"] == '"dg-LiberationSans"'
    assert out.fonts() == ["dg-LiberationSans"]
    assert out.text(1, layout=True) == "• Puce un • Puce deux • Sous-puce"
    # List Bullet indents 18 pt and hangs 18 pt, List Bullet 2 indents 36 pt
    assert [w.x0 for w in out.words() if w.text == "•"] == [MARGIN, MARGIN, MARGIN + 18]
    assert close(out.word("Puce").x0, MARGIN + 18)
    assert close(out.word("Sous-puce").x0, MARGIN + 36)


# -- tables ----------------------------------------------------------------------------------
def test_table_grid_borders(render):
    doc = new_document()
    table = doc.add_table(rows=2, cols=3)
    table.style = "Table Grid"
    for r, row in enumerate(table.rows):
        for c, cell in enumerate(row.cells):
            cell.text = f"L{r}C{c}"
    doc.add_paragraph("Après")
    out = render(doc)

    cells = out.html.tree.xpath("//td")
    assert len(cells) == 6
    for cell in cells:
        css = out.html.style(cell)
        for side in ("top", "right", "bottom", "left"):
            assert css[f"border-{side}"] == "0.5pt solid #000"
    assert out.html.style(out.html.tree.find(".//table"))["border-collapse"] == "collapse"
    assert out.text(1, layout=True) == "L0C0 L0C1 L0C2 L1C0 L1C1 L1C2 Après"
    # three equal columns across the text width
    assert close(out.word("L0C1").x0 - out.word("L0C0").x0, (TEXT_RIGHT - MARGIN) / 3, 2)
    assert out.word("L1C0").y0 > out.word("L0C0").y1


def test_table_without_style_has_no_borders(render):
    doc = new_document()
    doc.add_table(rows=1, cols=2).cell(0, 0).text = "Sans bordure"
    out = render(doc)

    css = out.html.style(out.html.find("Sans bordure", "td"))
    assert all(css[f"border-{side}"] == "none" for side in ("top", "right", "bottom", "left"))


def test_merged_cells(render):
    doc = new_document()
    table = doc.add_table(rows=3, cols=3)
    table.style = "Table Grid"
    table.cell(0, 0).merge(table.cell(0, 2)).text = "Large"
    table.cell(1, 0).merge(table.cell(2, 0)).text = "Haute"
    for r, c in ((1, 1), (1, 2), (2, 1), (2, 2)):
        table.cell(r, c).text = f"R{r}C{c}"
    out = render(doc)

    rows = out.html.tree.xpath("//tr")
    assert [len(row.xpath("td")) for row in rows] == [1, 3, 2]
    wide = out.html.find("Large", "td")
    assert (wide.get("colspan"), wide.get("rowspan")) == ("3", None)
    tall = out.html.find("Haute", "td")
    assert (tall.get("rowspan"), tall.get("colspan")) == ("2", None)
    assert out.text(1, layout=True) == "Large Haute R1C1 R1C2 R2C1 R2C2"
    assert close(out.word("R2C1").x0, out.word("R1C1").x0)
    assert out.word("R1C1").x0 > out.word("Haute").x1


# -- pages -----------------------------------------------------------------------------------
def test_page_break(render):
    doc = new_document()
    paragraph = doc.add_paragraph("Avant le saut")
    paragraph.add_run().add_break(WD_BREAK.PAGE)
    paragraph.add_run("Après le saut")
    doc.add_paragraph("Suite")
    out = render(doc)

    assert out.pages == 2
    assert out.text(1) == "Avant le saut"
    assert out.text(2) == "Après le saut Suite"
    assert out.html.style(out.html.find("Après le saut", "p"))["break-before"] == "page"


def test_page_break_before(render):
    doc = new_document()
    doc.add_paragraph("Page un")
    doc.add_paragraph("Page deux").paragraph_format.page_break_before = True
    out = render(doc)

    assert out.html.style(out.html.find("Page deux", "p"))["break-before"] == "page"
    assert (out.pages, out.text(1), out.text(2)) == (2, "Page un", "Page deux")


def test_sections_page_size_and_margins(render):
    doc = new_document()
    doc.add_paragraph("Portrait")
    landscape = doc.add_section(WD_SECTION.NEW_PAGE)
    landscape.orientation = WD_ORIENT.LANDSCAPE
    landscape.page_width, landscape.page_height = Twips(16838), Twips(11906)
    landscape.left_margin = landscape.top_margin = Pt(36)
    doc.add_paragraph("Paysage")
    out = render(doc)

    assert out.sizes() == [(595.3, 841.9), (841.9, 595.3)]
    rules = out.html.page_rules()
    assert any("size:595.3pt 841.9pt;margin:72.0pt 72.0pt 72.0pt 72.0pt" in r for r in rules)
    assert any("size:841.9pt 595.3pt;margin:36.0pt 72.0pt 72.0pt 36.0pt" in r for r in rules)
    assert (out.text(1), out.text(2)) == ("Portrait", "Paysage")
    assert close(out.word("Portrait").x0, MARGIN)
    assert close(out.word("Portrait").y0, MARGIN, 2)
    assert close(out.word("Paysage", 2).x0, 36)
    assert close(out.word("Paysage", 2).y0, 36, 2)


@pytest.mark.parametrize(
    ("start", "pages"),
    [(WD_SECTION.NEW_PAGE, 2), (WD_SECTION.CONTINUOUS, 1), (WD_SECTION.ODD_PAGE, 3)],
)
def test_section_start_type(render, start, pages):
    doc = new_document()
    doc.sections[0].header.paragraphs[0].text = "En-tête"
    doc.add_paragraph("Section un")
    doc.add_section(start)  # same page geometry, header inherited
    doc.add_paragraph("Section deux")
    out = render(doc)

    assert out.pages == pages
    assert out.text(1) == "En-tête Section un" + (" Section deux" if pages == 1 else "")
    assert out.text(pages) == "En-tête " + ("Section un " if pages == 1 else "") + "Section deux"
    if pages == 3:  # the blank page an odd-page section may need keeps the header, as in Word
        assert out.text(2) == "En-tête"
    assert out.sizes() == [A4] * pages


def three_pages(doc: Any) -> None:
    """Body text over three pages, split by page breaks."""
    for n in (1, 2, 3):
        if n > 1:
            page_break(doc)
        doc.add_paragraph(f"Corps de la page {n}")


def test_header_and_footer_on_every_page(render):
    doc = new_document()
    section = doc.sections[0]
    section.header.paragraphs[0].text = "Cabinet Martin — en-tête"
    section.footer.paragraphs[0].text = "Confidentiel — pied de page"
    three_pages(doc)
    out = render(doc)

    assert out.pages == 3
    for page in (1, 2, 3):
        text = out.text(page)
        assert "Cabinet Martin — en-tête" in text
        assert "Confidentiel — pied de page" in text
        assert f"Corps de la page {page}" in text
        header, body, footer = (
            out.word("Cabinet", page),
            out.word("Corps", page),
            out.word("Confidentiel", page),
        )
        assert close(header.y0, 36, 2)  # at the header distance from the top
        assert header.y1 < body.y0
        assert body.y1 < footer.y0
        assert close(footer.y1, A4[1] - 36, 3)


@pytest.mark.parametrize("kind", ["simple", "complex"])
def test_page_number_fields(render, kind):
    doc = new_document()
    footer = doc.sections[0].footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run("Page ")
    if kind == "simple":
        add_xml(
            footer,
            f'<w:fldSimple {nsdecls("w")} w:instr=" PAGE "><w:r><w:t>1</w:t></w:r></w:fldSimple>',
        )
        footer.add_run(" sur ")
        add_xml(
            footer,
            f'<w:fldSimple {nsdecls("w")} w:instr=" NUMPAGES \\* MERGEFORMAT "><w:r><w:t>1</w:t>'
            "</w:r></w:fldSimple>",
        )
    else:
        field_runs(footer, "PAGE", "9")
        footer.add_run(" sur ")
        field_runs(footer, "NUMPAGES \\* MERGEFORMAT", "9")
    three_pages(doc)
    out = render(doc)

    assert out.html.tree.xpath("//span[@class='pgnum']") and out.html.tree.xpath(
        "//span[@class='pgcount']"
    )
    assert "9" not in out.html.tree.xpath("string(//body)")  # the cached results are dropped
    for page in (1, 2, 3):
        assert f"Page {page} sur 3" in out.text(page)
    assert out.text(2) == "Corps de la page 2 Page 2 sur 3"


def test_header_and_footer_keep_their_own_formatting(render):
    """Their paragraphs are converted last: their classes must still reach the stylesheet."""
    doc = new_document()
    doc.add_paragraph("Corps")
    footer = doc.sections[0].footer.paragraphs[0]
    footer.text = "Pied centré"
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    header = doc.sections[0].header.paragraphs[0]
    header.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    header.add_run("Réf.").font.size = Pt(20)
    out = render(doc)

    words = [out.word("Pied"), out.word("centré")]
    assert close((words[0].x0 + words[1].x1) / 2, A4[0] / 2)
    assert close(out.word("Réf.").x1, TEXT_RIGHT)
    assert out.word("Réf.").y1 - out.word("Réf.").y0 > 15  # 20 pt, not the 12 pt of Normal


def test_different_first_page_header(render):
    doc = new_document()
    section = doc.sections[0]
    section.different_first_page_header_footer = True
    section.first_page_header.paragraphs[0].text = "Lettre recommandée"
    section.header.paragraphs[0].text = "Suite du courrier"
    section.footer.paragraphs[0].text = "Pied courant"
    three_pages(doc)
    out = render(doc)

    assert "Lettre recommandée" in out.text(1)
    assert "Suite du courrier" not in out.text(1)
    assert "Pied courant" not in out.text(1)  # titlePg without a first footer: none
    for page in (2, 3):
        assert "Lettre recommandée" not in out.text(page)
        assert "Suite du courrier" in out.text(page)
        assert "Pied courant" in out.text(page)


def test_each_section_has_its_first_page_header(render):
    doc = new_document()
    section = doc.sections[0]
    section.different_first_page_header_footer = True
    section.first_page_header.paragraphs[0].text = "Première page"
    section.header.paragraphs[0].text = "Page courante"
    three_pages(doc)
    doc.add_section(WD_SECTION.NEW_PAGE)  # same geometry, titlePg and headers inherited
    three_pages(doc)
    out = render(doc)

    assert out.pages == 6
    headers = [out.text(page).split(" Corps")[0] for page in range(1, 7)]
    assert headers == ["Première page", *["Page courante"] * 2] * 2


def test_even_page_headers(render):
    doc = new_document()
    doc.settings.odd_and_even_pages_header_footer = True
    section = doc.sections[0]
    section.header.paragraphs[0].text = "Recto"
    section.even_page_header.paragraphs[0].text = "Verso"
    section.footer.paragraphs[0].text = "Pied"  # no even footer: none on even pages
    three_pages(doc)
    out = render(doc)

    assert [out.text(page).split(" Corps")[0] for page in (1, 2, 3)] == ["Recto", "Verso", "Recto"]
    assert ["Pied" in out.text(page) for page in (1, 2, 3)] == [True, False, True]


def test_even_page_headers_need_the_setting(render):
    doc = new_document()
    doc.sections[0].header.paragraphs[0].text = "Recto"
    doc.sections[0].even_page_header.paragraphs[0].text = "Verso"
    three_pages(doc)
    out = render(doc)

    assert ["Recto" in out.text(page) for page in (1, 2, 3)] == [True, True, True]
    assert "Verso" not in out.text(2)


def test_next_section_inherits_headers(render):
    doc = new_document()
    doc.sections[0].header.paragraphs[0].text = "En-tête commun"
    doc.add_paragraph("Première section")
    landscape = doc.add_section(WD_SECTION.NEW_PAGE)
    landscape.page_width, landscape.page_height = Twips(16838), Twips(11906)
    doc.add_paragraph("Seconde section")
    assert doc.sections[1].header.is_linked_to_previous
    out = render(doc)

    assert out.pages == 2
    assert "En-tête commun" in out.text(1)
    assert "En-tête commun" in out.text(2)


# -- inline content --------------------------------------------------------------------------
def test_image(render):
    doc = new_document()
    doc.add_paragraph("Logo :")
    doc.add_picture(BytesIO(png(12, 8)), width=Pt(72))
    out = render(doc)

    img = out.html.tree.find(".//img")
    assert img.get("src").startswith("data:image/png;base64,")
    css = out.html.style(img)
    assert (css["width"], css["height"]) == ("72.0pt", "48.0pt")
    listing = out.tool("pdfimages", "-list").splitlines()[2:]
    assert len(listing) == 1
    page, _num, kind, width, height = listing[0].split()[:5]
    assert (page, kind, width, height) == ("1", "image", "12", "8")


def add_hyperlink(paragraph: Any, url: str, text: str) -> None:
    """A ``w:hyperlink`` to an external address."""
    rid = paragraph.part.relate_to(url, RT.HYPERLINK, is_external=True)
    add_xml(
        paragraph,
        f'<w:hyperlink {nsdecls("w", "r")} r:id="{rid}"><w:r><w:rPr><w:u w:val="single"/>'
        f"</w:rPr><w:t>{text}</w:t></w:r></w:hyperlink>",
    )


def test_hyperlinks(render):
    doc = new_document()
    add_hyperlink(doc.add_paragraph("Site : "), "https://www.legifrance.gouv.fr/", "Légifrance")
    add_hyperlink(doc.add_paragraph("Piège : "), "javascript:alert(1)", "Cliquez")
    add_hyperlink(doc.add_paragraph("Courriel : "), "mailto:contact@example.fr", "Écrire")
    out = render(doc)

    links = {a.text_content(): a.get("href") for a in out.html.tree.iter("a")}
    assert links == {
        "Légifrance": "https://www.legifrance.gouv.fr/",
        "Écrire": "mailto:contact@example.fr",
    }
    assert "javascript" not in out.html.source
    assert "Cliquez" in out.text(1)
    uris = {
        annot.get_object()["/A"]["/URI"]
        for annot in PdfReader(out.path).pages[0].get("/Annots", [])
    }
    assert sorted(uris) == ["https://www.legifrance.gouv.fr/", "mailto:contact@example.fr"]


@pytest.mark.parametrize(
    "url",
    [
        "JavaScript:alert(1)",
        " javascript:alert(1)",
        "vbscript:msgbox(1)",
        "data:text/html,<script>alert(1)</script>",
        "file:///etc/passwd",
        'https://example.fr/" onmouseover="alert(1)',
    ],
)
def test_hostile_hyperlinks_are_dropped_or_escaped(render, url):
    doc = new_document()
    add_hyperlink(doc.add_paragraph("Lien : "), url, "Texte du lien")
    out = render(doc)

    links = out.html.tree.xpath("//a")
    if url.startswith("https://"):
        assert [(a.get("href"), a.get("onmouseover")) for a in links] == [(url, None)]
    else:
        assert links == []
        assert "alert" not in out.html.source and "passwd" not in out.html.source
    assert out.text(1) == "Lien : Texte du lien"


def test_tabs(render):
    doc = new_document()
    doc.add_paragraph().add_run().add_tab()
    doc.paragraphs[-1].add_run("Tabulé")
    two = doc.add_paragraph("Deux")
    two.add_run().add_tab()
    two.add_run().add_tab()
    two.add_run("tabulations")
    out = render(doc)

    assert len(out.html.find("Tabulé", "p").xpath("span[@class='tab']")) == 1
    assert len(out.html.find("Deux", "p").xpath("span[@class='tab']")) == 2
    # at the start of a line, a tab reaches the first default stop, 36 pt (0.5 in) further
    assert close(out.word("Tabulé").x0, MARGIN + 36)
    # after "Deux" (24 pt), the first tab reaches the stop at 36 pt, the second the one at 72
    assert close(out.word("tabulations").x0, MARGIN + 72)


def test_tab_after_text_reaches_the_next_stop(render):
    doc = new_document()
    paragraph = doc.add_paragraph("Nom")
    paragraph.add_run().add_tab()
    paragraph.add_run("Dupont")
    right = doc.add_paragraph("Paris")
    right.paragraph_format.tab_stops.add_tab_stop(Pt(TEXT_RIGHT - MARGIN), WD_TAB_ALIGNMENT.RIGHT)
    right.add_run().add_tab()
    right.add_run("le 3 mars")
    out = render(doc)

    assert close(out.word("Dupont").x0, MARGIN + 36)  # "Nom" is narrower than 36 pt
    assert close(out.word("mars").x1, TEXT_RIGHT)


def test_centre_decimal_and_hanging_indent_stops(render):
    doc = new_document()
    centred = doc.add_paragraph()
    centred.paragraph_format.tab_stops.add_tab_stop(Pt(200), WD_TAB_ALIGNMENT.CENTER)
    centred.add_run().add_tab()
    centred.add_run("Milieu")
    amount = doc.add_paragraph("Total")
    amount.paragraph_format.tab_stops.add_tab_stop(Pt(300), WD_TAB_ALIGNMENT.DECIMAL)
    amount.add_run().add_tab()
    amount.add_run("1234,56")
    hanging = doc.add_paragraph("a)")
    hanging.paragraph_format.left_indent = Pt(54)
    hanging.paragraph_format.first_line_indent = Pt(-54)
    hanging.add_run().add_tab()
    hanging.add_run("Alinéa")
    out = render(doc)

    word = out.word("Milieu")
    assert close((word.x0 + word.x1) / 2, MARGIN + 200)
    number = out.word("1234,56")
    comma = number.x0 + tabs.text_width("1234", {"font": "Times New Roman", "sz": 12})
    assert close(comma, MARGIN + 300)
    assert close(out.word("Alinéa").x0, MARGIN + 54)  # the hanging indent is a stop too


def test_default_stops_follow_the_document_setting(render):
    doc = new_document()
    setting = doc.settings.element.find(qn("w:defaultTabStop"))
    setting.set(qn("w:val"), "1134")  # 2 cm
    paragraph = doc.add_paragraph("Nom")
    paragraph.add_run().add_tab()
    paragraph.add_run("Dupont")
    out = render(doc)

    assert close(out.word("Dupont").x0, MARGIN + 56.7)


def test_line_break(render):
    doc = new_document()
    paragraph = doc.add_paragraph("Première ligne")
    paragraph.add_run().add_break()
    paragraph.add_run("Seconde ligne")
    out = render(doc)

    p = out.html.find("Première", "p")
    assert len(p.findall(".//br")) == 1
    assert len(out.html.tree.findall(".//p")) == 1
    assert close(out.word("Seconde").y0 - out.word("Première").y0, 13.8, 0.2)
    assert close(out.word("Seconde").x0, MARGIN)


def mark(paragraph: Any, rpr: str) -> Any:
    """Give a paragraph mark (``w:pPr/w:rPr``) run properties."""
    paragraph._p.get_or_add_pPr().append(parse_xml(f"<w:rPr {nsdecls('w')}>{rpr}</w:rPr>"))
    return paragraph


def test_empty_paragraphs_keep_their_height(render):
    doc = new_document()
    doc.add_paragraph("Haut")
    doc.add_paragraph()
    doc.add_paragraph().add_run("").bold = True  # as a template field rendered empty leaves it
    doc.add_paragraph().add_run("").font.size = Pt(24)  # an empty run does not count
    doc.add_paragraph("Milieu")
    mark(doc.add_paragraph(), '<w:sz w:val="48"/>')  # the paragraph mark's size does
    mark(doc.add_paragraph(), '<w:sz w:val="8"/>')
    doc.add_paragraph("Bas")
    out = render(doc)

    empties = [p for p in out.html.tree.iter("p") if not p.text_content()]
    assert len(empties) == 5
    assert all(len(p) == 1 and p[0].tag == "br" for p in empties)
    sizes = [out.html.computed(p)["font-size"] for p in empties]
    assert sizes == ["12.0pt", "12.0pt", "12.0pt", "24.0pt", "4.0pt"]
    # the heights LibreOffice gives these lines: 13.8 pt a 12 pt line, 27.6 and 4.6 pt
    assert close(out.word("Milieu").y0 - out.word("Haut").y0, 4 * 13.8, 0.3)
    assert close(out.word("Bas").y0 - out.word("Milieu").y0, 13.8 + 27.6 + 4.6, 0.3)


def test_hidden_text_is_omitted(render):
    doc = new_document()
    paragraph = doc.add_paragraph("Visible ")
    paragraph.add_run("Caché").font.hidden = True
    paragraph.add_run(" aussi")
    style = doc.styles.add_style("Masque", WD_STYLE_TYPE.CHARACTER)
    style.font.hidden = True
    paragraph.add_run(" Masqué par style", style="Masque")
    mark(doc.add_paragraph(), "<w:vanish/>")  # an empty paragraph with a hidden mark: no line
    hidden_run = doc.add_paragraph()
    hidden_run.add_run("Tout caché").font.hidden = True  # a visible mark: an empty line
    doc.add_paragraph("Fin")
    out = render(doc)

    assert "Caché" not in out.html.source
    assert "Masqué" not in out.html.source
    assert "Tout caché" not in out.html.source
    assert len(out.html.tree.xpath("//p")) == 3
    assert out.text(1) == "Visible aussi Fin"
    assert close(out.word("Fin").y0 - out.word("Visible").y0, 2 * 13.8, 0.3)


def test_footnotes(render):
    doc = new_document()
    note_style = doc.styles.add_style("Footnote Text", WD_STYLE_TYPE.PARAGRAPH)
    note_style.base_style = doc.styles["Normal"]
    note_style.font.size = Pt(10)
    footnotes_part(
        doc,
        {
            1: '<w:r><w:t xml:space="preserve"> Article 1231-6 du </w:t></w:r>'
            "<w:r><w:rPr><w:b/></w:rPr><w:t>code civil.</w:t></w:r>"
        },
    )
    paragraph = doc.add_paragraph("Des intérêts sont dus")
    add_xml(
        paragraph,
        run_xml('<w:footnoteReference w:id="1"/>', '<w:vertAlign w:val="superscript"/>'),
    )
    paragraph.add_run(" au taux légal.")
    doc.add_paragraph("Suite")
    out = render(doc)

    notes = out.html.tree.xpath("//span[contains(concat(' ', @class, ' '), ' fn ')]")
    assert [n.text_content().strip() for n in notes] == ["Article 1231-6 du code civil."]
    assert out.html.computed(out.html.find("Article", "span"))["font-size"] == "10.0pt"
    assert out.html.computed(out.html.find("code civil", "span"))["font-weight"] == "bold"
    # the note is not inside a superscript span: the call is raised once, by WeasyPrint
    assert "vertical-align" not in out.html.computed(notes[0])

    call, dus, article = out.word("1"), out.word("dus"), out.word("Article")
    assert close(call.x0, dus.x1, 0.5)
    assert call.y0 < dus.y0
    assert close(dus.y0, MARGIN, 0.5)  # the raised call does not push its line down
    assert close(out.word("Suite").y0 - dus.y0, 13.8, 0.2)
    assert article.y0 > A4[1] - MARGIN - 30  # at the foot of the page, above the margin
    assert article.y1 < A4[1] - MARGIN
    assert close((article.y1 - article.y0) / (dus.y1 - dus.y0), 10 / 12, 0.03)
    assert "Article 1231-6 du code civil." in out.text(1)


def test_keep_with_next(render):
    doc = new_document()
    for n in range(49):  # 49 lines of 13.8 pt fill the 697.9 pt of text height but one line
        doc.add_paragraph(f"Ligne{n}")
    doc.add_paragraph("Intertitre").paragraph_format.keep_with_next = True
    doc.add_paragraph("Paragraphe suivant")
    out = render(doc)

    assert out.html.style(out.html.find("Intertitre", "p"))["break-after"] == "avoid"
    assert out.pages == 2
    assert "Intertitre" not in out.text(1)
    assert out.text(2) == "Intertitre Paragraphe suivant"


def test_table_header_row_repeats_on_each_page(render):
    doc = new_document()
    table = doc.add_table(rows=80, cols=2)
    table.style = "Table Grid"
    table.rows[0].cells[0].text, table.rows[0].cells[1].text = "Date", "Montant"
    table.rows[0]._tr.get_or_add_trPr().append(parse_xml(f"<w:tblHeader {nsdecls('w')}/>"))
    for n, row in enumerate(table.rows[1:], 1):
        row.cells[0].text, row.cells[1].text = f"Jour{n}", f"{n},00"
    out = render(doc)

    assert out.html.tree.xpath("//thead/tr/td")[0].text_content() == "Date"
    assert out.pages == 2
    for page in (1, 2):
        assert out.text(page, layout=True).startswith("Date Montant")
    assert "Jour79" in out.text(2)


def test_a_row_that_cannot_split_moves_whole_to_the_next_page(render):
    doc = new_document()
    for n in range(44):
        doc.add_paragraph(f"Ligne{n}")
    table = doc.add_table(rows=1, cols=1)
    table.style = "Table Grid"
    cell = table.rows[0].cells[0]
    cell.text = "Début de la cellule"
    for n in range(8):
        cell.add_paragraph(f"Suite{n}")
    table.rows[0]._tr.get_or_add_trPr().append(parse_xml(f"<w:cantSplit {nsdecls('w')}/>"))
    out = render(doc)

    row = out.html.tree.xpath("//tr")[0]
    assert out.html.style(row)["break-inside"] == "avoid"
    assert out.pages == 2
    assert "Début de la cellule" not in out.text(1)
    assert "Début de la cellule" in out.text(2) and "Suite7" in out.text(2)


def test_page_number_fields_in_the_body(render):
    doc = new_document()
    doc.add_paragraph("Première page")
    page_break(doc)
    paragraph = doc.add_paragraph("Vous lisez la page ")
    field_runs(paragraph, "PAGE")
    paragraph.add_run(" de ")
    field_runs(paragraph, "NUMPAGES")
    out = render(doc)

    assert out.text(2) == "Vous lisez la page 2 de 2"


# -- the page as XML ---------------------------------------------------------------------------
# Every document of the tests above goes through ``assert_polyglot`` and ``xml=True`` (the
# ``render`` fixture); these cover the documents users get.
def example_page(path: Path) -> str:
    generate = importlib.import_module("docgen.generate")
    doc_type = path.parent.name
    _facts, context = generate.build_context(doc_type, example_case(doc_type, path.stem))
    template = get_type(doc_type).template_path.read_bytes()
    return docx_to_html(render_docx(template, context, name=path.stem).docx)


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_every_example_page_reads_the_same_as_xml_and_as_html(path):
    page = example_page(path)
    assert_polyglot(page)
    pdf = html_to_pdf(page, xml=True)
    assert pdf == html_to_pdf(page)  # the very same PDF, byte for byte
    # ... and the very same as with WeasyPrint's own user-agent stylesheet, unscoped
    fonts, stylesheet = pdf_module._shared()
    stock = weasyprint.HTML(string=page, url_fetcher=pdf_module._fetcher())
    assert pdf == stock.write_pdf(stylesheets=[stylesheet], font_config=fonts, custom_metadata=True)


def test_user_agent_pseudo_elements_are_scoped_to_the_elements_that_have_them(tmp_path):
    scoped = pdf_module.scoped_ua_css(weasyprint_html.UA)
    assert not re.search(r"^::", scoped, re.MULTILINE)
    assert "li::marker " in scoped and ".fn::footnote-call " in scoped
    # another WeasyPrint whose stylesheet differs: refused, rather than silently half-scoped
    with pytest.raises(PdfError, match="inattendue"):
        pdf_module.scoped_ua_css(weasyprint_html.UA.replace("::note-callback ", "::x "))
    # list items keep their marker
    words = pdf_text(html_to_pdf("<ul><li>Premier</li><li>Second</li></ul>"), tmp_path).split()
    assert words == ["•", "Premier", "•", "Second"]


def test_hostile_header_ids_and_stylesheet_text_stay_inert():
    names = [pages.running_name(rid) for rid in ("rId9", 'rId9"><img src=x>', "rId9_22_", "r Id")]
    assert all(re.fullmatch(r"r[A-Za-z0-9_]+", name) for name in names)
    assert len(set(names)) == len(names)  # distinct ids keep distinct names
    page = pages.assemble(
        [(pages.Section(), ["<p>Texte</p>"])],
        lambda section: "",
        Document().core_properties,
        lambda: '.c0{font-family:"a</style><img src=x>&amp;"}',
        even_and_odd=False,
    )
    assert "</style><img" not in page and "&amp;" not in page.split("<body>")[0]
    assert_polyglot(page)
    assert ElementTree.fromstring(page).find("body/div/p").text == "Texte"


def test_a_page_that_is_not_xml_is_read_as_html(tmp_path):
    page = "<!DOCTYPE html><html><body><p>Un<br>deux &nbsp;trois</p></body></html>"
    with pytest.raises(ElementTree.ParseError):
        ElementTree.fromstring(page)
    assert pdf_text(html_to_pdf(page, xml=True), tmp_path).split() == ["Un", "deux", "trois"]


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*/*.json")), ids=lambda p: p.stem)
def test_weasyprint_converts_every_example_without_a_warning(path, caplog):
    case = docgen.load_case(path.read_text(encoding="utf-8"))
    pdf_module._parsed_html_class.cache_clear()  # the user-agent sheet parsed again, here
    pdf_module._html_class.cache_clear()
    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        pdf = docgen.generate(path.parent.name, case, ["pdf"]).pdf
    assert pdf.startswith(b"%PDF")
    assert [r.getMessage() for r in caplog.records if r.name.startswith("weasyprint")] == []
