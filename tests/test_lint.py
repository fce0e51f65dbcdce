"""The template lint: every problem at once, located by paragraph, table cell, header or footer."""

import io
import json

import pytest
from docx import Document
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from docgen import generate, get_type
from docgen.errors import TemplateError
from docgen.word.lint import Issue, check_template, used_variables
from docgen.word.render import render_docx
from tests.conftest import EXAMPLES

LETTER = get_type("mise_en_demeure")
CASE = json.loads((EXAMPLES / "mise_en_demeure" / "b2b_penalites_bce.json").read_text())
SUGGEST = " — vouliez-vous dire « {} » ?"


def docx(body=(), table=None, header="", footer="", build=None) -> bytes:
    """A template: body paragraphs, then a table (rows of cell texts), header and footer."""
    doc = Document()
    for text in body:
        doc.add_paragraph(text)
    if table:
        grid = doc.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, text in enumerate(row):
                grid.cell(r, c).text = text
        doc.add_paragraph("Après le tableau {{ lieu }}")
    if header:
        doc.sections[0].header.paragraphs[0].text = header
    if footer:
        doc.sections[0].footer.paragraphs[0].text = footer
    if build:
        build(doc)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


@pytest.mark.parametrize(
    "type_id", ["mise_en_demeure", "cgv", "injonction_de_payer", "protocole_transactionnel"]
)
def test_catalogue_templates_lint_clean(type_id):
    entry = get_type(type_id)
    assert check_template(entry.template_path.read_bytes(), entry) == []


def test_findings_located_in_body_table_header_and_footer():
    template = docx(
        body=["Madame, Monsieur,", "Cher {{ crancier.designation }},"],
        table=[["Facture", "Montant"], ["{{ factures[0].numro }}", "{{ creance.total|montant }}"]],
        header="Réf. {{ numero_rg }}",
        footer="{{ debiteur.nomm }}",
    )
    assert check_template(template, LETTER) == [
        Issue(
            "corps du document, paragraphe 2",
            "variable inconnue « crancier »" + SUGGEST.format("creancier"),
            "Cher {{ crancier.designation }},",
        ),
        Issue(
            "corps du document, tableau 1, ligne 2, cellule 1",
            "attribut inconnu « numro »" + SUGGEST.format("numero"),
            "{{ factures[0].numro }}",
        ),
        Issue("en-tête 1, paragraphe 1", "variable inconnue « numero_rg »", "Réf. {{ numero_rg }}"),
        Issue(
            "pied de page 1, paragraphe 1",
            "attribut inconnu « nomm »" + SUGGEST.format("nom"),
            "{{ debiteur.nomm }}",
        ),
    ]


def test_body_paragraphs_after_a_table_skip_its_cells():
    template = docx(body=["Un"], table=[["{{ lieu }}"]], build=lambda d: d.add_paragraph("{{ x }}"))
    [issue] = check_template(template, LETTER)
    assert issue.location == "corps du document, paragraphe 3"
    assert issue.excerpt == "{{ x }}"


def test_nested_table_cell():
    def nest(doc):
        outer = doc.add_table(rows=1, cols=2)
        inner = outer.cell(0, 1).add_table(rows=2, cols=1)
        inner.cell(1, 0).text = "{{ inconnu }}"

    [issue] = check_template(docx(body=["Un"], build=nest), LETTER)
    assert issue.location == (
        "corps du document, tableau 1, ligne 1, cellule 2 > tableau 1, ligne 2, cellule 1"
    )


def test_row_loop_counts_as_a_row():
    table = [
        ["N°", "Montant"],
        ["{%tr for f in factures %}", ""],
        ["{{ f.numero }}", "{{ f.montant }}"],
        ["{%tr endfor %}", ""],
    ]
    [issue] = check_template(docx(table=table), LETTER)
    assert issue == Issue(
        "corps du document, tableau 1, ligne 3, cellule 2",
        "attribut inconnu « montant »" + SUGGEST.format("montant_ttc"),
        "{{ f.montant }}",
    )


def test_paragraph_tag_counts_as_a_paragraph():
    template = docx(body=["Un", "{%p if inconnu %}", "Texte", "{%p endif %}"])
    [issue] = check_template(template, LETTER)
    assert issue == Issue(
        "corps du document, paragraphe 2", "variable inconnue « inconnu »", "{% if inconnu %}"
    )


def test_several_syntax_errors_in_one_part_and_unknown_variables_alongside():
    template = docx(
        body=[
            "Montant : {{ creance.total|montant) }}",
            "{{ inconnue }}",
            "{% if lieu %}oui{% endfor %}",
            "{{ 1 + }}",
            "{{ lieu }}",
        ]
    )
    assert check_template(template, LETTER) == [
        Issue(
            "corps du document, paragraphe 1",
            "erreur de syntaxe Jinja : unexpected ')'",
            "Montant : {{ creance.total|montant) }}",
        ),
        Issue(
            "corps du document, paragraphe 2", "variable inconnue « inconnue »", "{{ inconnue }}"
        ),
        Issue(
            "corps du document, paragraphe 3",
            "erreur de syntaxe Jinja : balise « endfor » inattendue"
            " (Jinja attendait « elif », « else », « endif »)",
            "{% if lieu %}oui{% endfor %}",
        ),
        Issue(
            "corps du document, paragraphe 4",
            "erreur de syntaxe Jinja : unexpected 'end of print statement'",
            "{{ 1 + }}",
        ),
    ]


def test_unclosed_block_is_located_where_it_opens():
    template = docx(body=["Un", "{% if lieu %}", "Trois"], footer="{% for f in factures %}")
    assert check_template(template, LETTER) == [
        Issue(
            "corps du document, paragraphe 2",
            "erreur de syntaxe Jinja : bloc « if » jamais fermé (il manque {% endif %})",
            "{% if lieu %}",
        ),
        Issue(
            "pied de page 1, paragraphe 1",
            "erreur de syntaxe Jinja : bloc « for » jamais fermé (il manque {% endfor %})",
            "{% for f in factures %}",
        ),
    ]


def test_unknown_filter_with_suggestion():
    template = docx(body=["{{ creance.total|montant_lettre }}", "{{ lieu|majuscules }}"])
    assert check_template(template, LETTER) == [
        Issue(
            "corps du document, paragraphe 1",
            "filtre inconnu « montant_lettre »" + SUGGEST.format("montant_en_lettres"),
            "{{ creance.total|montant_lettre }}",
        ),
        Issue(
            "corps du document, paragraphe 2",
            "filtre inconnu « majuscules »",
            "{{ lieu|majuscules }}",
        ),
    ]


def test_unknown_filter_is_reported_without_a_type():
    template = docx(body=["{{ nimporte|montant_lettre }}"])
    assert [i.message for i in check_template(template)] == [
        "filtre inconnu « montant_lettre »" + SUGGEST.format("montant_en_lettres")
    ]


def test_loop_variable_is_suggested():
    template = docx(body=["{% for facture in factures %}{{ factur.numero }}{% endfor %}"])
    [issue] = check_template(template, LETTER)
    assert issue.message == "variable inconnue « factur »" + SUGGEST.format("facture")


def split_runs(*paragraphs):
    """A builder adding paragraphs made of runs, every other run in bold."""

    def build(doc):
        for runs in paragraphs:
            paragraph = doc.add_paragraph()
            for i, text in enumerate(runs):
                paragraph.add_run(text).bold = bool(i % 2)

    return build


def test_tags_split_across_runs_are_repaired():
    template = docx(
        body=["Madame, Monsieur,"],
        build=split_runs(
            ["Débiteur : ", "{{ debi", "teur.designation }}"],
            ["{", "{ creancier.designation }", "}"],
            ["{", "% if lieu %", "}", "{{ lieu }}", "{%", " endif %}"],
        ),
    )
    assert check_template(template, LETTER) == []
    output = generate("mise_en_demeure", CASE, ["docx"], template=template)
    texts = [p.text for p in Document(io.BytesIO(output.files["docx"])).paragraphs]
    assert texts[1:] == ["Débiteur\u00a0: Dupont & Fils SARL", "Mme\u00a0Claire Moreau EI", "Lyon"]


def test_split_tag_with_unknown_variable_is_located():
    template = docx(body=["Un"], build=split_runs(["Cher ", "{{ crea", "ncer.designation }}", ","]))
    assert check_template(template, LETTER) == [
        Issue(
            "corps du document, paragraphe 2",
            "variable inconnue « creancer »" + SUGGEST.format("creancier"),
            "Cher {{ creancer.designation }},",
        )
    ]


def test_a_tag_its_paragraph_never_closes_hides_nothing_after_it():
    """docxtpl would join ``{{ lieu`` with everything up to the next ``}}``: later paragraphs
    would lose their errors and their numbers."""
    unclosed = "balise « {} » jamais fermée dans ce paragraphe (il manque « {} »)"
    template = docx(
        body=["Un", "Fait à {{ lieu", "Trois", "Montant {{ inconnu }}", "{# note"],
        footer="Page {% if lieu %}",
        build=split_runs(["Réf. ", "{", "{ dossier", " (brouillon)"], ["{{ lieu }} ok"]),
    )
    assert check_template(template, LETTER) == [
        Issue("corps du document, paragraphe 2", unclosed.format("{{", "}}"), "Fait à {{ lieu"),
        Issue(
            "corps du document, paragraphe 4",
            "variable inconnue « inconnu »",
            "Montant {{ inconnu }}",
        ),
        Issue("corps du document, paragraphe 5", unclosed.format("{#", "#}"), "{# note"),
        Issue(
            "corps du document, paragraphe 6",
            unclosed.format("{{", "}}"),
            "Réf. {{ dossier (brouillon)",
        ),
        Issue(
            "pied de page 1, paragraphe 1",
            "erreur de syntaxe Jinja : bloc « if » jamais fermé (il manque {% endif %})",
            "Page {% if lieu %}",
        ),
    ]


def test_split_docxtpl_cannot_repair_is_located():
    def build(doc):
        paragraph = doc.add_paragraph("Contact : ")
        paragraph._p.append(
            parse_xml(
                f"<w:sdt {nsdecls('w')}><w:sdtContent><w:r><w:t>{{{{ crea</w:t></w:r>"
                "</w:sdtContent></w:sdt>"
            )
        )
        paragraph.add_run("ncier.designation }}")

    [issue] = check_template(docx(body=["Un"], build=build), LETTER)
    assert issue.location == "corps du document, paragraphe 2"
    assert issue.message.startswith("balise coupée par Word à cheval sur un lien")
    assert issue.excerpt == "Contact : {{ creancier.designation }}"


def test_runtime_error_in_a_table_cell_is_located():
    template = docx(body=["Un"], table=[["Total", "{{ inconnu }}"]])
    with pytest.raises(TemplateError) as info:
        render_docx(template, {"lieu": "Lyon"})
    assert info.value.location == "corps du document, tableau 1, ligne 1, cellule 2"
    assert info.value.excerpt == "{{ inconnu }}"


def test_runtime_error_after_a_table_counts_body_paragraphs_only():
    template = docx(body=["Un"], table=[["{{ lieu }}"]], build=lambda d: d.add_paragraph("{{ x }}"))
    with pytest.raises(TemplateError) as info:
        render_docx(template, {"lieu": "Lyon"})
    assert info.value.location == "corps du document, paragraphe 3"


def test_used_variables():
    template = docx(
        body=[
            "{{ creancier.designation }} {{ date_lettre|date_longue }}",
            "{% for f in factures if f.montant_ttc %}{{ f.numero }} {{ loop.index }}{% endfor %}",
            "{% set d = debiteur %}{{ d.adresse.ville }} {{ range(2)|list }}",
            "{% for l in creance.lignes %}{% for p in l.penalites.periodes %}{{ p.taux }}"
            "{% endfor %}{% endfor %}",
        ],
        header="{{ lieu }}",
    )
    assert used_variables(template) == {
        "creancier.designation",
        "date_lettre",
        "factures",
        "factures[].montant_ttc",
        "factures[].numero",
        "debiteur",
        "debiteur.adresse.ville",
        "creance.lignes",
        "creance.lignes[].penalites.periodes",
        "creance.lignes[].penalites.periodes[].taux",
        "lieu",
    }


def test_attributes_of_enriched_list_items_are_checked():
    entry = get_type("protocole_transactionnel")
    template = docx(
        [
            "{% for partie in parties %}{{ partie.denomnation }} {{ partie.appellation_de }}"
            "{% endfor %}",
        ]
    )
    [issue] = check_template(template, entry)
    assert issue.message == (
        "attribut inconnu « denomnation » — vouliez-vous dire « denomination » ?"
    )


def test_declared_item_attributes_are_those_the_context_adds():
    from docgen.generate import build_context
    from docgen.word.lint import model_tree

    entry = get_type("protocole_transactionnel")
    tree = model_tree(entry.facts)
    for name, declared in entry.computed_attributes.items():
        added: set[str] = set()
        for path in sorted((EXAMPLES / entry.id).glob("*.json")):
            case = json.loads(path.read_text(encoding="utf-8"))
            _facts, context = build_context(entry.id, case)
            for item in context[name]:
                added |= set(item) - set(tree[name][1])
        assert added == set(declared), name
