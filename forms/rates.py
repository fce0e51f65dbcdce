"""A rate the server lacks, in words a business owner reads, and the two ways on from it."""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable
from dataclasses import dataclass

from werkzeug.datastructures import MultiDict

from docgen.errors import MissingRateError
from docgen.facts.rates import SOURCES
from docgen.law.rates import ECB, LEGAL_CONSUMER, SERIES, HalfYear, french_date

ROWS = "taux_fournis"
STOP = "arreter_au_dernier_taux_connu"
FIELDS = (ROWS, STOP)
"""The top-level facts of the rates a person gives and of the stop at the last known rate."""

LINKS = {
    "legal": ("https://www.legifrance.gouv.fr", "Légifrance, le Journal officiel en ligne"),
    ECB: (
        "https://www.ecb.europa.eu/press/pr/html/index.fr.html",
        "les communiqués de presse de la BCE",
    ),
}
"""The official pages where each kind of rate is published."""

_ROW_KEY = re.compile(rf"^{ROWS}-(\d+)-(\w+)$")


@dataclass(frozen=True)
class MissingRate:
    """The rate a computation lacked: its series, its half-year, where it could stop instead."""

    series: str
    half: HalfYear
    last_day: datetime.date | None = None

    @classmethod
    def of(cls, exc: MissingRateError) -> MissingRate | None:
        """The rate an error names, or None if it names no series the page knows."""
        if exc.series not in SERIES:
            return None
        try:
            half = HalfYear.parse(exc.half)
        except ValueError:
            return None
        return cls(exc.series, half, exc.last_day)

    @property
    def key(self) -> str:
        """``bce:2026-S2``, the value of the button that gives this rate."""
        return f"{self.series}:{self.half.key}"

    @property
    def title(self) -> str:
        return f"Le taux applicable au {self.half.label} n'est pas encore enregistré sur ce serveur"

    @property
    def name(self) -> str:
        """Which rate, in words: « taux de la BCE en vigueur au 1er juillet 2026 »."""
        if self.series == ECB:
            return f"taux de la BCE en vigueur au {french_date(self.half.start)}"
        whose = (
            "créancier particulier, n'agissant pas pour des besoins professionnels"
            if self.series == LEGAL_CONSUMER
            else "autres cas que les créanciers particuliers"
        )
        return f"taux de l'intérêt légal du {self.half.label} ({whose})"

    @property
    def use(self) -> str:
        """What the rate is needed for."""
        if self.series == ECB:
            return (
                "Il fixe les pénalités de retard entre professionnels : ce taux majoré de "
                "10 points (art. L.441-10 du code de commerce)."
            )
        return (
            "Il fixe les intérêts de retard au taux légal et le minimum des pénalités entre "
            "professionnels ; il est publié par arrêté chaque semestre."
        )

    @property
    def where(self) -> str:
        """Where it is officially read (the engine's own list)."""
        return SOURCES[self.series]

    @property
    def link(self) -> tuple[str, str]:
        """The official page to read it on, and its name."""
        return LINKS[ECB if self.series == ECB else "legal"]

    @property
    def stop_day(self) -> str:
        """``30 juin 2026``, the day a stopped computation ends at, or ``""``."""
        return french_date(self.last_day) if self.last_day else ""

    @property
    def stopped(self) -> str:
        """What a stopped letter says: « pénalités arrêtées au 30 juin 2026, à parfaire »."""
        if self.series == ECB:
            return f"pénalités arrêtées au {self.stop_day}, à parfaire"
        return f"intérêts arrêtés au {self.stop_day}, à parfaire"


def official_sources() -> list[tuple[str, str, str, str]]:
    """Each kind of rate: its name, where it is published, the page and the page's name."""
    legal_url, legal_page = LINKS["legal"]
    ecb_url, ecb_page = LINKS[ECB]
    return [
        ("Taux de l'intérêt légal", SOURCES[LEGAL_CONSUMER], legal_url, legal_page),
        ("Taux de la BCE", SOURCES[ECB], ecb_url, ecb_page),
    ]


def parse_key(key: str) -> tuple[str, HalfYear] | None:
    """The series and half-year of a button value ``bce:2026-S2``, or None if altered."""
    series, _, half = key.partition(":")
    if series not in SERIES:
        return None
    try:
        return series, HalfYear.parse(half)
    except ValueError:
        return None


def row_indices(data: MultiDict[str, str]) -> dict[int, dict[str, str]]:
    """The rows of ``taux_fournis`` in form data: index → field → value."""
    rows: dict[int, dict[str, str]] = {}
    for key, value in data.items(multi=True):
        match = _ROW_KEY.match(key)
        if match:
            rows.setdefault(int(match.group(1)), {})[match.group(2)] = value
    return rows


def _blank(row: dict[str, str]) -> bool:
    return not row.get("taux", "").strip() and not row.get("source", "").strip()


def supply_row(data: MultiDict[str, str], series: str, half: HalfYear) -> str:
    """Add (or find) the row of ``series`` for ``half``, to be completed; its field id."""
    rows = row_indices(data)
    for index, row in sorted(rows.items()):
        if row.get("serie") == series and row.get("semestre", "").strip().upper() == half.key:
            return f"{ROWS}-{index}"
    empty = [i for i, row in sorted(rows.items()) if _blank(row) and not row.get("serie")]
    index = empty[0] if empty else max(rows, default=-1) + 1
    for name, value in (("serie", series), ("semestre", half.key)):
        data.setlist(f"{ROWS}-{index}-{name}", [value])
    return f"{ROWS}-{index}"


def drop_blank_rows(data: MultiDict[str, str]) -> None:
    """Remove the rows without rate nor source (asked for, then the stop chosen instead)."""
    blank = {i for i, row in row_indices(data).items() if _blank(row)}
    for key in list(data):
        match = _ROW_KEY.match(key)
        if match and int(match.group(1)) in blank:
            data.poplist(key)


def distinct(found: Iterable[MissingRate]) -> list[MissingRate]:
    """Each missing rate once, in the order met."""
    seen: dict[tuple[str, HalfYear], MissingRate] = {}
    for rate in found:
        seen.setdefault((rate.series, rate.half), rate)
    return list(seen.values())
