"""Structured logs: one JSON object per line on stderr, each tagged with its request's id.

What a line may hold is decided here, once, for every logger of the process:

- the access line of a request holds its method, path (never the query string), Flask
  endpoint, status and duration; never its body, form values, headers or client address;
- an exception is written as its type and the frames it went through (file, line, function),
  never its message nor its arguments: a ``KeyError``, ``ValueError`` or ``TypeError`` raised
  while filling a document quotes the value at fault, and that value is a fact of the case.
"""

from __future__ import annotations

import contextvars
import functools
import json
import logging
import re
import sys
import time
import traceback
import uuid
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, datetime
from types import TracebackType
from typing import TYPE_CHECKING, Any

from blinker import Namespace

from docgen.bulk import pool

if TYPE_CHECKING:
    from flask import Flask, Response

ACCESS_LOGGER = logging.getLogger("litige.access")
ACCESS_FIELDS = ("method", "path", "endpoint", "status", "duration_ms")
"""The attributes of a record written besides its message (passed with ``extra=``)."""

SAFE_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")
"""An ``X-Request-ID`` kept as the caller sent it; any other is replaced by a new one."""

MAX_PATH = 200  # an unmatched path is whatever the client typed: keep it short
MAX_FRAMES = 20  # innermost frames of a traceback written

request_done = Namespace().signal("request-done")
"""Sent once per request, when its response has been sent (streamed bodies included)."""

_request_id: contextvars.ContextVar[str | None] = contextvars.ContextVar("request_id", default=None)
_WERKZEUG_ACCESS = re.compile(r'\] "(?:\x1b\[[0-9;]*m)?[A-Z]+ ')
"""The development server's access line; it colours those whose status is not 200."""


def request_id() -> str | None:
    """The id of the request being handled, if any."""
    return _request_id.get()


def incoming_id(value: str | None) -> str:
    """The caller's ``X-Request-ID`` if safe to write into a log, else a new id."""
    if value and SAFE_ID.fullmatch(value):
        return value
    return uuid.uuid4().hex


class RequestIdFilter(logging.Filter):
    """Tag every record with the id of the request under way; drop werkzeug's access lines."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = _request_id.get()
        # The development server's own access line quotes the query string: ours replaces it.
        return not (record.name == "werkzeug" and _WERKZEUG_ACCESS.search(record.getMessage()))


def _exception(exc_info: tuple[type[BaseException], BaseException, TracebackType | None]) -> dict:
    kind, _value, tb = exc_info
    frames = traceback.extract_tb(tb)[-MAX_FRAMES:]
    return {
        "type": f"{kind.__module__}.{kind.__qualname__}",
        "frames": [f"{f.filename}:{f.lineno} in {f.name}" for f in frames],
    }


class JsonFormatter(logging.Formatter):
    """A record as one line of JSON; exceptions without their message (see the module)."""

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", None),
        }
        for name in ACCESS_FIELDS:
            if hasattr(record, name):
                line[name] = getattr(record, name)
        if record.exc_info and record.exc_info[0] is not None:
            line["exception"] = _exception(record.exc_info)  # type: ignore[arg-type]
        return json.dumps(line, ensure_ascii=False, default=str)


class StderrHandler(logging.StreamHandler):
    """Write to the ``sys.stderr`` of the moment (test runners swap it)."""

    def __init__(self) -> None:
        super().__init__(sys.stderr)

    @property  # type: ignore[override]
    def stream(self) -> Any:
        return sys.stderr

    @stream.setter
    def stream(self, _value: Any) -> None:
        pass


HANDLER = StderrHandler()
HANDLER.setFormatter(JsonFormatter())
HANDLER.addFilter(RequestIdFilter())


class _Body:
    """A streamed body that keeps the request id while it is produced, and reports its end."""

    def __init__(self, body: Iterable[bytes], rid: str, finish: Callable[[], None]) -> None:
        self.body, self.rid, self.finish = body, rid, finish
        self.iterator: Iterator[bytes] | None = None

    def __iter__(self) -> _Body:
        return self

    def __next__(self) -> bytes:
        token = _request_id.set(self.rid)
        try:
            if self.iterator is None:
                self.iterator = iter(self.body)
            return next(self.iterator)
        except StopIteration:
            self.finish()
            raise
        finally:
            _request_id.reset(token)

    def close(self) -> None:
        token = _request_id.set(self.rid)
        try:
            close = getattr(self.body, "close", None)
            if close is not None:
                close()
        finally:
            self.finish()
            _request_id.reset(token)


class RequestLog:
    """WSGI middleware: a request id for each request, and one access line once it is sent."""

    def __init__(self, wsgi_app: Callable[..., Any]) -> None:
        self.wsgi_app = wsgi_app

    def __call__(self, environ: dict, start_response: Callable[..., Any]) -> Iterable[bytes]:
        rid = incoming_id(environ.get("HTTP_X_REQUEST_ID"))
        environ["litige.request_id"] = rid
        started = time.perf_counter()
        state: dict[str, Any] = {"status": 500, "done": False}

        def start(status: str, headers: list, exc_info: Any = None) -> Any:
            state["status"] = int(status.split(" ", 1)[0])
            headers = [(k, v) for k, v in headers if k.lower() != "x-request-id"]
            headers.append(("X-Request-ID", rid))
            return start_response(status, headers, exc_info)

        def finish() -> None:
            if not state["done"]:
                state["done"] = True
                _finished(environ, state["status"], time.perf_counter() - started)

        token = _request_id.set(rid)
        try:
            body = self.wsgi_app(environ, start)
            if environ.get("litige.in_memory"):
                finish()  # the body is ready: its sending is the server's business
        except BaseException:
            finish()
            raise
        finally:
            _request_id.reset(token)
        return _Body(body, rid, finish)


def _path(environ: dict) -> str:
    raw = environ.get("SCRIPT_NAME", "") + environ.get("PATH_INFO", "")
    return raw.encode("latin-1", "replace").decode("utf-8", "replace")[:MAX_PATH]


def _finished(environ: dict, status: int, seconds: float) -> None:
    method = environ.get("REQUEST_METHOD", "")
    path = _path(environ)
    endpoint = environ.get("litige.endpoint")
    fields = {
        "method": method,
        "path": path,
        "endpoint": endpoint,
        "status": status,
        "duration_ms": round(seconds * 1000, 1),
    }
    ACCESS_LOGGER.info("%s %s %s", method, path, status, extra=fields)
    request_done.send(None, endpoint=endpoint, method=method, status=status, seconds=seconds)


def _note_response(response: Response) -> Response:
    from flask import request  # here: the generation workers use this module without Flask

    request.environ["litige.in_memory"] = response.is_sequence
    return response


def _note_endpoint(_exc: BaseException | None) -> None:
    from flask import request

    request.environ["litige.endpoint"] = request.endpoint


def configure_process(level: str) -> None:
    """Write every log of this process as JSON lines from ``level`` on.

    WeasyPrint's progress messages (« Step 5 - Creating layout - Page 2 », seven per PDF at
    INFO) are left out: they tell an operator nothing. Its warnings are kept.
    """
    root = logging.getLogger()
    if HANDLER not in root.handlers:
        root.addHandler(HANDLER)
    root.setLevel(level.upper())
    logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)


def init_app(app: Flask) -> None:
    """Write the process's logs, and its generation workers', as JSON lines at ``LOG_LEVEL``;
    wrap the app for request ids."""
    level = str(app.config["LOG_LEVEL"])
    configure_process(level)
    pool.set_worker_setup(functools.partial(configure_process, level))
    app.after_request(_note_response)
    app.teardown_request(_note_endpoint)
    app.wsgi_app = RequestLog(app.wsgi_app)  # type: ignore[method-assign]
