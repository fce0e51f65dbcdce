"""JSON request bodies read safely: malformed, too deep or too large is a 4xx, never a 500."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from flask import request

from web.errors import ProblemError


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"valeur non autorisée en JSON : {name}")


def read_body(max_length: int | None = None) -> bytes:
    """The raw body of a JSON request.

    :raise ProblemError: 415 if the body is not JSON.
    :raise RequestEntityTooLarge: 413 beyond ``max_length`` (or ``MAX_CONTENT_LENGTH``).
    """
    if max_length is not None:
        request.max_content_length = max_length
    if not request.is_json:
        raise ProblemError(415, "Corps JSON attendu (Content-Type: application/json).")
    return request.get_data(cache=False)


def read_json(max_length: int | None = None) -> Any:
    """The request's JSON body, decimals kept exact.

    :raise ProblemError: 415 if the body is not JSON, 400 if it cannot be parsed.
    :raise RequestEntityTooLarge: 413 beyond ``max_length`` (or ``MAX_CONTENT_LENGTH``).
    """
    return parse_json(read_body(max_length))


def parse_json(data: bytes) -> Any:
    """Parse JSON, decimals kept exact.

    :raise ProblemError: 400 if it is malformed or nested too deep.
    """
    try:
        return json.loads(data, parse_float=Decimal, parse_constant=_refuse_constant)
    except RecursionError:
        raise ProblemError(400, "JSON trop profondément imbriqué.") from None
    except json.JSONDecodeError as exc:
        detail = f"JSON invalide (ligne {exc.lineno}, colonne {exc.colno})."
        raise ProblemError(400, detail) from None
    except ValueError:  # bad encoding, NaN, a number with too many digits
        raise ProblemError(400, "JSON invalide : texte UTF-8 et nombres finis attendus.") from None
