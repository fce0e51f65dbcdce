"""The rates a computation reads: the table in force (seed, operator, case), looked up and recorded.

The table's types live in ``docgen.law.ratetable``; they are exported here too.
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path

from docgen.law.ratefile import load_rates
from docgen.law.ratetable import (
    ECB,
    FACTS,
    FLOOR_MULTIPLIER,
    LEGAL_CONSUMER,
    LEGAL_OTHER,
    OPERATOR,
    PENALTY_MARGIN,
    SEED,
    SERIES,
    Category,
    EcbRate,
    HalfYear,
    LegalRates,
    RatesFileError,
    RateTable,
    RateUse,
    SuppliedRate,
    day_before,
    french_date,
)

DEFAULT_PATH = Path(__file__).parent / "data" / "taux.toml"
DEFAULT_LABEL = "taux de référence livrés avec le programme"

__all__ = [
    "DEFAULT_LABEL",
    "DEFAULT_PATH",
    "ECB",
    "FACTS",
    "FLOOR_MULTIPLIER",
    "LEGAL_CONSUMER",
    "LEGAL_OTHER",
    "OPERATOR",
    "PENALTY_MARGIN",
    "SEED",
    "SERIES",
    "Category",
    "EcbRate",
    "HalfYear",
    "LegalRates",
    "RateTable",
    "RateUse",
    "RatesFileError",
    "SuppliedRate",
    "current_rates",
    "day_before",
    "default_penalty_rate",
    "default_rates",
    "ecb_reference_rate",
    "french_date",
    "legal_rate",
    "penalty_rate_floor",
    "rate_of",
    "recording",
    "set_provider",
    "using_rates",
]


# --- the table in force ----------------------------------------------------------------

_current: contextvars.ContextVar[RateTable | None] = contextvars.ContextVar(
    "docgen_rates", default=None
)
_uses: contextvars.ContextVar[dict[tuple[str, HalfYear], RateUse] | None] = contextvars.ContextVar(
    "docgen_rate_uses", default=None
)
_provider: Callable[[], RateTable | None] | None = None


@functools.cache
def default_rates() -> RateTable:
    """The rates shipped with the program (the seed), read and validated once."""
    return load_rates(DEFAULT_PATH, DEFAULT_LABEL)


def set_provider(provider: Callable[[], RateTable | None] | None) -> None:
    """Where ``current_rates`` looks when no table is in use: a host's own (its database)."""
    global _provider
    _provider = provider


def current_rates() -> RateTable:
    """The table of ``using_rates``, else the host's provider's, else the seed."""
    table = _current.get()
    if table is None and _provider is not None:
        table = _provider()
    return default_rates() if table is None else table


@contextlib.contextmanager
def using_rates(table: RateTable | None) -> Iterator[RateTable]:
    """Make ``table`` (or the current one, if None) the table of the computations in the block."""
    table = current_rates() if table is None else table
    token = _current.set(table)
    try:
        yield table
    finally:
        _current.reset(token)


@contextlib.contextmanager
def recording() -> Iterator[list[RateUse]]:
    """Collect every rate read in the block, once each, in the order first read.

    The list is filled when the block ends; an enclosing recording sees the same rates.
    """
    parent = _uses.get()
    uses: dict[tuple[str, HalfYear], RateUse] = {}
    token = _uses.set(uses)
    read: list[RateUse] = []
    try:
        yield read
    finally:
        _uses.reset(token)
        read.extend(uses.values())
        if parent is not None:
            for key, use in uses.items():
                parent.setdefault(key, use)


# --- lookups -----------------------------------------------------------------------------


def rate_of(series: str, half: HalfYear, *, rates: RateTable | None = None) -> Decimal:
    """The rate of ``series`` for ``half``, recorded for the generation's record.

    :raise MissingRateError: if neither the table nor the case gives it.
    """
    use = (current_rates() if rates is None else rates).lookup(series, half)
    uses = _uses.get()
    if uses is not None:
        uses.setdefault((series, half), use)
    return use.rate


def legal_rate(half: HalfYear, category: Category, *, rates: RateTable | None = None) -> Decimal:
    """Taux de l'intérêt légal (percent) of ``half`` for ``category``."""
    return rate_of(category.series, half, rates=rates)


def ecb_reference_rate(half: HalfYear, *, rates: RateTable | None = None) -> Decimal:
    """ECB main refinancing rate (percent) in force on 1 January (S1) or 1 July (S2)."""
    return rate_of(ECB, half, rates=rates)


def default_penalty_rate(half: HalfYear, *, rates: RateTable | None = None) -> Decimal:
    """L.441-10 C. com. default late-penalty rate: ECB reference rate + 10 points."""
    return ecb_reference_rate(half, rates=rates) + PENALTY_MARGIN


def penalty_rate_floor(half: HalfYear, *, rates: RateTable | None = None) -> Decimal:
    """L.441-10 C. com. minimum stipulated rate: 3 × legal interest rate (other cases)."""
    return FLOOR_MULTIPLIER * legal_rate(half, Category.OTHER, rates=rates)
