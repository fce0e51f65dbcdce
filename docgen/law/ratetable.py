"""The rates table: series, half-years, legal rates, ECB decisions and the rates a case gives."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from enum import Enum

from docgen.errors import DocgenError, MissingRateError

PENALTY_MARGIN = Decimal("10")
FLOOR_MULTIPLIER = Decimal("3")

LEGAL_CONSUMER = "interet_legal_particulier"
LEGAL_OTHER = "interet_legal_autres"
ECB = "bce"
SERIES = {
    LEGAL_CONSUMER: "taux de l'intérêt légal (créancier personne physique n'agissant pas pour "
    "des besoins professionnels)",
    LEGAL_OTHER: "taux de l'intérêt légal (autres cas)",
    ECB: "taux de refinancement de la BCE",
}
"""The rate series a computation may need, with the French name shown to people."""

SEED, OPERATOR, FACTS = "référence", "exploitant", "faits du dossier"
"""Where a rate comes from: the shipped seed, the deployment's operator, the case facts."""

_MONTHS = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)


class RatesFileError(DocgenError):
    """The rates data file is missing, unreadable or inconsistent; lists every problem."""

    def __init__(self, label: str, problems: list[str]) -> None:
        self.label = label
        self.problems = problems
        lines = "\n".join(f"  - {problem}" for problem in problems)
        super().__init__(f"Taux invalides ({label}) :\n{lines}")


class Category(Enum):
    """Creditor category of the legal interest rate (art. L.313-2 CMF)."""

    CONSUMER_CREDITOR = "particulier"
    OTHER = "autres"

    @property
    def description(self) -> str:
        """French description of the category, as used in error messages."""
        if self is Category.CONSUMER_CREDITOR:
            return "créancier personne physique n'agissant pas pour des besoins professionnels"
        return "autres cas"

    @property
    def series(self) -> str:
        """The series of this category's rate."""
        return LEGAL_CONSUMER if self is Category.CONSUMER_CREDITOR else LEGAL_OTHER


@dataclass(frozen=True, order=True)
class HalfYear:
    """A calendar half-year: ``half`` 1 is January–June, 2 is July–December."""

    year: int
    half: int

    def __post_init__(self) -> None:
        if self.half not in (1, 2):
            raise ValueError(f"semestre invalide : {self.half} (1 ou 2 attendu)")

    @classmethod
    def of(cls, day: date) -> HalfYear:
        """The half-year containing ``day``."""
        return cls(day.year, 1 if day.month <= 6 else 2)

    @classmethod
    def parse(cls, key: str) -> HalfYear:
        """Parse a key such as ``2026-S1``."""
        text = key.strip().upper()
        if len(text) == 7 and text[:4].isdigit() and text[4:6] == "-S" and text[6] in "12":
            return cls(int(text[:4]), int(text[6]))
        raise ValueError(f"semestre illisible : « {key} » (format AAAA-S1 ou AAAA-S2)")

    @property
    def start(self) -> date:
        return date(self.year, 1 if self.half == 1 else 7, 1)

    @property
    def end(self) -> date:
        return date(self.year, 6, 30) if self.half == 1 else date(self.year, 12, 31)

    @property
    def label(self) -> str:
        return f"{'1er' if self.half == 1 else '2e'} semestre {self.year}"

    @property
    def key(self) -> str:
        return f"{self.year}-S{self.half}"

    @property
    def next(self) -> HalfYear:
        return HalfYear(self.year, 2) if self.half == 1 else HalfYear(self.year + 1, 1)

    def until(self, last: HalfYear) -> Iterator[HalfYear]:
        """This half-year and every one after it up to ``last`` included."""
        half = self
        while half <= last:
            yield half
            half = half.next


@dataclass(frozen=True)
class LegalRates:
    """Both legal interest rates (percent) of one half-year, with their source."""

    half: HalfYear
    consumer_creditor: Decimal
    other: Decimal
    source: str
    origin: str = SEED


@dataclass(frozen=True)
class EcbRate:
    """An ECB main refinancing rate (percent) and the day it took effect."""

    effective: date
    rate: Decimal
    source: str
    origin: str = SEED


@dataclass(frozen=True)
class SuppliedRate:
    """A rate the case facts give for one series and half-year, with where it was read."""

    series: str
    half: HalfYear
    rate: Decimal
    source: str


@dataclass(frozen=True)
class RateTable:
    """Every rate a computation may read; ``label`` names where they come from in messages.

    ``ecb`` holds the ECB decisions in order of effect; none other took effect up to
    ``ecb_verified_until``. ``supplied`` are the rates a case gives for periods the table
    lacks (``with_supplied``).
    """

    legal: Mapping[HalfYear, LegalRates]
    ecb: tuple[EcbRate, ...]
    ecb_verified_until: date
    ecb_source: str
    label: str
    supplied: Mapping[tuple[str, HalfYear], SuppliedRate] = field(default_factory=dict)

    def known(self, series: str, half: HalfYear) -> Decimal | None:
        """The rate of ``series`` for ``half`` that the table itself holds, if any."""
        try:
            return self.lookup(series, half, supplied=False).rate
        except MissingRateError:
            return None

    def lookup(self, series: str, half: HalfYear, *, supplied: bool = True) -> RateUse:
        """The rate of ``series`` for ``half``: the table's, else the case's if ``supplied``.

        :raise MissingRateError: naming the rate, and the last day a computation could stop at.
        """
        return _lookup(self, series, half, supplied)

    def with_supplied(self, rates: list[SuppliedRate]) -> RateTable:
        """This table, with the rates a case gives for the periods it lacks (known ones win)."""
        if not rates:
            return self
        supplied = dict(self.supplied)
        for rate in rates:
            if self.known(rate.series, rate.half) is None:
                supplied[(rate.series, rate.half)] = rate
        return RateTable(
            self.legal, self.ecb, self.ecb_verified_until, self.ecb_source, self.label, supplied
        )


@dataclass(frozen=True)
class RateUse:
    """A rate a computation read: its series, half-year, value, source and origin."""

    series: str
    half: HalfYear
    rate: Decimal
    source: str
    origin: str

    def as_record(self) -> dict[str, str]:
        """The JSON of a generation record (manifest, API header)."""
        return {
            "serie": self.series,
            "semestre": self.half.key,
            "taux": str(self.rate),
            "source": self.source,
            "origine": self.origin,
        }


def french_date(day: date) -> str:
    """``1er juillet 2026``, ``30 avril 2026``."""
    number = "1er" if day.day == 1 else str(day.day)
    return f"{number} {_MONTHS[day.month - 1]} {day.year}"


def day_before(half: HalfYear) -> date:
    """The last day before ``half`` starts: where a computation stopped short of it ends."""
    return half.start - timedelta(days=1)


def _missing(table: RateTable, series: str, half: HalfYear) -> MissingRateError:
    if series == ECB:
        what = f"taux de refinancement de la BCE en vigueur le {french_date(half.start)}"
        known = (
            f"Les décisions de la BCE ne sont vérifiées que jusqu'au "
            f"{french_date(table.ecb_verified_until)}."
            if half.start > table.ecb_verified_until
            else "Aucune décision de la BCE antérieure à cette date n'est enregistrée."
        )
    else:
        category = Category.CONSUMER_CREDITOR if series == LEGAL_CONSUMER else Category.OTHER
        what = f"taux de l'intérêt légal ({category.description})"
        known = ""
    return MissingRateError(
        what, half.label, known, series=series, half=half.key, last_day=day_before(half)
    )


def _lookup(table: RateTable, series: str, half: HalfYear, supplied: bool) -> RateUse:
    if series == ECB:
        day = half.start
        in_force = [entry for entry in table.ecb if entry.effective <= day]
        if in_force and day <= table.ecb_verified_until:
            entry = in_force[-1]
            return RateUse(series, half, entry.rate, entry.source, entry.origin)
    else:
        legal = table.legal.get(half)
        if legal is not None:
            rate = legal.consumer_creditor if series == LEGAL_CONSUMER else legal.other
            return RateUse(series, half, rate, legal.source, legal.origin)
    given = table.supplied.get((series, half)) if supplied else None
    if given is not None:
        return RateUse(series, half, given.rate, given.source, FACTS)
    raise _missing(table, series, half)
