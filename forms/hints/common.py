"""Hints of the parties and addresses every document type shares."""

from typing import Any

from docgen.facts.parties import Adresse, Partie
from forms.hints import Hint

PHYSICAL = (("nature", ("personne_physique",)),)
LEGAL = (("nature", ("personne_morale",)),)
PROFESSIONAL = (("consommateur", (False,)),)
CIVILITY = {"M.": "Monsieur", "Mme": "Madame"}
PENALTY_RATE = Hint(
    label="Taux des pénalités de retard prévu par vos CGV ou le contrat (% par an)",
    help="Entre professionnels seulement. À défaut, taux BCE + 10 points.",
    note="entre professionnels",
)
"""The contractual late-penalty rate, asked the same way by every form with invoices."""


def _physical(**kwargs: Any) -> Hint:
    return Hint(when=PHYSICAL, note="personne physique", **kwargs)


def _legal(**kwargs: Any) -> Hint:
    return Hint(when=LEGAL, note="personne morale", **kwargs)


def _professional(**kwargs: Any) -> Hint:
    return Hint(
        when=PROFESSIONAL, note="professionnel (case « consommateur » non cochée)", **kwargs
    )


HINTS = {
    Partie: {
        "nature": Hint(
            label="Qui est-ce ?",
            help="",
            choices={
                "personne_physique": "Une personne (particulier, entrepreneur individuel)",
                "personne_morale": "Une société ou une association",
            },
            widget="radio",
        ),
        "civilite": _physical(label="Civilité", choices=CIVILITY),
        "prenom": _physical(label="Prénom"),
        "nom": _physical(label="Nom de famille"),
        "consommateur": _physical(
            label="Agit comme consommateur (à titre privé, hors de toute activité professionnelle)"
        ),
        "entrepreneur_individuel": _physical(
            label="Entrepreneur individuel (EI, micro-entrepreneur)"
        ),
        "profession": _physical(label="Profession"),
        "nationalite": _physical(label="Nationalité"),
        "date_naissance": _physical(label="Date de naissance"),
        "lieu_naissance": _physical(label="Lieu de naissance"),
        "activite": _professional(
            label="Nature de l'activité professionnelle",
            help="Elle détermine notamment le registre d'immatriculation et le tribunal.",
            choices={
                "commerciale": "Commerciale (achat-revente, commerce)",
                "artisanale": "Artisanale (métiers, bâtiment)",
                "liberale": "Libérale (conseil, professions réglementées)",
                "agricole": "Agricole",
                "civile": "Civile (SCI, sociétés civiles)",
            },
        ),
        "nom_commercial": _professional(label="Nom commercial ou enseigne"),
        "denomination": _legal(label="Dénomination sociale"),
        "forme_juridique": _legal(label="Forme juridique"),
        "capital": _legal(label="Capital social (en euros)"),
        "siren": _professional(
            label="Numéro SIREN",
            help="9 chiffres, sur l'extrait Kbis ou l'avis de situation SIRENE.",
        ),
        "rcs_ville": _professional(
            label="Ville du greffe du RCS",
            help="Pour les commerçants et les sociétés commerciales.",
        ),
        "representant": _legal(label="Représentant légal (prénom et nom)"),
        "representant_qualite": _legal(label="Qualité du représentant"),
        "tva_franchise": _professional(
            label="Franchise en base de TVA (« TVA non applicable, art. 293 B du CGI »)"
        ),
        "numero_tva": Hint(
            label="Numéro de TVA intracommunautaire",
            when=(*PROFESSIONAL, ("tva_franchise", (False,))),
            note="professionnel sans franchise en base de TVA",
        ),
    },
    Adresse: {
        "ligne1": Hint(label="Numéro et voie"),
        "ligne2": Hint(label="Complément d'adresse"),
    },
}
