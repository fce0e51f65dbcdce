"""Relance amiable: facts, computed context, file name."""

from __future__ import annotations

from typing import Any

from docgen.doctypes.claims import (
    CATEGORY_WORDING,
    claim_data,
    claim_of,
    interest_category,
    signatory,
)
from docgen.doctypes.mise_en_demeure import COMPUTED_VARIABLES as LETTER_VARIABLES
from docgen.facts.relance import RelanceAmiable
from docgen.files import slugify
from docgen.law.interest import deadline

SHARED_VARIABLES = ("mode_envoi_libelle", "nous", "taux_fournis_utilises", "document")
"""Variables the reminder shares with the formal notice, described there."""

SENDING_MODES = {
    "courriel": "Par courriel",
    "lettre_simple": "Par lettre simple",
    "lettre_recommandee_ar": "Lettre recommandée avec demande d'avis de réception",
}


def relance_context(facts: RelanceAmiable) -> dict[str, Any]:
    """Context of a reminder: the invoices, what is due on its date, the date asked for.

    Between professionals the penalties and indemnities are computed only when the letter
    claims them; otherwise it recalls them without figures, and no rate is read. A consumer is
    never asked for interest: legal interest runs only from a mise en demeure (art. 1231-6).
    """
    b2b = facts.entre_professionnels
    claimed = b2b and facts.reclamer_penalites
    claim, stopped = claim_of(
        facts.factures,
        facts.date_lettre,
        b2b=claimed,
        rate=facts.taux_penalites_contractuel if claimed else None,
        stop=facts.arreter_au_dernier_taux_connu,
        payments=facts.paiements,
    )
    category = interest_category(facts.creancier)
    context = facts.model_dump()
    context.update(
        creance=claim_data(claim, stopped, facts.date_lettre),
        penalites_reclamees=claimed,
        date_souhaitee=deadline(facts.date_lettre, facts.delai_jours),
        interets={"categorie": category.value, "libelle": CATEGORY_WORDING[category]},
        mode_envoi_libelle=SENDING_MODES[facts.mode_envoi],
        signataire_nom=signatory(facts.creancier, facts.signataire),
        nous=facts.creancier.nature == "personne_morale",
        document={
            "titre": f"Relance — {facts.debiteur.designation}",
            "auteur": facts.creancier.designation,
            "sujet": f"Relance amiable : factures impayées, {claim.total} euros",
        },
    )
    return context


COMPUTED_VARIABLES = {
    "creance": "Sommes dues à la date de la relance : principal, penalites, indemnites, total, "
    "nombre_factures, arretees_au (date où s'arrête le calcul des pénalités), a_parfaire (vrai "
    "si le calcul a été arrêté avant la date de la relance) et lignes (une par facture : "
    "numero, date, echeance, montant_ttc, montant_regle, principal, penalites {total, base, "
    "periodes, conforme}, indemnite) ; pénalités et indemnités à zéro sauf entre "
    "professionnels quand la relance les réclame",
    "penalites_reclamees": "Vrai si la relance réclame les pénalités de retard et les "
    "indemnités forfaitaires (entre professionnels, « reclamer_penalites »)",
    "date_souhaitee": "Date de la relance augmentée du délai proposé pour régler",
    "interets": "Intérêt légal qu'une mise en demeure ferait courir : categorie (particulier "
    "ou autres) et libelle",
    "signataire_nom": "Nom du signataire de la relance",
    **{name: LETTER_VARIABLES[name] for name in SHARED_VARIABLES},
}
"""Variables a template can use besides the case facts, with their French description."""


FACTS = RelanceAmiable
TEMPLATE = "relance.docx"
build_context = relance_context


def file_stem(facts: RelanceAmiable) -> str:
    """``relance_<debtor>_<date>``."""
    return f"relance_{slugify(facts.debiteur.designation)}_{facts.date_lettre.isoformat()}"
