"""Mise en demeure: every example meets the checklist of reference section 7 (MD-01 … MD-11)."""

import re

import pytest

from docgen import generate
from tests.conftest import example_case
from tests.legal_text import (
    assert_checklist,
    both,
    docx_text,
    either,
    has,
    lacks,
    normalize,
    texts,
)

COMMON = {
    "MD-01": has("MISE EN DEMEURE DE PAYER", "en demeure, au sens de l'article 1344"),
    "MD-05": lambda t: re.search(r"délai de \w+ \((\d+)\) jours", t) is not None,
    "MD-06": either(has("injonction de payer"), has("demande en paiement")),
    "MD-11": lacks("interromp", "prescription"),
    "no-leftovers": lacks("{{", "{%", "None", "undefined"),
    "known-rates": lacks("à parfaire", "Taux retenu", "source :"),
}

CASES = {
    "b2b_penalites_bce": {
        "MD-02": has("Mme Claire Moreau EI", "Dupont & Fils SARL", "Lyon, le 15 juin 2026"),
        "MD-03": has(
            "F-2026-011 15/01/2026 14/02/2026 2 400,00 € 0,00 € 2 400,00 €",
            "F-2026-019 02/03/2026 01/04/2026 1 250,00 € 250,00 € 1 000,00 €",
        ),
        # 2 400 × 12,15 % × 121/365 = 96,67 ; 1 000 × 12,15 % × 75/365 = 24,97
        "MD-04": has(
            "principal restant dû : 3 400,00 €",
            "pénalités de retard arrêtées au 15/06/2026 : 121,64 €",
            "(40 € × 2) : 80,00 €",
            "total : 3 601,64 €",
            "la somme totale de 3 601,64 € (trois mille six cent un euros et "
            "soixante-quatre centimes)",
        ),
        "MD-05": has("délai de huit (8) jours", "au plus tard le 23 juin 2026"),
        "MD-06": has(
            "requête en injonction de payer (articles 1405 et suivants du code de "
            "procédure civile)",
            "continuent de courir jusqu'au complet paiement",
        ),
        "MD-07": has("Lettre recommandée avec demande d'avis de réception"),
        "MD-08": has(
            "article L. 441-10 du code de commerce",
            "taux de refinancement de la Banque centrale européenne majoré de dix points",
            "soit 121 jours au taux de 12,15 % (1er semestre 2026) : 96,67 €",
            "40 € par facture",
            "article D. 441-5 du code de commerce",
        ),
        "MD-10": lacks("750-1"),
    },
    "b2b_taux_contractuel": {
        "MD-03": has("IB-4410", "IB-4475", "IB-4521"),
        # 5 120 × 12 % × 59/365 = 99,31 (2025) and × 79/365 = 132,98 (2026)
        "MD-04": has(
            "Facture IB-4410 : 5 120,00 € du 03/11/2025 au 31/12/2025, soit 59 jours "
            "au taux de 12,00 % (2e semestre 2025) : 99,31 €",
            "du 01/01/2026 au 20/03/2026, soit 79 jours au taux de 12,00 % "
            "(1er semestre 2026) : 132,98 €",
            "pénalités de retard arrêtées au 20/03/2026 : 282,08 €",
            "(40 € × 3) : 120,00 €",
            "total : 7 935,38 €",
        ),
        "MD-07": has("Signification par commissaire de justice"),
        "MD-08": has("taux contractuel de 12,00 % l'an", "sans qu'un rappel soit nécessaire"),
        "voice": has("Nous avons réalisé", "nous vous mettons en demeure", "Nous vous prions"),
    },
    "b2c_consommateur": {
        "MD-02": has("Rénov'Habitat SAS", "M. Julien Girard", "Nantes, le 4 mai 2026"),
        "MD-04": has("la somme totale de 2 860,40 €", "principal restant dû : 2 860,40 €"),
        "MD-05": has("délai de quinze (15) jours", "au plus tard le 19 mai 2026"),
        "MD-06": has("articles 1231-6 et 1344-1 du Code civil", "demande en paiement"),
        # the creditor is a company: rate of the « other cases » category (B), 2026 H1
        "MD-09": both(
            has(
                "taux de l'intérêt légal applicable dans les cas autres que les créances "
                "des personnes physiques",
                "soit 2,62 % l'an pour le 1er semestre 2026",
            ),
            lacks("40 € par facture", "(40 € ×", "L. 441-10", "pénalités", "indemnité forfaitaire"),
        ),
        "MD-10": has("article 750-1 du code de procédure civile", "conciliateur de justice"),
    },
    "artisan_sci_copie_courriel": {
        "MD-02": has(
            "M. Karim Benali EI",
            "SCI Les Acacias",
            "SIREN 401 869 235, immatriculation au registre national des entreprises",
        ),
        # 1 840 × 12,15 % × 50/365 = 30,62 ; 395,50 × 12,15 % × 33/365 = 4,34
        "MD-04": has(
            "pénalités de retard arrêtées au 24/04/2026 : 34,96 €",
            "(40 € × 2) : 80,00 €",
            "total : 2 350,46 €",
        ),
        "MD-05": has("délai de dix (10) jours", "au plus tard le 4 mai 2026"),
        "MD-07": has(
            "Lettre recommandée avec demande d'avis de réception, avec copie par "
            "courriel (sci.acacias@exemple.fr)"
        ),
        "MD-10": has("article 750-1 du code de procédure civile"),
        "voice": has("J'ai réalisé", "je vous mets en demeure", "Je vous prie"),
    },
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_checklist(name, tmp_path):
    out = generate("mise_en_demeure", example_case("mise_en_demeure", name))
    assert_checklist({**COMMON, **CASES[name]}, out.docx, out.pdf, tmp_path)


def test_no_rm_and_no_odr(tmp_path):
    out = generate("mise_en_demeure", example_case("mise_en_demeure", "b2b_penalites_bce"))
    for text in texts(out.docx, out.pdf, tmp_path).values():
        assert " RM " not in text and "ec.europa.eu/consumers/odr" not in text


def test_interest_category_when_the_creditor_is_a_consumer():
    from docgen import build_context

    case = example_case("mise_en_demeure", "b2c_consommateur")
    case["creancier"] = {
        "nature": "personne_physique",
        "civilite": "Mme",
        "prenom": "Lucie",
        "nom": "Petit",
        "consommateur": True,
        "adresse": {"ligne1": "2 rue Haute", "code_postal": "44000", "ville": "Nantes"},
    }
    case["debiteur"] = example_case("mise_en_demeure", "b2b_penalites_bce")["debiteur"]
    _facts, context = build_context("mise_en_demeure", case)
    assert context["interets"]["categorie"] == "particulier"
    assert str(context["interets"]["taux"]) == "6.67"  # rate A, 2026 H1
    assert context["creance"]["indemnites"] == 0


def test_copy_by_email_needs_the_address():
    from docgen import CaseValidationError, build_context

    case = example_case("mise_en_demeure", "artisan_sci_copie_courriel")
    del case["debiteur"]["email"]
    with pytest.raises(CaseValidationError) as info:
        build_context("mise_en_demeure", case)
    assert [(e.path, e.message) for e in info.value.errors] == [
        ("debiteur.email", "obligatoire pour envoyer une copie par courriel")
    ]


ECB_2026_S2 = {"serie": "bce", "semestre": "2026-S2", "taux": "2.15", "source": "valeur d'essai"}


def _in_december(name, **changes):
    """An example dated 7 December 2026, when the server knows no rate after 30 June 2026."""
    return {**example_case("mise_en_demeure", name), "date_lettre": "2026-12-07", **changes}


def test_penalties_stopped_at_the_last_rate_known_are_to_be_completed(tmp_path):
    case = _in_december("b2b_penalites_bce", arreter_au_dernier_taux_connu=True)
    out = generate("mise_en_demeure", case)
    # up to 30/06/2026 only: 2 400 × 12,15 % × 136/365 = 108,65 ; 1 000 × 12,15 % × 90/365 =
    # 29,96 ; 108,65 + 29,96 = 138,61 ; total 3 400 + 138,61 + 80 = 3 618,61
    checks = {
        "stopped": has(
            "Pénalités de retard arrêtées au 30 juin 2026, à parfaire :",
            "du 15/02/2026 au 30/06/2026, soit 136 jours au taux de 12,15 % (1er semestre "
            "2026) : 108,65 €",
            "du 02/04/2026 au 30/06/2026, soit 90 jours au taux de 12,15 % (1er semestre "
            "2026) : 29,96 €",
            "pénalités de retard arrêtées au 30/06/2026, à parfaire : 138,61 € ;",
            "total : 3 618,61 €",
            "Les pénalités de retard postérieures au 30 juin 2026, à parfaire, s'ajoutent aux "
            "sommes ci-dessus et continuent de courir jusqu'au complet paiement.",
        ),
        "no-later-period": lacks("01/07/2026", "arrêtées au 7 décembre", "Taux retenu"),
    }
    assert_checklist(checks, out.docx, out.pdf, tmp_path)


def test_a_rate_given_in_the_facts_is_shown_with_its_source(tmp_path):
    out = generate("mise_en_demeure", _in_december("b2b_penalites_bce", taux_fournis=[ECB_2026_S2]))
    # 2 400 × 12,15 % × 160/365 = 127,82 and 1 000 × 12,15 % × 160/365 = 53,26 from 01/07 to
    # 07/12; with 108,65 and 29,96 before: 319,69
    checks = {
        "supplied": has(
            "Pénalités de retard arrêtées au 7 décembre 2026 :",
            "du 01/07/2026 au 07/12/2026, soit 160 jours au taux de 12,15 % (2e semestre "
            "2026) : 127,82 €",
            "soit 160 jours au taux de 12,15 % (2e semestre 2026) : 53,26 €",
            "pénalités de retard arrêtées au 07/12/2026 : 319,69 € ;",
            "Taux retenu : taux de refinancement de la BCE pour le 2e semestre 2026, 2,15 % "
            "(source : valeur d'essai).",
            "Les pénalités de retard continuent de courir jusqu'au complet paiement.",
        ),
        "not-stopped": lacks("à parfaire"),
    }
    assert_checklist(checks, out.docx, out.pdf, tmp_path)


def test_a_legal_rate_given_in_the_facts_names_its_source_under_the_interest():
    legal = {
        "serie": "interet_legal_autres",
        "semestre": "2026-S2",
        "taux": "2.50",
        "source": "arrêté d'essai, JORF fictif",
    }
    out = generate("mise_en_demeure", _in_december("b2c_consommateur", taux_fournis=[legal]))
    text = normalize(docx_text(out.docx))
    assert "(soit 2,50 % l'an pour le 2e semestre 2026), jusqu'à complet paiement." in text
    assert (
        "Taux retenu : taux de l'intérêt légal (autres cas) pour le 2e semestre 2026, 2,50 % "
        "(source : arrêté d'essai, JORF fictif)." in text
    )


def _refused(case):
    from docgen import CaseValidationError

    with pytest.raises(CaseValidationError) as info:
        generate("mise_en_demeure", case)
    return [(e.path, e.message) for e in info.value.errors]


def test_a_late_payment_stops_the_penalties_of_the_sum_paid(tmp_path):
    case = example_case("mise_en_demeure", "b2b_penalites_bce")
    case["factures"][0]["montant_regle"] = "1000.00"
    case["paiements"] = [{"facture": "F-2026-011", "date": "2026-05-20", "montant": "1000.00"}]
    text = normalize(docx_text(generate("mise_en_demeure", case).docx))
    # 2 400 × 12,15 % × 95/365 = 75,90 (15/02 → 20/05); 1 400 × 12,15 % × 26/365 = 12,12
    assert "Facture F-2026-011 : 2 400,00 € du 15/02/2026 au 20/05/2026, soit 95 jours" in text
    assert "Facture F-2026-011 : 1 400,00 € du 21/05/2026 au 15/06/2026, soit 26 jours" in text
    assert "75,90 €" in text and "12,12 €" in text
    assert "principal restant dû : 2 400,00 €" in text  # 1 400 + 1 000 of F-2026-019


def test_dated_payments_must_fit_their_invoice_and_the_letter():
    case = example_case("mise_en_demeure", "b2b_penalites_bce")
    case["paiements"] = [{"facture": "F-9", "date": "2026-05-20", "montant": "10"}]
    assert _refused(case) == [("paiements[0].facture", "aucune facture de ce numéro")]
    case["paiements"] = [{"facture": "F-2026-019", "date": "2026-06-16", "montant": "10"}]
    assert _refused(case) == [("paiements[0].date", "postérieur à la date de la lettre")]
    case["paiements"] = [{"facture": "F-2026-019", "date": "2026-05-20", "montant": "250.01"}]
    assert _refused(case) == [
        (
            "paiements[0].montant",
            "les paiements datés de la facture F-2026-019 dépassent son « déjà réglé »",
        )
    ]
