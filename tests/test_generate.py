"""End-to-end generation of the mise en demeure: amounts to the cent in the DOCX and PDF text."""

import copy
import io
import re

import pytest
from docx import Document
from pypdf import PdfReader

from docgen import (
    MissingRateError,
    TypeNotAvailableError,
    UnknownDocumentTypeError,
    document_types,
    generate,
)
from tests.conftest import ROOT, example_case, pdf_text, require_tool

NNBSP, NBSP = "\u202f", "\u00a0"


def docx_text(data: bytes) -> str:
    doc = Document(io.BytesIO(data))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    for section in doc.sections:
        parts += [p.text for p in section.footer.paragraphs]
    return "\n".join(parts)


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace(NNBSP, " ").replace(NBSP, " "))


def test_catalogue_lists_the_five_types_in_dispute_order():
    assert [t.id for t in document_types()] == [
        "cgv",
        "relance",
        "mise_en_demeure",
        "protocole_transactionnel",
        "injonction_de_payer",
    ]


def test_b2b_notice_amounts(b2b_case, tmp_path):
    out = generate("mise_en_demeure", b2b_case)
    assert out.filename("pdf") == "mise-en-demeure_dupont-fils-sarl_2026-06-15.pdf"
    for text in (squash(docx_text(out.docx)), squash(pdf_text(out.pdf, tmp_path))):
        assert "MISE EN DEMEURE DE PAYER" in text
        assert "Dupont & Fils SARL" in text
        # 2 400 € × 12,15 % × 121 / 365 = 96,67 € ; 1 000 € × 12,15 % × 75 / 365 = 24,97 €
        assert "soit 121 jours au taux de 12,15 % (1er semestre 2026) : 96,67 €" in text
        assert "soit 75 jours au taux de 12,15 % (1er semestre 2026) : 24,97 €" in text
        assert "pénalités de retard arrêtées au 15/06/2026 : 121,64 €" in text
        assert "(40 € × 2) : 80,00 €" in text
        assert "la somme totale de 3 601,64 € (trois mille six cent un euros et" in text
        assert "délai de huit (8) jours" in text
        assert "Lyon, le 15 juin 2026" in text
        assert "L. 441-10" in text
        assert "None" not in text and "{{" not in text and "{%" not in text


def test_b2c_notice_has_no_professional_penalties(b2c_case, tmp_path):
    out = generate("mise_en_demeure", b2c_case)
    for text in (squash(docx_text(out.docx)), squash(pdf_text(out.pdf, tmp_path))):
        assert "la somme totale de 2 860,40 €" in text
        assert "intérêts au taux de l'intérêt légal" in text
        assert "indemnité forfaitaire" not in text and "40 € par facture" not in text
        assert "L. 441-10" not in text and "pénalités" not in text
        # an assignation under 5 000 € before the TJ: conciliation or mediation proposed (750-1)
        assert "article 750-1 du code de procédure civile" in text
        assert "Monsieur," in text


def test_stipulated_rate(tmp_path):
    out = generate("mise_en_demeure", example_case("mise_en_demeure", "b2b_taux_contractuel"))
    text = squash(pdf_text(out.pdf, tmp_path))
    assert "taux contractuel de 12,00 % l'an" in text
    assert "Signification par commissaire de justice" in text


def test_pdf_metadata_and_page_numbers(b2b_case, tmp_path):
    out = generate("mise_en_demeure", b2b_case)
    meta = PdfReader(io.BytesIO(out.pdf)).metadata
    assert meta.title == "Mise en demeure de payer — Dupont & Fils SARL"
    assert meta.author == "Mme Claire Moreau EI"
    assert meta.subject == "Mise en demeure de payer la somme de 3601.64 euros"
    pages = len(PdfReader(io.BytesIO(out.pdf)).pages)
    for page in range(1, pages + 1):
        assert f"Page {page} sur {pages}" in pdf_text(out.pdf, tmp_path, first=page, last=page)


def test_docx_only(b2b_case):
    out = generate("mise_en_demeure", b2b_case, ["docx"])
    assert set(out.files) == {"docx"} and out.docx.startswith(b"PK")


def test_unknown_format(b2b_case):
    with pytest.raises(ValueError, match="format inconnu : odt"):
        generate("mise_en_demeure", b2b_case, ["odt"])


def test_missing_rate_names_the_period(b2b_case):
    case = copy.deepcopy(b2b_case)
    case["date_lettre"] = "2026-11-22"
    with pytest.raises(MissingRateError, match="2e semestre 2026"):
        generate("mise_en_demeure", case)


def test_types_not_yet_available(monkeypatch):
    from docgen import catalog

    # a catalogue entry whose module this version lacks, as when a type is announced early
    entry = catalog.DocumentType("bail_commercial", "Bail commercial", "Louer un local.")
    monkeypatch.setitem(catalog.TYPES, entry.id, entry)
    assert not entry.available
    with pytest.raises(TypeNotAvailableError, match="pas encore disponible"):
        generate("bail_commercial", {})
    with pytest.raises(UnknownDocumentTypeError, match="inconnu"):
        generate("bail", {})


def test_documents_name_the_template_version_that_produced_them(b2b_case, tmp_path):
    import hashlib
    import subprocess

    from docgen.generate import TEMPLATE_IDENTIFIER

    catalogue = (ROOT / "templates_docx" / "mise_en_demeure.docx").read_bytes()
    expected = hashlib.sha256(catalogue).hexdigest()
    output = generate("mise_en_demeure", b2b_case)
    assert output.template_sha256 == expected
    props = Document(io.BytesIO(output.docx)).core_properties
    assert props.identifier == f"{TEMPLATE_IDENTIFIER}{expected}"
    path = tmp_path / "doc.pdf"
    path.write_bytes(output.pdf)
    info = subprocess.run(
        [require_tool("pdfinfo"), "-custom", str(path)], capture_output=True, text=True, check=True
    ).stdout
    assert f"identifier:      modele-sha256:{expected}" in info
    # A lawyer's version of the template is named by its own hash.
    edited = Document(io.BytesIO(catalogue))
    edited.add_paragraph("Version revue par le cabinet.")
    buffer = io.BytesIO()
    edited.save(buffer)
    version = buffer.getvalue()
    other = generate("mise_en_demeure", b2b_case, ["docx"], template=version)
    assert other.template_sha256 == hashlib.sha256(version).hexdigest() != expected
    identifier = Document(io.BytesIO(other.docx)).core_properties.identifier
    assert identifier == f"{TEMPLATE_IDENTIFIER}{other.template_sha256}"
