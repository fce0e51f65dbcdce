"""The operator's rates in the database: read as a layer over the seed, added with their origin."""

from __future__ import annotations

import getpass
from collections.abc import Iterable
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from flask import g
from sqlalchemy import func, select

from docgen.law.ratefile import RateOverlay, ecb_conflict, layer, legal_conflict, rate_in_force
from docgen.law.rates import (
    OPERATOR,
    EcbRate,
    HalfYear,
    LegalRates,
    RateTable,
    default_rates,
    french_date,
)
from web.db import db
from web.models import RateEntry

LABEL = "taux de ce serveur"
LEGAL, DECISION, VERIFIED, WITHDRAWAL = "interet_legal", "bce", "bce_verification", "retrait"
BY_COMMAND, BY_ECB_UPDATE = "commande", "mise à jour BCE"
MAX_RATE = Decimal("30")
MAX_SOURCE = 500
ENTRIES = RateEntry.__table__
CONTEXT_KEY = "litige_rates"  # the deployment's table, read once per app context (flask.g)


class RateRefused(Exception):
    """A value the deployment refuses; the message, in French, says why (with both values)."""


def default_author() -> str:
    """Who runs the command: the login name of the shell, else « exploitant »."""
    try:
        return getpass.getuser() or "exploitant"
    except (OSError, KeyError):  # neither in the environment nor in the user database
        return "exploitant"


def percent(rate: Decimal) -> str:
    """``6,65 %``."""
    return f"{rate:f}".replace(".", ",") + " %"


def parse_rate(text: str | None, what: str) -> Decimal:
    """A percent written ``6,65`` or ``6.65``, between 0 and 30, two decimals at most."""
    try:
        rate = Decimal((text or "").strip().replace(",", "."))
    except InvalidOperation:
        rate = None
    if rate is None or not rate.is_finite() or not 0 <= rate <= MAX_RATE:
        raise RateRefused(
            f"{what} : « {text or ''} » n'est pas un pourcentage entre 0 et 30 "
            "(par exemple 6,65 ou 6.65)"
        )
    if rate != rate.quantize(Decimal("0.01")):
        raise RateRefused(f"{what} : deux décimales au plus (« {text} »)")
    return rate.quantize(Decimal("0.01"))


def clean_source(source: str | None) -> str:
    """The source on one line; refused when empty or too long."""
    text = " ".join((source or "").split())
    if not text:
        raise RateRefused(
            "source manquante : indiquez où le taux a été lu avec --source (l'arrêté et sa date "
            "de publication au Journal officiel, le communiqué de la BCE…)"
        )
    if len(text) > MAX_SOURCE:
        raise RateRefused(f"source trop longue : {MAX_SOURCE} caractères au plus")
    return text


def clean_author(author: str | None) -> str:
    """Who added a value, on one line, 100 characters at most."""
    return " ".join((author or "").split())[:100] or default_author()


# --- reading -----------------------------------------------------------------------------


def stamp(connection: Any) -> tuple[int | None, int]:
    """What changes whenever an entry is added (or deleted by hand): the table's version."""
    row = connection.execute(select(func.max(ENTRIES.c.id), func.count(ENTRIES.c.id))).one()
    return row[0], row[1]


def entries(connection: Any) -> list[Any]:
    """Every entry, oldest first (rows with the columns of ``RateEntry`` as attributes)."""
    return list(connection.execute(select(ENTRIES).order_by(ENTRIES.c.id)))


def overlay(rows: Iterable[Any]) -> RateOverlay:
    """The entries as a layer for the seed; for a period entered twice, the latest wins."""
    legal: dict[HalfYear, LegalRates] = {}
    ecb: dict[date, EcbRate] = {}
    verified: Any = None
    rows = list(rows)
    withdrawn = {row.withdraws for row in rows if row.kind == WITHDRAWAL}
    for row in rows:
        if row.id in withdrawn:
            continue
        if row.kind == LEGAL:
            half = HalfYear.parse(row.half)
            rates = Decimal(row.rate), Decimal(row.rate_other)
            legal[half] = LegalRates(half, *rates, row.source, OPERATOR)
        elif row.kind == DECISION:
            ecb[row.day] = EcbRate(row.day, Decimal(row.rate), row.source, OPERATOR)
        elif row.kind == VERIFIED and (verified is None or row.day > verified.day):
            verified = row
    return RateOverlay(
        dict(sorted(legal.items())),
        tuple(ecb[day] for day in sorted(ecb)),
        verified.day if verified is not None else None,
        verified.source if verified is not None else "",
    )


def table_of(rows: Iterable[Any]) -> RateTable:
    """The seed with the entries over it, each winning for its own period."""
    return layer(default_rates(), overlay(rows), label=LABEL, strict=False)


def note(rows: Iterable[Any]) -> Any:
    """For ``dump_rates``: who added an operator's value, when and how."""
    rows = list(rows)
    withdrawn = {row.withdraws for row in rows if row.kind == WITHDRAWAL}
    by_key = {(row.kind, row.half or row.day): row for row in rows if row.id not in withdrawn}

    def text(entry: Any) -> str:
        if entry.origin != OPERATOR:
            return ""
        key = (
            (LEGAL, entry.half.key)
            if isinstance(entry, LegalRates)
            else (DECISION, entry.effective)
        )
        row = by_key.get(key)
        if row is None:
            return ""
        return f"ajouté par {row.author} le {row.created_at:%Y-%m-%d à %H:%M} UTC ({row.method})"

    return text


# --- adding ------------------------------------------------------------------------------


def forget() -> None:
    """After a change: the next read in this app context reads the database again."""
    g.pop(CONTEXT_KEY, None)


def _store(**values: Any) -> None:
    db.session.add(RateEntry(**values))
    db.session.commit()


def add_legal(table: RateTable, entry: LegalRates, author: str) -> bool:
    """Store the two legal rates of a half-year; False when the table holds them already.

    :raise RateRefused: when they contradict the table, with both values.
    """
    conflict = legal_conflict(table, entry)
    if conflict:
        raise RateRefused(f"refusé : {conflict}")
    if entry.half in table.legal:
        return False
    rates = {"rate": str(entry.consumer_creditor), "rate_other": str(entry.other)}
    _store(
        kind=LEGAL,
        half=entry.half.key,
        **rates,
        source=entry.source,
        author=author,
        method=BY_COMMAND,
    )
    return True


def known_decision(table: RateTable, entry: EcbRate) -> bool:
    """Whether the table says the same already (``entry`` not contradicting it)."""
    if any(known.effective == entry.effective for known in table.ecb):
        return True
    in_force = rate_in_force(table, entry.effective)
    return entry.effective <= table.ecb_verified_until and in_force is not None


def add_decision(table: RateTable, entry: EcbRate, author: str) -> bool:
    """Store an ECB decision; False when the table knows it already.

    :raise RateRefused: when it contradicts the table, with both values.
    """
    conflict = ecb_conflict(table, entry)
    if conflict:
        raise RateRefused(f"refusé : {conflict}")
    if known_decision(table, entry):
        return False
    _store(
        kind=DECISION,
        day=entry.effective,
        rate=str(entry.rate),
        source=entry.source,
        author=author,
        method=BY_COMMAND,
    )
    return True


def describe(row: Any) -> str:
    """One entry in words: what it says, its source, who added it, when and how."""
    if row.kind == LEGAL:
        what = (
            f"intérêt légal {row.half} : {percent(Decimal(row.rate))} (particulier), "
            f"{percent(Decimal(row.rate_other))} (autres cas)"
        )
    elif row.kind == DECISION:
        what = f"BCE, décision du {french_date(row.day)} : {percent(Decimal(row.rate))}"
    elif row.kind == VERIFIED:
        what = f"BCE, aucune décision jusqu'au {french_date(row.day)}"
    else:
        what = f"retrait de l'entrée n° {row.withdraws}"
    when = f"{row.created_at:%Y-%m-%d %H:%M} UTC"
    return f"n° {row.id} — {what} (source : {row.source} ; {row.author}, {when}, {row.method})"


def withdraw(rows: list[Any], number: int, reason: str, author: str) -> Any:
    """Withdraw the entry ``number`` (kept, with its withdrawal and the reason given).

    :raise RateRefused: for an entry that does not exist, is a withdrawal or is withdrawn.
    """
    target = next((row for row in rows if row.id == number), None)
    if target is None or target.kind == WITHDRAWAL:
        raise RateRefused(f"refusé : aucune valeur de l'exploitant n'a le n° {number}")
    if any(row.kind == WITHDRAWAL and row.withdraws == number for row in rows):
        raise RateRefused(f"refusé : l'entrée n° {number} est déjà retirée")
    _store(kind=WITHDRAWAL, withdraws=number, source=reason, author=author, method=BY_COMMAND)
    return target


def verify(table: RateTable, day: date, source: str, author: str, today: date) -> bool:
    """Record that no ECB decision took effect up to ``day``; False if already known.

    :raise RateRefused: for a day after today.
    """
    if day > today:
        raise RateRefused(
            f"refusé : le {french_date(day)} est postérieur à aujourd'hui "
            f"({french_date(today)}) ; on ne vérifie que les décisions déjà prises"
        )
    if day <= table.ecb_verified_until:
        return False
    _store(kind=VERIFIED, day=day, source=source, author=author, method=BY_COMMAND)
    return True
