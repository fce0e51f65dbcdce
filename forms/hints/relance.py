"""Hints of the relance amiable."""

from docgen.facts.relance import RelanceAmiable
from forms.hints.common import PENALTY_RATE
from forms.hints.hint import Hint

SENDING = {
    "courriel": "Courriel",
    "lettre_simple": "Lettre simple",
    "lettre_recommandee_ar": "Lettre recommandée avec avis de réception",
}

HINTS = {
    RelanceAmiable: {
        "factures": Hint(row="Facture"),
        "paiements": Hint(row="Paiement", label="Paiements reçus après l'échéance"),
        "delai_jours": Hint(
            label="Délai proposé pour régler (en jours)", help="15 jours par défaut."
        ),
        "mode_envoi": Hint(label="Mode d'envoi", choices=SENDING, widget="radio", help=""),
        "rappel_precedent": Hint(label="Date d'un précédent rappel (facultatif)"),
        "reclamer_penalites": Hint(
            label="Réclamer dès maintenant les pénalités et l'indemnité de 40 €",
            help="Entre professionnels seulement. Décoché, la relance les rappelle sans les "
            "chiffrer et en réserve l'application.",
        ),
        "taux_penalites_contractuel": PENALTY_RATE,
        "signataire": Hint(
            label="Nom du signataire",
            help="Par défaut : le créancier ou son représentant légal.",
        ),
    },
}

SECTIONS = {
    "relance": {"prestation": "Votre réclamation", "date_lettre": "La relance"},
}
