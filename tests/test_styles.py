"""docgen.word.styles: a template's styles part parsed only when read, its style sheet shared."""

from __future__ import annotations

import importlib
import io
import zipfile

import pytest
from docx import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.shared import Pt

from docgen.catalog import get_type
from docgen.pdf.converter import Converter, docx_to_html
from docgen.word import styles
from docgen.word.render import docx_bytes, render_docx
from docgen.word.wordml import StyleSheet
from tests.conftest import EXAMPLES, example_case

EXAMPLE_FILES = sorted(EXAMPLES.glob("*/*.json"))


def rendered(path):
    generate = importlib.import_module("docgen.generate")
    doc_type = path.parent.name
    _facts, context = generate.build_context(doc_type, example_case(doc_type, path.stem))
    template = get_type(doc_type).template_path.read_bytes()
    return template, render_docx(template, context, name=path.stem)


def styles_part(doc):
    return doc.docx.part.part_related_by(RT.STYLES)


def test_rendering_and_converting_never_parse_the_styles_part():
    template, doc = rendered(EXAMPLES / "mise_en_demeure" / "b2b_penalites_bce.json")
    part = styles_part(doc)
    assert isinstance(part, styles.LazyStylesPart)
    docx_to_html(doc.docx)
    with zipfile.ZipFile(io.BytesIO(template)) as package:
        source = package.read("word/styles.xml")
    assert part.untouched_source == source
    # ... and the DOCX carries the template's styles as they were
    with zipfile.ZipFile(io.BytesIO(docx_bytes(doc))) as package:
        assert package.read("word/styles.xml") == source


def test_documents_of_a_template_share_one_style_sheet_without_its_xml():
    _, first = rendered(EXAMPLES / "mise_en_demeure" / "b2b_penalites_bce.json")
    _, second = rendered(EXAMPLES / "mise_en_demeure" / "b2c_consommateur.json")
    sheet = Converter(first.docx).styles
    assert Converter(second.docx).styles is sheet
    assert sheet._styles == {}  # the 4.4 MB of parsed XML is not kept


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_the_shared_style_sheet_resolves_every_style_as_the_document_own(path):
    _, doc = rendered(path)
    part = styles_part(doc)
    shared = Converter(doc.docx).styles
    own = StyleSheet(Document(io.BytesIO(docx_bytes(doc))).styles.element, shared.theme_fonts)
    assert own._styles, "a style sheet read from the document's XML"
    for sid in own._styles:
        for kind in ("pPr", "rPr", "tblPr"):
            assert shared.resolve(sid, kind) == own.resolve(sid, kind), (sid, kind)
    assert (shared.defaults, shared.default_ppr, shared.default_rpr) == (
        own.defaults,
        own.default_ppr,
        own.default_rpr,
    )
    assert part.untouched_source is not None


def test_a_document_whose_styles_were_changed_is_converted_and_saved_with_its_changes():
    _, doc = rendered(EXAMPLES / "mise_en_demeure" / "b2b_penalites_bce.json")
    before = docx_to_html(doc.docx)
    normal = doc.docx.styles["Normal"]
    normal.font.size = Pt(17)
    part = styles_part(doc)
    assert part.untouched_source is None  # parsed when python-docx read it
    converted = Converter(doc.docx)
    _, other = rendered(EXAMPLES / "mise_en_demeure" / "b2c_consommateur.json")
    assert converted.styles is not Converter(other.docx).styles
    assert converted.styles.resolve("Normal", "rPr")["sz"] == 17
    assert "font-size:17.0pt" in docx_to_html(doc.docx)
    assert "font-size:17.0pt" not in before
    saved = Document(io.BytesIO(docx_bytes(doc)))
    assert saved.styles["Normal"].font.size == Pt(17)
