"""Error responses, in one place: problem+json for the API, a French HTML page elsewhere."""

from __future__ import annotations

import logging
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from flask import Flask, g, jsonify, make_response, render_template, request
from flask.typing import ResponseReturnValue
from flask_login import AnonymousUserMixin
from sqlalchemy.exc import OperationalError
from werkzeug.exceptions import HTTPException, InternalServerError

from docgen.errors import (
    CaseValidationError,
    DocgenError,
    LegalRuleError,
    MalformedJSONError,
    MissingRateError,
    OversizedValueError,
    ResourceLimitError,
    TypeNotAvailableError,
    UnknownDocumentTypeError,
)

LOGGER = logging.getLogger(__name__)

MESSAGES = {
    400: "Requête invalide.",
    401: "Authentification requise.",
    403: "Accès refusé.",
    404: "Page introuvable.",
    405: "Méthode non autorisée pour cette adresse.",
    409: "Action impossible dans l'état actuel de la ressource.",
    410: "Ressource supprimée.",
    412: "Action refusée : la ressource a changé entre-temps.",
    413: "Requête trop volumineuse.",
    415: "Type de contenu non pris en charge.",
    422: "Données invalides.",
    429: "Trop de requêtes : réessayez dans un instant.",
    500: "Erreur interne du serveur.",
    503: "Service momentanément indisponible.",
}


def wants_json() -> bool:
    """Whether the client is a program (API paths, or JSON preferred over HTML)."""
    if request.path.startswith(("/api/", "/health")):
        return True
    best = request.accept_mimetypes.best_match(["text/html", "application/json"])
    return best == "application/json"


def problem(status: int, detail: str | None = None, **extra: Any) -> ResponseReturnValue:
    """An ``application/problem+json`` response (RFC 9457) with a French title."""
    body = {"type": "about:blank", "title": MESSAGES.get(status, "Erreur."), "status": status}
    if detail:
        body["detail"] = detail
    body.update(extra)
    response = jsonify(body)
    response.status_code = status
    response.mimetype = "application/problem+json"
    return response


def error_response(status: int, message: str | None = None) -> ResponseReturnValue:
    """The error of ``status``, shaped for the client: problem+json or an HTML page."""
    if wants_json():
        return problem(status, message)
    title = MESSAGES.get(status, "Erreur.")
    return render_template("error.html", status=status, title=title, detail=message), status


class ProblemError(Exception):
    """An error answered as problem+json (or an HTML page): its status, detail and members."""

    def __init__(self, status: int, detail: str | None = None, **extra: Any) -> None:
        super().__init__(detail or MESSAGES.get(status, ""))
        self.status = status
        self.detail = detail
        self.extra = extra


#: HTTP status of each generator error; the others (template, PDF) are the server's fault.
DOCGEN_STATUS: dict[type[DocgenError], int] = {
    CaseValidationError: 422,
    LegalRuleError: 422,
    MissingRateError: 422,
    UnknownDocumentTypeError: 404,
    TypeNotAvailableError: 404,
    ResourceLimitError: 503,
    MalformedJSONError: 400,
    OversizedValueError: 413,
}


def _problem_error(exc: ProblemError) -> ResponseReturnValue:
    if wants_json():
        return problem(exc.status, exc.detail, **exc.extra)
    return error_response(exc.status, exc.detail)


def _docgen_error(exc: DocgenError) -> ResponseReturnValue:
    status = next((code for cls, code in DOCGEN_STATUS.items() if isinstance(exc, cls)), 500)
    if status == 500:
        # The message may quote a value of the case: log where the template failed, not why.
        where = f"{getattr(exc, 'template', '')} {getattr(exc, 'location', '')}".strip()
        LOGGER.error("génération impossible : %s (%s)", type(exc).__name__, where or "?")
        return error_response(status)
    if isinstance(exc, CaseValidationError) and wants_json():
        errors = [{"path": e.path, "message": e.message} for e in exc.errors]
        return problem(status, "Faits du dossier invalides.", errors=errors)
    if isinstance(exc, MissingRateError):
        from web.metrics import count_missing_rate

        count_missing_rate(exc.series)
        if wants_json():
            return problem(status, str(exc), taux_manquant=missing_rate_record(exc))
    return error_response(status, str(exc))


def missing_rate_record(exc: MissingRateError) -> dict[str, Any]:
    """The ``taux_manquant`` member of a problem: the rate lacking and the ways on."""
    return {
        "serie": exc.series,
        "semestre": exc.half,
        "libelle": exc.what,
        "dernier_jour_couvert": exc.last_day.isoformat() if exc.last_day else None,
        "solutions": [
            "indiquer le taux et sa source dans « taux_fournis »",
            "arrêter le calcul au dernier jour couvert avec « arreter_au_dernier_taux_connu »",
            "demander à l'exploitant du serveur d'enregistrer le taux",
        ],
    }


def _worker_died(exc: BrokenProcessPool) -> ResponseReturnValue:
    LOGGER.error("processus de génération arrêté : %s", exc)
    return error_response(503, "Le processus de génération s'est arrêté : réessayez.")


def _store_error(exc: Exception) -> ResponseReturnValue:
    LOGGER.error("%s", exc)
    return error_response(503, str(exc))


def _library_error(exc: Exception) -> ResponseReturnValue:
    return error_response(getattr(exc, "status", 409), getattr(exc, "message", str(exc)))


DATABASE_DOWN = "Base de données momentanément indisponible : réessayez dans un instant."


def _database_down(exc: Exception) -> ResponseReturnValue:
    from web.db import db

    LOGGER.error("base de données indisponible : %s", type(exc).__name__)
    db.session.rollback()
    db.engine.dispose()  # drop the pooled connections: the next request connects afresh
    g._login_user = AnonymousUserMixin()  # the page must not ask the database who is logged in
    response = make_response(error_response(503, DATABASE_DOWN))
    response.headers["Retry-After"] = "30"
    return response


def _http_error(exc: HTTPException) -> ResponseReturnValue:
    return error_response(exc.code or 500)


def _unexpected(exc: Exception) -> ResponseReturnValue:
    if isinstance(exc, HTTPException):
        return _http_error(exc)
    LOGGER.exception("erreur inattendue", exc_info=exc)
    return error_response(InternalServerError.code)


def init_app(app: Flask) -> None:
    """Register the error handlers."""
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(ProblemError, _problem_error)
    app.register_error_handler(DocgenError, _docgen_error)
    app.register_error_handler(BrokenProcessPool, _worker_died)
    from web.library import LibraryError
    from web.store import StoreError

    app.register_error_handler(StoreError, _store_error)
    app.register_error_handler(OperationalError, _database_down)
    app.register_error_handler(LibraryError, _library_error)
    app.register_error_handler(Exception, _unexpected)
