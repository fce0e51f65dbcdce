"""Health endpoint: is the generator able to produce documents on this machine?"""

from __future__ import annotations

from flask import Blueprint, jsonify
from flask.typing import ResponseReturnValue

from docgen import DocgenError, document_types
from docgen.pdf import missing_fonts
from docgen.rates import default_rates

bp = Blueprint("health", __name__)


@bp.get("/health")
def health() -> ResponseReturnValue:
    """Report the state of the generator: templates, fonts and rates data."""
    problems = [f"police absente : {name}" for name in missing_fonts()]
    try:
        default_rates()
    except (DocgenError, OSError) as exc:
        problems.append(f"fichier des taux illisible : {exc}")
    body = {
        "statut": "ok" if not problems else "dégradé",
        "types": {t.id: ("disponible" if t.available else "à venir") for t in document_types()},
        "problemes": problems,
    }
    return jsonify(body), 200 if not problems else 503
