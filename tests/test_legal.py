"""Tests of interest, late-penalty, indemnity and claim computations (figures by hand)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from docgen.errors import LegalRuleError, MissingRateError
from docgen.law.interest import (
    Invoice,
    compute_claim,
    deadline,
    late_penalties,
    legal_interest,
    recovery_indemnity,
    split_by_half_year,
)
from docgen.law.rates import Category, HalfYear

D = Decimal


# --- day count ------------------------------------------------------------------------


def test_split_across_half_year_boundary() -> None:
    # Days 16 May .. 20 Aug 2025: 16 May–30 Jun = 16 + 30 = 46, 1 Jul–20 Aug = 31 + 20 = 51.
    spans = split_by_half_year(date(2025, 5, 15), date(2025, 8, 20))
    assert spans == (
        (HalfYear(2025, 1), date(2025, 5, 16), date(2025, 6, 30)),
        (HalfYear(2025, 2), date(2025, 7, 1), date(2025, 8, 20)),
    )


def test_split_empty_when_end_not_after_start() -> None:
    assert split_by_half_year(date(2025, 5, 15), date(2025, 5, 15)) == ()
    assert split_by_half_year(date(2025, 5, 15), date(2025, 5, 1)) == ()
    result = legal_interest(D("1000"), date(2025, 5, 15), date(2025, 5, 15), Category.OTHER)
    assert result.periods == ()
    assert result.total == D("0.00")


def test_split_one_day() -> None:
    # start excluded, end included: 30 Jun -> 1 Jul is exactly one day, in 2025-S2.
    assert split_by_half_year(date(2025, 6, 30), date(2025, 7, 1)) == (
        (HalfYear(2025, 2), date(2025, 7, 1), date(2025, 7, 1)),
    )


# --- legal interest -------------------------------------------------------------------


def test_legal_interest_other_across_half_years() -> None:
    # 10 000 € × 3,71 % × 46 / 365 = 17 066 / 365 = 46,7562 -> 46,76
    # 10 000 € × 2,76 % × 51 / 365 = 14 076 / 365 = 38,5644 -> 38,56      total 85,32
    result = legal_interest(D("10000"), date(2025, 5, 15), date(2025, 8, 20), Category.OTHER)
    assert [(p.days, p.year_days, p.rate, p.amount) for p in result.periods] == [
        (46, 365, D("3.71"), D("46.76")),
        (51, 365, D("2.76"), D("38.56")),
    ]
    assert result.total == D("85.32")
    assert result.rate_basis == "taux de l'intérêt légal"
    assert (result.start, result.end) == (date(2025, 5, 15), date(2025, 8, 20))


def test_legal_interest_consumer_creditor_across_half_years() -> None:
    # 10 000 € × 7,21 % × 46 / 365 = 33 166 / 365 = 90,8658 -> 90,87
    # 10 000 € × 6,65 % × 51 / 365 = 33 915 / 365 = 92,9178 -> 92,92      total 183,79
    result = legal_interest(
        D("10000"), date(2025, 5, 15), date(2025, 8, 20), Category.CONSUMER_CREDITOR
    )
    assert [p.amount for p in result.periods] == [D("90.87"), D("92.92")]
    assert result.total == D("183.79")


def test_total_is_sum_of_rounded_periods() -> None:
    # 1 000 € × 3,71 % × 46 / 365 = 4,6756 -> 4,68 ; 1 000 € × 2,76 % × 51 / 365 = 3,8564
    # -> 3,86 ; total 8,54 (rounding the unrounded sum 8,5321 would give 8,53).
    result = legal_interest(D("1000"), date(2025, 5, 15), date(2025, 8, 20), Category.OTHER)
    assert result.total == D("8.54")


def test_leap_year_uses_366_days() -> None:
    # 1 Feb .. 29 Feb 2024 = 29 days; 10 000 € × 5,07 % × 29 / 366 = 14 703 / 366 = 40,1721
    # -> 40,17 (a 365-day year would give 40,28).
    result = legal_interest(D("10000"), date(2024, 1, 31), date(2024, 2, 29), Category.OTHER)
    (period,) = result.periods
    assert (period.first_day, period.last_day) == (date(2024, 2, 1), date(2024, 2, 29))
    assert (period.days, period.year_days) == (29, 366)
    assert result.total == D("40.17")


def test_year_boundary_into_leap_year() -> None:
    # 16–31 Dec 2023: 16 days, 10 000 × 6,82 % × 16 / 365 = 10 912 / 365 = 29,8959 -> 29,90
    # 1–15 Jan 2024: 15 days, 10 000 × 8,01 % × 15 / 366 = 12 015 / 366 = 32,8279 -> 32,83
    result = legal_interest(
        D("10000"), date(2023, 12, 15), date(2024, 1, 15), Category.CONSUMER_CREDITOR
    )
    assert [(p.days, p.year_days, p.amount) for p in result.periods] == [
        (16, 365, D("29.90")),
        (15, 366, D("32.83")),
    ]
    assert result.total == D("62.73")


def test_round_half_up_at_exactly_half_a_cent() -> None:
    # 2 Jan .. 15 Mar 2026 = 30 + 28 + 15 = 73 days = 365 / 5.
    # 750 € × 6,67 % / 5 = 10,005 -> 10,01 (banker's rounding would give 10,00)
    # 375 € × 2,62 % / 5 = 1,965 -> 1,97 (banker's rounding would give 1,96)
    start, end = date(2026, 1, 1), date(2026, 3, 15)
    assert legal_interest(D("750"), start, end, Category.CONSUMER_CREDITOR).total == D("10.01")
    assert legal_interest(D("375"), start, end, Category.OTHER).total == D("1.97")
    # 150 € × 12,15 % / 5 = 3,645 -> 3,65
    assert late_penalties(D("150"), start, end).total == D("3.65")


def test_legal_interest_missing_semester() -> None:
    with pytest.raises(MissingRateError, match="2e semestre 2026"):
        legal_interest(D("1000"), date(2026, 6, 1), date(2026, 7, 15), Category.OTHER)


def test_float_principal_refused() -> None:
    principal: Decimal = 1000.0  # type: ignore[assignment]
    with pytest.raises(TypeError, match="float"):
        legal_interest(principal, date(2025, 1, 1), date(2025, 2, 1), Category.OTHER)


# --- late penalties (L.441-10) --------------------------------------------------------


def test_default_penalties_across_half_years() -> None:
    # 10 000 € × 13,15 % × 46 / 365 = 60 490 / 365 = 165,7260 -> 165,73
    # 10 000 € × 12,15 % × 51 / 365 = 61 965 / 365 = 169,7671 -> 169,77     total 335,50
    result = late_penalties(D("10000"), date(2025, 5, 15), date(2025, 8, 20))
    assert [(p.rate, p.amount) for p in result.periods] == [
        (D("13.15"), D("165.73")),
        (D("12.15"), D("169.77")),
    ]
    assert result.total == D("335.50")
    assert result.checks == ()
    assert result.compliant is True
    assert "BCE" in result.rate_basis


def test_default_penalties_need_verified_ecb_rate() -> None:
    with pytest.raises(MissingRateError, match="2e semestre 2026"):
        late_penalties(D("1000"), date(2026, 6, 1), date(2026, 7, 15))


def test_stipulated_rate_compliant() -> None:
    # 12 % ≥ floor 3 × 3,71 = 11,13 (2025-S1) and ≥ 3 × 2,76 = 8,28 (2025-S2).
    # 10 000 € × 12 % × 46 / 365 = 55 200 / 365 = 151,2329 -> 151,23
    # 10 000 € × 12 % × 51 / 365 = 61 200 / 365 = 167,6712 -> 167,67      total 318,90
    result = late_penalties(D("10000"), date(2025, 5, 15), date(2025, 8, 20), D("12"))
    assert result.total == D("318.90")
    assert [(c.half, c.floor, c.compliant) for c in result.checks] == [
        (HalfYear(2025, 1), D("11.13"), True),
        (HalfYear(2025, 2), D("8.28"), True),
    ]
    assert result.compliant is True
    assert result.rate_basis == "taux contractuel"


def test_stipulated_rate_below_floor_is_flagged() -> None:
    # 8 % over 2025-S2 (floor 8,28: non-compliant) and 2026-S1 (floor 7,86: compliant).
    result = late_penalties(D("1000"), date(2025, 11, 30), date(2026, 1, 31), D("8"))
    assert [(c.half, c.stipulated, c.floor, c.compliant) for c in result.checks] == [
        (HalfYear(2025, 2), D("8"), D("8.28"), False),
        (HalfYear(2026, 1), D("8"), D("7.86"), True),
    ]
    assert result.compliant is False
    # 1 000 × 8 % × 31 / 365 = 2 480 / 365 = 6,7945 -> 6,79 for December and for January
    assert result.total == D("13.58")


def test_stipulated_rate_equal_to_floor_is_compliant() -> None:
    result = late_penalties(D("1000"), date(2026, 1, 1), date(2026, 2, 1), D("7.86"))
    assert result.checks[0].compliant is True


def test_stipulated_rate_floor_unknown_does_not_raise() -> None:
    # 2026-S2 legal rate missing: penalties computed at the stipulated rate, check unknown.
    # 1 000 × 10 % × 30 / 365 = 8,2192 -> 8,22 (June) ; 31 / 365 -> 8,4932 -> 8,49 (July)
    result = late_penalties(D("1000"), date(2026, 5, 31), date(2026, 7, 31), D("10"))
    assert [(c.floor, c.compliant) for c in result.checks] == [(D("7.86"), True), (None, None)]
    assert result.compliant is None
    assert result.total == D("16.71")


# --- indemnity, deadline --------------------------------------------------------------


def test_recovery_indemnity_per_invoice() -> None:
    assert recovery_indemnity(1, debtor_is_consumer=False) == D("40.00")
    assert recovery_indemnity(3, debtor_is_consumer=False) == D("120.00")
    assert recovery_indemnity(0, debtor_is_consumer=False) == D("0.00")


def test_recovery_indemnity_refused_against_consumer() -> None:
    with pytest.raises(LegalRuleError, match=r"L\.441-10 et D\.441-5 du code de commerce"):
        recovery_indemnity(2, debtor_is_consumer=True)


def test_deadline() -> None:
    assert deadline(date(2026, 2, 20), 8) == date(2026, 2, 28)
    assert deadline(date(2024, 2, 25), 8) == date(2024, 3, 4)  # 29 Feb 2024 counted
    assert deadline(date(2026, 12, 20), 15) == date(2027, 1, 4)


# --- claim ----------------------------------------------------------------------------

AS_OF = date(2026, 6, 15)
F1 = Invoice("F-1", date(2026, 1, 5), date(2026, 2, 4), D("1250.00"), paid=D("250.00"))
F2 = Invoice("F-2", date(2026, 3, 1), date(2026, 3, 31), D("480.00"))
F3 = Invoice("F-3", date(2026, 3, 1), date(2026, 3, 31), D("300.00"), paid=D("300.00"))


def test_claim_b2b_with_partial_payment() -> None:
    # F-1: 1 000,00 outstanding, 5 Feb .. 15 Jun 2026 = 24 + 31 + 30 + 31 + 15 = 131 days,
    #      1 000 × 12,15 % × 131 / 365 = 1 591 650 / 36 500 = 43,6068 -> 43,61
    # F-2: 480,00, 1 Apr .. 15 Jun = 30 + 31 + 15 = 76 days,
    #      480 × 12,15 % × 76 / 365 = 443 232 / 36 500 = 12,1433 -> 12,14
    # F-3: fully paid, not claimed. Indemnities 2 × 40 = 80.
    claim = compute_claim([F1, F2, F3], AS_OF, b2b=True)
    assert [line.invoice.number for line in claim.lines] == ["F-1", "F-2"]
    assert [line.principal for line in claim.lines] == [D("1000.00"), D("480.00")]
    assert [line.penalties.total for line in claim.lines if line.penalties] == [
        D("43.61"),
        D("12.14"),
    ]
    assert [line.penalties.periods[0].days for line in claim.lines if line.penalties] == [131, 76]
    assert [line.indemnity for line in claim.lines] == [D("40.00"), D("40.00")]
    assert (claim.principal, claim.penalties, claim.indemnities, claim.total) == (
        D("1480.00"),
        D("55.75"),
        D("80.00"),
        D("1615.75"),
    )


def test_claim_b2b_stipulated_rate() -> None:
    # F-2 at 15 %: 480 × 15 % × 76 / 365 = 547 200 / 36 500 = 14,9918 -> 14,99
    claim = compute_claim([F2], AS_OF, b2b=True, stipulated_rate=D("15"))
    (line,) = claim.lines
    assert line.penalties is not None and line.penalties.compliant is True
    assert claim.total == D("534.99")  # 480,00 + 14,99 + 40,00


def test_claim_consumer_principal_only() -> None:
    claim = compute_claim([F1, F2, F3], AS_OF, b2b=False)
    assert [(line.penalties, line.indemnity) for line in claim.lines] == [
        (None, D("0.00")),
        (None, D("0.00")),
    ]
    assert (claim.principal, claim.penalties, claim.indemnities, claim.total) == (
        D("1480.00"),
        D("0.00"),
        D("0.00"),
        D("1480.00"),
    )


def test_claim_refuses_invoice_not_yet_due() -> None:
    not_due = Invoice("F-4", date(2026, 6, 1), date(2026, 7, 1), D("100.00"))
    with pytest.raises(LegalRuleError, match="F-4"):
        compute_claim([F1, not_due], AS_OF, b2b=True)
    due_today = Invoice("F-5", date(2026, 5, 15), AS_OF, D("100.00"))
    with pytest.raises(LegalRuleError, match=r"F-5.*pas encore en retard"):
        compute_claim([due_today], AS_OF, b2b=False)


def test_claim_refuses_penalty_rate_against_consumer_and_empty_claim() -> None:
    with pytest.raises(LegalRuleError, match="entre professionnels"):
        compute_claim([F1], AS_OF, b2b=False, stipulated_rate=D("12"))
    with pytest.raises(LegalRuleError, match="Aucune facture"):
        compute_claim([F3], AS_OF, b2b=True)


def test_invoice_outstanding_and_overpayment() -> None:
    assert F1.outstanding == D("1000.00")
    assert F3.outstanding == D("0.00")
    with pytest.raises(ValueError, match="dépasse"):
        Invoice("F-9", date(2026, 1, 1), date(2026, 2, 1), D("10.00"), paid=D("10.01"))


def test_a_late_payment_accrues_until_the_day_it_is_paid():
    # 1 400 € still due on 1 June; 1 000 € paid on 20 May: 2 400 € accrued until then
    result = late_penalties(
        D("1400"), date(2026, 2, 14), date(2026, 6, 1), payments=((date(2026, 5, 20), D("1000")),)
    )
    assert [(p.principal, p.first_day, p.last_day, p.days, p.amount) for p in result.periods] == [
        (D("2400"), date(2026, 2, 15), date(2026, 5, 20), 95, D("75.90")),  # 291,60 × 95/365
        (D("1400"), date(2026, 5, 21), date(2026, 6, 1), 12, D("5.59")),  # 170,10 × 12/365
    ]
    assert result.total == D("81.49") and result.principal == D("1400")
    # a payment after the last day counted (a computation stopped early): due all along
    stopped = late_penalties(
        D("1400"), date(2026, 2, 14), date(2026, 3, 31), payments=((date(2026, 5, 20), D("1000")),)
    )
    assert [p.principal for p in stopped.periods] == [D("2400")]
    # paid before it fell due: never late
    early = late_penalties(
        D("1400"), date(2026, 2, 14), date(2026, 6, 1), payments=((date(2026, 2, 10), D("1000")),)
    )
    assert [p.principal for p in early.periods] == [D("1400")]
