"""Reading the ECB's rate series into the deployment: by command, or by a periodic task."""

from __future__ import annotations

import functools
import logging
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import requests
from flask import Flask, current_app
from huey import Huey, crontab
from sqlalchemy.exc import OperationalError

from docgen.law import ecb
from docgen.law.ecb import SERIES_KEY, EcbData
from docgen.law.ratefile import ecb_conflict
from docgen.law.rates import OPERATOR, EcbRate, RateTable, french_date
from web import ratestore
from web.db import db
from web.models import RateEntry
from web.ratestore import BY_ECB_UPDATE, DECISION, VERIFIED, known_decision, percent

LOGGER = logging.getLogger(__name__)
TIMEOUT = 20  # seconds to connect to the ECB's API, and between two bytes of its answer
MAX_RESPONSE = 2 * 1024 * 1024  # the series is a few kilobytes
TASK_AUTHOR = "tâche périodique"


class EcbUnreachable(Exception):
    """The ECB's API, or the saved response given instead, could not be read."""


@dataclass
class EcbUpdate:
    """What a reading of the ECB's series changed: decisions added, the horizon moved."""

    data: EcbData
    before: date
    added: list[EcbRate] = field(default_factory=list)
    contradictions: list[str] = field(default_factory=list)
    horizon: date | None = None  # the new horizon, when it moved

    def lines(self) -> list[str]:
        """What to tell the operator, in French."""
        count = len(self.data.decisions)
        lines = [
            f"Données de la BCE du {french_date(self.data.as_of)} ({self.data.format}, "
            f"{count} changement(s) de taux dans la série)."
        ]
        lines += [
            f"Décision ajoutée : {percent(e.rate)} à compter du {french_date(e.effective)}."
            for e in self.added
        ]
        if not self.added:
            lines.append("Aucune décision nouvelle.")
        lines += [
            f"Contradiction, rien n'est enregistré pour elle : {c}" for c in self.contradictions
        ]
        if self.contradictions:
            lines.append("Horizon non avancé tant que ces contradictions demeurent.")
        elif self.horizon is not None:
            lines.append(
                f"Décisions vérifiées jusqu'au {french_date(self.horizon)} "
                f"(auparavant : {french_date(self.before)})."
            )
        else:
            lines.append(
                f"Horizon inchangé : décisions déjà vérifiées jusqu'au {french_date(self.before)}."
            )
        return lines


def apply_ecb(table: RateTable, data: EcbData, origin: str, author: str, today: date) -> EcbUpdate:
    """Add the decisions of ``data`` the table lacks and move the horizon to its date (never
    past today), in one transaction. Observations before the table's first decision (the
    series' history) are left aside; a contradiction is reported, not stored, and keeps the
    horizon where it is.
    """
    as_of = min(data.as_of, today)
    source = (
        f"BCE, portail de données, série {SERIES_KEY} ({origin}, données du "
        f"{french_date(data.as_of)})"
    )
    report = EcbUpdate(data, table.ecb_verified_until)
    first = table.ecb[0].effective if table.ecb else date.min
    for day, rate in data.decisions:
        entry = EcbRate(day, rate, source, OPERATOR)
        conflict = ecb_conflict(table, entry) if day >= first else None
        if conflict:
            report.contradictions.append(conflict)
        elif day >= first and not known_decision(table, entry):
            report.added.append(entry)
    observed = {day for day, _ in data.decisions}
    for known in table.ecb:
        if data.decisions[0][0] <= known.effective <= as_of and known.effective not in observed:
            report.contradictions.append(
                f"BCE, {french_date(known.effective)} : la décision enregistrée "
                f"({percent(known.rate)}, source : {known.source}) est absente de la série"
            )
    rows = [
        RateEntry(
            kind=DECISION,
            day=entry.effective,
            rate=str(entry.rate),
            source=source,
            author=author,
            method=BY_ECB_UPDATE,
        )
        for entry in report.added
    ]
    if not report.contradictions and as_of > table.ecb_verified_until:
        report.horizon = as_of
        rows.append(
            RateEntry(
                kind=VERIFIED,
                day=as_of,
                source=f"aucune autre décision : {source}",
                author=author,
                method=BY_ECB_UPDATE,
            )
        )
    db.session.add_all(rows)
    db.session.commit()
    return report


def fetch(url: str) -> bytes:
    """The ECB's answer at ``url``.

    :raise EcbUnreachable: unreachable, an HTTP error, or an answer too large.
    """
    chunks, size = [], 0
    try:
        with requests.get(url, timeout=TIMEOUT, stream=True) as response:
            response.raise_for_status()
            for chunk in response.iter_content(65536):
                size += len(chunk)
                if size > MAX_RESPONSE:
                    raise EcbUnreachable("réponse de l'API de la BCE trop volumineuse")
                chunks.append(chunk)
    except requests.HTTPError as exc:
        answer = exc.response.status_code if exc.response is not None else "?"
        raise EcbUnreachable(f"l'API de la BCE a répondu par une erreur HTTP {answer}") from None
    except requests.RequestException as exc:
        raise EcbUnreachable(
            f"API de la BCE injoignable ({url}, {type(exc).__name__}) : vérifiez l'accès du "
            "serveur à internet, ou donnez une réponse enregistrée avec --file"
        ) from None
    return b"".join(chunks)


def update_ecb(file: Path | None, author: str) -> EcbUpdate:
    """Read the series (the API, or a saved response) and add what the deployment lacks.

    :raise EcbDataError: for a malformed answer; :raise EcbUnreachable: for none. Nothing is
        then changed.
    """
    if file is None:
        data, origin = fetch(current_app.config["RATES_ECB_URL"] or ecb.API_URL), "API"
    else:
        try:
            with file.open("rb") as handle:
                data = handle.read(MAX_RESPONSE + 1)
        except OSError as exc:
            raise EcbUnreachable(f"fichier illisible : {exc.strerror or exc}") from None
        origin = "réponse enregistrée"
        if len(data) > MAX_RESPONSE:
            raise EcbUnreachable("fichier trop volumineux pour une réponse de la BCE")
    parsed = ecb.parse(data)
    table = ratestore.table_of(ratestore.entries(db.session))
    report = apply_ecb(table, parsed, origin, author, date.today())
    ratestore.forget()
    return report


# --- the periodic task -------------------------------------------------------------------


def update_due(today: date, meetings: tuple[date, ...]) -> bool:
    """Whether the task reads the series on ``today``: 2 January and 2 July, the day after each
    meeting and the day after its decisions take effect (a week after it), and every Friday
    once the calendar has run out."""
    if (today.month, today.day) in ((1, 2), (7, 2)):
        return True
    if any(today - timedelta(days=days) in meetings for days in (1, 7)):
        return True
    return (not meetings or today > meetings[-1] + timedelta(days=7)) and today.weekday() == 4


def scheduled_update() -> EcbUpdate | None:
    """The periodic task: ``update bce`` on the days it is due, when ``RATES_AUTO_UPDATE`` is
    set (the server may reach the internet); logs what it changed."""
    if not current_app.config["RATES_AUTO_UPDATE"]:
        return None
    if not update_due(date.today(), ecb.meetings()):
        return None
    try:
        report = update_ecb(None, TASK_AUTHOR)
    except (ecb.EcbDataError, EcbUnreachable) as exc:
        LOGGER.error("mise à jour des taux de la BCE impossible : %s", exc)
        return None
    except OperationalError:
        LOGGER.error("mise à jour des taux de la BCE impossible : base de données indisponible")
        return None
    level = logging.WARNING if report.contradictions else logging.INFO
    for line in report.lines():
        LOGGER.log(level, "mise à jour des taux de la BCE : %s", line)
    return report


def _in_app(app: Flask) -> Any:
    with app.app_context():
        return scheduled_update()


def register_tasks(huey: Huey, app: Flask) -> None:
    """Register the rates' periodic task on the app's queue (it checks every morning)."""
    every_morning = crontab(minute="30", hour="6")
    huey.periodic_task(every_morning, name="update_ecb_rates")(functools.partial(_in_app, app))
