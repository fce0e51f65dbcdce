"""Hints of a dossier's facts form."""

from docgen.dossier.facts import Dossier, Mediateur
from forms.hints.common import PENALTY_RATE
from forms.hints.hint import Hint

HINTS = {
    Dossier: {
        "intitule": Hint(label="Intitulé du dossier", help="Pour le retrouver dans la liste."),
        "factures": Hint(row="Facture"),
        "taux_penalites_contractuel": PENALTY_RATE,
        "lieu": Hint(label="Ville où vos lettres sont signées"),
        "signataire": Hint(
            label="Nom du signataire",
            help="Par défaut : le créancier ou son représentant légal.",
        ),
    },
    Mediateur: {
        "site_internet": Hint(label="Adresse de son site internet"),
    },
}

SECTIONS = {
    "dossier": {"intitule": "Le dossier", "prestation": "La créance", "matiere": "Les lettres"},
}
