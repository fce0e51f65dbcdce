"""Unpaid invoices of a case as template data: the claim, its lines, the interest category."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any, Protocol, TypeVar

from docgen.errors import MissingRateError
from docgen.facts.parties import Partie
from docgen.law.interest import (
    AccrualPeriod,
    Claim,
    ClaimLine,
    Invoice,
    Payments,
    PenaltyResult,
    compute_claim,
)
from docgen.law.rates import Category

T = TypeVar("T")

CATEGORY_WORDING = {
    Category.CONSUMER_CREDITOR: "applicable aux créances des personnes physiques n'agissant "
    "pas pour des besoins professionnels",
    Category.OTHER: "applicable dans les cas autres que les créances des personnes physiques "
    "n'agissant pas pour des besoins professionnels",
}
"""How a letter names each category of the legal interest rate (art. L.313-2 CMF)."""


class InvoiceFacts(Protocol):
    """An unpaid invoice as the case facts give it."""

    numero: str
    date: datetime.date
    echeance: datetime.date
    montant_ttc: Decimal
    montant_regle: Decimal


def up_to_known_rates(
    compute: Callable[[datetime.date], T], end: datetime.date, stop: bool
) -> tuple[T, datetime.date | None]:
    """``compute(end)``; if ``stop`` and a rate is missing, ``compute`` up to the day before.

    Returns the result and the day the computation was stopped at (None if it reached ``end``).

    :raise MissingRateError: if a rate is missing and ``stop`` is false.
    """
    until = end
    while True:
        try:
            return compute(until), (None if until == end else until)
        except MissingRateError as exc:
            if not stop or exc.last_day is None or exc.last_day >= until:
                raise
            until = exc.last_day


def dated_payments(payments: Sequence[Any], number: str | None = None) -> Payments:
    """The case's late payments (of one invoice, or of all), as the computation takes them."""
    return tuple((p.date, p.montant) for p in payments if number is None or p.facture == number)


def claim_of(
    factures: Sequence[InvoiceFacts],
    on: datetime.date,
    *,
    b2b: bool,
    rate: Decimal | None,
    stop: bool = False,
    payments: Sequence[Any] = (),
) -> tuple[Claim, datetime.date | None]:
    """The claim of unpaid invoices on a date, and the day its penalties were stopped at.

    ``payments`` are the late payments of the case (``paiements``): the sum paid accrues
    penalties until the day it was paid.
    """
    invoices = [
        Invoice(
            f.numero,
            f.date,
            f.echeance,
            f.montant_ttc,
            f.montant_regle,
            dated_payments(payments, f.numero),
        )
        for f in factures
    ]
    return up_to_known_rates(
        lambda until: compute_claim(invoices, on, b2b=b2b, stipulated_rate=rate, until=until),
        on,
        stop,
    )


def line_data(line: ClaimLine) -> dict[str, Any]:
    """The figures of one invoice's line that every template shows."""
    return {
        "numero": line.invoice.number,
        "date": line.invoice.issued,
        "echeance": line.invoice.due,
        "montant_ttc": line.invoice.amount,
        "montant_regle": line.invoice.paid,
        "principal": line.principal,
        "indemnite": line.indemnity,
    }


def period_data(period: AccrualPeriod) -> dict[str, Any]:
    """One accrual period: the sum accruing, dates, days, days of the year, rate, amount."""
    return {
        "principal": period.principal,
        "debut": period.first_day,
        "fin": period.last_day,
        "jours": period.days,
        "jours_annee": period.year_days,
        "taux": period.rate,
        "montant": period.amount,
        "semestre": period.half.label,
    }


def interest_category(creditor: Partie) -> Category:
    """Category A when the creditor is a consumer, B in every other case."""
    return Category.CONSUMER_CREDITOR if creditor.consommateur else Category.OTHER


def penalties_data(result: PenaltyResult | None) -> dict[str, Any] | None:
    """One invoice's late penalties: total, rate basis, accrual periods, compliance."""
    if result is None:
        return None
    return {
        "total": result.total,
        "base": result.rate_basis,
        "periodes": [period_data(p) for p in result.periods],
        "conforme": result.compliant,
    }


def signatory(creditor: Partie, named: str | None) -> str:
    """Who signs the creditor's letter: the name given, else the representative or the person."""
    if named:
        return named
    if creditor.nature == "personne_morale":
        return creditor.representant or creditor.designation
    return f"{creditor.prenom} {creditor.nom}"


def claim_data(claim: Claim, stopped: datetime.date | None, on: datetime.date) -> dict[str, Any]:
    """The ``creance`` of a letter: totals, one line per invoice, where penalties stop."""
    lines = [
        {**line_data(line), "penalites": penalties_data(line.penalties)} for line in claim.lines
    ]
    return {
        "principal": claim.principal,
        "penalites": claim.penalties,
        "indemnites": claim.indemnities,
        "total": claim.total,
        "lignes": lines,
        "nombre_factures": len(lines),
        "arretees_au": stopped or on,
        "a_parfaire": stopped is not None,
    }
