"""The database: SQLAlchemy session and Alembic migrations, set up by the app factory."""

from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import click
from flask import Flask
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import DeclarativeBase

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


class Base(DeclarativeBase):
    """Base class of every table (``web.models``)."""


db = SQLAlchemy(model_class=Base)
migrate = Migrate(directory=str(MIGRATIONS))


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
    migrate.init_app(app, db)
    from web import models  # noqa: F401 - registers the tables with the metadata


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

    return wrapper
