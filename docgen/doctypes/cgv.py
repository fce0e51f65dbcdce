"""Conditions générales de vente: facts, computed context, file name."""

from __future__ import annotations

from typing import Any

from docgen.errors import MissingRateError
from docgen.facts.cgv import CODES_EXCEPTIONS, ConditionsGeneralesVente
from docgen.files import slugify
from docgen.formatting import nombre_en_lettres, pourcentage
from docgen.law.rates import HalfYear, default_penalty_rate

PAYMENT_MEANS = {
    "carte_bancaire": "carte bancaire",
    "virement": "virement bancaire",
    "cheque": "chèque",
    "especes": "espèces",
    "prelevement": "prélèvement SEPA",
}

LEGAL_BASES = {
    "contrat": "Exécution du contrat (art. 6.1.b RGPD)",
    "obligation_legale": "Obligation légale (art. 6.1.c RGPD)",
    "interet_legitime": "Intérêt légitime (art. 6.1.f RGPD) : {interet}",
    "consentement": "Consentement (art. 6.1.a RGPD)",
}

OFFERS = {  # end of performance, article title, what the seller does
    "biens": ("la livraison des biens", "Livraison", "livre les biens"),
    "services": ("l'achèvement de la prestation", "Exécution", "exécute les prestations"),
    "biens_et_services": (
        "la livraison des biens ou à l'achèvement de la prestation",
        "Livraison et exécution",
        "livre les biens ou exécute les prestations",
    ),
}

WITHDRAWAL_EXCEPTIONS = {
    "prix_marche_financier": (
        "2°",
        "de fourniture de biens ou de services dont le prix dépend de fluctuations sur le marché "
        "financier échappant au contrôle du professionnel et susceptibles de se produire pendant "
        "le délai de rétractation",
    ),
    "bien_personnalise": (
        "3°",
        "de fourniture de biens confectionnés selon les spécifications du consommateur ou "
        "nettement personnalisés",
    ),
    "bien_perissable": (
        "4°",
        "de fourniture de biens susceptibles de se détériorer ou de se périmer rapidement",
    ),
    "bien_descelle_hygiene": (
        "5°",
        "de fourniture de biens qui ont été descellés par le consommateur après la livraison et "
        "qui ne peuvent être renvoyés pour des raisons d'hygiène ou de protection de la santé",
    ),
    "bien_melange": (
        "6°",
        "de fourniture de biens qui, après avoir été livrés et de par leur nature, sont mélangés "
        "de manière indissociable avec d'autres articles",
    ),
    "boisson_alcoolisee": (
        "7°",
        "de fourniture de boissons alcoolisées dont la livraison est différée au-delà de trente "
        "jours et dont la valeur convenue à la conclusion du contrat dépend de fluctuations sur "
        "le marché échappant au contrôle du professionnel",
    ),
    "travaux_urgents": (
        "8°",
        "de travaux d'entretien ou de réparation à réaliser en urgence au domicile du "
        "consommateur et expressément sollicités par lui, dans la limite des pièces de rechange "
        "et travaux strictement nécessaires pour répondre à l'urgence",
    ),
    "enregistrement_descelle": (
        "9°",
        "de fourniture d'enregistrements audio ou vidéo ou de logiciels informatiques lorsqu'ils "
        "ont été descellés par le consommateur après la livraison",
    ),
    "journal_periodique": (
        "10°",
        "de fourniture d'un journal, d'un périodique ou d'un magazine, sauf pour les contrats "
        "d'abonnement à ces publications",
    ),
}
"""Art. L.221-28 C. conso., 2° to 10°: number and wording of each exception."""

CUSTOMERS = {
    "consommateurs": "des consommateurs",
    "professionnels": "des clients professionnels",
    "consommateurs_et_professionnels": "des consommateurs et des clients professionnels",
}


def _join(items: list[str], last: str = "et") -> str:
    """``a, b et c``."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + f" {last} " + items[-1]


def _days(number: int) -> str:
    """``trente (30) jours``."""
    return f"{nombre_en_lettres(number)} ({number}) jours"


def _rate(value: Any) -> str:
    """A percentage without useless decimals: ``30 %``, ``12,5 %``."""
    return pourcentage(value, 0 if value == int(value) else 2)


def _clause(text: str | None) -> str | None:
    """A free text to be followed by the template's own full stop."""
    return text.rstrip(" .") if text else None


def _article_numbers(facts: ConditionsGeneralesVente) -> dict[str, int]:
    """Number the articles in order, skipping those that do not apply to the case."""
    names = ["objet", "commande", "prix", "paiement"]
    names += ["professionnels"] if facts.professionnels else []
    names += ["livraison"]
    names += ["retractation"] if facts.retractation else []
    names += ["garanties"] if facts.biens else []
    names += ["donnees"]
    names += ["mediation"] if facts.consommateurs else []
    names += ["droit"]
    return {name: number for number, name in enumerate(names, start=1)}


def _payment(facts: ConditionsGeneralesVente) -> str | None:
    """When consumers pay: « en totalité à la commande »…"""
    end = OFFERS[facts.offre][0]
    if facts.paiement == "commande":
        return "en totalité à la commande"
    if facts.paiement == "livraison":
        return f"en totalité à {end}"
    if facts.paiement == "acompte":
        share = _rate(facts.acompte_pourcentage)
        return f"à hauteur de {share} à la commande, à titre d'acompte, et pour le solde à {end}"
    return None


def _payment_term(facts: ConditionsGeneralesVente) -> dict[str, Any] | None:
    """B2B payment term, penalty rate and discount wording (art. L.441-10 C. com.)."""
    terms = facts.conditions_professionnels
    if terms is None:
        return None
    days = terms.delai_paiement_jours
    if days is None:
        term = None
    elif days == 0:
        term = "à réception de la facture"
    elif terms.fin_de_mois:
        term = f"à {_days(days)} fin de mois à compter de la date d'émission de la facture"
    else:
        term = f"à {_days(days)} à compter de la date d'émission de la facture"
    discount = terms.escompte
    return {
        "delai_texte": term,
        "taux_stipule": _rate(terms.taux_penalites) if terms.taux_penalites else None,
        "taux_indicatif": _indicative_rate(facts),
        "escompte_texte": (
            f"Un escompte de {_rate(discount.taux)} est consenti pour tout paiement reçu dans "
            f"les {_days(discount.delai_jours)} suivant la date d'émission de la facture."
            if discount
            else "Aucun escompte n'est consenti en cas de paiement anticipé."
        ),
    }


def _indicative_rate(facts: ConditionsGeneralesVente) -> dict[str, str] | None:
    """The default penalty rate of the version's half-year, when the rates file has it."""
    half = HalfYear.of(facts.date_version)
    try:
        rate = default_penalty_rate(half)
    except MissingRateError:
        return None
    return {"taux": pourcentage(rate), "semestre": half.label}


def _exceptions(facts: ConditionsGeneralesVente) -> list[dict[str, str]]:
    """Chosen L.221-28 exceptions in the article's order: number, wording, end punctuation."""
    chosen = [code for code in CODES_EXCEPTIONS if code in facts.exceptions_retractation]
    return [
        {
            "numero": WITHDRAWAL_EXCEPTIONS[code][0],
            "texte": WITHDRAWAL_EXCEPTIONS[code][1],
            "fin": "." if code == chosen[-1] else " ;",
        }
        for code in chosen
    ]


def _processing(facts: ConditionsGeneralesVente) -> list[dict[str, str]]:
    """Rows of the personal-data table: purpose, legal basis in words, retention."""
    return [
        {
            "finalite": t.finalite,
            "base_legale": LEGAL_BASES[t.base_legale].format(interet=t.interet_legitime),
            "duree": t.duree_conservation,
        }
        for t in facts.donnees_personnelles.traitements
    ]


def _seller(facts: ConditionsGeneralesVente) -> dict[str, Any]:
    """Seller wordings: name, address label, capital, VAT mention."""
    seller = facts.vendeur
    company = seller.nature == "personne_morale"
    return {
        "nom": seller.designation,
        "libelle_adresse": "Siège social" if company else "Adresse professionnelle",
        "capital": seller.capital if company else None,
        "adresse": seller.adresse.en_ligne,
        "mention_tva": seller.mention_tva,
    }


def _contract_kind(facts: ConditionsGeneralesVente) -> str:
    """Contracts opening the withdrawal right: « à distance ou hors établissement »."""
    kinds = []
    if facts.vente_a_distance:
        kinds.append("à distance")
    if facts.hors_etablissement:
        kinds.append("hors établissement")
    return _join(kinds, "ou") if kinds else ""


def cgv_context(facts: ConditionsGeneralesVente) -> dict[str, Any]:
    """Context of CGV: the facts, which clauses apply, wordings and article numbers."""
    context = facts.model_dump()
    seller = _seller(facts)
    data = facts.donnees_personnelles
    _end, delivery_title, deliver = OFFERS[facts.offre]
    terms = facts.conditions_professionnels
    context.update(
        consommateurs=facts.consommateurs,
        professionnels=facts.professionnels,
        mixte=facts.consommateurs and facts.professionnels,
        biens=facts.biens,
        services=facts.services,
        retractation=facts.retractation,
        contrats_retractation=_contract_kind(facts),
        num=_article_numbers(facts),
        vendeur_texte=seller,
        livrer_texte=deliver,
        frais_texte=_clause(facts.frais),
        reductions_texte=_clause(terms.reductions if terms else None),
        consentement=any(t.base_legale == "consentement" for t in data.traitements),
        clientele_texte=CUSTOMERS[facts.clientele],
        titre_livraison=delivery_title,
        moyens_paiement_texte=_join([PAYMENT_MEANS[m] for m in facts.moyens_paiement]),
        paiement_texte=_payment(facts),
        exceptions=_exceptions(facts),
        reglement_professionnels=_payment_term(facts),
        traitements=_processing(facts),
        destinataires_texte=_join(data.destinataires),
        contact_donnees=data.courriel_contact or facts.vendeur.email,
        document={
            "titre": f"Conditions générales de vente — {seller['nom']}",
            "auteur": seller["nom"],
            "sujet": f"Conditions générales de vente, version du {facts.date_version:%d/%m/%Y}",
        },
    )
    return context


COMPUTED_VARIABLES = {
    "consommateurs": "Vrai si des consommateurs sont clients",
    "professionnels": "Vrai si des professionnels sont clients",
    "mixte": "Vrai si la clientèle comprend consommateurs et professionnels",
    "biens": "Vrai si des biens sont vendus",
    "services": "Vrai si des prestations de services sont fournies",
    "retractation": "Vrai si le consommateur dispose du droit de rétractation",
    "contrats_retractation": "Contrats ouvrant la rétractation : « à distance ou hors "
    "établissement »",
    "num": "Numéro de chaque article (objet, commande, prix, paiement, professionnels, "
    "livraison, retractation, garanties, donnees, mediation, droit)",
    "vendeur_texte": "Vendeur : nom (avec « EI »), libelle_adresse, capital, adresse, "
    "mention_tva (franchise ou numéro de TVA avec son préfixe FR)",
    "livrer_texte": "« livre les biens », « exécute les prestations » ou les deux",
    "frais_texte": "Frais ajoutés au prix, sans point final (absent s'il n'y en a pas)",
    "reductions_texte": "Réductions de prix des professionnels, sans point final",
    "consentement": "Vrai si un traitement de données repose sur le consentement",
    "clientele_texte": "« des consommateurs », « des clients professionnels » ou les deux",
    "titre_livraison": "« Livraison », « Exécution » ou « Livraison et exécution »",
    "moyens_paiement_texte": "Moyens de paiement : « carte bancaire et chèque »",
    "paiement_texte": "Moment du paiement des consommateurs : « en totalité à la commande »",
    "exceptions": "Exceptions de l'art. L.221-28 retenues, dans l'ordre de l'article : "
    "numero (« 3° »), texte, fin (« ; » ou « . »)",
    "reglement_professionnels": "Clients professionnels : delai_texte, taux_stipule, "
    "taux_indicatif {taux, semestre}, escompte_texte",
    "traitements": "Traitements de données : finalite, base_legale (en clair), duree",
    "destinataires_texte": "Destinataires des données, en une phrase",
    "contact_donnees": "Adresse électronique d'exercice des droits",
    "taux_fournis_utilises": "Taux des faits (« taux_fournis ») utilisés : serie, libelle, "
    "semestre, taux, source",
    "document": "Propriétés du document : titre, auteur, sujet",
}
"""Variables a template can use besides the case facts, with their French description."""


FACTS = ConditionsGeneralesVente
TEMPLATE = "cgv.docx"
build_context = cgv_context


def file_stem(facts: ConditionsGeneralesVente) -> str:
    """``cgv_<seller>_<date>``."""
    return f"cgv_{slugify(facts.vendeur.nom_complet)}_{facts.date_version.isoformat()}"
