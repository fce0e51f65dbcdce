"""Operator metrics in the Prometheus text format: requests, generations, errors, queue depth.

With several worker processes (gunicorn), set ``PROMETHEUS_MULTIPROC_DIR`` to an empty folder
before the server starts: every process then writes its counts there and ``/metrics`` adds
them up, whichever process answers.
"""

from __future__ import annotations

import contextlib
import hmac
import ipaddress
import os
import time
from collections.abc import Callable, Iterable, Iterator

from flask import Blueprint, Flask, Response, abort, current_app, request
from prometheus_client import (
    CONTENT_TYPE_PLAIN_0_0_4,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
)
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector
from sqlalchemy import func, select
from sqlalchemy.exc import SQLAlchemyError

from docgen.catalog import TYPES
from docgen.law.rates import SERIES
from web import logs
from web.db import db
from web.models import Job

bp = Blueprint("metrics", __name__)

BUCKETS = (0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60)
METHODS = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}
FORMATS = {"docx", "pdf", "docx+pdf", "html"}
QUEUE_STATUSES = ("queued", "running")

REQUESTS = Counter(
    "litige_http_requests",
    "Requêtes HTTP traitées, par point d'entrée Flask, méthode et statut.",
    ["endpoint", "method", "status"],
)
REQUEST_SECONDS = Histogram(
    "litige_http_request_duration_seconds",
    "Durée des requêtes HTTP jusqu'au dernier octet envoyé, par point d'entrée Flask.",
    ["endpoint"],
    buckets=BUCKETS,
)
ERRORS = Counter(
    "litige_http_errors",
    "Réponses d'erreur (statut 400 ou plus), par statut.",
    ["status"],
)
GENERATIONS = Counter(
    "litige_generations",
    "Documents produits ou refusés, par type, format, issue (ok, error) et origine "
    "(document, preview, batch, job).",
    ["type", "format", "outcome", "source"],
)
MISSING_RATES = Counter(
    "litige_generations_missing_rate",
    "Générations refusées faute d'un taux que ni le serveur ni les faits ne donnent, par série "
    "(interet_legal_particulier, interet_legal_autres, bce).",
    ["serie"],
)
GENERATION_SECONDS = Histogram(
    "litige_generation_duration_seconds",
    "Durée de génération d'un document réussi (un par requête ; les lots ne sont que comptés).",
    ["type", "format", "source"],
    buckets=BUCKETS,
)


def _type(doc_type: object) -> str:
    # A batch item's type is whatever the caller wrote: bound the label's values.
    return doc_type if isinstance(doc_type, str) and doc_type in TYPES else "unknown"


def _format(formats: str | Iterable[str]) -> str:
    if isinstance(formats, str):
        formats = ["docx", "pdf"] if formats == "zip" else [formats]
    label = "+".join(sorted(set(formats)))
    return label if label in FORMATS else "other"


@contextlib.contextmanager
def timed_generation(doc_type: str, fmt: str, source: str = "document") -> Iterator[None]:
    """Count the generation run in the block, and time it if it succeeds."""
    labels = (_type(doc_type), _format(fmt))
    started, ok = time.perf_counter(), False
    try:
        yield
        ok = True
    finally:
        GENERATIONS.labels(*labels, "ok" if ok else "error", source).inc()
        if ok:
            GENERATION_SECONDS.labels(*labels, source).observe(time.perf_counter() - started)


def count_missing_rate(series: object) -> None:
    """Count a generation refused for a missing rate of ``series``."""
    MISSING_RATES.labels(series if isinstance(series, str) and series in SERIES else "autre").inc()


def item_counter(
    formats: Iterable[str], source: str, then: Callable[[dict], None] | None = None
) -> Callable[[dict], None]:
    """A batch's ``on_item`` callback: count each item by its manifest entry, then ``then``."""
    fmt = _format(list(formats))

    def count(entry: dict) -> None:
        outcome = "ok" if entry.get("status") == "ok" else "error"
        GENERATIONS.labels(_type(entry.get("type")), fmt, outcome, source).inc()
        if "taux_manquant" in entry:
            count_missing_rate(entry["taux_manquant"]["serie"])
        if then is not None:
            then(entry)

    return count


def _observe_request(
    _sender: object, *, endpoint: str | None, method: str, status: int, seconds: float
) -> None:
    name = endpoint or "none"  # no route matched: never the raw path, it is the client's text
    REQUESTS.labels(name, method if method in METHODS else "other", str(status)).inc()
    REQUEST_SECONDS.labels(name).observe(seconds)
    if status >= 400:
        ERRORS.labels(str(status)).inc()


class QueueCollector(Collector):
    """Jobs queued and running, read from the database at each scrape."""

    def collect(self) -> Iterator[GaugeMetricFamily]:
        up = GaugeMetricFamily(
            "litige_jobs_database_up", "1 si la base a répondu à la lecture des tâches, 0 sinon."
        )
        query = (
            select(Job.status, func.count())
            .where(Job.status.in_(QUEUE_STATUSES))
            .group_by(Job.status)
        )
        try:
            counts: dict[str, int] = dict(db.session.execute(query).all())
        except SQLAlchemyError:
            with contextlib.suppress(SQLAlchemyError):
                db.session.rollback()
            up.add_metric([], 0)
            yield up
            return
        up.add_metric([], 1)
        yield up
        jobs = GaugeMetricFamily(
            "litige_jobs",
            "Tâches en arrière-plan, par statut (queued, running).",
            labels=["status"],
        )
        for status in QUEUE_STATUSES:
            jobs.add_metric([status], counts.get(status, 0))
        yield jobs


def _process_registry() -> CollectorRegistry:
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        return registry
    return REGISTRY


def _from_loopback() -> bool:
    # Behind a reverse proxy on the same machine every client looks local: a forwarded
    # request is never taken for the operator's own.
    if "X-Forwarded-For" in request.headers or "Forwarded" in request.headers:
        return False
    try:
        address = ipaddress.ip_address(request.remote_addr or "")
    except ValueError:
        return False
    mapped = getattr(address, "ipv4_mapped", None)
    return (mapped or address).is_loopback


def _has_token() -> bool:
    expected = str(current_app.config["METRICS_TOKEN"] or "")
    scheme, _, value = request.headers.get("Authorization", "").partition(" ")
    if not expected or scheme.lower() != "bearer":
        return False
    return hmac.compare_digest(value.strip().encode(), expected.encode())


@bp.get("/metrics")
def metrics() -> Response:
    """The metrics, for the operator: from this machine, or with ``METRICS_TOKEN``.

    :raise 404: for anyone else, who need not learn that the page exists.
    """
    if not (_has_token() or _from_loopback()):
        abort(404)
    queue = CollectorRegistry()
    queue.register(QueueCollector())
    body = generate_latest(_process_registry()) + generate_latest(queue)
    response = Response(body, mimetype=None, content_type=CONTENT_TYPE_PLAIN_0_0_4)
    response.headers["Cache-Control"] = "no-store"
    return response


def init_app(app: Flask) -> None:
    """Serve ``/metrics`` and count every request the app answers."""
    logs.request_done.connect(_observe_request)
    app.register_blueprint(bp)
