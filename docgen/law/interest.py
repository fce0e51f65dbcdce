"""Legal interest, L.441-10 late penalties, recovery indemnity and claim totals, in euros."""

from __future__ import annotations

import calendar
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from docgen.errors import LegalRuleError, MissingRateError
from docgen.law.money import to_cents
from docgen.law.rates import (
    Category,
    HalfYear,
    RateTable,
    default_penalty_rate,
    legal_rate,
    penalty_rate_floor,
)

RECOVERY_INDEMNITY = Decimal("40.00")
ZERO = Decimal("0.00")
LEGAL_RATE_BASIS = "taux de l'intérêt légal"
DEFAULT_PENALTY_BASIS = "taux de refinancement de la BCE majoré de 10 points"
STIPULATED_PENALTY_BASIS = "taux contractuel"


@dataclass(frozen=True)
class AccrualPeriod:
    """The days of one half-year during which an amount accrues at one rate."""

    first_day: date
    last_day: date
    days: int
    year_days: int
    rate: Decimal
    amount: Decimal
    half: HalfYear
    principal: Decimal | None = None  # the amount that accrued (less after a payment)


Payments = tuple[tuple[date, Decimal], ...]
"""Dated payments of a sum already accruing: from the day after each, it accrues no more."""


@dataclass(frozen=True)
class InterestResult:
    """Interest on ``principal`` from ``start`` (excluded) to ``end`` (included)."""

    principal: Decimal
    start: date
    end: date
    periods: tuple[AccrualPeriod, ...]
    total: Decimal
    rate_basis: str


@dataclass(frozen=True)
class RateCheck:
    """Whether a stipulated penalty rate reaches 3 × the legal rate (other cases) of a half."""

    half: HalfYear
    stipulated: Decimal
    floor: Decimal | None
    compliant: bool | None


@dataclass(frozen=True)
class PenaltyResult(InterestResult):
    """L.441-10 late penalties on ``principal`` from the day after ``start`` (the due date)."""

    checks: tuple[RateCheck, ...] = ()

    @property
    def compliant(self) -> bool | None:
        """False if a check fails; None if a floor is unknown; True otherwise."""
        results = [check.compliant for check in self.checks]
        if False in results:
            return False
        return None if None in results else True


def _amount(value: Decimal, name: str) -> Decimal:
    if isinstance(value, float):
        raise TypeError(f"{name} en float refusé : utilisez Decimal")
    amount = Decimal(value)
    if not amount.is_finite() or amount < 0:
        raise ValueError(f"{name} invalide : {value} (nombre positif ou nul attendu)")
    return amount


def split_by_half_year(start: date, end: date) -> tuple[tuple[HalfYear, date, date], ...]:
    """Split the accrual days between ``start`` and ``end`` by calendar half-year.

    Day-count convention: interest accrues for each day ``d`` with ``start < d <= end``,
    i.e. from the day after ``start`` up to and including ``end``. Each day belongs to the
    half-year that contains it. Returns ``(half, first_day, last_day)`` per half-year, in
    order; nothing if ``end <= start``. The amount of a period is then
    ``principal × rate / 100 × days / year_days`` where ``year_days`` is 365 or 366 (the
    length of that calendar year), rounded half-up to the cent per period; a total is the
    sum of the rounded period amounts.
    """
    spans: list[tuple[HalfYear, date, date]] = []
    first = start + timedelta(days=1)
    while first <= end:
        half = HalfYear.of(first)
        last = min(half.end, end)
        spans.append((half, first, last))
        first = last + timedelta(days=1)
    return tuple(spans)


def _accrue(
    principal: Decimal, start: date, end: date, rate_for: Callable[[HalfYear], Decimal]
) -> tuple[AccrualPeriod, ...]:
    periods = []
    for half, first, last in split_by_half_year(start, end):
        days = (last - first).days + 1
        year_days = 366 if calendar.isleap(first.year) else 365
        rate = rate_for(half)
        amount = to_cents(principal * rate * days / (Decimal(100) * year_days))
        periods.append(AccrualPeriod(first, last, days, year_days, rate, amount, half, principal))
    return tuple(periods)


def _accrue_paid(
    principal: Decimal,
    start: date,
    end: date,
    rate_for: Callable[[HalfYear], Decimal],
    payments: Payments,
) -> tuple[AccrualPeriod, ...]:
    """``_accrue`` of what was due each day: ``principal`` (what remains due) plus the sums
    paid after ``start`` and not yet paid that day; a payment lowers it from the next day.
    """
    late = sorted((day, _amount(paid, "paiement")) for day, paid in payments if day > start)
    periods: list[AccrualPeriod] = []
    first = start
    due = principal + sum((paid for _day, paid in late), ZERO)
    for day, paid in late:
        if day >= end:  # paid on or after the last day: due every day of the period
            break
        periods += _accrue(due, first, day, rate_for)
        first, due = day, due - paid
    return (*periods, *_accrue(due, first, end, rate_for))


def _total(amounts: Iterable[Decimal]) -> Decimal:
    return to_cents(sum(amounts, ZERO))


def legal_interest(
    principal: Decimal,
    start: date,
    end: date,
    category: Category,
    *,
    rates: RateTable | None = None,
    payments: Payments = (),
) -> InterestResult:
    """Interest at the legal rate of each half-year (art. 1231-6, 1344-1 C. civ.).

    ``principal`` is what is due on ``end``; ``payments`` made between ``start`` and ``end``
    accrued until the day they were paid.
    """
    principal = _amount(principal, "principal")
    periods = _accrue_paid(
        principal, start, end, lambda half: legal_rate(half, category, rates=rates), payments
    )
    return InterestResult(
        principal, start, end, periods, _total(p.amount for p in periods), LEGAL_RATE_BASIS
    )


def _rate_check(half: HalfYear, stipulated: Decimal, rates: RateTable | None) -> RateCheck:
    try:
        floor = penalty_rate_floor(half, rates=rates)
    except MissingRateError:
        return RateCheck(half, stipulated, None, None)
    return RateCheck(half, stipulated, floor, stipulated >= floor)


def late_penalties(
    principal: Decimal,
    due_date: date,
    end: date,
    stipulated_rate: Decimal | None = None,
    *,
    rates: RateTable | None = None,
    payments: Payments = (),
) -> PenaltyResult:
    """Late penalties of art. L.441-10 II C. com., due from the day after ``due_date``.

    Rate: ``stipulated_rate`` if given (each half-year is checked against the floor of
    3 × the legal rate, other cases), otherwise the ECB reference rate of each half-year
    plus 10 points. ``principal`` is what is due on ``end``; ``payments`` made late accrued
    until the day they were paid.
    """
    principal = _amount(principal, "principal")
    if stipulated_rate is None:
        periods = _accrue_paid(
            principal, due_date, end, lambda half: default_penalty_rate(half, rates=rates), payments
        )
        return PenaltyResult(
            principal,
            due_date,
            end,
            periods,
            _total(p.amount for p in periods),
            DEFAULT_PENALTY_BASIS,
        )
    stipulated = _amount(stipulated_rate, "taux contractuel")
    periods = _accrue_paid(principal, due_date, end, lambda half: stipulated, payments)
    checks = tuple(_rate_check(p.half, stipulated, rates) for p in periods)
    return PenaltyResult(
        principal,
        due_date,
        end,
        periods,
        _total(p.amount for p in periods),
        STIPULATED_PENALTY_BASIS,
        checks,
    )


def recovery_indemnity(unpaid_invoices: int, debtor_is_consumer: bool) -> Decimal:
    """Flat recovery indemnity: 40 € per invoice paid late (L.441-10 II, D.441-5 C. com.)."""
    if debtor_is_consumer:
        raise LegalRuleError(
            "L'indemnité forfaitaire pour frais de recouvrement de 40 € (art. L.441-10 et "
            "D.441-5 du code de commerce) ne s'applique qu'entre professionnels : elle ne peut "
            "pas être réclamée à un consommateur."
        )
    if isinstance(unpaid_invoices, bool) or unpaid_invoices < 0:
        raise ValueError(f"nombre de factures invalide : {unpaid_invoices}")
    return to_cents(RECOVERY_INDEMNITY * unpaid_invoices)


def deadline(start: date, days: int) -> date:
    """The day ``days`` days after ``start`` (e.g. the payment deadline of a notice)."""
    if days < 0:
        raise ValueError(f"délai négatif : {days} jours")
    return start + timedelta(days=days)


@dataclass(frozen=True)
class Invoice:
    """An invoice: ``amount`` is TTC, ``paid`` what the debtor has already paid."""

    number: str
    issued: date
    due: date
    amount: Decimal
    paid: Decimal = ZERO
    payments: Payments = ()  # the late part of ``paid``, with the day of each payment

    def __post_init__(self) -> None:
        _amount(self.amount, "montant de la facture")
        if _amount(self.paid, "montant réglé") > self.amount:
            raise ValueError(f"facture {self.number} : le montant réglé dépasse le montant TTC")
        if sum((paid for _day, paid in self.payments), ZERO) > self.paid:
            raise ValueError(f"facture {self.number} : les paiements datés dépassent le réglé")

    @property
    def outstanding(self) -> Decimal:
        return to_cents(self.amount - self.paid)


@dataclass(frozen=True)
class ClaimLine:
    """What is claimed for one invoice."""

    invoice: Invoice
    principal: Decimal
    penalties: PenaltyResult | None
    indemnity: Decimal


@dataclass(frozen=True)
class Claim:
    """The sums claimed by a formal notice, per invoice and in total."""

    lines: tuple[ClaimLine, ...]
    principal: Decimal
    penalties: Decimal
    indemnities: Decimal
    total: Decimal


def _claimable(invoices: Iterable[Invoice], as_of: date) -> list[Invoice]:
    unpaid = [invoice for invoice in invoices if invoice.outstanding > 0]
    if not unpaid:
        raise LegalRuleError("Aucune facture ne présente de solde impayé : rien à réclamer.")
    for invoice in unpaid:
        if invoice.due >= as_of:
            raise LegalRuleError(
                f"La facture {invoice.number} (échéance le {invoice.due:%d/%m/%Y}) n'est pas "
                f"encore en retard de paiement au {as_of:%d/%m/%Y} : une mise en demeure ne "
                "peut réclamer que des sommes échues et impayées."
            )
    return unpaid


def compute_claim(
    invoices: Iterable[Invoice],
    as_of: date,
    *,
    b2b: bool,
    stipulated_rate: Decimal | None = None,
    rates: RateTable | None = None,
    until: date | None = None,
) -> Claim:
    """Sums claimed on ``as_of`` for the unpaid balance of each invoice.

    Between professionals (``b2b``): principal, L.441-10 late penalties from the due date to
    ``until`` (default ``as_of``) on the unpaid balance, and 40 € per invoice. Otherwise the
    principal only (legal interest runs from the notice itself, art. 1231-6 C. civ.). Raises
    ``LegalRuleError`` if an unpaid invoice is not yet late on ``as_of`` (due on or after it).
    """
    if stipulated_rate is not None and not b2b:
        raise LegalRuleError(
            "Les pénalités de retard de l'art. L.441-10 du code de commerce "
            "ne s'appliquent qu'entre professionnels."
        )
    lines = []
    for invoice in _claimable(invoices, as_of):
        penalties = None
        if b2b:
            penalties = late_penalties(
                invoice.outstanding,
                invoice.due,
                until or as_of,
                stipulated_rate,
                rates=rates,
                payments=invoice.payments,
            )
        indemnity = recovery_indemnity(1, debtor_is_consumer=False) if b2b else ZERO
        lines.append(ClaimLine(invoice, invoice.outstanding, penalties, indemnity))
    principal = _total(line.principal for line in lines)
    penalties_total = _total(line.penalties.total for line in lines if line.penalties)
    indemnities = _total(line.indemnity for line in lines)
    return Claim(
        tuple(lines),
        principal,
        penalties_total,
        indemnities,
        to_cents(principal + penalties_total + indemnities),
    )
