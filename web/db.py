"""The database: SQLAlchemy session and Alembic migrations, set up by the app factory."""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import click
from flask import Flask, current_app
from flask.cli import AppGroup, ScriptInfo
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy.exc import OperationalError, ProgrammingError
from sqlalchemy.orm import DeclarativeBase

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


class Base(DeclarativeBase):
    """Base class of every table (``web.models``)."""


db = SQLAlchemy(model_class=Base)


def utcnow() -> datetime:
    """The current time in UTC, naive, as every timestamp is stored."""
    return datetime.now(UTC).replace(tzinfo=None)


def init_app(app: Flask) -> None:
    """Bind the database to the app; tables come from ``flask db upgrade``."""
    url = app.config["DATABASE_URL"] or f"sqlite:///{Path(app.instance_path) / 'litige.sqlite3'}"
    app.config.setdefault("SQLALCHEMY_DATABASE_URI", url)
    if url.startswith("sqlite"):
        # Jobs write progress while the web process reads it: wait rather than fail on a lock.
        app.config.setdefault("SQLALCHEMY_ENGINE_OPTIONS", {"connect_args": {"timeout": 30}})
    else:
        # A server restarted or a connection cut: test each pooled connection before use.
        app.config.setdefault("SQLALCHEMY_ENGINE_OPTIONS", {"pool_pre_ping": True})
    db.init_app(app)
    app.cli.add_command(_MigrationCommands("db", help="Migrations de la base (Alembic)."))


def _migrations(app: Flask) -> click.Group:
    """Flask-Migrate's ``db`` commands, set up for ``app`` on first use.

    Flask-Migrate imports Alembic, 11 MiB that a server process would hold for nothing: it is
    imported only by the processes that migrate (``flask db …``, ``upgrade``).
    """
    # Alembic logs each of its plugins as it loads them: noise in the logs, not information.
    logging.getLogger("alembic.runtime.plugins").setLevel(logging.WARNING)
    from flask_migrate import Migrate
    from flask_migrate.cli import db as commands

    if "migrate" not in app.extensions:
        Migrate(directory=str(MIGRATIONS)).init_app(app, db)
    return commands


class _MigrationCommands(AppGroup):
    """``flask db …``: Flask-Migrate's own group, loaded when one of its commands is run."""

    def make_context(
        self,
        info_name: str | None,
        args: list[str],
        parent: click.Context | None = None,
        **extra: Any,
    ) -> click.Context:
        info = parent.find_object(ScriptInfo) if parent else None
        commands = _migrations((info or ScriptInfo()).load_app())
        return commands.make_context(info_name, args, parent=parent, **extra)


def upgrade() -> None:
    """Bring the current app's tables to the latest migration (``flask db upgrade``)."""
    _migrations(current_app._get_current_object())
    from flask_migrate import upgrade as alembic_upgrade

    alembic_upgrade()


def needs_database(command: Callable[..., Any]) -> Callable[..., Any]:
    """Make a command say how to create the tables instead of failing with a traceback."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except OperationalError as exc:
            raise click.ClickException(
                f"base de données non prête ({exc.orig}) : lancez « flask db upgrade »."
            ) from None
        except ProgrammingError as exc:
            # PostgreSQL reports a table not created yet as SQLSTATE 42P01 (undefined_table).
            code = getattr(exc.orig, "sqlstate", None) or getattr(exc.orig, "pgcode", None)
            if code != "42P01":
                raise
            raise click.ClickException(
                "base de données non prête (table absente) : lancez « flask db upgrade »."
            ) from None

    return wrapper
