"""Comparing two versions of a template: variables added and removed, paragraphs side by side."""

import io

from docx import Document

from docgen import get_type
from docgen.word.diff import SEPARATOR, Row, compare, paragraphs

CATALOGUE = get_type("mise_en_demeure").template_path.read_bytes()
BODY = "corps du document"


def edited() -> bytes:
    """The catalogue letter: subject reworded, sending mode dropped, a line added."""
    doc = Document(io.BytesIO(CATALOGUE))
    by_text = {p.text: p for p in doc.paragraphs}
    subject = by_text["Objet : MISE EN DEMEURE DE PAYER"]
    subject.runs[0].text = "Objet : DERNIÈRE MISE EN DEMEURE DE PAYER"
    for run in subject.runs[1:]:
        run.text = ""
    mode = by_text["{{ mode_envoi_libelle }}"]._p
    mode.getparent().remove(mode)
    signature = by_text["{%p if creancier.nature == 'personne_morale' %}"]
    signature.insert_paragraph_before("Dossier suivi par {{ creancier.representant }}")
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def same(text: str) -> Row:
    return Row(BODY, "equal", text, text)


def test_edited_letter():
    diff = compare(CATALOGUE, edited())
    assert diff.added_variables == ["creancier.representant"]
    assert diff.removed_variables == ["mode_envoi_libelle"]
    assert diff.changed
    salutation = (
        "{% if debiteur.nature == 'personne_physique' %}{{ 'Monsieur' if debiteur.civilite"
        " == 'M.' else 'Madame' }}{% else %}Madame, Monsieur{% endif %},"
    )
    closing = (
        "{% if nous %}Nous vous prions{% else %}Je vous prie{% endif %} d'agréer, "
        + salutation.removesuffix(",")
        + ", l'expression de {% if nous %}nos{% else %}mes{% endif %} salutations distinguées."
    )
    assert list(diff.rows_with_context(2)) == [
        SEPARATOR,
        same("{{ debiteur.adresse.code_postal }} {{ debiteur.adresse.ville }}"),
        same("{{ lieu }}, le {{ date_lettre|date_longue }}"),
        Row(BODY, "removed", "{{ mode_envoi_libelle }}", ""),
        Row(
            BODY,
            "changed",
            "Objet : MISE EN DEMEURE DE PAYER",
            "Objet : DERNIÈRE MISE EN DEMEURE DE PAYER",
        ),
        same(
            "Factures n° {% for l in creance.lignes %}{{ l.numero }}{% if not loop.last %}, "
            "{% endif %}{% endfor %} — Somme due : {{ creance.total|montant }}"
        ),
        same(salutation),
        SEPARATOR,
        same(closing),
        same("{{ signataire_nom }}"),
        Row(BODY, "added", "", "Dossier suivi par {{ creancier.representant }}"),
        same("{%p if creancier.nature == 'personne_morale' %}"),
        same(
            "{% if creancier.representant_qualite %}{{ creancier.representant_qualite }} de "
            "{% endif %}{{ creancier.designation }}"
        ),
        SEPARATOR,
    ]
    assert [row.kind for row in diff.rows].count("equal") == len(diff.rows) - 3


def test_no_change():
    diff = compare(CATALOGUE, CATALOGUE)
    assert diff.added_variables == diff.removed_variables == []
    assert not diff.changed
    assert all(row.kind == "equal" for row in diff.rows)
    assert list(diff.rows_with_context()) == []


def test_paragraphs_keep_tags_and_hide_field_codes():
    parts = dict(paragraphs(CATALOGUE))
    assert list(parts) == [BODY, "pied de page 1"]
    assert parts["pied de page 1"] == [
        "Mise en demeure de payer — {{ debiteur.designation }} — Page 1 sur 1"
    ]
    assert parts[BODY][:2] == [
        "{{ creancier.designation }}",
        "{%p if creancier.nom_commercial %}",
    ]


def test_header_and_table_rows():
    def template(header: str, cell: str) -> bytes:
        doc = Document()
        doc.add_paragraph("Corps")
        doc.add_table(rows=1, cols=2).cell(0, 1).text = cell
        doc.sections[0].header.paragraphs[0].text = header
        out = io.BytesIO()
        doc.save(out)
        return out.getvalue()

    diff = compare(template("Réf. {{ lieu }}", "{{ f.numero }}"), template("Réf.", "{{ f.date }}"))
    assert diff.removed_variables == ["f.numero", "lieu"]
    assert diff.added_variables == ["f.date"]
    assert [row for row in diff.rows if row.kind != "equal"] == [
        Row(BODY, "changed", "{{ f.numero }}", "{{ f.date }}"),
        Row("en-tête 1", "changed", "Réf. {{ lieu }}", "Réf."),
    ]
