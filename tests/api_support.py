"""Helpers of the API tests: an app on a fresh migrated database, archives, document text."""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path

from app import create_app
from web.db import upgrade

TEST_DATABASE = os.environ.get("LITIGE_TEST_DATABASE_URL")
"""A server database to run the tests on (``postgresql+psycopg://…``), emptied for each app."""


def _emptied(url: str) -> str:
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    engine.dispose()
    return url


def make_app(tmp_path: Path, **config):
    """An app whose database, queue and job folder live in ``tmp_path``, tables migrated.

    With ``LITIGE_TEST_DATABASE_URL`` set, the database is that server's instead, emptied first.
    """
    settings = {
        "TESTING": True,
        "DATABASE_URL": _emptied(TEST_DATABASE)
        if TEST_DATABASE
        else f"sqlite:///{tmp_path / 'test.sqlite3'}",
        "JOBS_FOLDER": str(tmp_path / "jobs"),
        "QUEUE_URL": "immediate",
        "TEMPLATES_FOLDER": str(tmp_path / "modeles"),
        "DOSSIERS_FOLDER": str(tmp_path / "dossiers"),
        **config,
    }
    if TEST_DATABASE:  # no pool: every connection is closed when the request ends
        from sqlalchemy.pool import NullPool

        settings.setdefault("SQLALCHEMY_ENGINE_OPTIONS", {"poolclass": NullPool})
    app = create_app(settings)
    with app.app_context():
        upgrade()
    return app


def open_zip(data: bytes) -> zipfile.ZipFile:
    """A ZIP archive read from bytes."""
    return zipfile.ZipFile(io.BytesIO(data))


def docx_text(data: bytes) -> str:
    """The paragraphs of a DOCX, one per line."""
    from docx import Document

    return "\n".join(p.text for p in Document(io.BytesIO(data)).paragraphs)
