"""Hints of the conditions générales de vente."""

from docgen.facts.cgv import (
    ConditionsGeneralesVente,
    ConditionsProfessionnels,
    DonneesPersonnelles,
    Traitement,
)
from forms.hints.hint import Hint

CONSUMERS = (("clientele", ("consommateurs", "consommateurs_et_professionnels")),)
GOODS = (("offre", ("biens", "biens_et_services")),)
SERVICES = (("offre", ("services", "biens_et_services")),)

HINTS = {
    ConditionsGeneralesVente: {
        "vendeur": Hint(label="Vous, le vendeur ou prestataire"),
        "description_offre": Hint(label="Ce que vous vendez (groupe nominal)"),
        "offre": Hint(
            label="Vous vendez",
            choices={
                "biens": "Des biens",
                "services": "Des services",
                "biens_et_services": "Des biens et des services",
            },
            widget="radio",
        ),
        "clientele": Hint(
            label="Vos clients",
            choices={
                "consommateurs": "Des particuliers (consommateurs)",
                "professionnels": "Des professionnels",
                "consommateurs_et_professionnels": "Les deux",
            },
            widget="radio",
        ),
        "vente_a_distance": Hint(label="Vous vendez à distance (site, téléphone, courrier)"),
        "hors_etablissement": Hint(label="Vous vendez hors établissement (chez le client, foires)"),
        "conclusion_en_ligne": Hint(label="Les contrats sont conclus sur votre site internet"),
        "fonction_retractation": Hint(
            when=(("conclusion_en_ligne", (True,)),), note="contrats conclus en ligne"
        ),
        "moyens_paiement": Hint(
            label="Moyens de paiement acceptés",
            choices={
                "carte_bancaire": "Carte bancaire",
                "virement": "Virement",
                "cheque": "Chèque",
                "especes": "Espèces",
                "prelevement": "Prélèvement SEPA",
            },
        ),
        "paiement": Hint(
            label="Quand les consommateurs paient",
            help="",
            choices={
                "commande": "À la commande",
                "livraison": "À la livraison ou à la fin de la prestation",
                "acompte": "Acompte à la commande, solde à la livraison",
            },
            when=CONSUMERS,
            note="clients consommateurs",
        ),
        "acompte_pourcentage": Hint(
            label="Part du prix versée en acompte (%)",
            when=(("paiement", ("acompte",)),),
            note="paiement avec acompte",
        ),
        "exceptions_retractation": Hint(
            label="Exceptions au droit de rétractation qui concernent votre offre "
            "(art. L.221-28 C. conso.)",
            help="",
            choices={
                "prix_marche_financier": "Prix dépendant des marchés financiers (2°)",
                "bien_personnalise": "Biens personnalisés ou faits sur mesure (3°)",
                "bien_perissable": "Biens périssables (4°)",
                "bien_descelle_hygiene": "Biens descellés, non renvoyables pour l'hygiène (5°)",
                "bien_melange": "Biens mélangés à d'autres après livraison (6°)",
                "boisson_alcoolisee": "Boissons alcoolisées à livraison différée (7°)",
                "travaux_urgents": "Travaux urgents au domicile du consommateur (8°)",
                "enregistrement_descelle": "Enregistrements ou logiciels descellés (9°)",
                "journal_periodique": "Journaux et magazines hors abonnement (10°)",
            },
            when=CONSUMERS,
            note="clients consommateurs",
        ),
        "execution_pendant_delai": Hint(
            label="La prestation peut commencer pendant le délai de rétractation, à la demande "
            "expresse du consommateur",
            when=(*CONSUMERS, *SERVICES),
            note="services à des consommateurs",
        ),
        "frais_retour": Hint(
            label="Qui paie le renvoi des biens en cas de rétractation",
            choices={"consommateur": "Le consommateur", "vendeur": "Vous, le vendeur"},
            widget="radio",
            when=(*CONSUMERS, *GOODS),
            note="biens vendus à des consommateurs",
        ),
        "garantie_commerciale": Hint(when=GOODS, note="vente de biens"),
        "mediateur": Hint(
            label="Médiateur de la consommation",
            help="Obligatoire avec des consommateurs.",
            when=CONSUMERS,
            note="clients consommateurs",
        ),
        "conditions_professionnels": Hint(
            label="Conditions propres aux clients professionnels",
            when=(("clientele", ("professionnels", "consommateurs_et_professionnels")),),
            note="clients professionnels",
        ),
    },
    Traitement: {
        "base_legale": Hint(
            label="Base légale",
            help="",
            choices={
                "contrat": "Exécution du contrat",
                "obligation_legale": "Obligation légale",
                "interet_legitime": "Intérêt légitime",
                "consentement": "Consentement",
            },
        ),
        "interet_legitime": Hint(
            label="Intérêt légitime poursuivi",
            when=(("base_legale", ("interet_legitime",)),),
            note="base légale « intérêt légitime »",
        ),
    },
    DonneesPersonnelles: {
        "traitements": Hint(row="Traitement"),
        "destinataires": Hint(row="Destinataire"),
        "delegue": Hint(label="Délégué à la protection des données (facultatif)"),
    },
    ConditionsProfessionnels: {
        "delai_paiement_jours": Hint(
            label="Délai de paiement (en jours)",
            help="0 : à réception de la facture. À défaut, 30 jours après la livraison ou "
            "l'exécution (art. L.441-10 C. com.).",
        ),
        "taux_penalites": Hint(label="Taux des pénalités de retard (% par an)"),
        "escompte": Hint(label="Escompte pour paiement anticipé (facultatif)"),
    },
}

SECTIONS = {
    "cgv": {
        "site_internet": "Votre offre",
        "vente_a_distance": "Comment vous vendez",
        "moyens_paiement": "Paiement",
        "exceptions_retractation": "Rétractation et garanties (clients consommateurs)",
        "lieu_version": "Version des CGV",
    },
}
