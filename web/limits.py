"""Request rate limits of the public forms, the login and the API (Flask-Limiter)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

from flask import Blueprint, Flask, request
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address


def client_key() -> str:
    """API callers are counted by token, everyone else by address."""
    authorization = request.headers.get("Authorization", "")
    if authorization.startswith("Bearer "):
        return "jeton:" + hashlib.sha256(authorization.encode()).hexdigest()
    return get_remote_address()


def init_app(app: Flask, forms: Iterable[Blueprint], api: Blueprint, login: Blueprint) -> Limiter:
    """Limit the POSTs of the forms and of the login per address, and API requests per token."""
    limiter = Limiter(
        client_key,
        app=app,
        storage_uri=app.config["RATELIMIT_STORAGE_URI"] or "memory://",
        headers_enabled=True,
    )
    # Pages are counted by address alone: a made-up "Authorization" header must not buy a
    # fresh allowance on every request.
    for blueprint in forms:
        limiter.limit(app.config["RATELIMIT_FORMS"], methods=["POST"], key_func=get_remote_address)(
            blueprint
        )
    limiter.limit(app.config["RATELIMIT_LOGIN"], methods=["POST"], key_func=get_remote_address)(
        login
    )
    limiter.limit(app.config["RATELIMIT_API"])(api)
    return limiter
