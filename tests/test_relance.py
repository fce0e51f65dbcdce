"""Relance amiable: every example meets its checklist (RL-01 … RL-10).

What a lawyer checks in a courteous reminder sent before any formal notice, from the texts of
reference sections 2 and 4: it is not a mise en demeure (art. 1344 C. civ.: that is the next
step, and the only one it announces); between professionals it recalls the late penalties due
without reminder from the day after the due date and the 40 € recovery indemnity per invoice
(L.441-10 II and D.441-5 C. com.); a consumer is asked for no interest, which only a mise en
demeure makes run (art. 1231-6 and 1344-1 C. civ.), and never for the 40 € nor penalties.

- RL-01 named as a reminder (« Relance »), never « mise en demeure » as its title or its act
- RL-02 creditor and debtor identities, place and date
- RL-03 the invoices: number, date, due date, amount, already paid, remaining due
- RL-04 the exact amount asked, with its breakdown when penalties are claimed
- RL-05 the date by which payment is asked, and how the letter is sent
- RL-06 between professionals: L.441-10 penalties (rate stated), 40 € per invoice (D.441-5)
- RL-07 consumer: no interest claimed, no 40 €, no L.441-10; legal interest only announced as
  the effect of a mise en demeure (art. 1231-6 and 1344-1 C. civ.)
- RL-08 courteous: ignore if paid meanwhile; contact the creditor if disputed or difficult
- RL-09 no threat beyond the true next step (a mise en demeure): no court, bailiff, injunction
- RL-10 no claim that the letter interrupts prescription
"""

import pytest

from docgen import CaseValidationError, generate
from tests.conftest import example_case
from tests.legal_text import assert_checklist, both, has, lacks

COMMON = {
    "RL-01": both(
        has("Objet : RELANCE"),
        lacks("Objet : MISE EN DEMEURE", "met en demeure", "mets en demeure", "mettons en"),
        lacks("au sens de l'article 1344", "sommation"),
    ),
    "RL-08": has(
        "Si votre règlement a été effectué entre-temps",
        "Si vous contestez tout ou partie de ces sommes",
        "solution amiable",
    ),
    "RL-09": both(
        has("une mise en demeure de payer"),
        lacks("tribunal", "juridiction", "huissier", "injonction", "poursuite", "exécution"),
        lacks("pénal ", "fichier", "750-1"),
    ),
    "RL-10": lacks("interromp", "prescription"),
    "no-leftovers": lacks("{{", "{%", "None", "undefined"),
}

CASES = {
    "b2b_penalites_bce": {
        "RL-02": has("Mme Claire Moreau EI", "Dupont & Fils SARL", "Lyon, le 5 mai 2026"),
        "RL-03": has(
            "F-2026-011 15/01/2026 14/02/2026 2 400,00 € 0,00 € 2 400,00 €",
            "F-2026-019 02/03/2026 01/04/2026 1 250,00 € 250,00 € 1 000,00 €",
        ),
        # 2 400 × 12,15 % × 80/365 = 63,91 (15/02 → 05/05); 1 000 × 12,15 % × 34/365 = 11,32
        "RL-04": has(
            "principal restant dû : 3 400,00 €",
            "pénalités de retard arrêtées au 05/05/2026 : 75,23 €",
            "(40 € × 2) : 80,00 €",
            "total : 3 555,23 €",
            "la somme de 3 555,23 € (trois mille cinq cent cinquante",
            "vingt-trois centimes) d'ici le 20 mai 2026",
        ),
        "RL-05": has("Par courriel (comptabilite@dupont-fils.fr)", "d'ici le 20 mai 2026"),
        "RL-06": has(
            "article L. 441-10 du code de commerce",
            "sans qu'un rappel soit nécessaire",
            "taux de refinancement de la Banque centrale européenne majoré de dix points",
            "soit 80 jours au taux de 12,15 % (1er semestre 2026) : 63,91 €",
            "soit 34 jours au taux de 12,15 % (1er semestre 2026) : 11,32 €",
            "40 € par facture (article D. 441-5 du code de commerce)",
        ),
        "previous": has("mon précédent rappel du 15 avril 2026 est resté sans réponse"),
        "payment": has("Moyens de paiement : virement sur le compte FR76"),
        "voice": has("J'ai réalisé", "Je vous remercie", "je vous adresserai une mise en demeure"),
    },
    "b2b_rappel_sans_penalites": {
        "RL-02": has("Imprimerie Bastide SARL", "Événements du Sud SAS"),
        "RL-03": has("IB-4410", "IB-4475", "IB-4521"),
        "RL-04": both(
            has("la somme de 7 533,30 € (sept mille cinq cent trente", "d'ici le 30 mars 2026"),
            lacks("pénalités de retard arrêtées", "se décompose"),
        ),
        "RL-05": has("Par lettre simple", "d'ici le 30 mars 2026"),
        "RL-06": has(
            "article L. 441-10 du code de commerce",
            "taux contractuel de 12,00 % l'an",
            "40 € par facture",
            "dont nous nous réservons l'application",
        ),
        "voice": has("Nous avons réalisé", "Nous vous remercions", "nous vous adresserons"),
    },
    "b2c_consommateur": {
        "RL-02": has("Rénov'Habitat SAS", "M. Julien Girard", "Nantes, le 27 mars 2026"),
        "RL-03": has("2026-0457", "10/02/2026", "12/03/2026", "3 860,40 €", "1 000,00 €"),
        "RL-04": has("la somme de 2 860,40 € (deux mille huit cent soixante euros et quarante "),
        "RL-05": has("Par lettre simple", "d'ici le 11 avril 2026"),
        "RL-07": both(
            has(
                "une mise en demeure de payer, qui fera courir sur les sommes dues les intérêts "
                "au taux de l'intérêt légal (articles 1231-6 et 1344-1 du code civil)"
            ),
            lacks("40 € par facture", "(40 € ×", "L. 441-10", "pénalités", "indemnité", "%"),
        ),
        "salutation": has("Monsieur,"),
    },
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_checklist(name, tmp_path):
    out = generate("relance", example_case("relance", name))
    assert_checklist({**COMMON, **CASES[name]}, out.docx, out.pdf, tmp_path)


def test_examples_are_all_checked():
    from docgen.catalog import EXAMPLES_DIR

    assert {p.stem for p in (EXAMPLES_DIR / "relance").glob("*.json")} == set(CASES)


def _refusal(case: dict) -> list[tuple[str, str]]:
    with pytest.raises(CaseValidationError) as info:
        generate("relance", case)
    return [(e.path, e.message) for e in info.value.errors]


def test_an_email_reminder_needs_the_debtors_address():
    case = example_case("relance", "b2b_penalites_bce")
    del case["debiteur"]["email"]
    assert _refusal(case) == [
        ("debiteur.email", "obligatoire pour envoyer la relance par courriel")
    ]


def test_an_invoice_not_yet_due_is_not_reminded():
    case = example_case("relance", "b2c_consommateur")
    case["factures"][0]["echeance"] = case["date_lettre"]
    assert _refusal(case) == [
        ("factures[0].echeance", "facture non encore échue à la date de la relance")
    ]


def test_no_penalty_rate_for_a_consumer():
    case = example_case("relance", "b2c_consommateur")
    case["taux_penalites_contractuel"] = "12.00"
    [(path, message)] = _refusal(case)
    assert path == "taux_penalites_contractuel" and "entre professionnels" in message


def test_a_previous_reminder_comes_before():
    case = example_case("relance", "b2b_penalites_bce")
    case["rappel_precedent"] = case["date_lettre"]
    assert _refusal(case) == [("rappel_precedent", "doit précéder la date de la relance")]


def test_a_consumer_reminder_reads_no_rate():
    """Dated where no rate is known, a consumer's reminder is still made: it computes none."""
    case = example_case("relance", "b2c_consommateur")
    case["date_lettre"] = "2031-03-27"
    out = generate("relance", case)
    assert out.rates_used == ()
