"""JSON request bodies read safely: malformed, too deep or too large is a 4xx, never a 500."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import IO, Any

from flask import request

from docgen.bulk.jsonstream import NOT_UTF8_OR_FINITE, TOO_DEEP, position_message, refuse_constant
from web.errors import ProblemError


def body_stream(max_length: int | None = None) -> IO[bytes]:
    """The body of a JSON request, to be read as it arrives.

    :raise ProblemError: 415 if the body is not JSON.
    :raise RequestEntityTooLarge: 413 beyond ``max_length`` (or ``MAX_CONTENT_LENGTH``), at once
        if the request says its length, else when the stream reaches it.
    """
    if max_length is not None:
        request.max_content_length = max_length
    if not request.is_json:
        raise ProblemError(415, "Corps JSON attendu (Content-Type: application/json).")
    return request.stream


def read_body(max_length: int | None = None) -> bytes:
    """The raw body of a JSON request.

    :raise ProblemError: 415 if the body is not JSON.
    :raise RequestEntityTooLarge: 413 beyond ``max_length`` (or ``MAX_CONTENT_LENGTH``).
    """
    return body_stream(max_length).read()


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
        return json.loads(data, parse_float=Decimal, parse_constant=refuse_constant)
    except RecursionError:
        raise ProblemError(400, TOO_DEEP) from None
    except json.JSONDecodeError as exc:
        raise ProblemError(400, position_message(exc.lineno, exc.colno)) from None
    except ValueError:  # bad encoding, NaN, a number with too many digits
        raise ProblemError(400, NOT_UTF8_OR_FINITE) from None
