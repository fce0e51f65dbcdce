"""Hints of the mise en demeure de payer."""

from docgen.facts.mise_en_demeure import Facture, MiseEnDemeure
from forms.hints.common import PENALTY_RATE
from forms.hints.hint import Hint

SENDING = {
    "lettre_recommandee_ar": "Lettre recommandée avec avis de réception",
    "commissaire_de_justice": "Signification par commissaire de justice",
}

HINTS = {
    Facture: {
        "montant_ttc": Hint(label="Montant TTC (en euros)"),
        "montant_regle": Hint(
            label="Déjà réglé (en euros)", help="Acomptes et paiements partiels."
        ),
    },
    MiseEnDemeure: {
        "factures": Hint(row="Facture"),
        "paiements": Hint(row="Paiement", label="Paiements reçus après l'échéance"),
        "delai_jours": Hint(label="Délai laissé pour payer (en jours)", help="8 jours au minimum."),
        "mode_envoi": Hint(label="Mode d'envoi", choices=SENDING, widget="radio", help=""),
        "taux_penalites_contractuel": PENALTY_RATE,
        "suite_envisagee": Hint(
            label="Ce que vous ferez à défaut de paiement",
            choices={
                "injonction_de_payer": "Requête en injonction de payer",
                "assignation": "Assignation devant le tribunal",
            },
            widget="radio",
        ),
        "signataire": Hint(
            label="Nom du signataire",
            help="Par défaut : le créancier ou son représentant légal.",
        ),
    },
}

SECTIONS = {
    "mise_en_demeure": {"prestation": "Votre réclamation", "date_lettre": "La lettre"},
}
