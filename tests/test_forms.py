"""The forms package: specs read from the models, form data ↔ case, errors placed on fields."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from pydantic import BaseModel
from werkzeug.datastructures import MultiDict

import docgen
from app import create_app
from forms import CaseFileError, CaseForm, dump_case, read_case_file, read_case_text
from forms.data import parse_decimal, to_formdata
from forms.entry import parent_path
from forms.layout import conditions, sections
from forms.spec import Spec, model_spec
from tests.conftest import EXAMPLES, example_case

TYPES = [t.id for t in docgen.document_types()]
EXAMPLE_FILES = sorted(EXAMPLES.glob("*/*.json"))


@pytest.fixture(autouse=True)
def request_context():
    app = create_app({"TESTING": True, "WTF_CSRF_ENABLED": False})
    with app.test_request_context():
        yield


def _names(spec: Spec) -> set[str]:
    return {c.name for c in spec.children}


def _check_same_fields(model: type[BaseModel], spec: Spec) -> None:
    assert _names(spec) == set(model.model_fields)
    for child in spec.children:
        inner = model.model_fields[child.name].annotation
        nested = [a for a in getattr(inner, "__args__", (inner,)) if isinstance(a, type)]
        for candidate in nested:
            if issubclass(candidate, BaseModel) and child.kind in ("model", "list"):
                _check_same_fields(candidate, child if child.kind == "model" else child.item)


@pytest.mark.parametrize("doc_type", TYPES)
def test_every_fact_of_the_model_has_a_field_and_no_other(doc_type):
    model = docgen.get_type(doc_type).facts
    _check_same_fields(model, model_spec(model))


def test_kinds_labels_and_requirement_come_from_the_model():
    spec = model_spec(docgen.get_type("mise_en_demeure").facts)
    facture = spec.child("factures").item
    assert spec.child("factures").kind == "list"
    assert spec.child("factures").required
    assert facture.child("montant_ttc").kind == "decimal"
    assert facture.child("montant_ttc").required
    assert not facture.child("montant_regle").required
    assert facture.child("montant_regle").default == Decimal("0.00")
    assert facture.child("date").kind == "date"
    assert facture.child("numero").label == "Numéro de la facture"
    assert facture.child("numero").example == "F-2026-042"
    assert spec.child("prestation").kind == "textarea"
    assert spec.child("lieu").kind == "text"
    assert spec.child("copie_courriel").kind == "bool"
    assert spec.child("delai_jours").kind == "integer"
    assert spec.child("delai_jours").default == 8
    assert spec.child("taux_penalites_contractuel").percent
    nature = spec.child("creancier").child("nature")
    assert nature.kind == "choice"
    assert dict(nature.choices)["personne_morale"] == "Une société ou une association"


def test_list_of_choices_and_list_of_texts():
    spec = model_spec(docgen.get_type("cgv").facts)
    means = spec.child("moyens_paiement")
    assert means.kind == "choices"
    assert ("prelevement", "Prélèvement SEPA") in means.choices
    recipients = spec.child("donnees_personnelles").child("destinataires")
    assert recipients.kind == "list"
    assert recipients.item.kind == "text"
    assert recipients.max_items == 15


def test_an_optional_section_with_a_default_asks_whether_to_include_it():
    spec = model_spec(docgen.get_type("protocole_transactionnel").facts)
    assert spec.child("confidentialite").toggle
    assert not spec.child("non_denigrement").toggle
    assert not spec.child("instance").toggle


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("1 234,56", Decimal("1234.56")),
        ("1\u202f234,56 €", Decimal("1234.56")),
        ("1234.5", Decimal("1234.5")),
        ("12", Decimal("12")),
        ("12,3,4", "12,3,4"),
        ("douze", "douze"),
    ],
)
def test_amounts_typed_the_french_way(typed, expected):
    assert parse_decimal(typed) == expected


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_every_example_survives_the_form(path: Path):
    doc_type = path.parent.name
    case = docgen.load_case(path.read_text(encoding="utf-8"))
    page = CaseForm.from_case(doc_type, case)
    assert page.notices == []
    checked = page.check()
    assert checked is not None, page.errors
    assert checked.facts == docgen.build_context(doc_type, case)[0]


def test_unknown_keys_of_a_case_are_reported_not_lost_silently():
    case = example_case("mise_en_demeure", "b2c_consommateur")
    case["couleur"] = "bleu"
    case["debiteur"]["surnom"] = "Jo"
    page = CaseForm.from_case("mise_en_demeure", case)
    assert page.notices == [
        "Éléments non repris (inconnus du formulaire) : couleur, debiteur.surnom"
    ]


def _typed(doc_type: str, case: dict, **changes: str) -> CaseForm:
    data, _ = to_formdata(case, model_spec(docgen.get_type(doc_type).facts))
    for key, value in changes.items():
        data.setlist(key, [value])
    return CaseForm(doc_type, data)


def test_an_engine_error_lands_next_to_its_field():
    page = _typed("mise_en_demeure", example_case("mise_en_demeure", "b2b_penalites_bce"))
    page.form["factures"].entries[1]["montant_ttc"].data = "mille euros"
    assert page.check() is None
    assert page.errors == {
        "factures-1-montant_ttc": ["montant invalide : nombre attendu (ex. 1234.56)"]
    }
    assert page.error_links[0][1] == "Factures impayées › Facture 2 › Montant TTC (en euros)"


def test_empty_rows_are_skipped_and_errors_still_find_their_row():
    case = example_case("mise_en_demeure", "b2b_penalites_bce")
    case["factures"].insert(0, {})  # an empty first row: the engine sees the other two only
    case["factures"][2]["echeance"] = "2026-01-01"  # before the invoice date
    page = _typed("mise_en_demeure", case)
    assert len(page.form["factures"].entries) == 3
    assert len(page.case()["factures"]) == 2
    assert page.check() is None
    assert page.errors == {
        "factures-2-echeance": ["l'échéance ne peut précéder la date de la facture"]
    }


def test_cross_field_rules_land_where_the_engine_says():
    case = example_case("protocole_transactionnel", "b2b_echeancier_avocats")
    case["reglements"][0]["echeancier"][0]["montant"] = "1.00"
    page = _typed("protocole_transactionnel", case)
    assert page.check() is None
    assert list(page.errors) == ["reglements-0-echeancier"]
    assert page.errors["reglements-0-echeancier"][0].startswith("le total des échéances")


def test_each_party_must_concede_something():
    case = example_case("protocole_transactionnel", "b2b_echeancier_avocats")
    case["parties"][1]["concessions"] = []
    page = _typed("protocole_transactionnel", case)
    assert page.check() is None
    assert list(page.errors) == ["parties-1-concessions"]
    assert "art. 2044 C. civ." in page.errors["parties-1-concessions"][0]


def test_a_rule_of_a_party_points_at_the_field_to_fill():
    case = example_case("mise_en_demeure", "b2b_penalites_bce")
    del case["debiteur"]["denomination"]
    page = _typed("mise_en_demeure", case)
    assert page.check() is None
    assert page.errors == {"debiteur-denomination": ["champ obligatoire pour une personne morale"]}


def test_a_missing_rate_is_named_with_the_day_it_could_stop_at():
    case = example_case("mise_en_demeure", "b2b_penalites_bce")
    case["date_lettre"] = "2026-12-07"  # the seed has no ECB rate after 30 June 2026
    page = _typed("mise_en_demeure", case)
    assert page.check() is None
    assert page.errors == {} and page.general == []
    missing = page.missing
    assert (missing.series, missing.half.key, missing.last_day) == (
        "bce",
        "2026-S2",
        date(2026, 6, 30),
    )
    assert missing.title == (
        "Le taux applicable au 2e semestre 2026 n'est pas encore enregistré sur ce serveur"
    )
    assert missing.name == "taux de la BCE en vigueur au 1er juillet 2026"
    assert missing.stopped == "pénalités arrêtées au 30 juin 2026, à parfaire"
    assert page.rates_state == "open"


def test_the_buttons_of_a_missing_rate():
    case = example_case("mise_en_demeure", "b2b_penalites_bce")
    case["date_lettre"] = "2026-12-07"
    data, _ = to_formdata(case, model_spec(docgen.get_type("mise_en_demeure").facts))
    supplied = CaseForm.from_request("mise_en_demeure", data, "fournir:bce:2026-S2")
    assert supplied.case()["taux_fournis"] == [{"serie": "bce", "semestre": "2026-S2"}]
    assert supplied.rates_state == "open"
    assert "Indiquez le taux du 2e semestre 2026 et sa source" in supplied.notices[0]
    twice, _ = to_formdata(supplied.case(), model_spec(docgen.get_type("mise_en_demeure").facts))
    again = CaseForm.from_request("mise_en_demeure", twice, "fournir:bce:2026-S2")
    assert again.case()["taux_fournis"] == [{"serie": "bce", "semestre": "2026-S2"}]
    stopped = CaseForm.from_request("mise_en_demeure", data, "arreter")
    checked = stopped.check()
    assert checked is not None and checked.context["creance"]["a_parfaire"] is True
    assert checked.context["creance"]["arretees_au"] == date(2026, 6, 30)
    for altered in ("fournir:bce:2026-S9", "fournir:inconnu:2026-S2", "fournir:"):
        page = CaseForm.from_request("mise_en_demeure", data, altered)
        assert "taux_fournis" not in page.case() and page.notices == []


def test_unticking_an_optional_clause_removes_it():
    case = example_case("protocole_transactionnel", "b2b_echeancier_avocats")
    data, _ = to_formdata(case, model_spec(docgen.get_type("protocole_transactionnel").facts))
    assert data.get("confidentialite-inclure") == "y"
    data.poplist("confidentialite-inclure")
    page = CaseForm("protocole_transactionnel", data)
    assert page.case()["confidentialite"] is None
    checked = page.check()
    assert checked is not None
    assert checked.facts.confidentialite is None


def test_an_optional_section_left_empty_is_absent():
    page = CaseForm.from_case(
        "injonction_de_payer", example_case("injonction_de_payer", "b2b_tribunal_commerce")
    )
    case = page.case()
    assert "mandataire" not in case  # its address shows « France » by default, which says nothing


def test_rows_are_added_and_removed_without_script():
    case = example_case("mise_en_demeure", "b2b_penalites_bce")
    data, _ = to_formdata(case, model_spec(docgen.get_type("mise_en_demeure").facts))
    added = CaseForm.from_request("mise_en_demeure", data, "ajouter:factures")
    assert len(added.form["factures"].entries) == 3
    removed = CaseForm.from_request("mise_en_demeure", data, "supprimer:factures-0")
    rows = removed.form["factures"].entries
    assert [r["numero"].data for r in rows] == [case["factures"][1]["numero"]]
    nested = CaseForm.from_request(
        "protocole_transactionnel", MultiDict(), "ajouter:reglements-0-echeancier"
    )
    assert len(nested.form["reglements"].entries[0]["echeancier"].entries) == 2


def test_path_parents():
    assert parent_path("factures[2].montant_ttc") == "factures[2]"
    assert parent_path("factures[2]") == "factures"
    assert parent_path("factures") == ""


def test_conditions_name_the_sibling_field():
    page = CaseForm.from_case("mise_en_demeure", {})
    rule = json.loads(conditions(page.form["creancier"].form["denomination"]))
    assert rule == [{"name": "creancier-nature", "values": ["personne_morale"]}]
    rule = json.loads(conditions(page.form["debiteur"].form["numero_tva"]))
    assert rule[1] == {"name": "debiteur-tva_franchise", "values": [""]}


def test_plain_fields_are_grouped_under_legends():
    page = CaseForm.from_case("mise_en_demeure", {})
    legends = [s.legend for s in sections(page.form, "mise_en_demeure")]
    assert legends[:3] == [
        "Le créancier, qui envoie la mise en demeure",
        "Le débiteur, qui doit les sommes",
        "Factures impayées",
    ]
    # the late payments, a list, come last; no rates section unless needed
    assert legends[3:] == ["Votre réclamation", "La lettre", "Paiements reçus après l'échéance"]
    shown = [s.legend for s in sections(page.form, "mise_en_demeure", "open")]
    assert shown[-1] == "Taux non encore enregistrés sur ce serveur"
    assert [f.spec.name for f in sections(page.form, "mise_en_demeure", "open")[-1].fields] == [
        "taux_fournis",
        "arreter_au_dernier_taux_connu",
    ]


def test_case_files_plain_or_batch():
    case = example_case("mise_en_demeure", "b2c_consommateur")
    text = dump_case(case).encode()
    assert read_case_file(text, "mise_en_demeure") == (json.loads(text, parse_float=Decimal), [])
    batch = {"items": [{"type": "cgv", "case": {}}, {"type": "mise_en_demeure", "case": case}]}
    found, notices = read_case_file(dump_case(batch).encode(), "mise_en_demeure")
    assert found["lieu"] == case["lieu"]
    assert notices == ["Lot de 2 dossiers : le premier de ce type a été repris."]


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b"{pas du json", "Fichier JSON invalide (ligne 1, colonne 2)"),
        (b"[1, 2]", "Fichier JSON inattendu"),
        (b"\xff\xfe\x00", "Fichier illisible"),
        (b"[" * 100_000, "Fichier JSON trop imbriqué"),
        (b" " * (300 * 1024) + b"{}", "Fichier trop volumineux : 256 Ko au plus."),
        (b'{"items": [{"type": "cgv", "case": {}}]}', "Ce lot ne contient aucun dossier"),
        (b'{"items": "tout"}', "Lot invalide"),
    ],
)
def test_bad_case_files_are_explained_in_french(raw, message):
    with pytest.raises(CaseFileError, match=message.replace("(", r"\(").replace(")", r"\)")):
        read_case_file(raw, "mise_en_demeure")


def test_amounts_are_json_numbers_when_exact():
    text = dump_case({"a": Decimal("1840.00"), "b": Decimal("0.1"), "c": 8})
    assert json.loads(text) == {"a": 1840.0, "b": 0.1, "c": 8}
    assert read_case_text(text)["b"] == Decimal("0.1")
    with pytest.raises(CaseFileError):
        read_case_text("null")
