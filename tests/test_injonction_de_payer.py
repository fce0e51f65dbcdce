"""Requête en injonction de payer: every example meets checklist IP-01 … IP-11 (reference § 7)."""

import copy
import functools
import re

import pytest

from docgen import CaseValidationError, build_context, generate
from tests.conftest import example_case, pdf_text
from tests.legal_text import assert_checklist, both, docx_text, lacks, normalize, texts

DOC = "injonction_de_payer"
CERFAS = ("12948*06", "12946*02", "16040*01")


def _unhyphenated(text):
    """pdftotext drops the hyphen of a compound word split at the end of a line."""
    return text.replace("-", "")


def has(*needles):
    """Every needle is in the text; a needle may also be a check such as ``row(…)``."""

    def check(text):
        flat = _unhyphenated(text)
        return all(n(text) if callable(n) else _unhyphenated(n) in flat for n in needles)

    return check


def row(*cells):
    """A table row: its cells side by side in the DOCX text; in the PDF text, where pdftotext
    may read a short table column by column, in the same order and close to each other."""
    pattern = re.compile(".{0,300}?".join(re.escape(c) for c in cells))
    return lambda text: " ".join(cells) in text or pattern.search(text) is not None


def cerfa(number):
    """IP-08: the matching Cerfa is named, and no other."""
    others = [c for c in CERFAS if c != number]
    return both(
        has(f"Requête établie selon les mentions du formulaire Cerfa n° {number}"), lacks(*others)
    )


B2B_ONLY = ("40 €", "L. 441-10", "D. 441-5", "pénalités", "indemnité forfaitaire")

COMMON = {
    "layout": has(
        "REQUÊTE EN INJONCTION DE PAYER (articles 1405 et suivants du code de procédure civile)",
        "POUR :",
        "CONTRE :",
        "PLAISE À MONSIEUR OU MADAME LE",
        "À CES CAUSES",
        "de bien vouloir rendre une ordonnance enjoignant à",
        "SOUS TOUTES RÉSERVES",
        "Page 1 sur",
    ),
    "IP-01": has("territorialement compétente (art. 1406 du code de procédure civile)"),
    "IP-02": has(
        "La créance a une cause contractuelle",
        "un montant déterminé, conformément à l'article 1405 du code de procédure civile",
        "Elle est exigible",
    ),
    "IP-07": has("BORDEREAU DES PIÈCES", "Pièces jointes :"),
    "IP-09": has("Signature"),
    "IP-10": lacks("750-1", "conciliat", "médiat", "résolution amiable", "tentative préalable"),
    "IP-11": lacks("juridiction nationale", "nationale des injonctions"),
    "no-rm": lacks("répertoire des métiers", " RM ", "(RM)"),
    "no-leftovers": lacks("{{", "{%", "None", "undefined"),
    "known-rates": lacks("à parfaire", "Taux retenu", "source :"),
}

CASES = {
    "artisan_consommateur_tj": {
        "IP-01": has(
            "À Monsieur ou Madame le Président du tribunal judiciaire de Nantes",
            "Le débiteur ayant agi en qualité de consommateur, à des fins étrangères à toute "
            "activité professionnelle, la demande relève du président du tribunal judiciaire de "
            "Nantes. Le débiteur demeure à Nantes, dans le ressort de cette juridiction",
            "PLAISE À MONSIEUR OU MADAME LE PRÉSIDENT",
        ),
        "IP-02": has(
            "Elle n'est pas prescrite : le délai de prescription de deux ans (art. L. 218-2 du "
            "code de la consommation) n'est pas expiré, la plus ancienne échéance étant du "
            "28 décembre 2025"
        ),
        "IP-03": has(
            "M. Karim Benali, entrepreneur individuel (EI), plombier-chauffagiste, né le "
            "19 juillet 1984 à Saint-Étienne (42), de nationalité française, immatriculé au "
            "registre national des entreprises sous le numéro SIREN 793 124 587, domicilié "
            "3 rue Michelet, 44000 Nantes"
        ),
        "IP-04": has("Mme Élodie Marchand, demeurant 27 boulevard des Poilus, 44300 Nantes"),
        # interest at the legal rate B (creditor acting for his trade), 2026 H1 = 2,62 %, from
        # the day after the notice was received (19/02) to the request (12/05): 82 days;
        # 3 360 × 2,62 % × 82 / 365 = 19,78 ; total 3 360 + 19,78 = 3 379,78
        "IP-05": both(
            has(
                row(
                    "F-2025-214",
                    "28/11/2025",
                    "28/12/2025",
                    "4 860,00 €",
                    "1 500,00 €",
                    "3 360,00 €",
                    "n° 3",
                ),
                row(
                    "Intérêts au taux légal",
                    "3 360,00 €",
                    "20/02/2026",
                    "12/05/2026",
                    "82",
                    "2,62 %",
                    "19,78 €",
                ),
                row("TOTAL DE LA CRÉANCE", "3 379,78 €"),
                "la somme de 3 379,78 € (trois mille trois cent soixante-dix-neuf euros et "
                "soixante-dix-huit centimes)",
                "– 3 360,00 € en principal ; – 19,78 € au titre des intérêts au taux légal "
                "arrêtés au 12 mai 2026 ;",
                "articles 1231-6 et 1344-1 du code civil, la mise en demeure reçue le "
                "19 février 2026 a fait courir sur la somme due en principal, à compter du "
                "19 février 2026, les intérêts au taux de l'intérêt légal applicable dans les "
                "cas autres que les créances des personnes physiques",
                "les intérêts au taux légal à compter du 13 mai 2026 jusqu'à complet paiement",
            ),
            lacks(*B2B_ONLY),
        ),
        "IP-06": has(
            "En exécution du devis n° D-2025-087 accepté le 6 octobre 2025 (pièce n° 2), le "
            "créancier a réalisé pour le compte du débiteur le remplacement de la chaudière"
        ),
        "IP-07": has(
            "1 Extrait du registre national des entreprises relatif au créancier, M. Karim "
            "Benali EI 2 Devis n° D-2025-087 accepté le 6 octobre 2025 3 Facture n° F-2025-214 "
            "du 28 novembre 2025 (4 860,00 €, échéance le 28 décembre 2025)",
            "Pièces jointes : 8 pièces",
        ),
        "IP-08": cerfa("12948*06"),
        "IP-09": has("Fait à Nantes, le 12 mai 2026 M. Karim Benali EI Signature"),
        "mise-en-demeure": has(
            "par SMS le 8 janvier 2026 (pièce n° 4) et par lettre simple le 26 janvier 2026 "
            "(pièce n° 5)",
            "Par lettre recommandée avec demande d'avis de réception du 16 février 2026, reçue "
            "le 19 février 2026 (pièces n° 6 et 7), le débiteur a été mis en demeure",
        ),
    },
    "b2b_tae_lyon_avocat": {
        "IP-01": has(
            "À Monsieur ou Madame le Président du tribunal des activités économiques de Lyon",
            "Le créancier et le débiteur étant tous deux commerçants, artisans ou sociétés "
            "commerciales, la demande relève du président du tribunal des activités économiques "
            "de Lyon, qui exerce les attributions du tribunal de commerce (art. L. 721-3 du "
            "code de commerce). Le débiteur a son siège à Villeurbanne",
        ),
        "IP-02": has("prescription de cinq ans (art. L. 110-4 du code de commerce)"),
        "IP-03": has(
            "Menuiserie Gaillard, SARL au capital de 15 000,00 €, immatriculée au registre du "
            "commerce et des sociétés sous le numéro 514 789 239 RCS Lyon, dont le siège social "
            "est situé 12 rue Paul-Bert, 69003 Lyon, représentée par M. Thomas Gaillard, en sa "
            "qualité de gérant",
            "Ayant pour avocat : Maître Sophie Laurent, avocat au barreau de Lyon, Laurent "
            "Avocats, 20 quai Romain-Rolland, 69005 Lyon, chez qui domicile est élu",
        ),
        "IP-04": has(
            "Résidences Tête d'Or, SAS, immatriculée au registre du commerce et des sociétés "
            "sous le numéro 883 412 769 RCS Lyon, dont le siège social est situé 48 cours "
            "Émile-Zola, 69100 Villeurbanne, prise en la personne de son représentant légal, "
            "Mme Nadia Ferhat, présidente"
        ),
        # 12 % stipulated (above the floor 3 × rate B: 8,28 % in 2025 H2, 7,86 % in 2026 H1)
        # 6 000 × 12 % × 62/365 = 122,30 and × 126/365 = 248,55 ;
        # 5 760 × 12 % × 17/365 = 32,19 and × 126/365 = 238,61 ; 2 280 × 12 % × 73/365 = 54,72
        # penalties 696,37 ; indemnities 3 × 40 = 120 ; total 14 040 + 696,37 + 120 = 14 856,37
        "IP-05": has(
            row(
                "G-2025-311",
                "30/09/2025",
                "30/10/2025",
                "8 400,00 €",
                "2 400,00 €",
                "6 000,00 €",
                "n° 4",
            ),
            row(
                "Facture n° G-2025-311",
                "6 000,00 €",
                "31/10/2025",
                "31/12/2025",
                "62",
                "12,00 %",
                "122,30 €",
            ),
            row(
                "Facture n° G-2025-311",
                "6 000,00 €",
                "01/01/2026",
                "06/05/2026",
                "126",
                "12,00 %",
                "248,55 €",
            ),
            row(
                "Facture n° G-2025-342",
                "5 760,00 €",
                "15/12/2025",
                "31/12/2025",
                "17",
                "12,00 %",
                "32,19 €",
            ),
            row(
                "Facture n° G-2025-342",
                "5 760,00 €",
                "01/01/2026",
                "06/05/2026",
                "126",
                "12,00 %",
                "238,61 €",
            ),
            row(
                "Facture n° G-2026-015",
                "2 280,00 €",
                "23/02/2026",
                "06/05/2026",
                "73",
                "12,00 %",
                "54,72 €",
            ),
            row("Total des pénalités de retard", "696,37 €"),
            row("40 € × 3 factures", "120,00 €"),
            row("TOTAL DE LA CRÉANCE", "14 856,37 €"),
            "la somme de 14 856,37 € (quatorze mille huit cent cinquante-six euros et "
            "trente-sept centimes)",
            "taux contractuel de 12,00 % l'an (article L. 441-10 du code de commerce)",
            "les pénalités de retard au taux contractuel de 12,00 % l'an à compter du "
            "7 mai 2026 jusqu'à complet paiement",
        ),
        "IP-06": has(
            "En exécution du contrat d'entreprise n° 2025-07 (agencement de douze studios) "
            "conclu le 2 juin 2025 (pièce n° 3)"
        ),
        "IP-07": has(
            "9 Mise en demeure du 25 mars 2026 (acte de commissaire de justice) 10 Procès-verbal "
            "de réception des travaux sans réserve du 20 janvier 2026",
            "Pièces jointes : 10 pièces",
        ),
        "IP-08": cerfa("12946*02"),
        "IP-09": has(
            "Fait à Lyon, le 6 mai 2026 Pour Menuiserie Gaillard SARL, Maître Sophie Laurent "
            "avocat au barreau de Lyon Signature"
        ),
        "mise-en-demeure": has(
            "Par acte de commissaire de justice signifié le 25 mars 2026 (pièce n° 9)"
        ),
    },
    "b2b_tribunal_commerce": {
        "IP-01": has(
            "À Monsieur ou Madame le Président du tribunal de commerce de Bordeaux",
            "la demande relève du président du tribunal de commerce de Bordeaux (art. L. 721-3 "
            "du code de commerce). Le débiteur a son siège à Mérignac",
        ),
        "IP-03": has(
            "Imprimerie Bastide, SAS au capital de 50 000,00 €, immatriculée au registre du "
            "commerce et des sociétés sous le numéro 812 345 676 RCS Bordeaux, dont le siège "
            "social est situé 27 rue Fondaudège, 33000 Bordeaux, représentée par Mme Hélène "
            "Bastide, en sa qualité de présidente"
        ),
        "IP-04": has(
            "Les Caves du Médoc, SARL au capital de 20 000,00 €, immatriculée au registre du "
            "commerce et des sociétés sous le numéro 902 113 455 RCS Bordeaux, dont le siège "
            "social est situé 14 avenue de la Somme, 33700 Mérignac, prise en la personne de "
            "son représentant légal, M. Olivier Duret, gérant"
        ),
        # ECB main refinancing rate on 1 Jan 2026 = 2,15 % + 10 points = 12,15 %
        # 3 960 × 12,15 % × 134/365 = 176,64 ; 1 188 × 12,15 % × 88/365 = 34,80
        # penalties 211,44 ; indemnities 2 × 40 = 80 ; total 5 148 + 211,44 + 80 = 5 439,44
        "IP-05": has(
            row(
                "Facture n° F-2025-1187",
                "3 960,00 €",
                "05/01/2026",
                "18/05/2026",
                "134",
                "12,15 %",
                "176,64 €",
            ),
            row(
                "Facture n° F-2026-0042",
                "1 188,00 €",
                "20/02/2026",
                "18/05/2026",
                "88",
                "12,15 %",
                "34,80 €",
            ),
            row("Total des pénalités de retard", "211,44 €"),
            row("40 € × 2 factures", "80,00 €"),
            row("TOTAL DE LA CRÉANCE", "5 439,44 €"),
            "la somme de 5 439,44 € (cinq mille quatre cent trente-neuf euros et quarante-quatre "
            "centimes)",
            "– 5 148,00 € en principal ; – 211,44 € au titre des pénalités de retard arrêtées au "
            "18 mai 2026 ; – 80,00 € au titre des indemnités forfaitaires pour frais de "
            "recouvrement ;",
            "taux appliqué par la Banque centrale européenne à son opération de refinancement la "
            "plus récente, majoré de dix points",
            "sans qu'un rappel soit nécessaire",
            "40 € par facture (articles L. 441-10 et D. 441-5 du code de commerce)",
        ),
        "IP-06": has(
            "En exécution du bon de commande n° BC-2025-118 signé le 11 novembre 2025 (pièce "
            "n° 3), aux conditions générales de vente du créancier dans leur version du "
            "1er janvier 2025 (pièce n° 4)",
            row(
                "F-2025-1187",
                "05/12/2025",
                "04/01/2026",
                "3 960,00 €",
                "0,00 €",
                "3 960,00 €",
                "n° 5",
            ),
        ),
        "IP-07": has(
            "4 Conditions générales de vente du créancier (version du 1er janvier 2025)",
            "10 Avis de réception de la mise en demeure, signé le 18 mars 2026 11 Bons de "
            "livraison signés des 2 décembre 2025 et 16 janvier 2026",
        ),
        "IP-08": cerfa("12946*02"),
        "IP-09": has(
            "Fait à Bordeaux, le 18 mai 2026 Mme Hélène Bastide présidente de la société "
            "Imprimerie Bastide SAS Signature"
        ),
        "mise-en-demeure": has(
            "par courriel le 20 janvier 2026 (pièce n° 7), par téléphone le 10 février 2026 et "
            "par lettre simple le 27 février 2026 (pièce n° 8)",
            "Par lettre recommandée avec demande d'avis de réception du 16 mars 2026, reçue le "
            "18 mars 2026 (pièces n° 9 et 10)",
        ),
    },
    "bail_habitation_jcp": {
        "IP-01": has(
            "À Monsieur ou Madame le Juge des contentieux de la protection du tribunal "
            "judiciaire de Tours",
            "PLAISE À MONSIEUR OU MADAME LE JUGE DES CONTENTIEUX DE LA PROTECTION",
            "La créance portant sur des loyers et charges dus en vertu d'un bail d'habitation, "
            "la demande relève du juge des contentieux de la protection du tribunal judiciaire "
            "de Tours. Le débiteur demeure à Tours",
        ),
        "IP-02": has("prescription de trois ans (art. 7-1 de la loi n° 89-462 du 6 juillet 1989)"),
        "IP-03": has(
            "Les Tilleuls, SCI au capital de 1 000,00 €, immatriculée au registre du commerce "
            "et des sociétés sous le numéro 423 578 103 RCS Tours, dont le siège social est "
            "situé 10 rue Nationale, 37000 Tours, représentée par Mme Anne Rousseau, en sa "
            "qualité de gérante"
        ),
        "IP-04": has("M. Lucas Fontaine, demeurant 15 rue Colbert, Appartement 4, 37000 Tours"),
        # principal 780 + 780 + 580 = 2 140 ; legal rate B 2026 H1 = 2,62 % from 17/04 to 02/06
        # (47 days): 2 140 × 2,62 % × 47/365 = 7,22 ; total 2 147,22
        "IP-05": both(
            has(
                row(
                    "2026-04",
                    "25/03/2026",
                    "05/04/2026",
                    "780,00 €",
                    "200,00 €",
                    "580,00 €",
                    "n° 5",
                ),
                row(
                    "Intérêts au taux légal",
                    "2 140,00 €",
                    "17/04/2026",
                    "02/06/2026",
                    "47",
                    "2,62 %",
                    "7,22 €",
                ),
                row("TOTAL DE LA CRÉANCE", "2 147,22 €"),
                "la somme de 2 147,22 € (deux mille cent quarante-sept euros et vingt-deux "
                "centimes)",
            ),
            lacks(*B2B_ONLY),
        ),
        "IP-06": has(
            "En vertu du bail d'habitation portant sur l'appartement situé 15 rue Colbert à "
            "Tours conclu le 1er septembre 2024 (pièce n° 2)",
            "Les avis d'échéance suivants sont restés impayés",
        ),
        "IP-07": has(
            "3 Avis d'échéance n° 2026-02 du 25 janvier 2026 (780,00 €, échéance le 5 février 2026)"
        ),
        "IP-08": cerfa("16040*01"),
        "IP-09": has(
            "Fait à Tours, le 2 juin 2026 Mme Anne Rousseau gérante de la société Les Tilleuls "
            "SCI Signature"
        ),
    },
    "liberal_societe_tj": {
        "IP-01": has(
            "À Monsieur ou Madame le Président du tribunal judiciaire de Rennes",
            "Le créancier exerçant une profession libérale, activité de nature civile, la "
            "demande relève du président du tribunal judiciaire de Rennes. Le débiteur a son "
            "siège à Cesson-Sévigné",
        ),
        "IP-03": has(
            "Mme Claire Moreau, entrepreneur individuel (EI) exerçant sous le nom commercial "
            "« Claire Moreau Conseil », consultante en communication, née le 3 mars 1988 à "
            "Besançon (25), de nationalité française, identifiée sous le numéro SIREN "
            "732 829 320, domiciliée 6 rue de Penhoët, 35000 Rennes"
        ),
        "IP-04": has(
            "Breizh Cosmétiques, SAS au capital de 100 000,00 €",
            "dont le siège social est situé 8 rue du Bignon, ZA de la Rigourdière, 35510 "
            "Cesson-Sévigné, prise en la personne de son représentant légal, M. Yann Le Goff",
        ),
        # 2 750 × 12,15 % × 159/365 = 145,55 ; 1 650 × 12,15 % × 96/365 = 52,73
        # penalties 198,28 ; indemnities 2 × 40 = 80 ; total 4 400 + 198,28 + 80 = 4 678,28
        "IP-05": has(
            row(
                "Facture n° CM-2025-19",
                "2 750,00 €",
                "01/01/2026",
                "08/06/2026",
                "159",
                "12,15 %",
                "145,55 €",
            ),
            row(
                "Facture n° CM-2026-03",
                "1 650,00 €",
                "05/03/2026",
                "08/06/2026",
                "96",
                "12,15 %",
                "52,73 €",
            ),
            row("TOTAL DE LA CRÉANCE", "4 678,28 €"),
            "la somme de 4 678,28 € (quatre mille six cent soixante-dix-huit euros et "
            "vingt-huit centimes)",
        ),
        "IP-06": has(
            "En exécution du contrat de prestation de conseil en communication conclu le "
            "15 septembre 2025 (pièce n° 3)"
        ),
        "IP-07": has("1 Avis de situation au répertoire SIRENE du créancier, Mme Claire Moreau EI"),
        "IP-08": cerfa("12948*06"),
        "IP-09": has("Fait à Rennes, le 8 juin 2026 Mme Claire Moreau EI Signature"),
    },
}


@functools.cache
def _generated(name):
    return generate(DOC, example_case(DOC, name))


@pytest.mark.parametrize("name", sorted(CASES))
def test_checklist(name, tmp_path):
    out = _generated(name)
    assert_checklist({**COMMON, **CASES[name]}, out.docx, out.pdf, tmp_path)


@pytest.mark.parametrize("name", sorted(CASES))
def test_bordereau_lists_every_exhibit_on_its_own_page(name, tmp_path):
    out = _generated(name)
    _facts, context = build_context(DOC, example_case(DOC, name))
    listed = " ".join(f"{p['numero']} {p['libelle']}" for p in context["pieces"])
    expected = normalize(f"Pièce n° Désignation {listed}")
    for text in texts(out.docx, out.pdf, tmp_path).values():
        assert expected in text
        assert f"Pièces jointes : {len(context['pieces'])} pièces" in text
    last_page = pdf_text(out.pdf, tmp_path).split("\f")[-2]
    assert normalize(last_page).startswith("BORDEREAU DES PIÈCES")


COURTS = {  # example → (kind, Cerfa, judge)
    "artisan_consommateur_tj": ("tj", "12948*06", "président du tribunal judiciaire de Nantes"),
    "b2b_tae_lyon_avocat": (
        "tae",
        "12946*02",
        "président du tribunal des activités économiques de Lyon",
    ),
    "b2b_tribunal_commerce": ("tc", "12946*02", "président du tribunal de commerce de Bordeaux"),
    "bail_habitation_jcp": (
        "jcp",
        "16040*01",
        "juge des contentieux de la protection du tribunal judiciaire de Tours",
    ),
    "liberal_societe_tj": ("tj", "12948*06", "président du tribunal judiciaire de Rennes"),
}


@pytest.mark.parametrize("name", sorted(COURTS))
def test_court_and_cerfa_of_each_variant(name):
    _facts, context = build_context(DOC, example_case(DOC, name))
    court = context["tribunal"]
    assert (court["type"], court["cerfa"], court["juge"]) == COURTS[name]
    assert court["motif"].endswith(
        "territorialement compétente (art. 1406 du code de procédure civile)."
    )


def _variant(name, **changes):
    case = copy.deepcopy(example_case(DOC, name))
    case.update(changes)
    return case


def test_commercial_court_of_paris_is_a_tae_and_a_company_creditor_of_a_consumer_goes_to_tj():
    paris = _variant("b2b_tribunal_commerce", tribunal_ville="Paris")
    assert build_context(DOC, paris)[1]["tribunal"]["nom"] == (
        "tribunal des activités économiques de Paris"
    )
    case = _variant("artisan_consommateur_tj")
    case["creancier"] = example_case(DOC, "b2b_tae_lyon_avocat")["creancier"]
    court = build_context(DOC, case)[1]["tribunal"]
    assert (court["type"], court["cerfa"]) == ("tj", "12948*06")
    assert court["motif"].startswith("Le débiteur ayant agi en qualité de consommateur")


def test_consumer_credit_goes_to_the_jcp_within_the_foreclosure_period():
    case = _variant("bail_habitation_jcp", matiere="credit_consommation")
    case["fondement"] = {"nature": "offre_de_credit", "date": "2024-09-01"}
    _facts, context = build_context(DOC, case)
    assert context["tribunal"]["cerfa"] == "16040*01"
    text = normalize(docx_text(generate(DOC, case, formats=["docx"]).docx))
    assert "En vertu de l'offre de crédit acceptée le 1er septembre 2024 (pièce n° 2)" in text
    assert "Les échéances suivantes sont restées impayées" in text
    assert "n'est pas forclose : le délai de forclusion de deux ans (art. R. 312-35" in text


def _refusal(case):
    with pytest.raises(CaseValidationError) as info:
        build_context(DOC, case)
    return [(e.path, e.message) for e in info.value.errors]


def _backdate(case, invoice_date, due_date, foundation_date):
    case["factures"][0].update(date=invoice_date, echeance=due_date)
    case["fondement"]["date"] = foundation_date
    return case


def test_a_consumer_debt_over_two_years_old_is_refused():
    case = _backdate(_variant("artisan_consommateur_tj"), "2024-04-11", "2024-05-11", "2024-04-01")
    assert _refusal(case) == [
        (
            "factures[0].echeance",
            "créance prescrite : la facture F-2025-214, échue le 11/05/2024, l'est depuis plus "
            "de deux ans à la date de la requête (art. L. 218-2 du code de la consommation) ; "
            "l'injonction de payer ne peut plus être demandée",
        )
    ]
    # due exactly two years before the request (12 May 2026): still within the period
    case["factures"][0]["echeance"] = "2024-05-12"
    assert build_context(DOC, case)[1]["prescription"]["duree"] == "deux ans"


def test_a_business_debt_over_five_years_old_is_refused():
    from docgen.catalog import get_type
    from docgen.facts.base import validate_case

    case = _variant("b2b_tribunal_commerce")
    case = _backdate(case, "2021-04-17", "2021-05-17", "2021-04-01")
    assert _refusal(case) == [
        (
            "factures[0].echeance",
            "créance prescrite : la facture F-2025-1187, échue le 17/05/2021, l'est depuis plus "
            "de cinq ans à la date de la requête (art. L. 110-4 du code de commerce) ; "
            "l'injonction de payer ne peut plus être demandée",
        )
    ]
    case["factures"][0]["echeance"] = "2021-05-18"  # five years to the day: not prescribed
    entry = get_type(DOC)
    assert validate_case(entry.facts, DOC, case).limitation().years == 5


def _with_agent(**agent):
    case = _variant("b2b_tribunal_commerce")
    case["mandataire"] = {
        "qualite": "autre",
        "civilite": "Mme",
        "prenom": "Inès",
        "nom": "Garnier",
        "fonction": "responsable du recouvrement",
        "adresse": {
            "ligne1": "5 cours de l'Intendance",
            "code_postal": "33000",
            "ville": "Bordeaux",
        },
        **agent,
    }
    return case


def test_an_agent_who_is_not_a_lawyer_attaches_a_special_power(tmp_path):
    assert _refusal(_with_agent()) == [
        (
            "mandataire.date_pouvoir",
            "obligatoire : le mandataire qui n'est pas avocat joint son pouvoir spécial",
        )
    ]
    out = generate(DOC, _with_agent(date_pouvoir="2026-05-11"))
    for text in texts(out.docx, out.pdf, tmp_path).values():
        assert (
            "Représentée par : Mme Inès Garnier, responsable du recouvrement, 5 cours de "
            "l'Intendance, 33000 Bordeaux, chez qui domicile est élu, munie d'un pouvoir spécial "
            "du 11 mai 2026 joint à la présente requête (pièce n° 1)"
        ) in text
        assert (
            "1 Pouvoir spécial donné le 11 mai 2026 par Imprimerie Bastide SAS à Mme Inès Garnier"
        ) in text
        assert (
            "Pour Imprimerie Bastide SAS, Mme Inès Garnier responsable du recouvrement, "
            "mandataire de la société Imprimerie Bastide SAS Signature"
        ) in text


def test_a_natural_person_creditor_states_the_civil_status_required_by_article_54():
    case = _variant("liberal_societe_tj")
    del case["creancier"]["nationalite"]
    assert _refusal(case) == [
        (
            "creancier.nationalite",
            "obligatoire pour un créancier personne physique (art. 54 et 57 CPC)",
        )
    ]


def test_the_template_uses_only_known_variables():
    from docgen.catalog import get_type
    from docgen.word.lint import check_template

    entry = get_type(DOC)
    assert check_template(entry.template_path.read_bytes(), entry) == []


def _in_december(name, **changes):
    """An example dated 7 December 2026, when the server knows no rate after 30 June 2026."""
    return {**example_case(DOC, name), "date_requete": "2026-12-07", **changes}


def test_accessories_stopped_at_the_last_rate_known_are_to_be_completed(tmp_path):
    case = _in_december("b2b_tribunal_commerce", arreter_au_dernier_taux_connu=True)
    out = generate(DOC, case)
    # up to 30/06/2026: 3 960 × 12,15 % × 177/365 = 233,32 ; 1 188 × 12,15 % × 131/365 = 51,80
    checks = {
        "stopped": has(
            "Arrêtée au 30 juin 2026 pour ses accessoires, à parfaire, elle se décompose comme "
            "suit :",
            row("3 960,00 €", "05/01/2026", "30/06/2026", "177", "12,15 %", "233,32 €"),
            row("1 188,00 €", "20/02/2026", "30/06/2026", "131", "12,15 %", "51,80 €"),
            row("Total des pénalités de retard", "285,12 €"),
            row("TOTAL DE LA CRÉANCE", "5 513,12 €"),
            "– 285,12 € au titre des pénalités de retard arrêtées au 30 juin 2026, à parfaire ;",
            "L. 441-10 du code de commerce à compter du 1er juillet 2026 jusqu'à complet paiement",
        ),
        "no-later-period": lacks("01/07/2026", "date de la présente requête", "Taux retenu"),
    }
    assert_checklist(checks, out.docx, out.pdf, tmp_path)


def test_a_legal_rate_given_in_the_facts_is_shown_with_its_source(tmp_path):
    legal = {
        "serie": "interet_legal_autres",
        "semestre": "2026-S2",
        "taux": "2.50",
        "source": "arrêté d'essai, JORF fictif",
    }
    out = generate(DOC, _in_december("artisan_consommateur_tj", taux_fournis=[legal]))
    # 3 360 × 2,62 % × 131/365 = 31,60 (20/02 to 30/06) ; 3 360 × 2,50 % × 160/365 = 36,82
    checks = {
        "supplied": has(
            "Arrêtée au 7 décembre 2026, date de la présente requête",
            row("Intérêts au taux légal", "3 360,00 €", "20/02/2026", "30/06/2026", "131"),
            row("01/07/2026", "07/12/2026", "160", "2,50 %", "36,82 €"),
            row("TOTAL DE LA CRÉANCE", "3 428,42 €"),
            "Taux retenu sur indication du créancier : taux de l'intérêt légal (autres cas) pour "
            "le 2e semestre 2026, 2,50 % (source : arrêté d'essai, JORF fictif).",
            "– 68,42 € au titre des intérêts au taux légal arrêtés au 7 décembre 2026 ;",
            "les intérêts au taux légal à compter du 8 décembre 2026 jusqu'à complet paiement",
        ),
        "not-stopped": lacks("à parfaire"),
    }
    assert_checklist(checks, out.docx, out.pdf, tmp_path)
