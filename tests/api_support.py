"""Helpers of the API tests: an app on a fresh migrated database, archives, document text."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from app import create_app
from web.db import upgrade


def make_app(tmp_path: Path, **config):
    """An app whose database, queue and job folder live in ``tmp_path``, tables migrated."""
    settings = {
        "TESTING": True,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'test.sqlite3'}",
        "JOBS_FOLDER": str(tmp_path / "jobs"),
        "QUEUE_URL": "immediate",
        "TEMPLATES_FOLDER": str(tmp_path / "modeles"),
        "DOSSIERS_FOLDER": str(tmp_path / "dossiers"),
        **config,
    }
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
