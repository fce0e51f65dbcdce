"""Tests of the variable reference: variables, filters, snippets, HTML and the one-page PDF."""

from __future__ import annotations

import datetime
import io
import re
import subprocess
import unicodedata
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import docx
import pytest
from pydantic import Field

from docgen import generate, get_type, load_case
from docgen.catalog import TYPES
from docgen.facts.base import FactsModel
from docgen.formatting import FILTERS, date_longue, montant
from docgen.word import reference
from docgen.word.lint import check_template, model_tree
from docgen.word.reference import (
    _CSS,
    FILTER_HELP,
    MONTANT,
    TAUX,
    Snippet,
    item_name,
    reference_html,
    reference_pdf,
    snippets,
    variables,
)
from tests.conftest import EXAMPLES, require_tool

DOC_TYPES = list(TYPES)


def first_case(doc_type: str) -> dict[str, Any]:
    path = sorted((EXAMPLES / doc_type).glob("*.json"))[0]
    return load_case(path.read_text(encoding="utf-8"))


def normalised(text: str) -> str:
    """Text with ligatures unfolded, no-break spaces made plain and runs of spaces collapsed."""
    text = unicodedata.normalize("NFKC", text).replace("\u00a0", " ").replace("\u202f", " ")
    return " ".join(text.split())


def flat_tree(tree: dict[str, Any], prefix: str = "") -> set[str]:
    """Every dotted path of a lint variable tree, list items named as the reference names them."""
    names: set[str] = set()
    for name, sub in tree.items():
        full = prefix + name
        names.add(full)
        if isinstance(sub, tuple) and isinstance(sub[1], dict):
            names |= flat_tree(sub[1], f"{item_name(full)}.")
        elif isinstance(sub, dict) and "*" not in sub:
            names |= flat_tree(sub, f"{full}.")
    return names


def snippet_docx(items: list[Snippet]) -> bytes:
    """A Word document holding the snippets: paragraphs, and table rows in a table."""
    document = docx.Document()
    for snippet in items:
        for line in snippet.before:
            document.add_paragraph(line)
        if snippet.rows:
            table = document.add_table(rows=len(snippet.rows), cols=len(snippet.rows[1]))
            for i, row in enumerate(snippet.rows):
                for j, cell in enumerate(row):
                    table.cell(i, j).text = cell
        for line in snippet.after:
            document.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def docx_text(data: bytes) -> str:
    document = docx.Document(io.BytesIO(data))
    cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
    return normalised(" ".join([p.text for p in document.paragraphs] + cells))


@pytest.mark.parametrize("doc_type", DOC_TYPES)
def test_variables_are_the_lint_tree(doc_type: str) -> None:
    entry = get_type(doc_type)
    names = [v.name for v in variables(doc_type)]
    assert len(names) == len(set(names))
    expected = flat_tree(model_tree(entry.facts)) | set(entry.computed_variables)
    assert set(names) == expected
    roots = {n for n in names if "." not in n}
    items = {n.split(".")[0] for n in names} - roots
    assert not items & roots, "a loop variable would hide a top-level variable"


@pytest.mark.parametrize("doc_type", DOC_TYPES)
def test_every_variable_is_described(doc_type: str) -> None:
    for var in variables(doc_type):
        assert var.description, var.name
        assert var.type, var.name


def test_types_examples_and_options_of_a_formal_notice() -> None:
    by_name = {v.name: v for v in variables("mise_en_demeure")}
    case = first_case("mise_en_demeure")
    invoice = case["factures"][0]
    assert by_name["creancier"].type == "objet"
    assert by_name["factures"].type == "liste d'objets"
    assert by_name["factures"].loop == "{% for facture in factures %}"
    assert by_name["facture.montant_ttc"].type == MONTANT
    assert by_name["facture.montant_ttc"].example == montant(Decimal(invoice["montant_ttc"]))
    assert "€" in by_name["facture.montant_ttc"].example
    assert "\u00a0€" in by_name["facture.montant_ttc"].example
    date = datetime.date.fromisoformat(case["date_lettre"])
    assert by_name["date_lettre"].example == date_longue(date)
    assert by_name["date_lettre"].type == "date"
    assert by_name["delai_jours"].type == "nombre entier"
    assert by_name["copie_courriel"].type == "oui / non"
    assert by_name["mode_envoi"].type == "choix : lettre_recommandee_ar, commissaire_de_justice"
    assert by_name["taux_penalites_contractuel"].type == TAUX
    assert by_name["taux_penalites_contractuel"].optional
    assert by_name["creancier.adresse.ligne2"].optional
    assert not by_name["date_lettre"].optional
    assert not by_name["delai_jours"].optional  # has a default: always present
    assert by_name["creance"].computed
    assert (
        by_name["creance"].description == get_type("mise_en_demeure").computed_variables["creance"]
    )
    assert by_name["debiteur.adresse.ville"].twin == "creancier.adresse.ville"


def test_an_enriched_list_keeps_its_items_and_adds_the_context_description() -> None:
    by_name = {v.name: v for v in variables("protocole_transactionnel")}
    assert "Chaque partie reçoit en plus" in by_name["parties"].description
    assert by_name["partie.avocat.barreau"].depth == 2
    assert by_name["echeance.montant"].type == MONTANT
    assert by_name["reglement.echeancier"].loop == "{% for echeance in reglement.echeancier %}"


def test_filter_help_covers_every_filter_with_a_real_example() -> None:
    assert [f.name for f in FILTER_HELP] == list(FILTERS)
    by_name = {f.name: f for f in FILTER_HELP}
    assert by_name["montant"].result == FILTERS["montant"](Decimal(by_name["montant"].given))
    assert by_name["montant"].result == "1\u202f234,50\u00a0€"
    assert by_name["date_longue"].result == "1er novembre 2026"
    assert by_name["montant_en_lettres"].result.endswith("euros et dix centimes")
    assert all(f.description and f.result for f in FILTER_HELP)


EXPECTED_RENDER = {
    "mise_en_demeure": ["Entre professionnels (B2B).", "PB-2026-031", "Tél. :", "deux mille"],
    "relance": ["Entre professionnels (B2B).", "F-2026-011", "Tél. :", "trois mille"],
    "injonction_de_payer": ["Avec un consommateur (B2C).", "F-2025-214", "devis n° D-2025-087"],
    "cgv": ["Clients consommateurs (B2C).", "Tenue de la comptabilité", "enseigne Atelier"],
    "protocole_transactionnel": [
        "l'Entreprise : professionnel (B2B). la Cliente : consommateur (B2C).",
        "27 février 2026",
        "une clause pénale de trois cents euros (300,00 €)",
    ],
}


@pytest.mark.parametrize("doc_type", DOC_TYPES)
def test_snippets_pass_the_lint_and_render(doc_type: str) -> None:
    items = snippets(doc_type)
    titles = [s.title for s in items]
    assert titles[0] == "Condition B2C / B2B"
    assert any("ligne de tableau" in t for t in titles)
    assert any(s.rows and s.rows[0][0].startswith("{%tr for ") for s in items)
    assert any("montant_en_lettres" in s.text for s in items)
    assert any("{% if " in s.text for s in items)
    template = snippet_docx(items)
    assert check_template(template, get_type(doc_type)) == []
    rendered = docx_text(generate(doc_type, first_case(doc_type), ["docx"], template).docx)
    for expected in EXPECTED_RENDER[doc_type]:
        assert expected in rendered
    assert "{%" not in rendered and "{{" not in rendered


def test_the_lint_does_reject_a_misspelt_snippet() -> None:
    rows = (("{%tr for facture in factures %}",), ("{{ facture.nmero }}",), ("{%tr endfor %}",))
    issues = check_template(snippet_docx([Snippet("", "", rows=rows)]), get_type("mise_en_demeure"))
    assert len(issues) == 1 and "« nmero »" in issues[0].message


class Trap(FactsModel):
    """Modèle factice : textes à échapper."""

    note: str = Field(description='plafond < 5 000 € & "seuil"', examples=["<b>gras</b>"])


@pytest.fixture
def trap_type(monkeypatch: pytest.MonkeyPatch) -> str:
    """A document type (without example cases) whose texts all need escaping."""
    entry = SimpleNamespace(
        label="<Type & Cie>", facts=Trap, computed_variables={"calcul": "a <script> & b"}
    )
    monkeypatch.setattr(reference, "get_type", lambda doc_type: entry)
    return "trap_escape"


def test_html_escapes_every_value(trap_type: str) -> None:
    page = reference_html(trap_type, standalone=True)
    assert "<title>Variables du modèle — &lt;Type &amp; Cie&gt;</title>" in page
    assert "plafond &lt; 5 000 € &amp; &quot;seuil&quot;" in page
    assert "&lt;b&gt;gras&lt;/b&gt;" in page
    assert "a &lt;script&gt; &amp; b" in page
    assert "<b>" not in page and "<script>" not in page
    fragment = reference_html(trap_type, standalone=False)
    assert fragment.startswith('<article class="reference">') and "<style>" not in fragment


def test_the_print_stylesheet_keeps_type_readable() -> None:
    sizes = [float(s) for s in re.findall(r"font-size:\s*([\d.]+)pt", _CSS)]
    assert sizes and min(sizes) >= 6.5
    assert "hyphens: manual" in _CSS and "size: A4 landscape" in _CSS


@pytest.fixture(scope="module")
def pdfs() -> dict[str, bytes]:
    return {doc_type: reference_pdf(doc_type) for doc_type in DOC_TYPES}


def poppler(tool: str, pdf: bytes, tmp_path: Path, *options: str) -> str:
    """Output of a poppler tool (``pdfinfo``, ``pdftotext``) on the PDF."""
    path = tmp_path / "reference.pdf"
    path.write_bytes(pdf)
    return subprocess.run(
        [require_tool(tool), *options, str(path), *(["-"] if tool == "pdftotext" else [])],
        capture_output=True,
        text=True,
        check=True,
    ).stdout


@pytest.mark.parametrize("doc_type", DOC_TYPES)
def test_the_pdf_is_one_landscape_page_titled(
    doc_type: str, pdfs: dict[str, bytes], tmp_path: Path
) -> None:
    info = poppler("pdfinfo", pdfs[doc_type], tmp_path)
    assert re.search(r"^Pages:\s+1$", info, re.M)
    assert re.search(r"^Page size:\s+841\.89 x 595\.2\d+ pts \(A4\)", info, re.M)
    title = re.search(r"^Title:\s+(.*)$", info, re.M).group(1)
    assert title == f"Variables du modèle — {get_type(doc_type).label}"


@pytest.mark.parametrize("doc_type", DOC_TYPES)
def test_the_pdf_lists_everything(doc_type: str, pdfs: dict[str, bytes], tmp_path: Path) -> None:
    # -raw: the order WeasyPrint draws in, which keeps a table cell's lines together
    text = normalised(poppler("pdftotext", pdfs[doc_type], tmp_path, "-raw", "-enc", "UTF-8"))
    assert f"Variables du modèle — {get_type(doc_type).label}" in text
    missing = [v.name for v in variables(doc_type) if v.name not in text]
    assert missing == []
    for help_ in FILTER_HELP:
        assert help_.name in text
        assert normalised(help_.result) in text
    for snippet in snippets(doc_type):
        for line in (*snippet.before, *(c for r in snippet.rows for c in r), *snippet.after):
            assert normalised(line) in text
