"""The figures the engine computed for a case, laid out for the review step."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from docgen.formatting import date_courte, date_longue, montant, pourcentage


@dataclass
class Table:
    """A table of figures; the columns listed in ``numeric`` are right-aligned."""

    caption: str
    head: list[str]
    rows: list[list[str]]
    numeric: tuple[int, ...] = ()


@dataclass
class Block:
    """A group of figures: labelled values, tables, and the total they lead to."""

    title: str
    rows: list[tuple[str, str]] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    total: tuple[str, str] | None = None
    tables_first: bool = True  # the detail, then the figures it leads to
    words: bool = False  # values are sentences, not figures: read them left-aligned


def _periods(caption: str, lines: list[tuple[str, list[dict[str, Any]]]]) -> Table | None:
    rows = [
        [
            name,
            date_courte(p["debut"]),
            date_courte(p["fin"]),
            str(p["jours"]),
            pourcentage(p["taux"]),
            montant(p["montant"]),
        ]
        for name, periods in lines
        for p in periods
    ]
    head = ["Facture", "Du", "Au", "Jours", "Taux annuel", "Montant"]
    return Table(caption, head, rows, numeric=(3, 4, 5)) if rows else None


def _invoices(lines: list[dict[str, Any]], b2b: bool) -> Table:
    head = ["Facture", "Échéance", "Reste dû"]
    head += ["Pénalités", "Indemnité forfaitaire"] if b2b else []
    rows = []
    for line in lines:
        penalties = line.get("penalites")
        if isinstance(penalties, dict):
            penalties = penalties["total"]
        else:
            penalties = line.get("penalites_total")
        row = [line["numero"], date_courte(line["echeance"]), montant(line["principal"])]
        row += [montant(penalties or 0), montant(line["indemnite"])] if b2b else []
        rows.append(row)
    return Table("Détail par facture", head, rows, numeric=(2, 3, 4))


def _stopped(amounts: dict[str, Any], agreement: str = "es") -> str:
    """``, arrêtées au 30 juin 2026`` when the computation stopped early, or ``""``."""
    if not amounts.get("a_parfaire"):
        return ""
    day = amounts.get("arretees_au") or amounts["arretes_au"]
    return f", arrêté{agreement} au {date_longue(day)}"


def _more(amounts: dict[str, Any]) -> str:
    """`` (à parfaire)`` after an amount whose computation stopped early, or ``""``."""
    return " (à parfaire)" if amounts.get("a_parfaire") else ""


def _claim(creance: dict[str, Any], b2b: bool) -> Block:
    block = Block("Sommes réclamées")
    block.tables.append(_invoices(creance["lignes"], b2b))
    block.rows.append(("Principal (reste dû)", montant(creance["principal"])))
    if b2b:
        penalties = montant(creance["penalites"]) + _more(creance)
        block.rows.append((f"Pénalités de retard{_stopped(creance)}", penalties))
        block.rows.append(
            ("Indemnités forfaitaires de recouvrement", montant(creance["indemnites"]))
        )
        detail = []
        for line in creance["lignes"]:
            penalties = line.get("penalites")
            periods = penalties["periodes"] if isinstance(penalties, dict) else penalties or []
            detail.append((line["numero"], periods))
        table = _periods("Pénalités de retard, période par période", detail)
        block.tables += [table] if table else []
    block.total = ("Total réclamé", montant(creance["total"]) + _more(creance))
    return block


def _supplied(context: dict[str, Any]) -> list[Block]:
    """The rates the case gave, each with its source, when the computation used any."""
    used = context.get("taux_fournis_utilises") or []
    if not used:
        return []
    rows = [[r["libelle"], r["semestre"], pourcentage(r["taux"]), r["source"]] for r in used]
    table = Table("Taux indiqués dans le dossier", ["Taux", "Semestre", "Valeur", "Source"], rows)
    return [Block("Taux indiqués dans le dossier", tables=[table])]


def mise_en_demeure(facts: Any, context: dict[str, Any]) -> list[Block]:
    """Claim breakdown, deadline and legal interest of a formal notice."""
    claim = _claim(context["creance"], facts.entre_professionnels)
    deadline = Block(
        "Délai",
        rows=[
            ("Date de la lettre", date_longue(facts.date_lettre)),
            ("Délai laissé pour payer", f"{facts.delai_jours} jours"),
            ("Date limite de paiement", date_longue(context["date_limite"])),
        ],
    )
    if not facts.entre_professionnels:  # between professionals, penalties instead of interest
        interest = context["interets"]
        rate = interest.get("taux")
        shown = pourcentage(rate) if rate is not None else "non encore enregistré sur ce serveur"
        deadline.rows.append((f"Taux de l'intérêt légal, {interest['semestre']}", shown))
    return [claim, deadline, *_supplied(context)]


def relance(facts: Any, context: dict[str, Any]) -> list[Block]:
    """Amount due on the reminder's date and the date asked for."""
    claim = _claim(context["creance"], context["penalites_reclamees"])
    claim.title = "Sommes dues"
    deadline = Block(
        "Délai",
        rows=[
            ("Date de la relance", date_longue(facts.date_lettre)),
            ("Délai proposé pour régler", f"{facts.delai_jours} jours"),
            ("Date de règlement demandée", date_longue(context["date_souhaitee"])),
        ],
    )
    return [claim, deadline, *_supplied(context)]


def injonction_de_payer(facts: Any, context: dict[str, Any]) -> list[Block]:
    """Claim breakdown with interest or penalties, competent judge and limitation period."""
    creance = context["creance"]
    claim = _claim(creance, facts.entre_professionnels)
    interest = creance.get("interets")
    if interest:
        total = montant(interest["total"]) + _more(interest)
        claim.rows.append(
            (
                f"Intérêts au taux légal depuis le {date_longue(interest['depart'])}"
                f"{_stopped(interest, 's')}",
                total,
            )
        )
        table = _periods(
            "Intérêts au taux légal, période par période", [("", interest["periodes"])]
        )
        if table:
            table.head[0] = ""
            claim.tables.append(table)
    claim.total = ("Total demandé", montant(creance["total"]) + _more(creance))
    court = context["tribunal"]
    limitation = context["prescription"]
    judge = Block(
        "Juge compétent",
        words=True,
        rows=[
            ("Juridiction", court["nom"]),
            ("Requête adressée à", court["destinataire"]),
            ("Formulaire Cerfa", f"n° {court['cerfa']} ({court['cerfa_intitule']})"),
            ("Pourquoi", court["motif"]),
            (
                "Délai pour agir",
                f"{limitation['nature']} de {limitation['duree']} ({limitation['article']})",
            ),
        ],
    )
    pieces = Block(
        "Pièces jointes",
        words=True,
        rows=[(str(p["numero"]), p["libelle"]) for p in context["pieces"]],
    )
    return [claim, *_supplied(context), judge, pieces]


def protocole_transactionnel(facts: Any, context: dict[str, Any]) -> list[Block]:
    """The agreed payments, their schedule, and the penalty clause."""
    blocks = []
    for number, payment in enumerate(context["reglements"], start=1):
        rows = [[date_longue(e["date"]), montant(e["montant"])] for e in payment["echeancier"]]
        blocks.append(
            Block(
                f"Versement {number}",
                rows=[
                    (
                        "Payé par",
                        f"{facts.partie(payment['payeur']).nom_complet} ({payment['payeur']})",
                    ),
                    ("Au profit de", f"{payment['beneficiaire_nom']} ({payment['beneficiaire']})"),
                    ("Mode de paiement", payment["mode_libelle"]),
                ],
                tables_first=False,
                tables=[Table("Échéancier", ["Date limite", "Montant"], rows, numeric=(1,))],
                total=("Montant du versement", montant(payment["montant"])),
            )
        )
    blocks.append(
        Block(
            "Garanties",
            rows=[
                ("Total des sommes convenues", montant(context["total_reglements"])),
                ("Clause pénale en cas de défaut", montant(facts.clause_penale)),
                (
                    "Délai de mise en demeure avant déchéance du terme",
                    f"{facts.delai_mise_en_demeure_jours} jours",
                ),
                ("Exemplaires originaux", str(context["nombre_originaux"])),
            ],
        )
    )
    return blocks


ARTICLES = {
    "objet": "Objet",
    "commande": "Commande",
    "prix": "Prix",
    "paiement": "Paiement",
    "professionnels": "Clients professionnels",
    "livraison": "Livraison",
    "retractation": "Rétractation",
    "garanties": "Garanties",
    "donnees": "Données personnelles",
    "mediation": "Médiation",
    "droit": "Droit applicable",
}
"""Titles of the articles of the conditions, for the review step."""


def cgv(facts: Any, context: dict[str, Any]) -> list[Block]:
    """What the conditions will contain: customers, withdrawal, payment terms."""
    rows = [
        ("Clientèle", context["clientele_texte"]),
        ("Droit de rétractation", "Oui" if context["retractation"] else "Non"),
        ("Moyens de paiement", context["moyens_paiement_texte"]),
    ]
    if context.get("paiement_texte"):
        rows.append(("Paiement des consommateurs", context["paiement_texte"]))
    terms = context.get("reglement_professionnels")
    if terms:
        rows.append(("Délai de paiement des professionnels", terms["delai_texte"] or "30 jours"))
        if terms.get("taux_stipule"):
            rows.append(("Taux des pénalités de retard", terms["taux_stipule"]))
        if terms.get("taux_indicatif"):
            indicative = terms["taux_indicatif"]
            rows.append((f"Taux BCE + 10 points ({indicative['semestre']})", indicative["taux"]))
    articles = ", ".join(
        f"{n}. {ARTICLES.get(name, name.replace('_', ' '))}" for name, n in context["num"].items()
    )
    rows.append(("Articles", articles))
    return [Block("Contenu des conditions", rows=rows, words=True)]


FIGURES: dict[str, Callable[[Any, dict[str, Any]], list[Block]]] = {
    "cgv": cgv,
    "relance": relance,
    "mise_en_demeure": mise_en_demeure,
    "protocole_transactionnel": protocole_transactionnel,
    "injonction_de_payer": injonction_de_payer,
}


def figures(doc_type: str, facts: Any, context: dict[str, Any]) -> list[Block]:
    """The computed figures of a case, by document type."""
    return FIGURES[doc_type](facts, context)
