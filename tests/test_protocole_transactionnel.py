"""Protocole transactionnel: every example meets the checklist of reference section 7 (TR-xx)."""

import copy

import pytest

from docgen import CaseValidationError, build_context, generate
from tests.conftest import example_case
from tests.legal_text import assert_checklist, both, has, lacks, normalize

TYPE = "protocole_transactionnel"

COMMON = {
    "TR-01": has("PROTOCOLE D'ACCORD TRANSACTIONNEL", "articles 2044 et suivants du Code civil"),
    "TR-03": has(
        "IL A ÉTÉ PRÉALABLEMENT EXPOSÉ CE QUI SUIT",
        "Le litige et les prétentions initiales des Parties",
    ),
    "TR-04": has(
        "Concessions réciproques", "concessions sont réelles, réciproques et non dérisoires"
    ),
    "TR-06": has(
        "Conformément aux articles 2048 et 2049 du Code civil, cette renonciation est limitée "
        "au différend décrit au préambule",
        "Conformément à l'article 2052 du Code civil, la présente transaction fait obstacle à "
        "l'introduction ou à la poursuite entre les Parties d'une action en justice ayant le "
        "même objet",
    ),
    "TR-09": has("à titre de clause pénale", "article 1231-5 du Code civil"),
    "TR-10": has("Défaut de paiement et déchéance du terme", "deviendra immédiatement exigible"),
    "TR-11": lacks("1565", "1567", "1568", "autorité de la chose jugée"),
    "TR-12": has("« Lu et approuvé, bon pour transaction »", "(article 1375 du Code civil)"),
    "pages": has("Page 1 sur", "Paraphes :"),
    "no-leftovers": lacks("{{", "{%", "None", "undefined"),
}

CASES = {
    "b2b_echeancier_avocats": {
        "TR-02": has(
            "Pixel & Code, SARL au capital de 20 000,00 €, immatriculée au registre du commerce "
            "et des sociétés de Lyon sous le numéro 812 345 676",
            "Maison Vernay, SAS au capital de 150 000,00 €",
            "représentée par Mme Sophie Vernay, en sa qualité de présidente",
        ),
        "TR-03": has(
            "Prétentions du Prestataire. Le Prestataire soutenait et demandait",
            "soit une somme totale de 24 600,00 € (vingt-quatre mille six cents euros)",
            "Prétentions du Client.",
            "Par acte du 10 février 2026, le Prestataire a saisi le tribunal des activités "
            "économiques de Lyon (RG n° 2026F00412)",
        ),
        "TR-04": has(
            "Le Prestataire : – renonce aux pénalités de retard",
            "Le Client : – renonce à toute demande de réfaction du prix",
        ),
        "TR-05": has(
            "Le Client versera au Prestataire la somme de 16 450,50 € (seize mille quatre cent "
            "cinquante euros et cinquante centimes)",
            "payée en trois échéances",
            "15 mai 2026 6 450,50 €",
            "15 juin 2026 5 000,00 €",
            "15 juillet 2026 5 000,00 €",
            "Total 16 450,50 €",
            "par virement bancaire, sur le compte ouvert au nom de Pixel & Code "
            "(IBAN FR76 3000 6000 0112 3456 7890 189, BIC AGRIFRPP)",
        ),
        "TR-07": has(
            "garder confidentiels l'existence et le contenu du présent protocole",
            "pendant une durée de cinq (5) ans",
            "lorsqu'une disposition légale ou réglementaire",
            "au juge, au greffe ou au commissaire de justice",
            "aux conseils des Parties",
        ),
        "TR-08": has(
            "Chacune des Parties s'interdit, pendant une durée de dix-huit (18) mois",
            "à l'égard de l'autre Partie. Cet engagement porte exclusivement sur les propos "
            "relatifs au litige",
        ),
        # clause pénale covers payment, confidentiality and non-disparagement
        "TR-09": has(
            "par les articles 3, 8 et 9 du présent protocole",
            "somme forfaitaire de 1 500,00 € (mille cinq cents euros)",
        ),
        "TR-10": has("quinze (15) jours après une mise en demeure"),
        "TR-11": has(
            "article 1546 du code de procédure civile",
            "au greffe du tribunal judiciaire de Lyon d'y apposer la formule exécutoire",
            "article L. 111-3, 7° du code des procédures civiles d'exécution",
            "Contreseing des avocats",
            "Me Hélène Garçon (Garçon Avocats), avocat au barreau de Lyon, conseil du Prestataire",
            "Me Marc Dussert, avocat au barreau de Lyon, conseil du Client",
        ),
        "TR-12": has(
            "Fait à Lyon, le 28 avril 2026, en deux (2) exemplaires originaux",
            # signature blocks side by side: the PDF text reads them row by row
            "M. Julien Marchand",
            "pour Pixel & Code SARL",
            "Mme Sophie Vernay",
            "pour Maison Vernay SAS",
            "Paraphes : ________ / ________ —",
        ),
        "désistement": has(
            "Le Prestataire se désistera de l'instance et de l'action engagées devant le "
            "tribunal des activités économiques de Lyon (RG n° 2026F00412), dans un délai de "
            "quinze (15) jours à compter du paiement intégral des sommes prévues à l'article 3",
        ),
    },
    "artisan_consommateur_homologation": {
        "TR-02": has(
            "M. Karim Benali, entrepreneur individuel (EI) exerçant sous le nom commercial "
            "« Benali Rénovation », immatriculé au registre national des entreprises sous le "
            "numéro SIREN 479 766 842",
            "Mme Élodie Rousseau, née le 21 mars 1986 à Angers (49), de nationalité française",
            "en qualité de consommatrice",
        ),
        "TR-05": has(
            "L'Entreprise versera à la Cliente la somme de 600,00 € (six cents euros)",
            "en une seule fois, au plus tard le 27 février 2026",
            "par chèque de banque, établi à l'ordre de Élodie Rousseau",
        ),
        "TR-07": has("sans limitation de durée"),
        "TR-08": lacks("Non-dénigrement"),  # no clause in this case: nothing to number
        "TR-09": has("par les articles 3 et 7 du présent protocole"),
        "TR-11": has(
            "Conformément aux articles 1543 et suivants du code de procédure civile",
            "à l'homologation du juge du tribunal judiciaire de Nantes",
        ),
        "TR-12": has("Fait à Nantes, le 12 février 2026, en deux (2) exemplaires originaux"),
        "numbering": has("Article 7 – Confidentialité", "Article 8 – Force exécutoire"),
    },
    "trois_parties_carpa": {
        "TR-02": has("Bâtir Ouest", "Couverture Armor", "Négoce Matériaux de l'Ouest, SA"),
        "TR-05": has(
            "L'Entreprise versera au Maître d'ouvrage la somme de 15 000,00 €",
            "Le Fournisseur versera au Maître d'ouvrage la somme de 12 000,00 €",
            "30 septembre 2026 6 000,00 €",
            "par virement sur le compte CARPA de l'avocat du bénéficiaire, Me Anne Kerbrat",
        ),
        "TR-06": has("les unes envers les autres"),
        "TR-07": lacks("Confidentialité"),
        "TR-08": has(
            "Le Maître d'ouvrage s'interdit, pendant une durée de vingt-quatre (24) mois",
            "à l'égard de l'Entreprise et du Fournisseur",
        ),
        "TR-09": has("par les articles 3 et 7 du présent protocole"),
        "TR-12": has(
            "en trois (3) exemplaires originaux",
            "Paraphes : ________ / ________ / ________ —",
            "M. Olivier Renaud",
            "pour Négoce Matériaux de l'Ouest SA",
        ),
        "DE TROISIÈME PART": has("D'UNE PART", "DE DEUXIÈME PART", "DE TROISIÈME PART"),
    },
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_checklist(name, tmp_path):
    out = generate(TYPE, example_case(TYPE, name))
    checks = dict(COMMON)
    for code, check in CASES[name].items():  # a case's checks add to the common ones
        checks[code] = both(COMMON[code], check) if code in COMMON else check
    assert_checklist(checks, out.docx, out.pdf, tmp_path)


def errors_of(case):
    with pytest.raises(CaseValidationError) as info:
        build_context(TYPE, case)
    return {e.path: normalize(e.message) for e in info.value.errors}


@pytest.fixture
def case():
    return copy.deepcopy(example_case(TYPE, "b2b_echeancier_avocats"))


def test_a_party_without_concession_is_refused(case):
    case["parties"][1]["concessions"] = []
    assert errors_of(case) == {
        "parties[1].concessions": "chaque partie doit consentir au moins une concession : sans "
        "concessions réciproques, il n'y a pas de transaction (art. 2044 C. civ.)"
    }


def test_the_schedule_must_add_up_to_the_sum(case):
    case["reglements"][0]["echeancier"][2]["montant"] = 4999.99
    assert errors_of(case) == {
        "reglements[0].echeancier": "le total des échéances (16 450,49 €) ne correspond pas au "
        "montant convenu (16 450,50 €) : écart de 0,01 €"
    }


def test_instalments_follow_each_other_and_the_signature(case):
    case["reglements"][0]["echeancier"][1]["date"] = "2026-05-01"
    assert errors_of(case) == {
        "reglements[0].echeancier[1].date": "les échéances doivent se suivre dans le temps"
    }
    case["reglements"][0]["echeancier"][1]["date"] = "2026-06-15"
    case["reglements"][0]["echeancier"][0]["date"] = "2026-04-01"
    assert errors_of(case) == {
        "reglements[0].echeancier[0].date": "l'échéance précède la signature du protocole"
    }


def test_non_disparagement_must_be_limited_in_time(case):
    case["non_denigrement"]["duree_mois"] = 120
    errors = errors_of(case)
    assert list(errors) == ["non_denigrement.duree_mois"]
    assert "36" in errors["non_denigrement.duree_mois"]


def test_the_registry_route_needs_a_lawyer_for_each_party(case):
    del case["parties"][1]["avocat"]
    assert errors_of(case) == {
        "parties[1].avocat": "obligatoire : la formule exécutoire du greffe (art. 1546 CPC) "
        "suppose un acte contresigné par l'avocat de chaque partie"
    }


def test_payments_name_known_parties(case):
    case["reglements"][0]["payeur"] = "le Sous-traitant"
    errors = errors_of(case)
    assert errors["reglements[0].payeur"].startswith(
        "« le Sous-traitant » ne désigne aucune partie"
    )


def test_no_outdated_article_in_any_text(tmp_path):
    from tests.legal_text import texts

    out = generate(TYPE, example_case(TYPE, "trois_parties_carpa"))
    for text in texts(out.docx, out.pdf, tmp_path).values():
        assert "1565" not in text and "2047" not in text
        assert "1543 et suivants du code de procédure civile" in text
