"""The deployment's rates: the seed with the operator's values over it, and `flask rates`."""

from __future__ import annotations

import threading
from typing import Any

from flask import Flask, current_app, g, has_app_context
from sqlalchemy.exc import OperationalError, ProgrammingError

from docgen.law.rates import RateTable, set_provider
from web import ratestore
from web.db import db
from web.ecb_update import register_tasks
from web.rates_cli import cli
from web.ratestore import CONTEXT_KEY

__all__ = ["cli", "deployment_rates", "init_app", "register_tasks"]

_lock = threading.Lock()
_tables: dict[str, tuple[tuple[int | None, int], RateTable]] = {}
"""Per database, the table last built and the version of the entries it was built from."""


# --- the table of the deployment ---------------------------------------------------------


def _read(connection: Any) -> RateTable:
    key = str(connection.engine.url)
    version = ratestore.stamp(connection)
    with _lock:
        cached = _tables.get(key)
    if cached is not None and cached[0] == version:
        return cached[1]
    table = ratestore.table_of(ratestore.entries(connection))
    with _lock:
        _tables[key] = (version, table)
    return table


def deployment_rates() -> RateTable:
    """The seed with the operator's values over it, each winning for its own period.

    Checked once per app context (a request, a command, a task): rebuilt only when an entry
    was added since, so a value added on one server is seen by the others at their next request.

    :raise OperationalError: without the table (before ``flask db upgrade``) or the database.
    """
    table = g.get(CONTEXT_KEY)
    if table is None:
        with db.engine.connect() as connection:
            table = _read(connection)
        setattr(g, CONTEXT_KEY, table)
    return table


def _provider() -> RateTable | None:
    """``current_rates()`` in an app context: the deployment's table; None (the seed) before
    the first migration; during a database outage, the table last read."""
    if not has_app_context() or "sqlalchemy" not in current_app.extensions:
        return None
    if CONTEXT_KEY not in g:
        try:
            return deployment_rates()
        except (OperationalError, ProgrammingError):
            with _lock:
                cached = _tables.get(str(db.engine.url))
            g.setdefault(CONTEXT_KEY, cached[1] if cached else None)
    return g.get(CONTEXT_KEY)


def init_app(app: Flask) -> None:
    """Make ``docgen.law.rates.current_rates()`` answer the deployment's table (that of the app of
    the current context, whichever app it is)."""
    set_provider(_provider)
