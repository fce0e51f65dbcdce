"""Health endpoint: is the generator able to produce documents on this machine?"""

from __future__ import annotations

from datetime import date

from flask import Blueprint, jsonify
from flask.typing import ResponseReturnValue

from docgen import DocgenError, document_types
from docgen.law.horizon import lookahead, status
from docgen.law.rates import current_rates, french_date
from docgen.pdf.output import missing_fonts

bp = Blueprint("health", __name__)


def _rates() -> tuple[dict[str, object] | None, list[str], list[str]]:
    """The horizon of each series, what a letter of today + 31 days would lack, and faults."""
    try:
        table = current_rates()
    except (DocgenError, OSError) as exc:
        return None, [f"taux illisibles : {exc}"], []
    on = lookahead(date.today())
    series = status(table, on)
    warnings = [
        f"{entry.label} : manque le {', le '.join(h.label for h in entry.missing)} pour une "
        f"lettre datée du {french_date(on)} ; à lancer : {entry.command}"
        for entry in series
        if entry.missing
    ]
    body = {"lettre_du": on.isoformat(), "series": [entry.as_record() for entry in series]}
    return body, [], warnings


@bp.get("/health")
def health() -> ResponseReturnValue:
    """Report the state of the generator: templates, fonts and rates.

    Missing fonts or unreadable rates are a 503; rates that will soon run out keep the server
    in the load balancer (200) but make it ``dégradé``, with what to do.
    """
    problems = [f"police absente : {name}" for name in missing_fonts()]
    rates, faults, warnings = _rates()
    problems += faults
    body = {
        "statut": "ok" if not problems and not warnings else "dégradé",
        "types": {t.id: ("disponible" if t.available else "à venir") for t in document_types()},
        "problemes": problems,
        "avertissements": warnings,
        "taux": rates,
    }
    return jsonify(body), 200 if not problems else 503
