"""Error responses: every HTTP error becomes a French JSON body, never a traceback."""

from __future__ import annotations

import logging

from flask import Flask, jsonify
from flask.typing import ResponseReturnValue
from werkzeug.exceptions import HTTPException, InternalServerError

LOGGER = logging.getLogger(__name__)

MESSAGES = {
    400: "Requête invalide.",
    404: "Page introuvable.",
    405: "Méthode non autorisée pour cette adresse.",
    413: "Requête trop volumineuse.",
    500: "Erreur interne du serveur.",
}


def error_response(status: int, message: str | None = None) -> ResponseReturnValue:
    """The one error shape of the server."""
    body = {"statut": status, "erreur": message or MESSAGES.get(status, "Erreur.")}
    return jsonify(body), status


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
