"""What comes next in a dossier, and when, from its events and the law; each step cites its text."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from docgen.dossier.facts import Dossier
from docgen.dossier.timeline import Evenement, balance, last, notice_deadline, ordered
from docgen.facts.injonction_de_payer import commercant
from docgen.formatting import date_longue, montant
from docgen.law.courts import competent_court
from docgen.law.limitation import limitation

LIMITATION_WARNING_DAYS = 90
"""How many days before the limitation date the dossier warns."""

SMALL_CLAIM = Decimal("5000")
"""The ceiling of art. 750-1 CPC and of the small-claims procedure (L.125-1 CPCE)."""

Kind = Literal["action", "alerte", "info"]

JUDGES = {
    "tc": "président du tribunal de commerce",
    "tae": "président du tribunal des activités économiques",
    "tj": "président du tribunal judiciaire",
    "jcp": "juge des contentieux de la protection du tribunal judiciaire",
}
"""The judge of a requête en injonction de payer, by kind of court (art. 1406 CPC)."""


@dataclass(frozen=True)
class Step:
    """One thing to do or to know: what, when (if dated), and the text that says so."""

    kind: Kind
    title: str
    text: str
    article: str  # empty for a plain statement of the dossier's figures
    date: datetime.date | None = None


STAGES = {
    "ouvert": "Ouvert",
    "relance": "Relance envoyée",
    "mise_en_demeure": "Mise en demeure envoyée",
    "mediation": "Médiation ou conciliation",
    "requete": "Requête déposée",
    "ordonnance": "Ordonnance obtenue",
    "transaction": "Transaction signée",
    "solde": "Soldé",
}
"""The stages of a dossier, in the order of a dispute, as the pages name them."""


def stage(dossier: Dossier, events: Sequence[Evenement], today: datetime.date) -> str:
    """The stage a dossier has reached: its latest step, or « soldé » once nothing is due."""
    if events and balance(dossier, events, today).principal == 0:
        return "solde"
    reached = "ouvert"
    for event in ordered(events):
        kind = event.type
        if kind == "reception" or kind == "delai_expire":
            kind = "mise_en_demeure"
        if kind in STAGES and list(STAGES).index(kind) >= list(STAGES).index(reached):
            reached = kind
    return reached


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day ``months`` later, or the month's last day when it has fewer days."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for candidate in range(day.day, 27, -1):
        try:
            return day.replace(year=year, month=month, day=candidate)
        except ValueError:
            continue
    return day.replace(year=year, month=month, day=28)


def next_steps(dossier: Dossier, events: Sequence[Evenement], today: datetime.date) -> list[Step]:
    """What to do next and what to know, the dated actions first."""
    due = balance(dossier, events, today)
    if due.principal == 0:
        return _settled(dossier)
    steps = _procedure(dossier, events, today)
    steps += _limitation(dossier, due.invoices, today)
    steps += _amicable(dossier, events, due.principal)
    if dossier.litige_consommation:
        steps += _mediator(dossier)
    order = {"alerte": 0, "action": 1, "info": 2}
    return sorted(steps, key=lambda s: (order[s.kind], s.date or datetime.date.max))


def next_date(steps: Sequence[Step]) -> datetime.date | None:
    """The date of the first dated action or warning, for lists sorted by what is due."""
    dates = [s.date for s in steps if s.date is not None and s.kind != "info"]
    return min(dates) if dates else None


def _settled(dossier: Dossier) -> list[Step]:
    text = "Plus rien n'est dû en principal : le dossier peut être clos."
    if dossier.entre_professionnels:
        text += (
            " Les pénalités de retard et l'indemnité forfaitaire de 40 € par facture restent "
            "dues pour les paiements tardifs."
        )
        return [Step("info", "Créance réglée", text, "art. L. 441-10 et D. 441-5 C. com.")]
    return [Step("info", "Créance réglée", text, "")]


def _procedure(dossier: Dossier, events: Sequence[Evenement], today: datetime.date) -> list[Step]:
    settlement = last(events, "transaction")
    if settlement:
        return [
            Step(
                "info",
                "Donner force exécutoire au protocole",
                "Faites homologuer le protocole par le juge, ou, s'il est contresigné par "
                "l'avocat de chaque partie, demandez au greffe d'y apposer la formule "
                "exécutoire.",
                "art. 1543 à 1545-1 et 1546 CPC",
            )
        ]
    order = last(events, "ordonnance")
    if order:
        limit = add_months(order.date, 6)
        return [
            Step(
                "action",
                "Faire signifier l'ordonnance",
                f"Faites signifier l'ordonnance au débiteur par un commissaire de justice au "
                f"plus tard le {date_longue(limit)} : à défaut, elle est non avenue. Le débiteur "
                "dispose ensuite d'un mois pour former opposition.",
                "art. 1411 et 1416 CPC",
                limit,
            )
        ]
    if last(events, "requete"):
        return [
            Step(
                "info",
                "Requête en cours d'examen",
                "Enregistrez l'ordonnance dès qu'elle vous est remise : elle doit être "
                "signifiée au débiteur dans les six mois.",
                "art. 1405 à 1425 CPC ; art. 1411 CPC",
            )
        ]
    notice = last(events, "mise_en_demeure")
    if notice is None:
        return _before_notice(dossier, events)
    return _after_notice(dossier, events, notice, today)


def _before_notice(dossier: Dossier, events: Sequence[Evenement]) -> list[Step]:
    if dossier.entre_professionnels:
        why = (
            "Entre professionnels, les pénalités de retard et l'indemnité forfaitaire de 40 € "
            "par facture sont dues dès le lendemain de l'échéance, sans rappel."
        )
        article = "art. L. 441-10 et D. 441-5 C. com. ; art. 1344 C. civ."
    else:
        why = (
            "Les intérêts au taux légal ne courent qu'à compter d'une mise en demeure ; "
            "aucune pénalité ni indemnité forfaitaire ne peut être réclamée à un "
            "consommateur."
        )
        article = "art. 1231-6 et 1344-1 C. civ."
    steps = []
    if last(events, "relance") is None:
        steps.append(
            Step(
                "action",
                "Envoyer une relance amiable",
                "Un rappel courtois règle souvent l'impayé. " + why,
                article,
            )
        )
    steps.append(
        Step(
            "action",
            "Adresser une mise en demeure",
            "Une lettre qui interpelle le débiteur de façon suffisante, de préférence en "
            "recommandé avec avis de réception pour en garder la preuve. " + why,
            "art. 1344 et 1344-1 C. civ.",
        )
    )
    return steps


def _after_notice(
    dossier: Dossier, events: Sequence[Evenement], notice: Evenement, today: datetime.date
) -> list[Step]:
    end = notice_deadline(notice)
    court = competent_court(
        dossier.creancier,
        dossier.debiteur,
        dossier.matiere,
        dossier.debiteur.adresse.ville,
        max(today, end),
    )
    steps = []
    where = "a son siège" if dossier.debiteur.nature == "personne_morale" else "demeure"
    filing = (
        f"La requête en injonction de payer se dépose auprès du {JUDGES[court.kind]} dans le "
        f"ressort duquel le débiteur {where} ({dossier.debiteur.adresse.ville}), à partir du "
        f"{date_longue(end + datetime.timedelta(1))}."
    )
    if today <= end:
        steps.append(
            Step(
                "action",
                "Attendre la fin du délai de la mise en demeure",
                f"Le délai laissé au débiteur expire le {date_longue(end)}. " + filing,
                "art. 1344 C. civ. ; art. 1405 et 1406 CPC",
                end,
            )
        )
    else:
        steps.append(
            Step(
                "action",
                "Déposer la requête en injonction de payer",
                f"Le délai de la mise en demeure a expiré le {date_longue(end)}. " + filing,
                "art. 1405 à 1407 CPC",
                end + datetime.timedelta(1),
            )
        )
    received = last(events, "reception")
    if notice.mode == "lettre_recommandee_ar" and (received is None or received.date < notice.date):
        steps.append(
            Step(
                "info",
                "Enregistrer l'avis de réception",
                "Sa date (ou la mention « pli avisé et non réclamé ») figurera au bordereau des "
                "pièces de la requête.",
                "art. 1407 CPC",
            )
        )
    return steps


def _limitation(dossier: Dossier, invoices: Sequence, today: datetime.date) -> list[Step]:
    period = limitation(
        dossier.matiere,
        consumer_debt=dossier.litige_consommation,
        commercial=any(commercant(p) for p in (dossier.creancier, dossier.debiteur)),
    )
    oldest = min(invoices, key=lambda f: f.echeance)
    ends = period.last_day(oldest.echeance)
    word = "Forclusion" if period.kind == "forclusion" else "Prescription"
    text = (
        f"La facture {oldest.numero}, échue le {date_longue(oldest.echeance)}, se "
        f"prescrit par {period.in_words} : agissez en justice au plus tard le "
        f"{date_longue(ends)}. La mise en demeure n'interrompt pas ce délai ; seuls "
        "l'interrompent une demande en justice, un acte d'exécution forcée ou la "
        "reconnaissance de la dette par le débiteur."
    )
    article = f"{period.article} ; art. 2240, 2241 et 2244 C. civ."
    if today > ends:
        return [Step("alerte", f"{word} acquise", text, article, ends)]
    if (ends - today).days <= LIMITATION_WARNING_DAYS:
        return [Step("alerte", f"{word} le {date_longue(ends)}", text, article, ends)]
    return [Step("info", f"{word} le {date_longue(ends)}", text, article, ends)]


def _amicable(dossier: Dossier, events: Sequence[Evenement], principal: Decimal) -> list[Step]:
    if principal > SMALL_CLAIM:
        return []
    steps = [
        Step(
            "info",
            "Petite créance : la procédure simplifiée de recouvrement",
            f"Pour {montant(principal)}, un commissaire de justice peut, si le débiteur "
            "l'accepte dans le mois, délivrer un titre exécutoire sans juge.",
            "art. L. 125-1 et R. 125-1 s. CPCE",
        )
    ]
    court = competent_court(
        dossier.creancier,
        dossier.debiteur,
        dossier.matiere,
        dossier.debiteur.adresse.ville,
        datetime.date.min,
    )
    if court.kind in ("tj", "jcp"):
        tried = last(events, "mediation") is not None
        steps.append(
            Step(
                "info",
                "Avant une assignation : tentative amiable obligatoire",
                ("Une tentative est enregistrée dans ce dossier. " if tried else "")
                + "Pour assigner devant le tribunal judiciaire en paiement de 5 000 € au plus, "
                "il faut d'abord tenter une conciliation, une médiation ou une procédure "
                "participative, à peine d'irrecevabilité. Ce n'est pas exigé pour la requête "
                "en injonction de payer.",
                "art. 750-1 CPC ; Cass. 2e civ., avis, 25 sept. 2025, n° 25-70.013",
            )
        )
    return steps


def _mediator(dossier: Dossier) -> list[Step]:
    mediator = dossier.mediateur
    if mediator is None:
        return [
            Step(
                "alerte",
                "Indiquer votre médiateur de la consommation",
                "Le litige vous oppose à un consommateur : vous devez lui communiquer les "
                "coordonnées du médiateur dont vous relevez (au moins son nom et l'adresse de "
                "son site). Renseignez-le dans le dossier.",
                "art. L. 616-1 et R. 616-1 C. conso",
            )
        ]
    where = mediator.site_internet + (f", {mediator.adresse}" if mediator.adresse else "")
    return [
        Step(
            "info",
            "Communiquer les coordonnées du médiateur",
            f"Donnez au consommateur les coordonnées de votre médiateur : {mediator.nom} "
            f"({where}). La médiation est gratuite pour lui et ne peut pas lui être imposée "
            "avant de saisir le juge.",
            "art. L. 612-1, L. 612-4, L. 616-1 et R. 616-1 C. conso",
        )
    ]
