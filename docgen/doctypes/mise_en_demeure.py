"""Mise en demeure de payer: facts, computed context, file name."""

from __future__ import annotations

import contextlib
from typing import Any

from docgen.doctypes.claims import (
    CATEGORY_WORDING,
    claim_data,
    claim_of,
    interest_category,
    signatory,
)
from docgen.errors import MissingRateError
from docgen.facts.mise_en_demeure import MiseEnDemeure
from docgen.files import slugify
from docgen.law.interest import deadline
from docgen.law.rates import HalfYear, legal_rate

SENDING_MODES = {
    "lettre_recommandee_ar": "Lettre recommandée avec demande d'avis de réception",
    "commissaire_de_justice": "Signification par commissaire de justice",
}


def _interest(facts: MiseEnDemeure) -> dict[str, Any]:
    """The legal-interest category (art. L.313-2 CMF) and, when known, its current rate.

    Between professionals the letter claims penalties, not legal interest: no rate is read.
    """
    category = interest_category(facts.creancier)
    half = HalfYear.of(facts.date_lettre)
    rate = None  # the letter then names the category without a figure
    if not facts.entre_professionnels:
        with contextlib.suppress(MissingRateError):
            rate = legal_rate(half, category)
    return {
        "categorie": category.value,
        "libelle": CATEGORY_WORDING[category],
        "taux": rate,
        "semestre": half.label,
    }


def mise_en_demeure_context(facts: MiseEnDemeure) -> dict[str, Any]:
    """Context of a formal notice: the facts, the claim with its breakdown, the deadline."""
    b2b = facts.entre_professionnels
    claim, stopped = claim_of(
        facts.factures,
        facts.date_lettre,
        b2b=b2b,
        rate=facts.taux_penalites_contractuel,
        stop=facts.arreter_au_dernier_taux_connu,
        payments=facts.paiements,
    )
    context = facts.model_dump()
    context.update(
        creance=claim_data(claim, stopped, facts.date_lettre),
        date_limite=deadline(facts.date_lettre, facts.delai_jours),
        interets=_interest(facts),
        mode_envoi_libelle=SENDING_MODES[facts.mode_envoi]
        + (f", avec copie par courriel ({facts.debiteur.email})" if facts.copie_courriel else ""),
        proposer_conciliation=facts.suite_envisagee == "assignation"
        and facts.tribunal_judiciaire
        and claim.total <= 5000,
        signataire_nom=signatory(facts.creancier, facts.signataire),
        nous=facts.creancier.nature == "personne_morale",
        document={
            "titre": f"Mise en demeure de payer — {facts.debiteur.designation}",
            "auteur": facts.creancier.designation,
            "sujet": f"Mise en demeure de payer la somme de {claim.total} euros",
        },
    )
    return context


COMPUTED_VARIABLES = {
    "creance": "Sommes réclamées : principal, penalites, indemnites, total, nombre_factures, "
    "arretees_au (date où s'arrête le calcul des pénalités : la date de la lettre, ou le dernier "
    "jour couvert par les taux connus), a_parfaire (vrai si le calcul a été arrêté avant la "
    "date de la lettre) et lignes (une par facture : numero, date, echeance, montant_ttc, "
    "montant_regle, principal, penalites {total, base, periodes, conforme}, "
    "indemnite)",
    "date_limite": "Date de la lettre augmentée du délai laissé pour payer",
    "interets": "Intérêt légal couru après la lettre : categorie (particulier ou autres), "
    "libelle, taux du semestre de la lettre (absent si ni le serveur ni les faits du dossier ne "
    "le donnent), semestre",
    "proposer_conciliation": "Vrai si une assignation de 5 000 € au plus devant le tribunal "
    "judiciaire est annoncée (art. 750-1 CPC)",
    "mode_envoi_libelle": "Mode d'envoi en toutes lettres",
    "signataire_nom": "Nom du signataire de la lettre",
    "nous": "Vrai si le créancier est une personne morale (la lettre dit « nous »)",
    "taux_fournis_utilises": "Taux indiqués dans les faits du dossier (« taux_fournis ») que "
    "le calcul a utilisés, faute d'être enregistrés sur le serveur : liste de {serie, libelle "
    "(« taux de refinancement de la BCE »), semestre (« 2e semestre 2026 »), taux, source} ; "
    "vide si aucun",
    "document": "Propriétés du document : titre, auteur, sujet",
}
"""Variables a template can use besides the case facts, with their French description."""


FACTS = MiseEnDemeure
TEMPLATE = "mise_en_demeure.docx"
build_context = mise_en_demeure_context


def file_stem(facts: MiseEnDemeure) -> str:
    """``mise-en-demeure_<debtor>_<date>``."""
    return f"mise-en-demeure_{slugify(facts.debiteur.designation)}_{facts.date_lettre.isoformat()}"
