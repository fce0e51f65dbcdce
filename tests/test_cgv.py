"""CGV: every example meets the checklists of reference section 7 (B2C-01 … 22, B2B-01 … 09)."""

import copy
import io
import re

import pytest
from docx import Document

from docgen import CaseValidationError, build_context, case_schema, generate
from docgen.pdf.converter import docx_to_html
from tests.conftest import SHARED, example_case
from tests.legal_text import assert_checklist, both, docx_text, has, lacks, normalize


def no_word(*words):
    """Case-sensitive whole-word absence (``None``, ``RM``)."""
    return lambda text: not any(re.search(rf"\b{re.escape(w)}\b", text) for w in words)


FOOTER = re.compile(r" ?Conditions générales de vente — [^—]+ — Page \d+ sur \d+")


def flat(text):
    """Text without page footers nor hyphens: pdftotext joins words split at a line end."""
    return FOOTER.sub("", text).replace("-", "")


def encadre():
    """The D.211-2 encadré as the legal reference (section 1.6) gives it."""
    reference = (SHARED / "legal" / "reference.md").read_text(encoding="utf-8")
    box = reference.split("Encadré wording", 1)[1].split("Tests should normalise", 1)[0]
    return normalize(" ".join(line[2:] for line in box.splitlines() if line.startswith("> ")))


def encadre_verbatim(text):
    """B2C-15: the encadré, word for word, and its anchor sentences."""
    anchors = (
        "délai de deux ans à compter de la délivrance",
        "300 000 euros",
        "articles 1641 à 1649 du code civil",
    )
    return flat(encadre()) in flat(text) and all(a in text for a in anchors)


def withdrawal_is_14_days(text):
    """B2C-08: every number of days in a sentence about withdrawal is fourteen."""
    sentences = [s for s in re.split(r"(?<=\.) ", text) if "rétract" in s]
    days = [m for s in sentences for m in re.findall(r"(\S+)(?: \(\d+\))? jours", s)]
    return bool(days) and set(days) == {"quatorze"}


def exceptions_cited(*numbers):
    """B2C-10: exactly these exceptions of L.221-28 (besides 1°) are cited, in order."""
    return lambda text: re.findall(r"\((\d+°)\)[ ;.]", text) == list(numbers)


def articles_numbered(text):
    """Articles are numbered 1, 2, 3… without gaps."""
    numbers = [int(n) for n in re.findall(r"Article (\d+) –", text)]
    return len(numbers) >= 7 and numbers == list(range(1, len(numbers) + 1))


def b2b_kept_for_professionals(text):
    """B2C-22 (mixed CGV): 40 € and L.441-10 penalties only in the professionals' article."""
    start = text.index("Dispositions propres aux clients professionnels Le présent article")
    end = text.index("Article", start + 60)
    inside, outside = text[start:end], text[:start] + text[end:]
    return "s'applique exclusivement aux clients professionnels" in inside and lacks(
        "40 €", "pénalités de retard calculées", "D. 441-5", "escompte"
    )(outside)


NO_B2B = lacks("40 €", "L. 441-10", "D. 441-5", "indemnité forfaitaire", "pénalités", "escompte")
NO_CONSUMER = lacks("rétractation", "médiat", "D. 211-2", "consommat", "L. 216-1")
NO_WITHDRAWAL = both(
    has("ne bénéficie pas du droit de rétractation, réservé aux contrats conclus à distance"),
    lacks("quatorze jours", "formulaire de rétractation", "renoncer au contrat ici", "L. 221-28"),
)

COMMON = {
    "B2C-19": lacks("ec.europa.eu/consumers/odr", "plateforme de règlement en ligne", "ODR"),
    "titre": has("CONDITIONS GÉNÉRALES DE VENTE", "Article 1 – Objet et champ d'application"),
    "numerotation": articles_numbered,
    "RGPD": has(
        "est responsable du traitement des données personnelles",
        "Finalité Base légale Durée de conservation",
        "droit d'accès, de rectification et d'effacement",
        "introduire une réclamation auprès de la Commission nationale de l'informatique et des "
        "libertés (CNIL)",
    ),
    "no-RM": both(lacks("répertoire des métiers"), no_word("RM")),
    "no-leftovers": both(lacks("{{", "{%", "undefined"), no_word("None")),
    "B2C-21": lacks("compétence exclusive", "attribution de juridiction", "seuls compétents"),
    "known-rates": lacks("Base de ce taux indicatif", "source :"),
}

GUARANTEES = both(  # B2C-16, for sales of goods
    has("articles L. 217-3 et suivants du code de la consommation", "1641 et suivants"),
    lacks("sans garantie", "à l'exclusion de toute garantie", "aucune garantie"),
)

CONSUMER = {
    "B2C-17": has("Le médiateur de la consommation dont relève le Vendeur", "Adresse postale :"),
    "B2C-18": both(
        has("gratuitement", "par une réclamation écrite", "un an", "médiation est facultatif"),
        lacks("préalable obligatoire", "doit préalablement saisir"),
    ),
    "B2C-20": has("CNIL", "Durée de conservation", "droit à la portabilité"),
}

WITHDRAWAL = {
    "B2C-08": withdrawal_is_14_days,
    "B2C-12": has(
        "la totalité des sommes versées, y compris les frais de livraison standard",
        "au plus tard dans les quatorze jours à compter de la date à laquelle il est informé",
    ),
    "B2C-13": has(
        "Annexe – Modèle de formulaire de rétractation",
        "(annexe à l'article R. 221-1 du code de la consommation)",
        "Je/nous (*) vous notifie/notifions (*)",
    ),
    "B2C-14": has("« renoncer au contrat ici », accessible gratuitement", "« confirmer la"),
}

B2B = {
    "B2B-04": has("dès le jour suivant la date d'échéance", "sans qu'un rappel soit nécessaire"),
    "B2B-05": has(
        "indemnité forfaitaire pour frais de recouvrement de 40 €",
        "D. 441-5 du code de commerce",
        "indemnisation complémentaire, sur justification",
    ),
    "B2B-07": has("L. 441-1 du code de commerce", "barème des prix unitaires :", "réductions de"),
    "B2B-08": lacks("intérêt légal majoré", "intérêt légal augmenté", "intérêt légal + 10"),
}

ECB_DEFAULT = has(
    "au taux appliqué par la Banque centrale européenne à son opération de refinancement la "
    "plus récente, majoré de dix points de pourcentage",
    "soit, à titre indicatif, 12,15 % l'an pour le 1er semestre 2026",
)

CASES = {
    "micro_entreprise_en_ligne": {
        **CONSUMER,
        **WITHDRAWAL,
        "B2C-01": has("Mme Claire Dubois EI (entrepreneur individuel)"),
        "B2C-02": has(
            "Adresse professionnelle : 14 rue des Remparts, 33000 Bordeaux",
            "Téléphone : 05 56 12 34 56 — Courriel : contact@bougies-de-claire.fr",
        ),
        "B2C-03": has("RCS Bordeaux 732 829 320"),
        "B2C-04": has("TVA non applicable, art. 293 B du CGI"),
        "B2C-05": has("en euros, toutes taxes comprises (TTC)", "5,90 € TTC par commande"),
        "B2C-06": has(
            "livre les biens dans un délai de dix (10) jours à compter de la conclusion du contrat",
            "L. 216-1",
        ),
        "B2C-07": has("paie le prix en totalité à la commande", "acceptés : carte bancaire."),
        "B2C-09": both(
            has("à compter de la réception du bien par le consommateur", "du dernier bien"),
            lacks("à compter du jour de la conclusion du contrat"),
        ),
        "B2C-10": exceptions_cited("3°", "5°"),
        "B2C-11": lacks("demande expresse"),
        "B2C-12": has("Les frais directs de renvoi des biens sont à la charge du consommateur"),
        "B2C-13": has(
            "À l'attention de Mme Claire Dubois EI, 14 rue des Remparts, 33000 Bordeaux, "
            "adresse électronique : contact@bougies-de-claire.fr"
        ),
        "B2C-14": has("en bas de chaque page du site et dans la rubrique « Mes commandes »"),
        "B2C-15": encadre_verbatim,
        "B2C-16": GUARANTEES,
        "B2C-17": has("CM2C", "Site internet : https://www.cm2c.net", "49 rue de Ponthieu"),
        "B2C-22": NO_B2B,
        "pied": has("Conditions générales de vente — Mme Claire Dubois EI — Page 1 sur"),
    },
    "artisan_atelier": {
        **CONSUMER,
        "B2C-01": has("M. Karim Benali EI"),
        "B2C-02": has("5 impasse des Lilas, 31200 Toulouse", "06 98 76 54 32", "atelier-benali"),
        "B2C-03": both(
            has("SIREN 401 869 235, immatriculation au registre national des entreprises"),
            lacks("RCS"),
        ),
        "B2C-04": has("N° de TVA intracommunautaire : FR52401869235"),
        "B2C-05": has("toutes taxes comprises (TTC)", "Aucun frais de livraison, de déplacement"),
        "B2C-06": has(
            "sans retard injustifié et au plus tard trente jours après la conclusion du contrat "
            "(article L. 216-1 du code de la consommation)"
        ),
        "B2C-07": has(
            "à hauteur de 30 % à la commande, à titre d'acompte, et pour le solde à "
            "l'achèvement de la prestation",
            "carte bancaire, chèque et espèces",
        ),
        "B2C-08": NO_WITHDRAWAL,
        "B2C-15": lacks("D. 211-2", "300 000 euros", "garantie légale de conformité"),
        "B2C-17": has("CNPM", "https://www.cnpm-mediation-consommation.eu", "42400 Saint-Chamond"),
        "B2C-22": NO_B2B,
    },
    "cuisiniste_mixte": {
        **CONSUMER,
        **WITHDRAWAL,
        **B2B,
        "B2C-02": has("8 boulevard de la Prairie-au-Duc, 44200 Nantes", "02 40 12 13 14"),
        "B2C-03": has("RCS Nantes 443 061 841"),
        "B2C-05": has("toutes taxes comprises (TTC)", "livraison : 49 € TTC par commande"),
        "B2C-06": has("dans un délai de quarante-cinq (45) jours à compter de la conclusion"),
        "B2C-07": has(
            "Le consommateur paie le prix à hauteur de 30 % à la commande",
            "(article L. 221-10 du code de la consommation)",
            "carte bancaire, virement bancaire et chèque",
        ),
        "B2C-09": has(
            "Pour les contrats de prestation de services, ce délai court à compter du jour de la "
            "conclusion du contrat",
            "à compter de la réception du bien par le consommateur",
            "réception du dernier bien",
        ),
        "B2C-10": exceptions_cited("3°"),
        "B2C-11": has(
            "le Vendeur recueille sa demande expresse",
            "reconnaissance par lui de la perte de son droit de rétractation (article "
            "L. 221-28, 1°",
        ),
        "B2C-12": has("Les frais de renvoi des biens sont pris en charge par le Vendeur"),
        "B2C-13": has(
            "À l'attention de Cuisines Martin SARL, 8 boulevard de la Prairie-au-Duc, 44200 "
            "Nantes, adresse électronique : service-client@cuisines-martin.fr"
        ),
        "B2C-15": encadre_verbatim,
        "B2C-16": GUARANTEES,
        "B2C-17": has("MEDICYS", "https://www.medicys.fr", "73 boulevard de Clichy, 75009 Paris"),
        "B2C-22": b2b_kept_for_professionals,
        "B2B-01": has(
            "Les factures sont payables à quarante-cinq (45) jours fin de mois à compter de la "
            "date d'émission de la facture"
        ),
        "B2B-03": ECB_DEFAULT,
        "B2B-06": has("Un escompte de 1 % est consenti pour tout paiement reçu dans les dix"),
        "B2B-09": has(
            "Cuisines Martin, SARL au capital de 50 000,00 €",
            "N° de TVA intracommunautaire : FR64443061841",
        ),
    },
    "sas_services_b2b": {
        **B2B,
        "B2B-01": has(
            "Les factures sont payables à trente (30) jours à compter de la date d'émission"
        ),
        "B2B-03": has(
            "au taux annuel de 10 %",
            "ne peut en aucun cas être inférieur à trois fois le taux de l'intérêt légal",
        ),
        "B2B-06": has("Aucun escompte n'est consenti en cas de paiement anticipé"),
        "B2B-09": has(
            "Atelier Numérique, SAS au capital de 20 000,00 €",
            "RCS Lyon 552 100 554",
            "N° de TVA intracommunautaire : FR96552100554",
        ),
        "B2B-only": NO_CONSUMER,
        "prix HT": has("Les prix sont exprimés en euros hors taxes (HT)"),
    },
    "grossiste_b2b_delai_legal": {
        **B2B,
        "B2B-02": has(
            "À défaut de délai convenu, les sommes dues sont payables au plus tard le trentième "
            "jour suivant la date de réception des marchandises ou d'exécution de la prestation"
        ),
        "B2B-03": ECB_DEFAULT,
        "B2B-06": has("Un escompte de 1,50 % est consenti", "dans les huit (8) jours"),
        "B2B-09": has(
            "Papeteries du Rhône, SARL au capital de 15 000,00 €",
            "RCS Vienne 479 766 842",
            "FR85479766842",
        ),
        "B2B-only": NO_CONSUMER,
        "vices cachés": has("Le Client bénéficie de la garantie des vices cachés"),
    },
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_checklist(name, tmp_path):
    out = generate("cgv", example_case("cgv", name))
    assert_checklist({**COMMON, **CASES[name]}, out.docx, out.pdf, tmp_path)


def test_encadre_is_boxed():
    """The encadré is a one-cell table whose converted cell has a border on all four sides."""
    out = generate("cgv", example_case("cgv", "micro_entreprise_en_ligne"), ["docx"])
    document = Document(io.BytesIO(out.docx))
    box = next(t for t in document.tables if "300 000 euros" in normalize(t.cell(0, 0).text))
    assert len(box.rows) == len(box.columns) == 1
    html = docx_to_html(document)
    cell_class = re.findall(r'<td class="(\w+)"><p[^>]*><span[^>]*>Le consommateur dispose', html)
    style = re.search(rf"\.{cell_class[0]}\{{([^}}]*)\}}", html).group(1)
    for side in ("top", "bottom", "left", "right"):
        assert re.search(rf"border-{side}:[\d.]+pt solid", style), side


def errors_of(case):
    with pytest.raises(CaseValidationError) as info:
        build_context("cgv", case)
    return {e.path: e.message for e in info.value.errors}


def case(name="sas_services_b2b"):
    return copy.deepcopy(example_case("cgv", name))


def test_b2b_payment_term_over_60_days_refused():
    facts = case()
    facts["conditions_professionnels"]["delai_paiement_jours"] = 75
    assert errors_of(facts) == {
        "conditions_professionnels.delai_paiement_jours": "délai trop long : 60 jours à "
        "compter de la facture au plus (art. L.441-10 I C. com.)"
    }


def test_end_of_month_term_over_45_days_refused():
    facts = case("cuisiniste_mixte")
    facts["conditions_professionnels"]["delai_paiement_jours"] = 50
    message = errors_of(facts)["conditions_professionnels.delai_paiement_jours"]
    assert "45 jours fin de mois au plus" in message


def test_penalty_rate_under_three_times_legal_rate_refused():
    facts = case()
    facts["conditions_professionnels"]["taux_penalites"] = "7.50"  # floor 2026 H1: 3 × 2,62
    message = errors_of(facts)["conditions_professionnels.taux_penalites"]
    assert message.startswith("taux inférieur au minimum légal de 7,86")
    assert "1er semestre 2026" in message


def test_penalty_floor_unknown_for_the_half_year():
    facts = case()
    facts["date_version"] = "2026-09-01"  # legal rate of 2026 H2 not in the rates file
    message = errors_of(facts)["conditions_professionnels.taux_penalites"]
    assert "plancher légal invérifiable" in message and "2e semestre 2026" in message


def test_indicative_ecb_rate_left_out_when_unknown():
    facts = case("grossiste_b2b_delai_legal")
    facts["date_version"] = "2026-09-01"
    _facts, context = build_context("cgv", facts)
    assert context["reglement_professionnels"]["taux_indicatif"] is None
    text = Document(io.BytesIO(generate("cgv", facts, ["docx"]).docx))
    body = " ".join(p.text for p in text.paragraphs)
    assert "majoré de dix points" in body and "à titre indicatif" not in body


def test_consumers_need_a_mediator():
    facts = case("artisan_atelier")
    del facts["mediateur"]
    assert errors_of(facts)["mediateur"].startswith("obligatoire avec des consommateurs")


def test_online_contracts_need_the_withdrawal_function():
    facts = case("micro_entreprise_en_ligne")
    del facts["fonction_retractation"]
    assert "renoncer au contrat ici" in errors_of(facts)["fonction_retractation"]


@pytest.mark.parametrize(
    ("change", "path", "start"),
    [
        ({"vendeur.entrepreneur_individuel": False}, "vendeur.entrepreneur_individuel", "un "),
        ({"vendeur.email": None}, "vendeur.email", "obligatoire"),
        ({"vendeur.tva_franchise": False}, "vendeur.numero_tva", "obligatoire"),
        ({"offre": "services"}, "exceptions_retractation[0]", "exception propre aux ventes"),
        ({"execution_pendant_delai": True}, "execution_pendant_delai", "sans objet"),
        ({"site_internet": "pas une adresse"}, "site_internet", "adresse de site invalide"),
        ({"paiement": "acompte"}, "acompte_pourcentage", "à indiquer"),
    ],
)
def test_field_errors_in_french(change, path, start):
    facts = case("micro_entreprise_en_ligne")
    for dotted, value in change.items():
        target = facts
        *parents, last = dotted.split(".")
        for parent in parents:
            target = target[parent]
        target[last] = value
    assert errors_of(facts)[path].startswith(start)


def test_b2b_only_cgv_refuse_consumer_clauses():
    facts = case()
    facts["mediateur"] = example_case("cgv", "artisan_atelier")["mediateur"]
    assert errors_of(facts) == {"mediateur": "sans objet sans clients consommateurs"}


def test_schema_has_french_descriptions():
    schema = case_schema("cgv")
    assert schema["title"] == "Conditions générales de vente"
    assert {"vendeur", "offre", "clientele", "date_version"} <= set(schema["required"])
    assert (
        "BCE"
        in schema["$defs"]["ConditionsProfessionnels"]["properties"]["taux_penalites"][
            "description"
        ]
    )


ECB_2026_S2 = {"serie": "bce", "semestre": "2026-S2", "taux": "2.15", "source": "valeur d'essai"}
LEGAL_2026_S2 = {
    "serie": "interet_legal_autres",
    "semestre": "2026-S2",
    "taux": "2.50",
    "source": "arrêté d'essai, JORF fictif",
}


def test_an_ecb_rate_given_in_the_facts_is_the_base_of_the_indicative_rate(tmp_path):
    facts = case("grossiste_b2b_delai_legal")
    facts.update(date_version="2026-12-07", taux_fournis=[ECB_2026_S2])
    out = generate("cgv", facts)
    checks = {
        "indicative": has(
            "soit, à titre indicatif, 12,15 % l'an pour le 2e semestre 2026.",
            "Base de ce taux indicatif : taux de refinancement de la BCE pour le 2e semestre "
            "2026, 2,15 % (source : valeur d'essai).",
        )
    }
    assert_checklist(checks, out.docx, out.pdf, tmp_path)


def test_a_stipulated_rate_shows_no_base_of_an_indicative_rate():
    facts = case()  # a stipulated rate of 10 %: floor 3 × 2,50 = 7,50 with the given rate
    facts.update(date_version="2026-12-07", taux_fournis=[ECB_2026_S2, LEGAL_2026_S2])
    body = normalize(docx_text(generate("cgv", facts, ["docx"]).docx))
    assert "au taux annuel de 10 %" in body
    assert "à titre indicatif" not in body and "Base de ce taux indicatif" not in body
    assert "source :" not in body
