"""The ECB's main refinancing rate as its Data Portal publishes it, and its meeting calendar."""

from __future__ import annotations

import csv
import functools
import io
import itertools
import json
import tomllib
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from docgen.errors import DocgenError
from docgen.law.rates import RatesFileError

SERIES_KEY = "FM.B.U2.EUR.4F.KR.MRR_FR.LEV"
"""Main refinancing operations, fixed rate tenders, level: one observation per change."""

API_URL = "https://data-api.ecb.europa.eu/service/data/FM/B.U2.EUR.4F.KR.MRR_FR.LEV?format=jsondata"
"""The series in SDMX-JSON from the ECB Data Portal's public API (no key needed)."""

MEETINGS_PATH = Path(__file__).parent / "data" / "reunions_bce.toml"
MAX_RATE = Decimal("30")


class EcbDataError(DocgenError):
    """A response that cannot be read as the ECB's main refinancing rate series."""

    def __init__(self, problem: str) -> None:
        self.problem = problem
        super().__init__(f"Données de la BCE illisibles : {problem}")


@dataclass(frozen=True)
class EcbData:
    """The decisions of a response (effective date, percent), in order, and when it was made.

    ``prepared`` is the day the ECB prepared the response (SDMX-JSON ``header.prepared``, or
    ``meta.prepared`` in SDMX-JSON 2.0); SDMX-CSV carries none.
    """

    decisions: tuple[tuple[date, Decimal], ...]
    prepared: date | None
    format: str

    @property
    def as_of(self) -> date:
        """The day up to which the data vouches for the series: its preparation, else its last
        change (the cautious reading of a response that does not say when it was made)."""
        return self.prepared or self.decisions[-1][0]


def parse(data: bytes) -> EcbData:
    """Read an SDMX-JSON or SDMX-CSV response of the series.

    :raise EcbDataError: naming what is wrong, for anything but the expected series.
    """
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise EcbDataError("la réponse n'est pas du texte UTF-8") from None
    stripped = text.lstrip()
    if stripped.startswith("{"):
        return _parse_json(stripped)
    if "TIME_PERIOD" in stripped.partition("\n")[0]:
        return _parse_csv(stripped)
    raise EcbDataError("ni SDMX-JSON ni SDMX-CSV (réponse vide ou page d'erreur ?)")


def _rate(value: Any, where: str) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, int | Decimal | str):
        raise EcbDataError(f"{where} : taux absent ou non numérique ({value!r})")
    try:
        rate = Decimal(str(value).strip())
    except InvalidOperation:
        raise EcbDataError(f"{where} : taux illisible ({value!r})") from None
    if not rate.is_finite() or not 0 <= rate <= MAX_RATE:
        raise EcbDataError(f"{where} : taux hors de 0 à {MAX_RATE} % ({value!r})")
    cents = rate.quantize(Decimal("0.01"))
    return cents if cents == rate else rate


def _day(value: Any, where: str) -> date:
    text = str(value)
    try:
        if len(text) == 10 and text[4] == text[7] == "-":
            return date.fromisoformat(text)
    except ValueError:
        pass
    raise EcbDataError(f"{where} : date AAAA-MM-JJ attendue ({value!r})")


def _ordered(found: list[tuple[date, Decimal]], prepared: date | None, kind: str) -> EcbData:
    if not found:
        raise EcbDataError("aucune observation de la série dans la réponse")
    found.sort()
    for (before, _), (after, _) in itertools.pairwise(found):
        if before == after:
            raise EcbDataError(f"deux observations le {after.isoformat()}")
    return EcbData(tuple(found), prepared, kind)


def _get(node: Any, *path: str | int) -> Any:
    """``node[path[0]][path[1]]…``, or None where the layout differs."""
    for step in path:
        if isinstance(step, int):
            node = node[step] if isinstance(node, list) and len(node) > step else None
        else:
            node = node.get(step) if isinstance(node, dict) else None
    return node


def _prepared(message: dict[str, Any]) -> date | None:
    stamp = _get(message, "header", "prepared") or _get(message, "meta", "prepared")
    if stamp is None:
        return None
    try:
        return datetime.fromisoformat(str(stamp)).date()
    except ValueError:
        raise EcbDataError(f"date de préparation illisible ({stamp!r})") from None


def _parse_json(text: str) -> EcbData:
    try:
        message = json.loads(text, parse_float=Decimal)
    except json.JSONDecodeError as exc:
        raise EcbDataError(f"JSON invalide (ligne {exc.lineno}, colonne {exc.colno})") from None
    if not isinstance(message, dict):
        raise EcbDataError("un objet SDMX-JSON est attendu")
    body = message.get("data") if isinstance(message.get("data"), dict) else message
    structure = body.get("structure") or _get(body, "structures", 0)
    times = _get(structure, "dimensions", "observation")
    time = next((d for d in times or [] if _get(d, "id") == "TIME_PERIOD"), None)
    days = _get(time, "values")
    dimensions = _get(structure, "dimensions", "series")
    series = _get(body, "dataSets", 0, "series")
    if not isinstance(days, list) or not isinstance(dimensions, list):
        raise EcbDataError("structure SDMX-JSON absente (dimensions de la série et du temps)")
    if not isinstance(series, dict):
        raise EcbDataError("aucune série dans « dataSets »")
    observations = _get(series.get(_series_index(dimensions)), "observations")
    if not isinstance(observations, dict):
        raise EcbDataError(f"la série {SERIES_KEY} est absente de la réponse")
    found = []
    for index, values in observations.items():
        where = f"observation {index}"
        position = int(index) if str(index).isdigit() else -1
        if not 0 <= position < len(days):
            raise EcbDataError(f"{where} : hors des périodes de la réponse")
        found.append((_day(_get(days[position], "id"), where), _rate(_get(values, 0), where)))
    return _ordered(found, _prepared(message), "SDMX-JSON")


def _series_index(dimensions: list[Any]) -> str:
    """The key of the series in ``dataSets[0].series`` (``0:0:0:0:0:0:0``), from its codes."""
    wanted = SERIES_KEY.split(".")[1:]
    if len(dimensions) != len(wanted):
        raise EcbDataError(f"la réponse n'est pas celle de la série {SERIES_KEY}")
    indexes = []
    for dimension, code in zip(dimensions, wanted, strict=True):
        codes = [_get(value, "id") for value in _get(dimension, "values") or []]
        if code not in codes:
            raise EcbDataError(f"la réponse n'est pas celle de la série {SERIES_KEY}")
        indexes.append(str(codes.index(code)))
    return ":".join(indexes)


def _parse_csv(text: str) -> EcbData:
    rows = csv.DictReader(io.StringIO(text))
    if not {"TIME_PERIOD", "OBS_VALUE"} <= set(rows.fieldnames or ()):
        raise EcbDataError("colonnes TIME_PERIOD et OBS_VALUE attendues")
    found = []
    for number, row in enumerate(rows, start=2):
        if row.get("KEY") not in (None, SERIES_KEY):
            continue  # another series of the same answer
        where = f"ligne {number}"
        found.append((_day(row["TIME_PERIOD"], where), _rate(row["OBS_VALUE"], where)))
    return _ordered(found, None, "SDMX-CSV")


# --- the meeting calendar ----------------------------------------------------------------


@functools.cache
def meetings() -> tuple[date, ...]:
    """The scheduled monetary-policy meetings (day of the decision), read once.

    :raise RatesFileError: if the calendar shipped with the program is unreadable.
    """
    label = "calendrier des réunions de la BCE"
    try:
        with MEETINGS_PATH.open("rb") as handle:
            data = tomllib.load(handle)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise RatesFileError(label, [f"lecture impossible : {exc}"]) from exc
    days = data.get("reunions")
    if not isinstance(days, list) or not all(type(day) is date for day in days):
        raise RatesFileError(label, ["« reunions » : liste de dates AAAA-MM-JJ attendue"])
    if not str(data.get("source", "")).strip():
        raise RatesFileError(label, ["« source » manquante"])
    return tuple(sorted(days))
