"""Legal interest, ECB and L.441-10 rates per half-year, read from ``docgen/data/taux.toml``."""

from __future__ import annotations

import functools
import re
import tomllib
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from enum import Enum
from pathlib import Path
from typing import Any

from docgen.errors import DocgenError, MissingRateError

DEFAULT_PATH = Path(__file__).parent / "data" / "taux.toml"
DEFAULT_LABEL = "docgen/data/taux.toml"
PENALTY_MARGIN = Decimal("10")
FLOOR_MULTIPLIER = Decimal("3")

_KEY = re.compile(r"(\d{4})-S([12])")
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
_LEGAL_FIELDS = {"semestre", "debut", "fin", "taux_particulier", "taux_autres", "source"}
_ECB_FIELDS = {"date_effet", "taux", "source"}


class RatesFileError(DocgenError):
    """The rates data file is missing, unreadable or inconsistent; lists every problem."""

    def __init__(self, label: str, problems: list[str]) -> None:
        self.label = label
        self.problems = problems
        lines = "\n".join(f"  - {problem}" for problem in problems)
        super().__init__(f"Fichier de taux invalide ({label}) :\n{lines}")


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
        match = _KEY.fullmatch(key)
        if match is None:
            raise ValueError(f"semestre illisible : « {key} » (format AAAA-S1 ou AAAA-S2)")
        return cls(int(match.group(1)), int(match.group(2)))

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


@dataclass(frozen=True)
class LegalRates:
    """Both legal interest rates (percent) of one half-year, with their source."""

    half: HalfYear
    consumer_creditor: Decimal
    other: Decimal
    source: str


@dataclass(frozen=True)
class EcbRate:
    """An ECB main refinancing rate (percent) and the day it took effect."""

    effective: date
    rate: Decimal
    source: str


@dataclass(frozen=True)
class RateTable:
    """The validated content of a rates file; ``label`` names the file in messages."""

    legal: dict[HalfYear, LegalRates]
    ecb: tuple[EcbRate, ...]
    ecb_verified_until: date
    ecb_source: str
    label: str


def french_date(day: date) -> str:
    """``1er juillet 2026``, ``30 avril 2026``."""
    number = "1er" if day.day == 1 else str(day.day)
    return f"{number} {_MONTHS[day.month - 1]} {day.year}"


# --- loading -----------------------------------------------------------------------------

_Problems = list[str]


def _get_date(entry: dict[str, Any], name: str, where: str, problems: _Problems) -> date | None:
    value = entry.get(name)
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    shown = "absent" if value is None else f"lu : {value!r}"
    problems.append(f"{where} : « {name} » doit être une date AAAA-MM-JJ ({shown})")
    return None


def _get_rate(entry: dict[str, Any], name: str, where: str, problems: _Problems) -> Decimal | None:
    value = entry.get(name)
    try:
        rate = Decimal(value) if isinstance(value, str) else None
    except InvalidOperation:
        rate = None
    if rate is not None and rate.is_finite() and rate >= 0:
        return rate
    shown = "absent" if value is None else f"lu : {value!r}"
    problems.append(
        f"{where} : « {name} » doit être un pourcentage positif écrit entre "
        f'guillemets avec un point, par exemple "2.62" ({shown})'
    )
    return None


def _get_source(entry: dict[str, Any], where: str, problems: _Problems) -> str:
    value = entry.get("source")
    if isinstance(value, str) and value.strip():
        return value.strip()
    problems.append(f"{where} : « source » manquante (indiquez où le taux a été lu)")
    return ""


def _check_fields(
    entry: dict[str, Any], allowed: set[str], where: str, problems: _Problems
) -> None:
    for name in sorted(set(entry) - allowed):
        expected = ", ".join(sorted(allowed))
        problems.append(f"{where} : champ inconnu « {name} » (attendus : {expected})")


def _tables(value: Any, name: str, problems: _Problems) -> list[dict[str, Any]]:
    if isinstance(value, list) and value and all(isinstance(item, dict) for item in value):
        return value
    problems.append(f"« {name} » : liste de blocs [[{name}]] absente ou vide")
    return []


def _read_legal_entry(entry: dict[str, Any], where: str, problems: _Problems) -> LegalRates | None:
    _check_fields(entry, _LEGAL_FIELDS, where, problems)
    try:
        half = HalfYear.parse(str(entry.get("semestre", "")))
    except ValueError as exc:
        problems.append(f"{where} : {exc}")
        return None
    where = f"semestre {half.key}"
    start = _get_date(entry, "debut", where, problems)
    end = _get_date(entry, "fin", where, problems)
    for name, found, expected in (("debut", start, half.start), ("fin", end, half.end)):
        if found is not None and found != expected:
            problems.append(
                f"{where} : « {name} » vaut {found.isoformat()}, {expected.isoformat()} attendu"
            )
    consumer = _get_rate(entry, "taux_particulier", where, problems)
    other = _get_rate(entry, "taux_autres", where, problems)
    source = _get_source(entry, where, problems)
    if consumer is None or other is None:
        return None
    return LegalRates(half, consumer, other, source)


def _read_legal(value: Any, problems: _Problems) -> dict[HalfYear, LegalRates]:
    legal: dict[HalfYear, LegalRates] = {}
    for index, entry in enumerate(_tables(value, "interet_legal", problems)):
        rates = _read_legal_entry(entry, f"interet_legal n° {index + 1}", problems)
        if rates is not None and rates.half in legal:
            problems.append(f"semestre {rates.half.key} : présent deux fois")
        elif rates is not None:
            legal[rates.half] = rates
    return legal


def _read_ecb_entries(value: Any, problems: _Problems) -> tuple[EcbRate, ...]:
    entries: list[EcbRate] = []
    for index, entry in enumerate(_tables(value, "bce.taux_refi", problems)):
        where = f"bce.taux_refi n° {index + 1}"
        _check_fields(entry, _ECB_FIELDS, where, problems)
        effective = _get_date(entry, "date_effet", where, problems)
        rate = _get_rate(entry, "taux", where, problems)
        source = _get_source(entry, where, problems)
        if effective is None or rate is None:
            continue
        if entries and effective <= entries[-1].effective:
            problems.append(
                f"{where} : date_effet {effective.isoformat()} non postérieure à la "
                f"précédente ({entries[-1].effective.isoformat()}) : triez les "
                "décisions par date croissante, sans doublon"
            )
        entries.append(EcbRate(effective, rate, source))
    return tuple(entries)


def _parse(data: dict[str, Any], label: str) -> RateTable:
    problems: _Problems = []
    for name in sorted(set(data) - {"interet_legal", "bce"}):
        problems.append(f"section inconnue « {name} » (attendues : interet_legal, bce)")
    legal = _read_legal(data.get("interet_legal"), problems)
    bce = data.get("bce")
    if not isinstance(bce, dict):
        problems.append("section [bce] absente")
        bce = {}
    _check_fields(bce, {"verifie_jusqu_au", "source", "taux_refi"}, "[bce]", problems)
    verified = _get_date(bce, "verifie_jusqu_au", "[bce]", problems)
    source = _get_source(bce, "[bce]", problems)
    ecb = _read_ecb_entries(bce.get("taux_refi"), problems)
    if verified is not None and ecb and verified < ecb[-1].effective:
        problems.append("[bce] : « verifie_jusqu_au » précède la dernière décision enregistrée")
    if problems or verified is None:
        raise RatesFileError(label, problems)
    return RateTable(legal, ecb, verified, source, label)


def load_rates(path: Path | str, label: str | None = None) -> RateTable:
    """Read and validate a rates file (uncached); raise ``RatesFileError`` if it is invalid."""
    path = Path(path)
    label = label or str(path)
    try:
        with path.open("rb") as handle:
            data = tomllib.load(handle)
    except OSError as exc:
        raise RatesFileError(label, [f"lecture impossible : {exc.strerror or exc}"]) from exc
    except tomllib.TOMLDecodeError as exc:
        raise RatesFileError(label, [f"syntaxe TOML invalide : {exc}"]) from exc
    return _parse(data, label)


@functools.cache
def default_rates() -> RateTable:
    """The project's rates file, read and validated once."""
    return load_rates(DEFAULT_PATH, DEFAULT_LABEL)


# --- lookups -----------------------------------------------------------------------------


def legal_rate(half: HalfYear, category: Category, *, rates: RateTable | None = None) -> Decimal:
    """Taux de l'intérêt légal (percent) of ``half`` for ``category``."""
    table = default_rates() if rates is None else rates
    entry = table.legal.get(half)
    if entry is None:
        raise MissingRateError(
            what=f"taux de l'intérêt légal ({category.description})",
            period=half.label,
            hint=f"Ajoutez ce semestre et sa source au fichier {table.label}.",
        )
    return entry.consumer_creditor if category is Category.CONSUMER_CREDITOR else entry.other


def ecb_reference_rate(half: HalfYear, *, rates: RateTable | None = None) -> Decimal:
    """ECB main refinancing rate (percent) in force on 1 January (S1) or 1 July (S2)."""
    table = default_rates() if rates is None else rates
    day = half.start
    what = f"taux de refinancement de la BCE en vigueur le {french_date(day)}"
    if day > table.ecb_verified_until:
        raise MissingRateError(
            what=what,
            period=half.label,
            hint=f"Les décisions de la BCE ne sont vérifiées que jusqu'au "
            f"{french_date(table.ecb_verified_until)} : vérifiez les décisions postérieures, "
            f"ajoutez-les avec leur source au fichier {table.label} et avancez "
            "« verifie_jusqu_au ».",
        )
    in_force = [entry for entry in table.ecb if entry.effective <= day]
    if not in_force:
        raise MissingRateError(
            what=what,
            period=half.label,
            hint=f"Ajoutez la décision en vigueur à cette date et sa source au fichier "
            f"{table.label}.",
        )
    return in_force[-1].rate


def default_penalty_rate(half: HalfYear, *, rates: RateTable | None = None) -> Decimal:
    """L.441-10 C. com. default late-penalty rate: ECB reference rate + 10 points."""
    return ecb_reference_rate(half, rates=rates) + PENALTY_MARGIN


def penalty_rate_floor(half: HalfYear, *, rates: RateTable | None = None) -> Decimal:
    """L.441-10 C. com. minimum stipulated rate: 3 × legal interest rate (other cases)."""
    return FLOOR_MULTIPLIER * legal_rate(half, Category.OTHER, rates=rates)
