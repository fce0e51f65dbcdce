"""The spreadsheet page: unpaid invoices in, one mise en demeure per debtor out, in a ZIP."""

from __future__ import annotations

import base64
import binascii
import datetime
import functools

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask_login import current_user
from flask_wtf.csrf import CSRFError
from werkzeug.datastructures import MultiDict
from werkzeug.exceptions import RequestEntityTooLarge

from docgen.bulk import batch, pool, unpaid
from docgen.bulk.sheets import SheetError, sheet_format
from docgen.law.rates import current_rates
from forms import rates, template_helpers
from forms.entry import STOP, CaseForm
from forms.files import MAX_CASE_FILE, CaseFileError, dump_case, read_case_file
from forms.sheet import check_settings, settings_form, settings_formdata, settings_from_case
from web import documents, dossiers, letters, store
from web.auth import refuse_unless
from web.csrf import csrf
from web.metrics import item_counter
from web.pages import size_label

bp = Blueprint("unpaid", __name__, url_prefix="/impayes")

FORMATS = {"docx,pdf": ["docx", "pdf"], "pdf": ["pdf"], "docx": ["docx"]}
REPORT = "lignes_refusees.csv"
EXPIRED = (
    "La page a expiré ou ne provient pas de ce site : rien n'a été produit. Vérifiez les "
    "réglages ci-dessous, choisissez de nouveau le fichier, puis renvoyez le formulaire."
)


@bp.before_request
def _logged_in() -> ResponseReturnValue | None:
    return refuse_unless("user")


@bp.after_request
def _headers(response: Response) -> Response:
    response.headers["Cache-Control"] = "no-store"  # invoices and debtors: personal data
    return response


bp.context_processor(template_helpers)


def _form(page: CaseForm, status: int = 200, sheet_error: str | None = None) -> ResponseReturnValue:
    config = current_app.config
    return render_template(
        "unpaid/form.html",
        page=page,
        sheet_error=sheet_error,
        columns=letters.columns(),
        max_size=size_label(config["UNPAID_MAX_BYTES"]),
        max_letters=config["UNPAID_MAX_LETTERS"],
    ), status


def _uploaded() -> tuple[bytes, str]:
    """The file sent, read up to the cap.

    :raise SheetError: no file, or one too large.
    """
    upload = request.files.get("fichier")
    if upload is None or not upload.filename:
        raise SheetError("Choisissez le fichier des factures (.xlsx ou .csv).")
    limit = current_app.config["UNPAID_MAX_BYTES"]
    data = upload.stream.read(limit + 1)
    if len(data) > limit:
        raise SheetError(f"Fichier trop volumineux : {size_label(limit)} au plus.")
    return data, upload.filename[-200:]


def _carried() -> tuple[bytes, str]:
    """The file carried by the result page, as it was sent.

    :raise 400: if the page was altered.
    """
    try:
        data = base64.b64decode(request.form.get("fichier_contenu", ""), validate=True)
    except binascii.Error:
        abort(400)
    if not data or len(data) > current_app.config["UNPAID_MAX_BYTES"]:
        abort(400)
    return data, request.form.get("fichier_nom", "")[-200:]


def _outcome(
    data: bytes, filename: str, formdata: MultiDict[str, str] | None = None
) -> tuple[CaseForm, letters.Outcome | None, str | None]:
    """The settings form (as sent unless given), and the letters and refused rows, or why not."""
    page = settings_form(request.form if formdata is None else formdata)
    common = check_settings(page)
    limit = current_app.config["UNPAID_MAX_LETTERS"]
    try:
        sheet_format(data, filename)
        if common is None:
            return page, None, None  # the file is read once the settings are right
        return page, letters.read(data, filename, common, limit), None
    except SheetError as exc:
        return page, None, str(exc)


@bp.get("")
def start() -> ResponseReturnValue:
    """The columns, the model files, the upload form."""
    return _form(settings_form())


@bp.get("/modele.<fmt>")
def model(fmt: str) -> ResponseReturnValue:
    """The model file, XLSX or CSV, with two sample invoices."""
    if fmt == "xlsx":
        return documents.attachment(unpaid.model_workbook(), "modele_factures.xlsx", "xlsx")
    if fmt == "csv":
        return documents.attachment(unpaid.model_csv(), "modele_factures.csv", "csv")
    abort(404)


@bp.post("")
def check() -> ResponseReturnValue:
    """Read the sheet: the letters it gives, the rows refused and why."""
    try:
        data, filename = _uploaded()
    except SheetError as exc:
        page = settings_form(request.form)
        check_settings(page)
        return _form(page, 422, str(exc))
    return _result(data, filename)


def _result(
    data: bytes, filename: str, formdata: MultiDict[str, str] | None = None
) -> ResponseReturnValue:
    """The result page of a sheet, or the settings form with what stops it."""
    page, outcome, sheet_error = _outcome(data, filename, formdata)
    if outcome is None:
        return _form(page, 422, sheet_error)
    given = len(outcome.common.get(rates.ROWS) or ())
    return render_template(
        "unpaid/result.html",
        outcome=outcome,
        filename=filename,
        content=base64.b64encode(data).decode("ascii"),
        settings=settings_formdata(outcome.common),
        # the rows of the rates to give on the page, after those the settings hold
        supply=[(rate, f"{rates.ROWS}-{given + i}") for i, rate in enumerate(outcome.missing)],
        # every letter stops at the day before its first missing rate: the earliest is named
        stop=min(
            (rate for rate in outcome.missing if rate.last_day),
            key=lambda rate: rate.last_day or rate.half.start,
            default=None,
        ),
    )


@bp.post("/verifier-de-nouveau")
@csrf.exempt  # checked below, once the form may hold the carried file
def recheck() -> ResponseReturnValue:
    """The same sheet checked again with the rates given on the result page, or stopped.

    ``action=arreter`` stops every letter's computation at the last day the rates cover.
    """
    request.max_form_memory_size = current_app.config["UNPAID_MAX_BYTES"] * 4 // 3 + 2**16
    csrf.protect()
    data, filename = _carried()
    form = MultiDict(request.form)
    if form.get("action") == STOP:
        rates.drop_blank_rows(form)
        form.setlist(rates.STOP, ["y"])
    return _result(data, filename, form)


@bp.post("/modifier")
def edit() -> ResponseReturnValue:
    """Back from the result to the form, the settings kept (the file is chosen again)."""
    page = settings_form(request.form)
    page.notices.append("Réglages repris : choisissez de nouveau le fichier des factures.")
    return _form(page)


@bp.post("/charger")
def load() -> ResponseReturnValue:
    """Fill the settings from a case file saved earlier (its debtor and invoices set aside)."""
    upload = request.files.get("dossier")
    try:
        if upload is None or not upload.filename:
            raise CaseFileError("Choisissez d'abord un fichier de réglages (.json).")
        case, notices = read_case_file(upload.stream.read(MAX_CASE_FILE + 1), unpaid.DOC_TYPE)
    except CaseFileError as exc:
        page = settings_form()
        page.general.append(str(exc))
        return _form(page, 400)
    page = settings_from_case(case)
    page.notices[:0] = ["Réglages chargés : vérifiez-les, puis choisissez le fichier.", *notices]
    return _form(page)


@bp.post("/reglages")
def save() -> ResponseReturnValue:
    """The settings as a case file (JSON), to load them again next time."""
    page = settings_form(request.form)
    common = check_settings(page)
    if common is None:
        return _form(page, 422)
    return documents.attachment(dump_case(common).encode(), "reglages_impayes.json", "json")


@bp.post("/lettres")
@csrf.exempt  # checked below, once the form may hold the carried file
def download() -> ResponseReturnValue:
    """The ZIP of the letters, one folder per debtor, with the refused rows as CSV."""
    limit = current_app.config["UNPAID_MAX_BYTES"]
    request.max_form_memory_size = limit * 4 // 3 + 2**16  # base64, plus the settings
    csrf.protect()
    formats = FORMATS.get(request.form.get("formats", ""))
    if formats is None:
        abort(400)
    page, outcome, sheet_error = _outcome(*_carried())
    if outcome is None or not outcome.letters:
        return _form(page, 422, sheet_error)
    run = functools.partial(
        pool.run_items,
        workers=current_app.config["GENERATION_WORKERS"],
        templates=store.templates_in_force(),
        rates=current_rates(),  # the workers have only the seed: give them this server's rates
    )
    extras = {REPORT: letters.report_csv(outcome.refused)}
    count = item_counter(formats, "batch")
    chunks = batch.stream_archive(outcome.items(), formats, run, count, extras=extras)
    response = Response(chunks, mimetype=documents.MIMETYPES["zip"])
    response.headers["Content-Disposition"] = 'attachment; filename="mises_en_demeure.zip"'
    return response


@bp.post("/dossiers")
@csrf.exempt  # checked below, once the form may hold the carried file
def to_dossiers() -> ResponseReturnValue:
    """One dossier per debtor, its mise en demeure generated and kept in it."""
    limit = current_app.config["UNPAID_MAX_BYTES"]
    request.max_form_memory_size = limit * 4 // 3 + 2**16  # base64, plus the settings
    csrf.protect()
    page, outcome, sheet_error = _outcome(*_carried())
    if outcome is None or not outcome.letters:
        return _form(page, 422, sheet_error)
    owner = dossiers.Owner.of_user(current_user)
    made = dossiers.from_letters(owner, outcome.letters, datetime.date.today())
    failed = sum(1 for _row, kept in made if not kept)
    message = f"{len(made)} dossier(s) créé(s), un par débiteur, avec sa mise en demeure."
    if failed:
        message += f" {failed} lettre(s) n'ont pas pu être produites : ouvrez leur dossier."
    flash(message)
    return redirect(url_for("dossiers.index"))


@bp.errorhandler(CSRFError)
def _csrf_error(exc: CSRFError) -> ResponseReturnValue:
    """Refuse the action, but keep the settings typed."""
    page = settings_form(request.form)
    page.general.append(EXPIRED)
    return _form(page, 400)


@bp.errorhandler(RequestEntityTooLarge)
def _too_large(exc: RequestEntityTooLarge) -> ResponseReturnValue:
    limit = size_label(current_app.config["UNPAID_MAX_BYTES"])
    return _form(settings_form(), 413, f"Fichier trop volumineux : {limit} au plus.")
