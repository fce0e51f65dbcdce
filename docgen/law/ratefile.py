"""Rates files (TOML, the seed's format): read, checked, layered over a table, written."""

from __future__ import annotations

import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from docgen.law.ratetable import (
    OPERATOR,
    EcbRate,
    HalfYear,
    LegalRates,
    RatesFileError,
    RateTable,
    french_date,
)

_LEGAL_FIELDS = {"semestre", "debut", "fin", "taux_particulier", "taux_autres", "source"}
_ECB_FIELDS = {"date_effet", "taux", "source"}


@dataclass(frozen=True)
class RateOverlay:
    """Rates to layer over a table: half-years of legal rates, ECB decisions, a new horizon."""

    legal: Mapping[HalfYear, LegalRates] = field(default_factory=dict)
    ecb: tuple[EcbRate, ...] = ()
    ecb_verified_until: date | None = None
    ecb_source: str = ""


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


def _tables(
    value: Any, name: str, problems: _Problems, *, optional: bool = False
) -> list[dict[str, Any]]:
    if optional and value is None:
        return []
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


def _read_legal(
    value: Any, problems: _Problems, optional: bool = False
) -> dict[HalfYear, LegalRates]:
    legal: dict[HalfYear, LegalRates] = {}
    for index, entry in enumerate(_tables(value, "interet_legal", problems, optional=optional)):
        rates = _read_legal_entry(entry, f"interet_legal n° {index + 1}", problems)
        if rates is not None and rates.half in legal:
            problems.append(f"semestre {rates.half.key} : présent deux fois")
        elif rates is not None:
            legal[rates.half] = rates
    return legal


def _read_ecb_entries(
    value: Any, problems: _Problems, optional: bool = False
) -> tuple[EcbRate, ...]:
    entries: list[EcbRate] = []
    for index, entry in enumerate(_tables(value, "bce.taux_refi", problems, optional=optional)):
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


def _read(data: dict[str, Any], problems: _Problems, partial: bool) -> RateOverlay:
    for name in sorted(set(data) - {"interet_legal", "bce"}):
        problems.append(f"section inconnue « {name} » (attendues : interet_legal, bce)")
    legal = _read_legal(data.get("interet_legal"), problems, partial)
    bce = data.get("bce", {} if partial else None)
    if not isinstance(bce, dict):
        problems.append("section [bce] absente")
        bce = {}
    _check_fields(bce, {"verifie_jusqu_au", "source", "taux_refi"}, "[bce]", problems)
    verified, source = None, ""
    if not partial or "verifie_jusqu_au" in bce:
        verified = _get_date(bce, "verifie_jusqu_au", "[bce]", problems)
        source = _get_source(bce, "[bce]", problems)
    ecb = _read_ecb_entries(bce.get("taux_refi"), problems, partial)
    return RateOverlay(legal, ecb, verified, source)


def _read_file(path: Path | str, label: str) -> dict[str, Any]:
    try:
        with Path(path).open("rb") as handle:
            return tomllib.load(handle)
    except OSError as exc:
        raise RatesFileError(label, [f"lecture impossible : {exc.strerror or exc}"]) from exc
    except tomllib.TOMLDecodeError as exc:
        raise RatesFileError(label, [f"syntaxe TOML invalide : {exc}"]) from exc


def parse_rates(data: dict[str, Any], label: str) -> RateTable:
    """A complete table (the seed) from the content of a rates file."""
    problems: _Problems = []
    read = _read(data, problems, partial=False)
    verified = read.ecb_verified_until
    if verified is not None and read.ecb and verified < read.ecb[-1].effective:
        problems.append("[bce] : « verifie_jusqu_au » précède la dernière décision enregistrée")
    if problems or verified is None:
        raise RatesFileError(label, problems)
    return RateTable(read.legal, read.ecb, verified, read.ecb_source, label)


def load_rates(path: Path | str, label: str | None = None) -> RateTable:
    """Read and validate a complete rates file (uncached); raise ``RatesFileError`` if invalid."""
    label = label or Path(path).name
    return parse_rates(_read_file(path, label), label)


def load_overlay(path: Path | str, label: str | None = None, origin: str = OPERATOR) -> RateOverlay:
    """Read a rates file in the seed's format whose sections may be partial or absent.

    :raise RatesFileError: with every problem found.
    """
    label = label or Path(path).name
    problems: _Problems = []
    read = _read(_read_file(path, label), problems, partial=True)
    if problems:
        raise RatesFileError(label, problems)
    legal = {
        half: LegalRates(half, e.consumer_creditor, e.other, e.source, origin)
        for half, e in read.legal.items()
    }
    ecb = tuple(EcbRate(e.effective, e.rate, e.source, origin) for e in read.ecb)
    return RateOverlay(legal, ecb, read.ecb_verified_until, read.ecb_source)


# --- layering ----------------------------------------------------------------------------


def _percent(rate: Decimal) -> str:
    return f"{rate:f}".replace(".", ",") + " %"


def legal_conflict(table: RateTable, entry: LegalRates) -> str | None:
    """Why ``entry`` contradicts the table (another value for its half-year), or None."""
    known = table.legal.get(entry.half)
    if known is None or (known.consumer_creditor, known.other) == (
        entry.consumer_creditor,
        entry.other,
    ):
        return None
    return (
        f"{entry.half.label} : {_percent(entry.consumer_creditor)} et {_percent(entry.other)} "
        f"contredisent les taux déjà connus, {_percent(known.consumer_creditor)} et "
        f"{_percent(known.other)} (source : {known.source})"
    )


def rate_in_force(table: RateTable, day: date) -> EcbRate | None:
    """The ECB decision in force on ``day`` according to the table, if any."""
    in_force = [entry for entry in table.ecb if entry.effective <= day]
    return in_force[-1] if in_force else None


def ecb_conflict(table: RateTable, entry: EcbRate) -> str | None:
    """Why ``entry`` contradicts the table (another rate on a day it vouches for), or None."""
    same_day = next((e for e in table.ecb if e.effective == entry.effective), None)
    if same_day is None and entry.effective > table.ecb_verified_until:
        return None
    known = same_day or rate_in_force(table, entry.effective)
    if known is None or known.rate == entry.rate:
        return None
    when = french_date(entry.effective)
    if same_day is not None:
        detail = f"la décision déjà connue de ce jour fixe {_percent(known.rate)}"
    else:
        detail = (
            f"aucune décision n'est intervenue jusqu'au {french_date(table.ecb_verified_until)} "
            f"selon les taux déjà connus, le taux était alors de {_percent(known.rate)} "
            f"(décision du {french_date(known.effective)})"
        )
    return (
        f"BCE, {when} : {_percent(entry.rate)} contredit ce qui est connu : {detail} "
        f"(source : {known.source})"
    )


def conflicts(table: RateTable, overlay: RateOverlay) -> list[str]:
    """Every value of ``overlay`` that contradicts ``table``, each with both values."""
    found = [legal_conflict(table, entry) for entry in overlay.legal.values()]
    found += [ecb_conflict(table, entry) for entry in overlay.ecb]
    return [text for text in found if text]


def layer(
    table: RateTable, overlay: RateOverlay, *, label: str | None = None, strict: bool = True
) -> RateTable:
    """``table`` with ``overlay`` over it: each value of the overlay wins for its own period.

    :raise RatesFileError: if ``strict`` and a value contradicts the table, with both values.
    """
    label = label or table.label
    if strict:
        found = conflicts(table, overlay)
        if found:
            raise RatesFileError(label, found)
    legal = {**table.legal, **overlay.legal}
    decisions = {entry.effective: entry for entry in table.ecb}
    decisions.update({entry.effective: entry for entry in overlay.ecb})
    verified, source = table.ecb_verified_until, table.ecb_source
    if overlay.ecb_verified_until is not None and overlay.ecb_verified_until > verified:
        verified, source = overlay.ecb_verified_until, overlay.ecb_source
    return RateTable(
        dict(sorted(legal.items())),
        tuple(decisions[day] for day in sorted(decisions)),
        verified,
        source,
        label,
        table.supplied,
    )


# --- writing -----------------------------------------------------------------------------


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def dump_rates(table: RateTable, note: Callable[[Any], str] | None = None) -> str:
    """The table in the seed's format, readable by ``load_rates`` and ``load_overlay``.

    ``note(entry)`` may give a comment line written above an entry (who added it, when).
    """
    lines = [
        "# Taux au format des taux de référence (python -m docgen generate --rates FICHIER).",
        "",
    ]

    def comment(entry: Any) -> None:
        text = note(entry) if note else ""
        if text:
            lines.append(f"# {text}")

    for half, entry in table.legal.items():
        comment(entry)
        lines += [
            "[[interet_legal]]",
            f'semestre = "{half.key}"',
            f"debut = {half.start.isoformat()}",
            f"fin = {half.end.isoformat()}",
            f'taux_particulier = "{entry.consumer_creditor}"',
            f'taux_autres = "{entry.other}"',
            f"source = {_quoted(entry.source)}",
            "",
        ]
    lines += [
        "[bce]",
        f"verifie_jusqu_au = {table.ecb_verified_until.isoformat()}",
        f"source = {_quoted(table.ecb_source)}",
        "",
    ]
    for entry in table.ecb:
        comment(entry)
        lines += [
            "[[bce.taux_refi]]",
            f"date_effet = {entry.effective.isoformat()}",
            f'taux = "{entry.rate}"',
            f"source = {_quoted(entry.source)}",
            "",
        ]
    return "\n".join(lines)
