"""Money amounts: ``Decimal`` euros rounded half-up to the cent."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")


def to_cents(value: Decimal | int | str) -> Decimal:
    """Round an amount half-up to the cent."""
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)
