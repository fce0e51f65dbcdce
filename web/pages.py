"""HTML pages for the business owner: the documents of a dispute, their forms, the downloads."""

from __future__ import annotations

import secrets

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    g,
    make_response,
    render_template,
    request,
    send_from_directory,
)
from flask.typing import ResponseReturnValue
from flask_wtf.csrf import CSRFError

import docgen
from docgen import DocgenError, document_types
from forms import (
    CaseFileError,
    CaseForm,
    Checked,
    ReviewPage,
    read_case_file,
    read_case_text,
    template_helpers,
)
from forms.entry import STOP
from forms.files import MAX_CASE_FILE, dump_case
from web import documents
from web.errors import error_response

bp = Blueprint("pages", __name__)

CSP = (
    "default-src 'self'; style-src 'self' 'nonce-{nonce}'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)


def csp_nonce() -> str:
    """The nonce of this response's Content-Security-Policy (for the preview's styles)."""
    if "csp_nonce" not in g:
        g.csp_nonce = secrets.token_urlsafe(16)
    return str(g.csp_nonce)


@bp.app_template_filter("taille")
def size_label(limit: int) -> str:
    """A size limit in French units (``2 Mo``, ``512 Ko``)."""
    return f"{limit / 2**20:g} Mo" if limit >= 2**20 else f"{limit // 1024} Ko"


bp.context_processor(template_helpers)


HSTS = "max-age=31536000; includeSubDomains"
"""Strict-Transport-Security, sent when the site is served over HTTPS."""


@bp.after_app_request
def security_headers(response: Response) -> Response:
    """On every answer: CSP with this response's nonce (no inline script), no framing, no
    sniffing, no referrer outside the site, and HSTS behind TLS."""
    response.headers.setdefault("Content-Security-Policy", CSP.format(nonce=csp_nonce()))
    response.headers.setdefault("X-Frame-Options", "DENY")
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    if request.is_secure or current_app.config["PREFERRED_URL_SCHEME"] == "https":
        response.headers.setdefault("Strict-Transport-Security", HSTS)
    return response


EXPIRED = (
    "La page a expiré ou ne provient pas de ce site : rien n'a été produit. Vérifiez les "
    "informations ci-dessous, puis renvoyez le formulaire."
)


@bp.errorhandler(CSRFError)
def _csrf_error(exc: CSRFError) -> ResponseReturnValue:
    """Refuse the action, but show again what was sent so that nothing typed is lost."""
    slug = (request.view_args or {}).get("slug", "")
    if request.endpoint not in ("pages.submit", "pages.edit", "pages.download"):
        return error_response(400, EXPIRED)
    doc_type = _doc_type(slug)
    if request.endpoint == "pages.submit":
        page = CaseForm.from_request(doc_type, request.form, "")
    else:
        try:
            page = CaseForm.from_case(doc_type, read_case_text(request.form.get("dossier", "")))
        except CaseFileError:
            page = CaseForm.from_case(doc_type, {})
    page.general.append(EXPIRED)
    return _form(page, 400)


def _doc_type(slug: str) -> str:
    """The document type of a URL slug (``mise-en-demeure``).

    :raise 404: for a type the catalogue does not hold or cannot produce.
    """
    doc_type = slug.replace("-", "_")
    try:
        available = docgen.get_type(doc_type).available
    except docgen.UnknownDocumentTypeError:
        abort(404)
    if not available:
        abort(404)
    return doc_type


def _form(page: CaseForm, status: int = 200) -> ResponseReturnValue:
    return render_template("documents/form.html", page=page, max_file=MAX_CASE_FILE), status


def _review(checked: Checked, error: str | None = None) -> ResponseReturnValue:
    preview, preview_error = None, error
    try:
        preview = documents.preview_html(checked.doc_type, checked.case, csp_nonce())
    except DocgenError as exc:
        preview_error = str(exc)
    page = ReviewPage(checked, dump_case(checked.case, indent=None))
    status = 422 if preview_error else 200
    return render_template(
        "documents/review.html", page=page, preview=preview, error=preview_error
    ), status


@bp.get("/")
def home() -> ResponseReturnValue:
    """The documents, in the order of a dispute."""
    return render_template("home.html", types=document_types())


@bp.get("/confidentialite")
def privacy() -> ResponseReturnValue:
    """What the server keeps of what people enter, and for how long."""
    config = current_app.config
    return render_template(
        "privacy.html",
        retention_hours=config["JOBS_RETENTION_SECONDS"] // 3600,
        dossier_years=config["DOSSIERS_RETENTION_YEARS"],
        session_hours=config["SESSION_HOURS"],
    )


@bp.get("/documents/<slug>")
def blank(slug: str) -> ResponseReturnValue:
    """An empty form for a document type."""
    return _form(CaseForm.from_case(_doc_type(slug), {}))


@bp.post("/documents/<slug>")
def submit(slug: str) -> ResponseReturnValue:
    """Add or remove a row, save a draft, or check the facts and show the review step.

    A missing rate's buttons: ``fournir:…`` adds its row to complete, ``arreter`` stops the
    computation at the last day the rates cover and checks again.
    """
    doc_type = _doc_type(slug)
    action = request.form.get("action", "verifier")
    page = CaseForm.from_request(doc_type, request.form, action)
    if action == "brouillon":
        return documents.attachment(
            dump_case(page.case()).encode(), f"{slug}_brouillon.json", "json"
        )
    if action not in ("verifier", STOP):
        return _form(page)
    checked = page.check()
    return _review(checked) if checked else _form(page, 422)


@bp.post("/documents/<slug>/charger")
def upload(slug: str) -> ResponseReturnValue:
    """Fill the form with a case file saved earlier (or the first case of a batch file)."""
    doc_type = _doc_type(slug)
    upload = request.files.get("dossier")
    try:
        if upload is None or not upload.filename:
            raise CaseFileError("Choisissez d'abord un fichier de dossier (.json).")
        case, notices = read_case_file(upload.stream.read(MAX_CASE_FILE + 1), doc_type)
    except CaseFileError as exc:
        page = CaseForm.from_case(doc_type, {})
        page.general.append(str(exc))
        return _form(page, 400)
    page = CaseForm.from_case(doc_type, case)
    page.notices[:0] = ["Dossier chargé : vérifiez les informations, puis continuez.", *notices]
    return _form(page)


def _posted_case() -> dict:
    """The case carried by the review page, read again (never trusted as checked)."""
    try:
        return read_case_text(request.form.get("dossier", ""))
    except CaseFileError as exc:
        abort(make_response(error_response(400, str(exc))))


@bp.post("/documents/<slug>/modifier")
def edit(slug: str) -> ResponseReturnValue:
    """Back from the review step to the form, everything kept."""
    doc_type = _doc_type(slug)
    return _form(CaseForm.from_case(doc_type, _posted_case()))


@bp.post("/documents/<slug>/telecharger")
def download(slug: str) -> ResponseReturnValue:
    """The DOCX, the PDF, both in a ZIP, or the case file, from the facts checked again."""
    doc_type = _doc_type(slug)
    case = _posted_case()
    fmt = request.form.get("format", "")
    if fmt not in ("docx", "pdf", "zip", "json"):
        abort(400)
    page = CaseForm.from_case(doc_type, case)
    checked = page.check()
    if checked is None:
        return _form(page, 422)
    if fmt == "json":
        stem = docgen.get_type(doc_type).file_stem(checked.facts)
        return documents.attachment(dump_case(checked.case).encode(), f"{stem}.json", "json")
    try:
        return documents.document_download(doc_type, checked.case, fmt)
    except DocgenError as exc:
        return _review(checked, str(exc))


@bp.get("/documents/polices/<name>")
def font(name: str) -> ResponseReturnValue:
    """A bundled font, for the preview to look like the PDF."""
    if not name.endswith(".ttf"):
        abort(404)
    response = send_from_directory(documents.FONTS, name, mimetype="font/ttf", max_age=86400)
    response.headers["Access-Control-Allow-Origin"] = "*"  # the sandboxed preview has no origin
    return response
