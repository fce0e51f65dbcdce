"""HTML pages for the business owner: the documents of a dispute, their forms, the downloads."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask.typing import ResponseReturnValue

from docgen import document_types

bp = Blueprint("pages", __name__)


@bp.get("/")
def home() -> ResponseReturnValue:
    """The four documents, in the order of a dispute."""
    return render_template("home.html", types=document_types())
