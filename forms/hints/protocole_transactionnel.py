"""Hints of the protocole transactionnel."""

from docgen.facts.protocole_transactionnel import (
    Echeance,
    Instance,
    NonDenigrement,
    PartieProtocole,
    ProtocoleTransactionnel,
    Reglement,
)
from forms.hints.hint import Hint

BANK_TRANSFER = (("mode_paiement", ("virement", "virement_carpa")),)

HINTS = {
    ProtocoleTransactionnel: {
        "parties": Hint(row="Partie"),
        "expose": Hint(
            label="Exposé des faits", help="Un paragraphe par élément.", row="Paragraphe"
        ),
        "reglements": Hint(row="Versement"),
        "delai_mise_en_demeure_jours": Hint(
            label="Délai de la mise en demeure avant déchéance du terme (en jours)"
        ),
        "clause_penale": Hint(label="Montant de la clause pénale (en euros)"),
        "confidentialite": Hint(label="Clause de confidentialité", help=""),
        "non_denigrement": Hint(label="Clause de non-dénigrement (facultative)"),
        "force_executoire": Hint(
            label="Comment rendre l'accord exécutoire",
            choices={
                "homologation": "Homologation par le juge (art. 1543 et s. CPC)",
                "formule_executoire_greffe": "Formule exécutoire du greffe, acte contresigné "
                "par avocats (art. 1546 CPC)",
            },
            widget="radio",
        ),
    },
    PartieProtocole: {
        "appellation": Hint(
            label="Appellation dans le texte, avec son article",
            help="Par exemple « le Client », « la Société », « l'Entreprise ».",
        ),
        "avocat": Hint(label="Avocat de la partie (facultatif)"),
        "montant_reclame": Hint(label="Montant réclamé (en euros)"),
        "concessions": Hint(
            label="Concessions consenties par la partie", help="Une au moins.", row="Concession"
        ),
    },
    Reglement: {
        "echeancier": Hint(
            label="Échéancier",
            help="Une seule échéance en cas de paiement unique ; le total doit égaler le montant.",
            row="Échéance",
        ),
        "montant": Hint(label="Montant total (en euros)"),
        "mode_paiement": Hint(
            label="Mode de paiement",
            choices={
                "virement": "Virement sur le compte du bénéficiaire",
                "virement_carpa": "Virement sur le compte CARPA de son avocat",
                "cheque_de_banque": "Chèque de banque",
            },
        ),
        "iban": Hint(label="IBAN du compte à créditer", when=BANK_TRANSFER, note="virement"),
        "bic": Hint(label="BIC de la banque", when=BANK_TRANSFER, note="virement"),
        "titulaire_compte": Hint(
            label="Titulaire du compte",
            help="Par défaut : le bénéficiaire.",
            when=BANK_TRANSFER,
            note="virement",
        ),
    },
    Echeance: {"montant": Hint(label="Montant (en euros)")},
    Instance: {
        "desistement_apres": Hint(
            label="Désistement",
            choices={
                "signature": "Dès la signature du protocole",
                "paiement_integral": "Après le paiement intégral des sommes",
            },
        ),
        "delai_desistement_jours": Hint(label="Délai pour se désister (en jours)"),
    },
    NonDenigrement: {
        "reciproque": Hint(label="Engagement réciproque (toutes les parties)"),
        "parties_tenues": Hint(
            label="Parties tenues (appellations)",
            when=(("reciproque", (False,)),),
            note="engagement non réciproque",
            row="Partie tenue",
        ),
        "duree_mois": Hint(label="Durée (en mois)", help="36 mois au plus."),
    },
}

SECTIONS = {
    "protocole_transactionnel": {
        "objet_litige": "Le litige",
        "delai_mise_en_demeure_jours": "En cas de défaut de paiement",
        "force_executoire": "Exécution et signature",
    },
}
