"""Protocole d'accord transactionnel: facts, computed context, file name."""

from __future__ import annotations

from typing import Any

from docgen.facts.protocole_transactionnel import (
    PartieProtocole,
    ProtocoleTransactionnel,
    Reglement,
)
from docgen.files import slugify

ORDINALS = ["PREMIÈRE", "DEUXIÈME", "TROISIÈME", "QUATRIÈME", "CINQUIÈME", "SIXIÈME"]

PAYMENT_MODES = {
    "virement": "par virement bancaire",
    "virement_carpa": "par virement sur le compte CARPA de l'avocat du bénéficiaire",
    "cheque_de_banque": "par chèque de banque",
}


def _join(items: list[str]) -> str:
    """``a, b et c``."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " et " + items[-1]


def _pairs(items: list[Any]) -> list[list[Any]]:
    """Items two by two, for side-by-side signature blocks."""
    return [items[i : i + 2] for i in range(0, len(items), 2)]


def _forms(appellation: str) -> dict[str, str]:
    """The appellation after « de » and « à », and at the start of a sentence."""
    article, _, rest = appellation.partition(" ")
    lowered = article.casefold()
    if lowered == "le":
        de, a = f"du {rest}", f"au {rest}"
    elif lowered == "la":
        de, a = f"de la {rest}", f"à la {rest}"
    else:  # l'Entreprise
        de, a = f"de {appellation}", f"à {appellation}"
    return {
        "nom": appellation,
        "de": de,
        "a": a,
        "majuscule": appellation[0].upper() + appellation[1:],
    }


def _identity(party: PartieProtocole) -> dict[str, Any]:
    feminine = party.nature == "personne_morale" or party.civilite == "Mme"
    if party.rcs_ville:
        registry = (
            f"immatriculée au registre du commerce et des sociétés de {party.rcs_ville} "
            f"sous le numéro {party.siren}"
        )
    elif party.activite == "artisanale":
        registry = (
            f"immatriculé{'e' if feminine else ''} au registre national des entreprises "
            f"sous le numéro SIREN {party.siren}"
        )
    else:
        registry = f"identifié{'e' if feminine else ''} sous le numéro SIREN {party.siren}"
    if party.nature == "personne_morale":
        signatory = party.representant or ""
        signing_as = f"pour {party.designation}"
    else:
        signatory = party.designation
        signing_as = ""
    return {
        "e": "e" if feminine else "",
        "immatriculation_texte": registry if party.siren else None,
        "signataire": signatory,
        "signe_pour": signing_as,
        **{f"appellation_{k}": v for k, v in _forms(party.appellation).items()},
    }


def _payment(facts: ProtocoleTransactionnel, payment: Reglement) -> dict[str, Any]:
    payee = facts.partie(payment.beneficiaire)
    payer = facts.partie(payment.payeur)
    return {
        **payment.model_dump(),
        "payeur_formes": _forms(payer.appellation),
        "beneficiaire_formes": _forms(payee.appellation),
        "beneficiaire_nom": payee.nom_complet,
        "avocat_beneficiaire": payee.avocat.model_dump() if payee.avocat else None,
        "titulaire": payment.titulaire_compte or payee.nom_complet,
        "mode_libelle": PAYMENT_MODES[payment.mode_paiement],
        "nombre_echeances": len(payment.echeancier),
        "derniere_echeance": payment.echeancier[-1].date,
        "cause_texte": payment.cause
        or "à titre d'indemnité transactionnelle, forfaitaire, globale et définitive",
    }


def _non_disparagement(facts: ProtocoleTransactionnel) -> dict[str, Any] | None:
    clause = facts.non_denigrement
    if clause is None:
        return None
    if clause.reciproque:
        two = len(facts.parties) == 2
        return {
            "sujet": "Chacune des Parties",
            "verbe": "s'interdit",
            "envers": "de l'autre Partie" if two else "des autres Parties",
            "possessif": "ses" if two else "leurs",
        }
    bound = [facts.partie(name) for name in clause.parties_tenues]
    others = [p for p in facts.parties if p not in bound]
    return {
        "sujet": _forms(_join([p.appellation for p in bound]))["majuscule"],
        "verbe": "s'interdit" if len(bound) == 1 else "s'interdisent",
        "envers": _join([_forms(p.appellation)["de"] for p in others]),
        "possessif": "ses" if len(others) == 1 else "leurs",
    }


def _part(index: int, count: int) -> str:
    """« D'UNE PART », « D'AUTRE PART », or the ordinal part for three parties or more."""
    if index == 0:
        return "D'UNE PART"
    if count == 2:
        return "D'AUTRE PART"
    return f"DE {ORDINALS[index]} PART"


def _penalty_articles(numbers: dict[str, int]) -> str:
    cited = [
        numbers[k] for k in ("reglement", "confidentialite", "non_denigrement") if k in numbers
    ]
    label = "l'article" if len(cited) == 1 else "les articles"
    return f"{label} {_join([str(n) for n in cited])}"


def _article_numbers(facts: ProtocoleTransactionnel) -> dict[str, int]:
    """Number the articles in order, skipping the clauses the case leaves out."""
    names = ["objet", "concessions", "reglement", "defaut", "clause_penale", "renonciation"]
    names += ["desistement"] if facts.instance else []
    names += ["confidentialite"] if facts.confidentialite else []
    names += ["non_denigrement"] if facts.non_denigrement else []
    names += ["force_executoire", "declarations", "frais", "dispositions"]
    return {name: number for number, name in enumerate(names, start=1)}


def protocole_context(facts: ProtocoleTransactionnel) -> dict[str, Any]:
    """Context of a settlement agreement: the facts, party wordings, payments, article numbers."""
    context = facts.model_dump()
    count = len(facts.parties)
    for index, (data, party) in enumerate(zip(context["parties"], facts.parties, strict=True)):
        data.update(_identity(party), mention_part=_part(index, count))
    payments = [_payment(facts, p) for p in facts.reglements]
    appellations = [p.appellation for p in facts.parties]
    parties = context["parties"]
    names = " / ".join(p.nom_complet for p in facts.parties)
    numbers = _article_numbers(facts)
    lawyers = [{**p["avocat"], "client": p["appellation_de"]} for p in parties if p["avocat"]]
    context.update(
        reglements=payments,
        total_reglements=sum(p.montant for p in facts.reglements),
        appellations_texte=_forms(_join(appellations))["majuscule"],
        nombre_parties=count,
        nombre_originaux=count,
        paraphes=" / ".join(["________"] * count),
        avocats=lawyers,
        signatures=_pairs(parties),
        signatures_avocats=_pairs(lawyers),
        demandeur_formes=(
            _forms(facts.partie(facts.instance.demandeur).appellation) if facts.instance else None
        ),
        non_denigrement_texte=_non_disparagement(facts),
        num=numbers,
        articles_clause_penale=_penalty_articles(numbers),
        document={
            "titre": f"Protocole d'accord transactionnel — {names}",
            "auteur": names,
            "sujet": "Transaction (articles 2044 et suivants du Code civil) : "
            + facts.objet_litige[:150],
        },
    )
    return context


COMPUTED_ATTRIBUTES = {
    "parties": (
        "e",
        "immatriculation_texte",
        "signataire",
        "signe_pour",
        "appellation_nom",
        "appellation_de",
        "appellation_a",
        "appellation_majuscule",
        "mention_part",
    ),
    "reglements": (
        "payeur_formes",
        "beneficiaire_formes",
        "beneficiaire_nom",
        "avocat_beneficiaire",
        "titulaire",
        "mode_libelle",
        "nombre_echeances",
        "derniere_echeance",
        "cause_texte",
    ),
}
"""Attributes the context adds to each item of a facts list (the lint checks the others)."""

COMPUTED_VARIABLES = {
    "parties": "Chaque partie reçoit en plus : e (« e » si féminin), immatriculation_texte, "
    "signataire, signe_pour, appellation_de (« du Client »), appellation_a (« au Client »), "
    "appellation_majuscule (« Le Client »), mention_part (« D'UNE PART »)",
    "reglements": "Chaque versement reçoit en plus : payeur_formes et beneficiaire_formes "
    "(nom, de, a, majuscule), beneficiaire_nom, avocat_beneficiaire, titulaire, mode_libelle, "
    "nombre_echeances, derniere_echeance, cause_texte",
    "total_reglements": "Total des sommes convenues, en euros",
    "appellations_texte": "Appellations des parties : « Le Client et le Prestataire »",
    "nombre_parties": "Nombre de parties",
    "paraphes": "Emplacements des paraphes, un par partie (pied de page)",
    "nombre_originaux": "Nombre d'exemplaires originaux (un par partie, art. 1375 C. civ.)",
    "avocats": "Avocats des parties : nom, barreau, cabinet, client (« du Client »)",
    "signatures": "Parties groupées deux par deux, pour les blocs de signature",
    "signatures_avocats": "Avocats groupés deux par deux, pour le contreseing",
    "demandeur_formes": "Appellation du demandeur à l'instance (nom, de, a, majuscule)",
    "non_denigrement_texte": "Formulation du non-dénigrement : sujet, verbe, envers, possessif",
    "articles_clause_penale": "Articles garantis par la clause pénale (« les articles 3, 8 et 9 »)",
    "num": "Numéro de chaque article (objet, concessions, reglement, defaut, clause_penale, "
    "renonciation, desistement, confidentialite, non_denigrement, force_executoire, "
    "declarations, frais, dispositions)",
    "document": "Propriétés du document : titre, auteur, sujet",
}
"""Variables a template can use besides the case facts, with their French description."""


FACTS = ProtocoleTransactionnel
TEMPLATE = "protocole_transactionnel.docx"
build_context = protocole_context


def file_stem(facts: ProtocoleTransactionnel) -> str:
    """``protocole-transactionnel_<party>-<party>_<date>``."""
    names = slugify("-".join(p.nom_complet for p in facts.parties))[:60].strip("-")
    return f"protocole-transactionnel_{names}_{facts.date_signature.isoformat()}"
