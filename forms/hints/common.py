"""Hints of the parties and addresses every document type shares."""

from typing import Any

from docgen.facts.parties import Adresse, Partie
from docgen.facts.rates import RatesChoice, TauxFourni
from forms.hints.hint import Hint

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

RATES_LEGEND = "Taux non encore enregistrés sur ce serveur"
"""Legend of the section of the rates a person gives, shown only when a rate is lacking."""
SERIES_CHOICES = {
    "bce": "Taux de la BCE en vigueur au premier jour du semestre",
    "interet_legal_autres": "Taux de l'intérêt légal, autres cas (créanciers professionnels…)",
    "interet_legal_particulier": "Taux de l'intérêt légal, créancier particulier (personne "
    "physique n'agissant pas pour des besoins professionnels)",
}


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
    TauxFourni: {
        "serie": Hint(label="Taux concerné", help="", choices=SERIES_CHOICES),
        "semestre": Hint(
            label="Semestre", help="AAAA-S1 (janvier à juin) ou AAAA-S2 (juillet à décembre)."
        ),
        "taux": Hint(
            label="Taux annuel (en %)",
            help="Tel que publié, entre 0 et 30, deux décimales au plus.",
            percent=True,
        ),
        "source": Hint(
            label="Source",
            help="Où vous l'avez lu : l'arrêté et la date du Journal officiel pour l'intérêt "
            "légal, le communiqué de la BCE et sa date pour son taux.",
        ),
    },
    RatesChoice: {
        "taux_fournis": Hint(
            label="Taux que vous indiquez",
            help="Un taux que le serveur connaît déjà ne peut pas être remplacé.",
            row="Taux",
        ),
        "arreter_au_dernier_taux_connu": Hint(
            label="Arrêter le calcul au dernier jour couvert par les taux enregistrés : les "
            "sommes réclamées sont alors « à parfaire »",
            help="Les pénalités et les intérêts courent jusqu'à la veille du premier semestre "
            "dont le taux manque ; la lettre précise qu'ils restent à compléter.",
        ),
    },
    Adresse: {
        "ligne1": Hint(label="Numéro et voie"),
        "ligne2": Hint(label="Complément d'adresse"),
    },
}
