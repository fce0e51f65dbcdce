"""How far a rates table reaches: per series, the last period covered and what a date lacks."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from docgen.law.rates import ECB, LEGAL_CONSUMER, LEGAL_OTHER, SERIES, HalfYear, RateTable

LOOKAHEAD_DAYS = 31
"""A server warns when a letter dated this many days from today would lack a rate."""

COMMANDS = {
    LEGAL_CONSUMER: "flask rates set interet-legal {half} PARTICULIER AUTRES --source TEXTE",
    LEGAL_OTHER: "flask rates set interet-legal {half} PARTICULIER AUTRES --source TEXTE",
    ECB: "flask rates update bce (ou flask rates set bce DATE TAUX --source TEXTE, puis "
    "flask rates verify bce DATE --source TEXTE)",
}
"""The operator's command that brings each series up to date."""


@dataclass(frozen=True)
class SeriesStatus:
    """What one series of a table covers, and the half-years a letter of ``on`` would lack."""

    series: str
    on: date
    last_half: HalfYear | None  # the last half-year a computation can use
    verified_until: date | None  # legal rate: end of that half-year; ECB: no decision after
    missing: tuple[HalfYear, ...]

    @property
    def label(self) -> str:
        return SERIES[self.series]

    @property
    def covered_until(self) -> date | None:
        """The last day an accrual can reach with this series."""
        return self.last_half.end if self.last_half else None

    @property
    def command(self) -> str:
        """The operator's command for the first missing half-year."""
        half = self.missing[0].key if self.missing else "AAAA-S1"
        return COMMANDS[self.series].format(half=half)

    def as_record(self) -> dict[str, object]:
        """The JSON of ``/health`` and of ``flask rates status``."""
        return {
            "serie": self.series,
            "libelle": self.label,
            "dernier_semestre": self.last_half.key if self.last_half else None,
            "couvert_jusqu_au": _iso(self.covered_until),
            "verifie_jusqu_au": _iso(self.verified_until),
            "manquants": [half.key for half in self.missing],
        }


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def _known(table: RateTable, series: str, half: HalfYear) -> bool:
    return table.known(series, half) is not None


def series_status(table: RateTable, series: str, on: date) -> SeriesStatus:
    """What ``series`` covers in ``table``, and what a letter dated ``on`` would lack."""
    target = HalfYear.of(on)
    if series == ECB:
        first = HalfYear.of(table.ecb[0].effective) if table.ecb else target
        if table.ecb and first.start < table.ecb[0].effective:
            first = first.next  # the first half-year that starts under a known decision
        verified = table.ecb_verified_until
    else:
        first = min(table.legal, default=target)
        verified = None
    covered = [half for half in first.until(max(target, first)) if _known(table, series, half)]
    last = max(covered, default=None)
    # Past the target too: an operator may have entered a later half-year already.
    while last is not None and _known(table, series, last.next):
        last = last.next
    if series != ECB:
        verified = last.end if last else None
    missing = tuple(half for half in first.until(target) if not _known(table, series, half))
    return SeriesStatus(series, on, last, verified, missing)


def status(table: RateTable, on: date) -> list[SeriesStatus]:
    """Every series of the table, for a letter dated ``on``."""
    return [series_status(table, series, on) for series in SERIES]


def lookahead(today: date) -> date:
    """The date of the letter a server checks for: today plus ``LOOKAHEAD_DAYS``."""
    return today + timedelta(days=LOOKAHEAD_DAYS)


def lacking(table: RateTable, on: date) -> list[SeriesStatus]:
    """The series that lack a half-year for a letter dated ``on``."""
    return [entry for entry in status(table, on) if entry.missing]
