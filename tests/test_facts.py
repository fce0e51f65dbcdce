"""Case facts: one definition per type, French errors with their path, JSON Schema."""

import copy
import json
from decimal import Decimal

import pytest

from docgen import CaseValidationError, build_context, case_schema


def errors_of(case):
    with pytest.raises(CaseValidationError) as info:
        build_context("mise_en_demeure", case)
    return {e.path: e.message for e in info.value.errors}


def test_valid_case_is_accepted(b2b_case):
    facts, context = build_context("mise_en_demeure", b2b_case)
    assert facts.debiteur.designation == "Dupont & Fils SARL"
    assert facts.creancier.designation == "Mme Claire Moreau EI"
    assert context["creance"]["total"] == Decimal("3601.64")


def test_error_paths_and_french_messages(b2b_case):
    case = copy.deepcopy(b2b_case)
    case["factures"][1]["montant_ttc"] = "abc"
    case["factures"][0]["date"] = "2026-13-01"
    case["debiteur"]["adresse"]["code_postal"] = "6910"
    case["creancier"]["email"] = "pas-une-adresse"
    del case["lieu"]
    case["inattendu"] = 1
    errors = errors_of(case)
    assert errors["factures[1].montant_ttc"] == "montant invalide : nombre attendu (ex. 1234.56)"
    assert errors["factures[0].date"] == "date invalide : format AAAA-MM-JJ attendu"
    assert errors["debiteur.adresse.code_postal"] == "code postal invalide : cinq chiffres attendus"
    assert errors["creancier.email"].startswith("adresse électronique invalide")
    assert errors["lieu"] == "champ obligatoire"
    assert errors["inattendu"] == "champ inconnu"


def test_siren_checksum(b2b_case):
    case = copy.deepcopy(b2b_case)
    case["debiteur"]["siren"] = "552100555"
    assert errors_of(case)["debiteur.siren"].startswith("numéro SIREN invalide")


def test_siren_is_normalised(b2b_case):
    facts, _ = build_context("mise_en_demeure", b2b_case)
    assert facts.creancier.siren == "732 829 320"


def test_company_needs_its_identity(b2b_case):
    case = copy.deepcopy(b2b_case)
    del case["debiteur"]["siren"]
    assert errors_of(case)["debiteur.siren"] == "champ obligatoire pour une personne morale"


def test_consumer_cannot_be_entrepreneur(b2c_case):
    case = copy.deepcopy(b2c_case)
    case["debiteur"]["entrepreneur_individuel"] = True
    assert "consommateur" in errors_of(case)["debiteur.consommateur"]


def test_invoice_not_yet_due_is_refused(b2b_case):
    case = copy.deepcopy(b2b_case)
    case["factures"][1]["echeance"] = "2026-06-20"
    assert errors_of(case)["factures[1].echeance"] == (
        "facture non encore échue à la date de la lettre"
    )


def test_stipulated_rate_refused_against_consumer(b2c_case):
    case = copy.deepcopy(b2c_case)
    case["taux_penalites_contractuel"] = Decimal("12")
    assert "entre professionnels" in errors_of(case)["taux_penalites_contractuel"]


def test_amount_with_three_decimals_refused(b2b_case):
    case = copy.deepcopy(b2b_case)
    case["factures"][0]["montant_ttc"] = Decimal("10.005")
    assert errors_of(case)["factures[0].montant_ttc"] == "2 décimales au plus"


def test_short_deadline_refused(b2b_case):
    case = dict(b2b_case, delai_jours=3)
    assert errors_of(case)["delai_jours"] == "doit être supérieur ou égal à 8"


@pytest.mark.parametrize("case", [[], "texte", None, 3])
def test_case_must_be_an_object(case):
    assert errors_of(case) == {"": "objet JSON attendu"}


def test_schema_is_json_schema_with_french_descriptions():
    schema = case_schema("mise_en_demeure")
    assert schema["$schema"].startswith("https://json-schema.org/")
    assert schema["title"] == "Mise en demeure de payer"
    assert {"creancier", "debiteur", "factures", "date_lettre"} <= set(schema["required"])
    facture = schema["$defs"]["Facture"]["properties"]
    assert facture["montant_ttc"]["description"] == "Montant TTC en euros"
    assert schema["$defs"]["Partie"]["description"].startswith("Partie")
    json.dumps(schema)  # serialisable as is


@pytest.mark.parametrize("char", ["\u202e", "\u2066", "\u2028", "\x7f", "\x85"])
def test_invisible_controls_refused(b2b_case, char):
    case = dict(b2b_case, prestation=f"travaux{char}payés")
    assert errors_of(case)["prestation"] == (
        f"caractère interdit (U+{ord(char):04X}) : retirez-le du texte"
    )


def test_too_long_text_message(b2b_case):
    case = dict(b2b_case, lieu="x" * 201)
    assert errors_of(case)["lieu"] == "trop long : 200 caractères au plus"


def test_vat_number_keeps_its_country_prefix():
    from docgen.facts.parties import Partie

    party = Partie.model_validate(
        {
            "nature": "personne_morale",
            "denomination": "Menuiserie Gaillard",
            "forme_juridique": "SARL",
            "siren": "514789239",
            "representant": "M. Thomas Gaillard",
            "adresse": {"ligne1": "12 rue Paul-Bert", "code_postal": "69003", "ville": "Lyon"},
            "numero_tva": "fr 77 514 789 239",
        }
    )
    assert party.numero_tva == "FR77514789239"
    assert party.mention_tva == "N° de TVA intracommunautaire : FR77514789239"
