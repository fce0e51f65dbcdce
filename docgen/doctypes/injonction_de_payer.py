"""Requête en injonction de payer: facts, competent judge, claim breakdown, exhibits."""

from __future__ import annotations

import datetime
from typing import Any

from docgen.doctypes.claims import (
    CATEGORY_WORDING,
    claim_of,
    dated_payments,
    interest_category,
    line_data,
    period_data,
    up_to_known_rates,
)
from docgen.facts.injonction_de_payer import InjonctionDePayer
from docgen.facts.parties import Partie
from docgen.files import slugify
from docgen.formatting import date_longue, montant
from docgen.law.courts import Court, competent_court, of_city
from docgen.law.interest import legal_interest

SENDING_MODES = {
    "lettre_recommandee_ar": "lettre recommandée avec demande d'avis de réception",
    "commissaire_de_justice": "acte de commissaire de justice",
    "lettre_simple": "lettre simple",
}
REMINDER_MODES = {
    "courriel": "par courriel",
    "lettre_simple": "par lettre simple",
    "telephone": "par téléphone",
    "sms": "par SMS",
}
FOUNDATIONS = {  # nature → (with its article, label, past participle)
    "contrat": ("le contrat", "Contrat", "conclu"),
    "devis": ("le devis", "Devis", "accepté"),
    "bon_de_commande": ("le bon de commande", "Bon de commande", "signé"),
    "bail": ("le bail d'habitation", "Bail d'habitation", "conclu"),
    "offre_de_credit": ("l'offre de crédit", "Offre de crédit", "acceptée"),
}
ITEM_NAMES = {  # matter → (singular, plural)
    "vente_ou_prestation": ("facture", "factures"),
    "bail_habitation": ("avis d'échéance", "avis d'échéance"),
    "credit_consommation": ("échéance", "échéances"),
}


def _foundation(facts: InjonctionDePayer) -> dict[str, str]:
    article, label, participle = FOUNDATIONS[facts.fondement.nature]
    detail = f" {facts.fondement.precision}" if facts.fondement.precision else ""
    when = f"{participle} le {date_longue(facts.fondement.date)}"
    text = f"{article}{detail} {when}"
    return {"texte": text, "texte_de": _preceded_by_de(text), "piece": f"{label}{detail} {when}"}


def _preceded_by_de(text: str) -> str:
    """« du devis … », « de l'offre … »: the preposition « de » contracted with the article."""
    for article, contracted in (("le ", "du "), ("les ", "des ")):
        if text.startswith(article):
            return contracted + text[len(article) :]
    return f"de {text}"


def _register(partie: Partie, role: str) -> str | None:
    if partie.siren is None:
        return None
    name = partie.designation
    if partie.rcs_ville:
        return f"Extrait Kbis de moins de trois mois du {role}, {name}"
    if partie.activite == "artisanale":
        return f"Extrait du registre national des entreprises relatif au {role}, {name}"
    return f"Avis de situation au répertoire SIRENE du {role}, {name}"


class _Bordereau:
    """The numbered exhibits, and the number of each one the body of the request cites."""

    def __init__(self) -> None:
        self.pieces: list[dict[str, Any]] = []
        self.numbers: dict[str, Any] = dict.fromkeys(
            ("pouvoir", "extrait_creancier", "extrait_debiteur", "fondement", "cgv"), None
        )
        self.numbers.update(mise_en_demeure=None, accuse_reception=None, factures=[], relances=[])

    def add(self, key: str | None, label: str) -> int:
        self.pieces.append({"numero": len(self.pieces) + 1, "libelle": label})
        number = len(self.pieces)
        if key in ("factures", "relances"):
            self.numbers[key].append(number)
        elif key:
            self.numbers[key] = number
        return number


def _identity_exhibits(facts: InjonctionDePayer, bordereau: _Bordereau) -> None:
    agent = facts.mandataire
    if agent and agent.date_pouvoir:
        bordereau.add(
            "pouvoir",
            f"Pouvoir spécial donné le {date_longue(agent.date_pouvoir)} par "
            f"{facts.creancier.designation} à {agent.civilite} {agent.prenom} {agent.nom}",
        )
    for key, partie, role in (
        ("extrait_creancier", facts.creancier, "créancier"),
        ("extrait_debiteur", facts.debiteur, "débiteur"),
    ):
        label = _register(partie, role)
        if label:
            bordereau.add(key, label)


def _claim_exhibits(facts: InjonctionDePayer, bordereau: _Bordereau) -> None:
    bordereau.add("fondement", _foundation(facts)["piece"])
    if facts.fondement.date_conditions_generales:
        when = date_longue(facts.fondement.date_conditions_generales)
        bordereau.add("cgv", f"Conditions générales de vente du créancier (version du {when})")
    singular = ITEM_NAMES[facts.matiere][0]
    for f in facts.factures:
        bordereau.add(
            "factures",
            f"{singular[0].upper()}{singular[1:]} n° {f.numero} du {date_longue(f.date)} "
            f"({montant(f.montant_ttc)}, échéance le {date_longue(f.echeance)})",
        )


def _recovery_exhibits(facts: InjonctionDePayer, bordereau: _Bordereau) -> None:
    for r in facts.relances:
        number = None
        if r.moyen != "telephone":
            label = f"Relance {REMINDER_MODES[r.moyen]} du {date_longue(r.date)}"
            number = bordereau.add(None, label)
        bordereau.numbers["relances"].append(number)
    notice = facts.mise_en_demeure
    bordereau.add(
        "mise_en_demeure",
        f"Mise en demeure du {date_longue(notice.date)} ({SENDING_MODES[notice.mode]})",
    )
    if notice.mode == "lettre_recommandee_ar" and notice.date_reception:
        bordereau.add(
            "accuse_reception",
            f"Avis de réception de la mise en demeure, pli présenté le "
            f"{date_longue(notice.date_reception)}, avisé et non réclamé"
            if notice.non_reclame
            else f"Avis de réception de la mise en demeure, signé le "
            f"{date_longue(notice.date_reception)}",
        )


def _exhibits(facts: InjonctionDePayer) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """The bordereau (number, label) and the number of each exhibit the body cites."""
    bordereau = _Bordereau()
    _identity_exhibits(facts, bordereau)
    _claim_exhibits(facts, bordereau)
    _recovery_exhibits(facts, bordereau)
    for label in facts.pieces_complementaires:
        bordereau.add(None, label)
    return bordereau.pieces, bordereau.numbers


def _interest(facts: InjonctionDePayer, principal: Any) -> dict[str, Any]:
    """Legal interest (art. 1231-6, 1344-1 C. civ.) from the notice to the request."""
    category = interest_category(facts.creancier)
    notice = facts.mise_en_demeure
    start = notice.date_reception or notice.date
    result, stopped = up_to_known_rates(
        lambda until: legal_interest(
            principal, start, until, category, payments=dated_payments(facts.paiements)
        ),
        facts.date_requete,
        facts.arreter_au_dernier_taux_connu,
    )
    return {
        "arretes_au": stopped or facts.date_requete,
        "a_parfaire": stopped is not None,
        "categorie": category.value,
        "libelle": CATEGORY_WORDING[category],
        "depart": start,
        "total": result.total,
        "periodes": [period_data(p) for p in result.periods],
    }


def _claim(facts: InjonctionDePayer, numbers: dict[str, Any]) -> dict[str, Any]:
    b2b = facts.entre_professionnels
    claim, stopped = claim_of(
        facts.factures,
        facts.date_requete,
        b2b=b2b,
        rate=facts.taux_penalites_contractuel,
        stop=facts.arreter_au_dernier_taux_connu,
        payments=facts.paiements,
    )
    lines = [
        {
            **line_data(line),
            "penalites": [period_data(p) for p in line.penalties.periods] if line.penalties else [],
            "penalites_total": line.penalties.total if line.penalties else None,
            "piece": number,
        }
        for line, number in zip(claim.lines, numbers["factures"], strict=True)
    ]
    interest = None if b2b else _interest(facts, claim.principal)
    accessories = claim.penalties if b2b else interest["total"]
    if interest is not None:
        stopped = None if not interest["a_parfaire"] else interest["arretes_au"]
    return {
        "arretes_au": stopped or facts.date_requete,
        "a_parfaire": stopped is not None,
        "principal": claim.principal,
        "penalites": claim.penalties,
        "indemnites": claim.indemnities,
        "interets": interest,
        "accessoires": accessories,
        "total": claim.principal + accessories + claim.indemnities,
        "lignes": lines,
        "nombre": len(lines),
        "premiere_echeance": min(f.echeance for f in facts.factures),
        "lendemain": (stopped or facts.date_requete) + datetime.timedelta(days=1),
    }


def _of_creditor(creditor: Partie) -> str:
    """« de la société Les Tilleuls SCI » or « de Mme Claire Moreau EI »."""
    if creditor.nature == "personne_morale":
        return f"de la société {creditor.designation}"
    return f"de {creditor.designation}"


def _signatory(facts: InjonctionDePayer) -> dict[str, str | None]:
    """Who signs: the lawyer, the agent, the company's representative or the creditor."""
    creditor, agent = facts.creancier, facts.mandataire
    if agent and agent.qualite == "avocat":
        return {
            "nom": f"Maître {agent.prenom} {agent.nom}",
            "qualite": f"avocat au barreau {of_city(str(agent.barreau))}",
        }
    if agent:
        return {
            "nom": f"{agent.civilite} {agent.prenom} {agent.nom}",
            "qualite": f"{agent.fonction}, mandataire {_of_creditor(creditor)}",
        }
    if creditor.nature == "personne_morale":
        return {
            "nom": str(creditor.representant),
            "qualite": f"{creditor.representant_qualite} {_of_creditor(creditor)}",
        }
    return {"nom": creditor.designation, "qualite": None}


def _agreement(partie: Partie) -> str:
    """The feminine ending « e » for a woman or a company (« la société »), else empty."""
    return "e" if partie.nature == "personne_morale" or partie.civilite == "Mme" else ""


def injonction_context(facts: InjonctionDePayer) -> dict[str, Any]:
    """Context of the request: the judge, the parties, the claim, the exhibits."""
    city = facts.tribunal_ville or facts.debiteur.adresse.ville
    court = competent_court(
        facts.creancier, facts.debiteur, facts.matiere, city, facts.date_requete
    )
    pieces, numbers = _exhibits(facts)
    foundation = _foundation(facts)
    claim = _claim(facts, numbers)
    period = facts.limitation()
    singular, plural = ITEM_NAMES[facts.matiere]
    context = facts.model_dump()
    context.update(
        tribunal=_court(court),
        pieces=pieces,
        piece=numbers,
        creance=claim,
        fondement_texte=foundation["texte"],
        fondement_texte_de=foundation["texte_de"],
        prescription={
            "duree": period.in_words,
            "nature": period.kind,
            "article": period.article,
        },
        libelle={"singulier": singular, "pluriel": plural},
        mise_en_demeure_mode=SENDING_MODES[facts.mise_en_demeure.mode],
        relances_libelles=[
            {"moyen": REMINDER_MODES[r.moyen], "date": r.date, "piece": n}
            for r, n in zip(facts.relances, numbers["relances"], strict=True)
        ],
        signataire=_signatory(facts),
        accord={"creancier": _agreement(facts.creancier), "debiteur": _agreement(facts.debiteur)},
        document={
            "titre": f"Requête en injonction de payer — {facts.debiteur.designation}",
            "auteur": facts.creancier.designation,
            "sujet": f"Requête en injonction de payer de la somme de {montant(claim['total'])} "
            f"devant le {court.court}",
        },
    )
    return context


def _court(court: Court) -> dict[str, str]:
    """The competent judge as template variables."""
    return {
        "type": court.kind,
        "nom": court.court,
        "ville": court.city,
        "juge": court.judge,
        "destinataire": court.addressee,
        "cerfa": court.cerfa,
        "cerfa_intitule": court.cerfa_title,
        "motif": court.reason,
    }


COMPUTED_VARIABLES = {
    "tribunal": "Juridiction compétente : type (tc, tae, tj, jcp), nom, ville, juge, "
    "destinataire (« Monsieur ou Madame le Président du … »), cerfa, cerfa_intitule, motif "
    "(raison de la compétence, d'attribution et territoriale)",
    "pieces": "Bordereau des pièces : liste de {numero, libelle}",
    "piece": "Numéro de pièce de : pouvoir, extrait_creancier, extrait_debiteur, fondement, "
    "cgv, mise_en_demeure, accuse_reception (absent : vide), factures et relances (listes)",
    "creance": "Sommes réclamées : principal, penalites, indemnites, interets {categorie, "
    "libelle, depart, total, periodes, arretes_au, a_parfaire} (hors professionnels), "
    "accessoires, total, nombre, arretes_au (date où s'arrête le calcul des accessoires : la "
    "date de la requête, ou le dernier jour couvert par les taux connus), a_parfaire (vrai si "
    "ce calcul a été arrêté avant la date de la requête), premiere_echeance, lendemain (jour "
    "suivant arretes_au), lignes (une par facture : numero, date, echeance, montant_ttc, "
    "montant_regle, principal, penalites (périodes), "
    "penalites_total, indemnite, piece)",
    "fondement_texte": "Acte d'où naît la créance, en toutes lettres (« le devis n° … accepté "
    "le … »)",
    "fondement_texte_de": "Le même, précédé de « de » contracté (« du devis n° … accepté le "
    "… », « de l'offre de crédit … »)",
    "prescription": "Délai pour agir : duree (« deux ans »), nature (prescription ou "
    "forclusion), article",
    "libelle": "Nom des pièces réclamées : singulier et pluriel (factures, avis d'échéance, "
    "échéances)",
    "mise_en_demeure_mode": "Mode d'envoi de la mise en demeure, en toutes lettres",
    "relances_libelles": "Relances : moyen en toutes lettres, date, piece (vide si orale)",
    "signataire": "Signataire de la requête : nom et qualite (vide pour le créancier personne "
    "physique qui signe lui-même)",
    "accord": "Terminaison féminine (« e » ou vide) du créancier et du débiteur : « née », "
    "« immatriculée »",
    "taux_fournis_utilises": "Taux indiqués dans les faits du dossier (« taux_fournis ») que "
    "le calcul a utilisés, faute d'être enregistrés sur le serveur : liste de {serie, libelle "
    "(« taux de refinancement de la BCE »), semestre (« 2e semestre 2026 »), taux, source} ; "
    "vide si aucun",
    "document": "Propriétés du document : titre, auteur, sujet",
}
"""Variables a template can use besides the case facts, with their French description."""


FACTS = InjonctionDePayer
TEMPLATE = "injonction_de_payer.docx"
build_context = injonction_context


def file_stem(facts: InjonctionDePayer) -> str:
    """``requete-injonction-de-payer_<debtor>_<date>``."""
    debtor = slugify(facts.debiteur.designation)
    return f"requete-injonction-de-payer_{debtor}_{facts.date_requete.isoformat()}"
