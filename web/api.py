"""The JSON API for firms' own systems: documents one by one or in batches, dossiers."""

from __future__ import annotations

import datetime
import functools
import io
import json
import threading
import zipfile
from collections import Counter
from collections.abc import Iterable

from flask import Blueprint, Response, current_app, g, jsonify, request, send_file, url_for
from flask.typing import ResponseReturnValue
from werkzeug.wsgi import ClosingIterator

from docgen import FORMATS, case_schema, document_types, get_type
from docgen.bulk import batch, pool
from docgen.dossier.documents import DOSSIER_TYPES
from docgen.dossier.nextsteps import STAGES
from docgen.law.rates import RateUse, current_rates
from web import dossiers, jobs, store
from web.db import db
from web.errors import ProblemError
from web.metrics import item_counter, timed_generation
from web.models import Dossier, Job
from web.openapi import MIMETYPES, openapi
from web.payload import body_stream, read_json
from web.tokens import find_token

bp = Blueprint("api", __name__, url_prefix="/api/v1")

PUBLIC = {"api.get_openapi"}


@bp.before_request
def authenticate() -> None:
    """Require ``Authorization: Bearer <token>`` with an active token.

    :raise ProblemError: 401 otherwise.
    """
    if request.endpoint in PUBLIC:
        return
    scheme, _, value = request.headers.get("Authorization", "").partition(" ")
    token = find_token(value.strip()) if scheme.lower() == "bearer" and value.strip() else None
    if token is None:
        raise ProblemError(
            401, "Jeton d'accès absent, invalide ou révoqué (Authorization: Bearer …)."
        )
    g.api_token = token


@bp.after_request
def add_headers(response: Response) -> Response:
    """Challenge on 401; no sniffing of any answer."""
    if response.status_code == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="api"'
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


def download(body: bytes | Iterable[bytes], name: str, fmt: str) -> Response:
    """A generated file, never cached: bytes, or chunks streamed as they come."""
    response = Response(body, mimetype=MIMETYPES[fmt])
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    response.headers["Cache-Control"] = "no-store"
    return response


class _Running:
    """Synchronous batches under way per token, in this process (one per app)."""

    def __init__(self) -> None:
        self.counts: Counter[int] = Counter()
        self.lock = threading.Lock()

    def claim(self, token_id: int, limit: int) -> functools.partial:
        """Count one more batch for the token; the returned callable ends it.

        :raise ProblemError: 429 if the token already has ``limit`` batches under way.
        """
        with self.lock:
            if self.counts[token_id] >= limit:
                raise ProblemError(
                    429,
                    f"Déjà {limit} lot(s) en cours avec ce jeton : attendez leur fin, "
                    "ou créez une tâche (POST /api/v1/jobs).",
                )
            self.counts[token_id] += 1
        return functools.partial(self.release, token_id)

    def release(self, token_id: int) -> None:
        """End one batch of the token."""
        with self.lock:
            self.counts[token_id] -= 1


def _workers() -> int:
    return current_app.config["GENERATION_WORKERS"]


def check_count(count: int, limit: int, hint: str) -> None:
    """Refuse a request with more items than ``limit``.

    :raise ProblemError: 413.
    """
    if count > limit:
        raise ProblemError(413, f"Trop d'éléments : {count} pour {limit} au plus. {hint}")


@bp.get("/openapi.json")
def get_openapi() -> ResponseReturnValue:
    """The OpenAPI 3.1 description of this API."""
    return jsonify(openapi())


@bp.get("/document-types")
def list_document_types() -> ResponseReturnValue:
    """The document types, in the order of a dispute."""
    return jsonify(
        [
            {
                "id": t.id,
                "label": t.label,
                "purpose": t.purpose,
                "available": t.available,
                "schema": url_for(".get_case_schema", doc_type=t.id),
            }
            for t in document_types()
        ]
    )


@bp.get("/document-types/<doc_type>/schema")
def get_case_schema(doc_type: str) -> ResponseReturnValue:
    """The JSON Schema of a type's case facts."""
    return jsonify(case_schema(doc_type))


def _requested_format() -> str:
    fmt = request.args.get("format")
    if fmt is None:
        best = request.accept_mimetypes.best_match(list(MIMETYPES.values()))
        return next((f for f, mime in MIMETYPES.items() if mime == best), "pdf")
    if fmt not in MIMETYPES:
        raise ProblemError(400, f"Format inconnu : « {fmt} ». Formats possibles : docx, pdf, zip.")
    return fmt


def _zip(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


RATES_HEADER = "Litige-Taux-Utilises"
"""Response header of a document: the rates its computation read, with their sources (JSON)."""


def rates_header(uses: Iterable[RateUse]) -> str:
    """The JSON list of the rates used, escaped to ASCII as a header must be."""
    return json.dumps([use.as_record() for use in uses], ensure_ascii=True)


@bp.post("/documents/<doc_type>")
def generate_document(doc_type: str) -> ResponseReturnValue:
    """One document from a case: DOCX, PDF, or both in a ZIP."""
    get_type(doc_type)
    fmt = _requested_format()
    case = read_json()
    formats = list(FORMATS) if fmt == "zip" else [fmt]
    template = store.template_in_force(doc_type)
    with timed_generation(doc_type, fmt):
        output = pool.generate_in_pool(
            doc_type, case, formats, _workers(), template, current_rates()
        )
    if fmt != "zip":
        response = download(output.files[fmt], output.filename(fmt), fmt)
    else:
        files = {output.filename(f): output.files[f] for f in formats}
        response = download(_zip(files), output.filename("zip"), "zip")
    response.headers[RATES_HEADER] = rates_header(output.rates_used)
    return response


@bp.post("/batch")
def generate_batch() -> ResponseReturnValue:
    """Many documents in one ZIP streamed as it is made, with a manifest written last."""
    items, formats = batch.parse_request(read_json())
    limit = current_app.config["BATCH_MAX_ITEMS"]
    check_count(len(items), limit, "Pour un lot plus grand, créez une tâche : POST /api/v1/jobs.")
    run = functools.partial(
        pool.run_items,
        workers=_workers(),
        templates=store.templates_in_force(),
        rates=current_rates(),
    )
    running = current_app.extensions.setdefault("api_batches", _Running())
    release = running.claim(g.api_token.id, current_app.config["BATCH_CONCURRENCY"])
    count = item_counter(formats, "batch")
    chunks = ClosingIterator(batch.stream_archive(items, formats, run, count), [release])
    return download(chunks, "lot.zip", "zip")


def _job_response(job: Job, status: int = 200) -> Response:
    url = url_for(".get_job", job_id=job.id)
    response = jsonify(jobs.describe(job, url, url_for(".get_job_archive", job_id=job.id)))
    response.status_code = status
    response.headers["Cache-Control"] = "no-store"
    if status == 202:
        response.headers["Location"] = url
    return response


@bp.post("/jobs")
def create_job() -> ResponseReturnValue:
    """Queue a large batch; its status and archive are at the URL in ``Location``."""
    config = current_app.config
    body = body_stream(config["JOBS_MAX_CONTENT_LENGTH"])
    job = jobs.submit(body, g.api_token.id)
    db.session.refresh(job)
    return _job_response(job, 202)


@bp.get("/jobs/<job_id>")
def get_job(job_id: str) -> ResponseReturnValue:
    """A job's status and progress: items done out of the total, errors so far."""
    jobs.start_embedded_consumer()  # after a restart, queued jobs resume
    return _job_response(jobs.owned_job(job_id, g.api_token.id))


@bp.get("/jobs/<job_id>/archive")
def get_job_archive(job_id: str) -> ResponseReturnValue:
    """The archive of a finished job, until its retention period ends."""
    job = jobs.owned_job(job_id, g.api_token.id)
    if job.status == "expired":
        raise ProblemError(410, "Archive supprimée : sa durée de conservation est passée.")
    if job.status == "failed":
        raise ProblemError(409, f"La tâche a échoué : {job.detail}")
    if job.status != "done":
        raise ProblemError(409, f"Tâche pas encore terminée : {job.done} sur {job.total}.")
    response = send_file(
        jobs.archive_path(job),
        "application/zip",
        as_attachment=True,
        download_name=f"lot-{job.id}.zip",
    )
    response.headers["Cache-Control"] = "no-store"
    return response


def _owner() -> dossiers.Owner:
    return dossiers.Owner.of_token(g.api_token)


def _dossier_response(row: Dossier, status: int = 200) -> Response:
    response = jsonify(dossiers.describe(row, datetime.date.today()))
    response.status_code = status
    response.headers["Cache-Control"] = "no-store"
    if status == 201:
        response.headers["Location"] = url_for(".get_dossier", public_id=row.public_id)
    return response


@bp.post("/dossiers")
def create_dossier() -> ResponseReturnValue:
    """A new dossier from its facts (parties, invoices, basis of the claim)."""
    return _dossier_response(dossiers.create(_owner(), read_json(), datetime.date.today()), 201)


def _day_param(name: str) -> datetime.date | None:
    value = request.args.get(name)
    if value is None:
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise ProblemError(400, f"« {name} » : date attendue (AAAA-MM-JJ).") from None


@bp.get("/dossiers")
def list_dossiers() -> ResponseReturnValue:
    """The token's dossiers by date of next step, filtered by stage, that date and name."""
    stage = request.args.get("stage")
    if stage is not None and stage not in STAGES:
        raise ProblemError(400, f"Étape inconnue : « {stage} ». Étapes : {', '.join(STAGES)}.")
    page = request.args.get("page", 1, type=int) or 1
    found = dossiers.listing(
        _owner(),
        stage=stage,
        before=_day_param("next_step_before"),
        search=request.args.get("q"),
        page=max(1, page),
    )
    body = {
        "total": found.total,
        "page": found.page,
        "pages": found.pages,
        "dossiers": [
            {
                "id": row.public_id,
                "intitule": row.title,
                "debiteur": row.debtor,
                "etape": row.stage,
                "prochaine_echeance": row.next_step_on.isoformat() if row.next_step_on else None,
                "url": url_for(".get_dossier", public_id=row.public_id),
            }
            for row in found.rows
        ],
    }
    response = jsonify(body)
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/dossiers/<public_id>")
def get_dossier(public_id: str) -> ResponseReturnValue:
    """A dossier: facts, timeline, next steps with their articles, documents kept."""
    return _dossier_response(dossiers.find(_owner(), public_id))


@bp.delete("/dossiers/<public_id>")
def delete_dossier(public_id: str) -> ResponseReturnValue:
    """Delete a dossier, its events, documents and files."""
    dossiers.delete_dossier(dossiers.find(_owner(), public_id))
    return Response(status=204)


@bp.post("/dossiers/<public_id>/events")
def add_dossier_event(public_id: str) -> ResponseReturnValue:
    """Record a dated event, checked against the dossier's facts and other events."""
    row = dossiers.find(_owner(), public_id)
    dossiers.add_event(row, read_json(), datetime.date.today())
    return _dossier_response(row, 201)


@bp.post("/dossiers/<public_id>/documents/<doc_type>")
def generate_dossier_document(public_id: str, doc_type: str) -> ResponseReturnValue:
    """Make a document of the dossier from what its stage adds, and keep it."""
    row = dossiers.find(_owner(), public_id)
    if doc_type not in DOSSIER_TYPES:
        raise ProblemError(404, f"Un dossier ne produit pas de « {doc_type} » : {DOSSIER_TYPES}.")
    additions = read_json()
    if not isinstance(additions, dict):
        raise ProblemError(422, "Objet JSON attendu : ce que l'étape ajoute au dossier.")
    with timed_generation(doc_type, "zip"):
        document = dossiers.generate(row, doc_type, additions, datetime.date.today())
    record = dossiers.document_record(document)
    record["urls"] = {
        fmt: url_for(".get_dossier_document", public_id=public_id, document_id=document.id, fmt=fmt)
        for fmt in document.files
    }
    response = jsonify(record)
    response.status_code = 201
    response.headers["Cache-Control"] = "no-store"
    response.headers[RATES_HEADER] = json.dumps(document.rates, ensure_ascii=True)
    return response


@bp.get("/dossiers/<public_id>/documents/<int:document_id>/<fmt>")
def get_dossier_document(public_id: str, document_id: int, fmt: str) -> ResponseReturnValue:
    """A kept document, byte for byte as it was generated."""
    row = dossiers.find(_owner(), public_id)
    document = dossiers.find_document(row, document_id)
    return download(dossiers.document_bytes(row, document, fmt), f"{document.file_stem}.{fmt}", fmt)


@bp.get("/dossiers/<public_id>/export")
def export_dossier(public_id: str) -> ResponseReturnValue:
    """The dossier in a ZIP: facts and timeline (JSON), and every document kept."""
    row = dossiers.find(_owner(), public_id)
    return download(
        dossiers.export_zip(row, datetime.date.today()), f"dossier-{row.public_id}.zip", "zip"
    )
