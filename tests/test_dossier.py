"""The dispute file, pure: its events checked against each other, what is due, what comes next."""

import datetime
from decimal import Decimal

import pytest

from docgen import generate
from docgen.dossier.documents import case_for, protocole_case
from docgen.dossier.facts import Dossier
from docgen.dossier.nextsteps import add_months, next_date, next_steps, stage
from docgen.dossier.timeline import balance, check_event, parse_event
from docgen.errors import CaseValidationError
from tests.conftest import example_case
from tests.legal_text import docx_text, normalize

D = datetime.date


def b2b_dossier() -> Dossier:
    """Mme Moreau EI (liberal profession) against Dupont & Fils SARL: 2 400 € and 1 000 € due."""
    case = example_case("mise_en_demeure", "b2b_penalites_bce")
    case["creancier"].update(  # what a requête asks of a natural person (art. 54 and 57 CPC)
        profession="développeuse web",
        nationalite="française",
        date_naissance="1988-03-14",
        lieu_naissance="Lyon (69)",
    )
    return Dossier.model_validate(
        {
            "intitule": "Impayé Dupont & Fils",
            **{k: case[k] for k in ("creancier", "debiteur", "factures", "prestation", "lieu")},
        }
    )


def consumer_dossier(**changes) -> Dossier:
    case = example_case("mise_en_demeure", "b2c_consommateur")
    data = {
        "intitule": "Travaux Girard",
        **{k: case[k] for k in ("creancier", "debiteur", "factures", "prestation", "lieu")},
    }
    data.update(changes)
    return Dossier.model_validate(data)


def ev(**data):
    return parse_event(data)


INVOICE = "F-2026-019"

STORY = [
    ev(type="relance", date="2026-04-15", moyen="courriel"),
    ev(type="mise_en_demeure", date="2026-05-05", mode="lettre_recommandee_ar", delai_jours=8),
    ev(type="reception", date="2026-05-07", statut="recu"),
    ev(type="paiement", date="2026-05-20", montant="1000.00"),
]


TODAY = D(2026, 12, 7)


def messages(dossier, events, new, today=TODAY):
    return [(e.path, normalize(e.message)) for e in check_event(dossier, events, new, today)]


def test_every_step_of_the_story_is_accepted_in_turn():
    dossier = b2b_dossier()
    for index, event in enumerate(STORY):
        assert messages(dossier, STORY[:index], event) == []


@pytest.mark.parametrize(
    ("event", "expected"),
    [
        (
            {"type": "reception", "date": "2026-05-01", "statut": "recu"},
            ("date", "aucune mise en demeure envoyée avant cette date"),
        ),
        (
            {"type": "paiement", "date": "2026-05-20", "montant": "3400.01"},
            ("montant", "dépasse le reste dû à cette date (3 400,00 €)"),
        ),
        (
            {"type": "paiement", "date": "2026-05-20", "montant": "1000.01", "facture": INVOICE},
            ("montant", "dépasse le reste dû sur la facture F-2026-019 à cette date (1 000,00 €)"),
        ),
        (
            {"type": "paiement", "date": "2026-05-20", "montant": "10", "facture": "F-9"},
            ("facture", "aucune facture n° F-9 dans ce dossier"),
        ),
        (
            {"type": "requete", "date": "2026-05-13", "juridiction": "Tribunal judiciaire de Lyon"},
            (
                "date",
                "la mise en demeure laisse jusqu'au 13/05/2026 pour payer : la requête se "
                "dépose à partir du lendemain",
            ),
        ),
        (
            {"type": "delai_expire", "date": "2026-05-13"},
            ("date", "la mise en demeure laisse jusqu'au 13/05/2026 pour payer"),
        ),
        (
            {"type": "ordonnance", "date": "2026-06-10"},
            ("date", "aucune requête déposée avant cette date"),
        ),
        (
            {"type": "relance", "date": "2026-12-08", "moyen": "sms"},
            ("date", "date à venir : n'enregistrez que ce qui a eu lieu"),
        ),
        (
            {"type": "relance", "date": "2026-02-14", "moyen": "sms"},
            ("date", "aucune facture n'est encore échue à cette date (1re échéance le 14/02/2026)"),
        ),
    ],
)
def test_an_impossible_event_is_refused_with_its_reason(event, expected):
    events = STORY[:2] if event["type"] != "reception" else STORY[:1]
    assert messages(b2b_dossier(), events, ev(**event)) == [expected]


def test_a_second_receipt_and_a_receipt_of_a_simple_letter_are_refused():
    dossier = b2b_dossier()
    again = ev(type="reception", date="2026-05-09", statut="recu")
    assert messages(dossier, STORY[:3], again) == [
        ("type", "la réception de la mise en demeure du 05/05/2026 est déjà enregistrée")
    ]
    simple = ev(type="mise_en_demeure", date="2026-05-05", mode="lettre_simple", delai_jours=8)
    assert messages(dossier, [simple], again) == [
        ("type", "une lettre simple n'a pas d'avis de réception")
    ]


def test_an_event_lacking_what_its_type_needs_is_refused():
    with pytest.raises(CaseValidationError) as info:
        parse_event({"type": "paiement", "date": "2026-05-20"})
    assert [(e.path, e.message) for e in info.value.errors] == [
        ("montant", "obligatoire pour « Paiement reçu »")
    ]


def test_a_payment_goes_to_the_oldest_invoice_unless_it_names_one():
    dossier = b2b_dossier()
    due = balance(dossier, STORY, D(2026, 6, 1))
    assert [(f.numero, f.reste_du) for f in due.invoices] == [
        ("F-2026-011", Decimal("1400.00")),
        ("F-2026-019", Decimal("1000.00")),
    ]
    assert due.principal == Decimal("2400.00") and due.paid_since == Decimal("1000.00")
    named = [*STORY[:3], ev(type="paiement", date="2026-05-20", montant="1000", facture=INVOICE)]
    assert [f.numero for f in balance(dossier, named, D(2026, 6, 1)).invoices] == ["F-2026-011"]
    assert balance(dossier, STORY, D(2026, 5, 19)).principal == Decimal("3400.00")


def test_stages_follow_the_story():
    dossier = b2b_dossier()
    today = D(2026, 12, 7)
    assert stage(dossier, [], today) == "ouvert"
    assert stage(dossier, STORY[:1], today) == "relance"
    assert stage(dossier, STORY, today) == "mise_en_demeure"
    paid = [*STORY, ev(type="paiement", date="2026-06-02", montant="2400")]
    assert stage(dossier, paid, today) == "solde"


def _steps(dossier, events, today):
    return {s.title: s for s in next_steps(dossier, events, today)}


def test_within_the_notices_delay_the_next_step_is_its_end_then_the_requete():
    steps = _steps(b2b_dossier(), STORY[:3], D(2026, 5, 8))
    wait = steps["Attendre la fin du délai de la mise en demeure"]
    assert wait.date == D(2026, 5, 13) and wait.kind == "action"
    assert "expire le 13 mai 2026" in wait.text
    assert (
        "auprès du président du tribunal judiciaire dans le ressort duquel le débiteur a son "
        "siège (Villeurbanne)" in wait.text
    )
    assert "à partir du 14 mai 2026" in wait.text
    assert wait.article == "art. 1344 C. civ. ; art. 1405 et 1406 CPC"
    limitation = steps["Prescription le 14 février 2031"]
    assert limitation.kind == "info" and "art. L. 110-4 du code de commerce" in limitation.article
    assert "n'interrompt pas ce délai" in limitation.text
    amicable = steps["Avant une assignation : tentative amiable obligatoire"]
    assert "art. 750-1 CPC" in amicable.article
    assert next_date(list(steps.values())) == D(2026, 5, 13)
    after = _steps(b2b_dossier(), STORY, D(2026, 5, 21))
    assert after["Déposer la requête en injonction de payer"].date == D(2026, 5, 14)


def test_an_order_is_to_be_served_within_six_months():
    events = [
        *STORY,
        ev(type="requete", date="2026-06-01", juridiction="Tribunal judiciaire de Lyon"),
        ev(type="ordonnance", date="2026-08-31"),
    ]
    step = _steps(b2b_dossier(), events, D(2026, 9, 1))["Faire signifier l'ordonnance"]
    assert step.date == D(2027, 2, 28) and step.article == "art. 1411 et 1416 CPC"
    assert add_months(D(2026, 8, 31), 6) == D(2027, 2, 28)


def test_a_consumer_debt_warns_of_its_limitation_and_asks_for_the_mediator():
    dossier = consumer_dossier()
    steps = _steps(dossier, [], D(2028, 1, 1))
    warning = steps["Prescription le 12 mars 2028"]
    assert warning.kind == "alerte" and warning.article.startswith("art. L. 218-2")
    mediator = steps["Indiquer votre médiateur de la consommation"]
    assert mediator.kind == "alerte" and mediator.article == "art. L. 616-1 et R. 616-1 C. conso"
    relance = steps["Envoyer une relance amiable"]
    assert "ne courent qu'à compter d'une mise en demeure" in relance.text
    far = _steps(dossier, [], D(2027, 12, 12))
    assert far["Prescription le 12 mars 2028"].kind == "info"  # 91 days before
    named = consumer_dossier(mediateur={"nom": "CM2C", "site_internet": "https://www.cm2c.net"})
    given = _steps(named, [], D(2026, 4, 1))["Communiquer les coordonnées du médiateur"]
    assert "CM2C (https://www.cm2c.net)" in given.text


def test_the_reminder_of_the_dossier_names_the_previous_one_and_computes_its_amounts(tmp_path):
    case = case_for(
        "relance",
        b2b_dossier(),
        STORY[:1],
        {"date_lettre": "2026-05-05", "delai_jours": 15, "mode_envoi": "lettre_simple"},
    )
    text = normalize(docx_text(generate("relance", case).docx))
    assert "mon précédent rappel du 15 avril 2026 est resté sans réponse" in text
    assert "total : 3 555,23 €" in text


def test_the_requete_of_the_dossier_deducts_the_payment_and_lists_the_notice(tmp_path):
    case = case_for(
        "injonction_de_payer",
        b2b_dossier(),
        STORY,
        {
            "date_requete": "2026-06-01",
            "fondement": {"nature": "devis", "date": "2026-01-05"},
        },
    )
    assert case["mise_en_demeure"] == {
        "date": "2026-05-05",
        "mode": "lettre_recommandee_ar",
        "date_reception": "2026-05-07",
    }
    assert case["relances"] == [{"date": "2026-04-15", "moyen": "courriel"}]
    assert case["paiements"] == [
        {"facture": "F-2026-011", "date": "2026-05-20", "montant": "1000.00"}
    ]
    text = normalize(docx_text(generate("injonction_de_payer", case).docx))
    assert "Mise en demeure du 5 mai 2026" in text
    assert "Avis de réception de la mise en demeure, signé le 7 mai 2026" in text
    # F-2026-011: 2 400 × 12,15 % × 95/365 = 75,90 until the payment of 20 May, then
    # 1 400 × 12,15 % × 12/365 = 5,59; F-2026-019: 1 000 × 12,15 % × 61/365 = 20,31
    assert "2 400,00 € 15/02/2026 20/05/2026 95 12,15 % 75,90 €" in text
    assert "1 400,00 € 21/05/2026 01/06/2026 12 12,15 % 5,59 €" in text
    assert "101,80 €" in text and "2 581,80 €" in text  # 2 400 + 101,80 + 80


def test_a_stage_cannot_restate_what_the_dossier_holds():
    with pytest.raises(CaseValidationError) as info:
        case_for("relance", b2b_dossier(), [], {"date_lettre": "2026-05-05", "factures": []})
    assert [(e.path, e.message) for e in info.value.errors] == [
        ("factures", "déjà connu du dossier, ou sans objet pour ce document")
    ]


def test_the_protocole_starts_from_the_parties_and_the_claim():
    draft = protocole_case(b2b_dossier(), STORY, D(2026, 6, 1))
    creditor, debtor = draft["parties"]
    assert creditor["appellation"] == "le Créancier" and creditor["montant_reclame"] == "2400.00"
    assert debtor["denomination"] == "Dupont & Fils"
    expose = [normalize(line) for line in draft["expose"]]
    assert "Le 20 mai 2026, le Débiteur a versé la somme de 1 000,00 €." in expose
    assert normalize(draft["objet_litige"]).startswith("le paiement de la somme de 2 400,00 €")


def test_the_protocole_draft_completed_makes_a_transaction():
    draft = protocole_case(b2b_dossier(), STORY, D(2026, 6, 1))
    creditor, debtor = draft["parties"]
    creditor["concessions"] = ["renonce aux pénalités de retard et à l'indemnité forfaitaire"]
    debtor["pretentions"] = "le rejet de la demande, les prestations étant selon lui inachevées"
    debtor["concessions"] = ["renonce à toute contestation de la qualité des prestations"]
    draft["reglements"][0]["iban"] = "FR76 3000 6000 0112 3456 7890 189"
    draft.update(
        clause_penale="500.00",
        force_executoire="homologation",
        juridiction_competente="le tribunal judiciaire de Lyon",
    )
    case = case_for("protocole_transactionnel", b2b_dossier(), STORY, draft)
    text = normalize(docx_text(generate("protocole_transactionnel", case).docx))
    assert "2044" in text and "Dupont & Fils" in text and "Claire Moreau" in text
    assert "portant sur le paiement de la somme de 2 400,00 € restant due" in text
    assert "au plus tard le 16 juin 2026" in text
