"""Error responses, in one place: problem+json for the API, a French HTML page elsewhere."""

from __future__ import annotations

import logging
from typing import Any

from flask import Flask, jsonify, render_template, request
from flask.typing import ResponseReturnValue
from werkzeug.exceptions import HTTPException, InternalServerError

LOGGER = logging.getLogger(__name__)

MESSAGES = {
    400: "Requête invalide.",
    401: "Authentification requise.",
    403: "Accès refusé.",
    404: "Page introuvable.",
    405: "Méthode non autorisée pour cette adresse.",
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
    app.register_error_handler(Exception, _unexpected)
