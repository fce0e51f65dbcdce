"""Request rate limits of the public forms and of the API (Flask-Limiter)."""

from __future__ import annotations

import hashlib

from flask import Blueprint, Flask, request
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address


def client_key() -> str:
    """API callers are counted by token, everyone else by address."""
    authorization = request.headers.get("Authorization", "")
    if authorization.startswith("Bearer "):
        return "jeton:" + hashlib.sha256(authorization.encode()).hexdigest()
    return get_remote_address()


def init_app(app: Flask, forms: Blueprint, api: Blueprint) -> Limiter:
    """Limit the forms' POSTs and every API request; storage in memory unless configured."""
    limiter = Limiter(
        client_key,
        app=app,
        storage_uri=app.config["RATELIMIT_STORAGE_URI"] or "memory://",
        headers_enabled=True,
    )
    limiter.limit(app.config["RATELIMIT_FORMS"], methods=["POST"])(forms)
    limiter.limit(app.config["RATELIMIT_API"])(api)
    return limiter
