"""Hints of the requête en injonction de payer."""

from docgen.facts.injonction_de_payer import (
    Fondement,
    InjonctionDePayer,
    Mandataire,
    MiseEnDemeurePrealable,
    Relance,
)
from forms.hints.common import CIVILITY, PENALTY_RATE
from forms.hints.hint import Hint

LAWYER = (("qualite", ("avocat",)),)
OTHER_AGENT = (("qualite", ("autre",)),)

HINTS = {
    InjonctionDePayer: {
        "matiere": Hint(
            label="Nature de la créance",
            choices={
                "vente_ou_prestation": "Prix de biens vendus ou de services rendus",
                "bail_habitation": "Loyers d'un bail d'habitation",
                "credit_consommation": "Crédit à la consommation",
            },
            widget="radio",
        ),
        "tribunal_ville": Hint(label="Ville du tribunal du débiteur"),
        "prestation": Hint(label="Biens vendus ou prestations réalisées (« au titre de … »)"),
        "factures": Hint(row="Facture"),
        "relances": Hint(row="Relance"),
        "paiements": Hint(row="Paiement", label="Paiements reçus après l'échéance"),
        "taux_penalites_contractuel": PENALTY_RATE,
        "pieces_complementaires": Hint(row="Pièce"),
    },
    Fondement: {
        "nature": Hint(
            label="Acte d'où naît la créance",
            help="",
            choices={
                "contrat": "Contrat",
                "devis": "Devis accepté",
                "bon_de_commande": "Bon de commande",
                "bail": "Bail d'habitation",
                "offre_de_credit": "Offre de crédit acceptée",
            },
        ),
    },
    Relance: {
        "moyen": Hint(
            label="Moyen",
            choices={
                "courriel": "Courriel",
                "lettre_simple": "Lettre simple",
                "telephone": "Appel téléphonique",
                "sms": "SMS",
            },
        ),
    },
    MiseEnDemeurePrealable: {
        "mode": Hint(
            label="Mode d'envoi",
            help="",
            choices={
                "lettre_recommandee_ar": "Lettre recommandée avec avis de réception",
                "commissaire_de_justice": "Acte de commissaire de justice",
                "lettre_simple": "Lettre simple",
            },
        ),
    },
    Mandataire: {
        "qualite": Hint(
            label="Qualité",
            choices={"avocat": "Avocat", "autre": "Autre mandataire"},
            widget="radio",
        ),
        "civilite": Hint(choices=CIVILITY),
        "barreau": Hint(label="Barreau", when=LAWYER, note="avocat"),
        "fonction": Hint(label="Fonction du mandataire", when=OTHER_AGENT, note="autre mandataire"),
        "date_pouvoir": Hint(
            label="Date du pouvoir spécial",
            help="Obligatoire pour un mandataire qui n'est pas avocat.",
            when=OTHER_AGENT,
            note="autre mandataire",
        ),
    },
}

SECTIONS = {
    "injonction_de_payer": {"matiere": "La créance", "date_requete": "La requête"},
}
