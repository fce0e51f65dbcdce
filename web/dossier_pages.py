"""HTML pages of the dossiers: the list, a dossier with its timeline, its documents."""

from __future__ import annotations

import datetime

from flask import (
    Blueprint,
    Response,
    abort,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask_login import current_user
from flask_wtf.csrf import CSRFError

from docgen import DocgenError, get_type
from docgen.dossier import nextsteps
from docgen.dossier.documents import DOSSIER_TYPES, protocole_case
from docgen.dossier.timeline import CHOICE_LABELS, EVENT_LABELS, Evenement, balance
from docgen.errors import CaseValidationError, MissingRateError
from docgen.formatting import montant
from forms import template_helpers
from forms.dossier import DossierForm, known_facts, place_errors, stage_form
from forms.entry import ADD, REMOVE, CaseForm
from forms.rates import MissingRate
from web import documents, dossiers
from web.auth import refuse_unless
from web.errors import error_response
from web.models import Dossier
from web.pages import EXPIRED

bp = Blueprint("dossiers", __name__, url_prefix="/dossiers")

EVENT_FIELDS = {
    "relance": ("moyen",),
    "mise_en_demeure": ("mode", "delai_jours"),
    "reception": ("statut",),
    "delai_expire": (),
    "paiement": ("montant", "facture"),
    "mediation": ("procedure",),
    "requete": ("juridiction",),
    "ordonnance": ("reference",),
    "transaction": (),
}
"""The fields the event form shows for each type, besides the date and a note."""


@bp.app_template_filter("montant")
def _amount(value: object) -> str:
    return montant(value)  # type: ignore[arg-type]


@bp.before_request
def _logged_in() -> ResponseReturnValue | None:
    return refuse_unless("user")


@bp.after_request
def _headers(response: Response) -> Response:
    response.headers["Cache-Control"] = "no-store"  # parties and claims: personal data
    return response


@bp.context_processor
def _helpers() -> dict[str, object]:
    return {
        **template_helpers(),
        "stages": nextsteps.STAGES,
        "event_labels": EVENT_LABELS,
        "choice_labels": CHOICE_LABELS,
    }


def _owner() -> dossiers.Owner:
    return dossiers.Owner.of_user(current_user)


def _today() -> datetime.date:
    return datetime.date.today()


def _row(public_id: str) -> Dossier:
    """The user's dossier; another's, or none, is a 404 (its existence is not told)."""
    return dossiers.find(_owner(), public_id)


@bp.errorhandler(CSRFError)
def _csrf_error(exc: CSRFError) -> ResponseReturnValue:
    """Refuse the action, but show again what was sent, so that nothing typed is lost."""
    args = request.view_args or {}
    row = dossiers.find(_owner(), args["public_id"]) if "public_id" in args else None
    if request.endpoint in ("dossiers.create", "dossiers.update"):
        page = DossierForm.from_request("dossier", request.form, "")
        page.general.append(EXPIRED)
        return _facts_form(page, row, 400)
    if row is not None and request.endpoint == "dossiers.make_document":
        doc_type = _doc_type(args["doc_type"])
        without = () if doc_type == "protocole_transactionnel" else known_facts(doc_type)
        page = CaseForm.from_request(doc_type, request.form, "", without)
        page.general.append(EXPIRED)
        return _stage_page(row, page, 400)
    if row is not None and request.endpoint == "dossiers.add_event":
        return _show(row, 400, [EXPIRED], dict(request.form))
    return error_response(400, EXPIRED)


@bp.get("")
def index() -> ResponseReturnValue:
    """The user's dossiers, by date of next step, filtered by stage, date and name."""
    stage = request.args.get("etape") or None
    stage = stage if stage in nextsteps.STAGES else None
    before = _date_arg("avant")
    search = (request.args.get("q") or "").strip()[:100] or None
    page = max(1, request.args.get("page", 1, type=int) or 1)
    found = dossiers.listing(_owner(), stage=stage, before=before, search=search, page=page)
    return render_template(
        "dossiers/index.html",
        listing=found,
        stage=stage,
        before=before,
        search=search or "",
        today=_today(),
    )


def _date_arg(name: str) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(request.args.get(name, ""))
    except ValueError:
        return None


STALE = (
    "Ce dossier a été modifié entre-temps (dans un autre onglet, ou par une autre personne du "
    "compte) : vos modifications, ci-dessous, ne sont pas enregistrées. Ouvrez de nouveau le "
    "dossier, puis reportez-les."
)


def _version(row: Dossier) -> str:
    return row.updated_at.isoformat()


def _facts_form(page: DossierForm, row: Dossier | None, status: int = 200) -> ResponseReturnValue:
    # the version the form was opened on, kept through its row buttons
    version = request.form.get("version") or (_version(row) if row else "")
    return render_template("dossiers/facts.html", page=page, row=row, version=version), status


@bp.get("/nouveau")
def new() -> ResponseReturnValue:
    """A blank dossier: the parties and the claim."""
    return _facts_form(DossierForm.from_facts({}), None)


def _submitted_facts(row: Dossier | None) -> ResponseReturnValue:
    action = request.form.get("action", "enregistrer")
    page = DossierForm.from_request("dossier", request.form, action)
    if action.startswith((ADD, REMOVE)):
        return _facts_form(page, row)
    facts = page.check_facts()
    if facts is None:
        return _facts_form(page, row, 422)
    if row is not None and request.form.get("version") != _version(row):
        page.general.append(STALE)
        return _facts_form(page, row, 409)
    try:
        if row is None:
            row = dossiers.create(_owner(), facts, _today())
            flash("Dossier créé.")
        else:
            dossiers.update(row, facts, _today())
            flash("Dossier mis à jour.")
    except CaseValidationError as exc:
        page.general += [e.message for e in exc.errors]
        return _facts_form(page, row, 422)
    return redirect(url_for(".show", public_id=row.public_id))


@bp.post("/nouveau")
def create() -> ResponseReturnValue:
    """Create the dossier, or add or remove a row of the form."""
    return _submitted_facts(None)


@bp.get("/<public_id>/modifier")
def edit(public_id: str) -> ResponseReturnValue:
    """The dossier's facts, to correct or complete."""
    row = _row(public_id)
    return _facts_form(DossierForm.from_facts(row.facts), row)


@bp.post("/<public_id>/modifier")
def update(public_id: str) -> ResponseReturnValue:
    """Save the dossier's facts."""
    return _submitted_facts(_row(public_id))


def _show(
    row: Dossier,
    status: int = 200,
    event_errors: list[str] | None = None,
    event_data: dict | None = None,
) -> ResponseReturnValue:
    today = _today()
    facts, events = dossiers.facts_of(row), dossiers.events_of(row)
    return render_template(
        "dossiers/show.html",
        row=row,
        facts=facts,
        events=sorted(events, key=lambda e: e.date),
        due=balance(facts, events, today),
        steps=nextsteps.next_steps(facts, events, today),
        documents=dossiers.documents_of(row),
        doc_types=[get_type(t) for t in DOSSIER_TYPES],
        event_fields=EVENT_FIELDS,
        event_errors=event_errors or [],
        event_data=event_data or {},
        schema=Evenement.model_fields,
        today=today,
    ), status


@bp.get("/<public_id>")
def show(public_id: str) -> ResponseReturnValue:
    """The dossier: its claim, what comes next, its timeline and its documents."""
    return _show(_row(public_id))


@bp.post("/<public_id>/evenements")
def add_event(public_id: str) -> ResponseReturnValue:
    """Record an event of the timeline, checked against the others."""
    row = _row(public_id)
    kind = request.form.get("type", "")
    data = {"type": kind, "date": request.form.get("date", "")}
    for name in (*EVENT_FIELDS.get(kind, ()), "note"):
        value = request.form.get(name, "").strip()
        if value:
            data[name] = value
    try:
        event = dossiers.add_event(row, data, _today())
    except CaseValidationError as exc:
        messages = [f"{_field_label(e.path)} : {e.message}" for e in exc.errors]
        return _show(row, 422, messages, data)
    flash(f"Événement enregistré : {event.label} le {event.date:%d/%m/%Y}.")
    return redirect(url_for(".show", public_id=row.public_id, _anchor="chronologie"))


def _field_label(path: str) -> str:
    info = Evenement.model_fields.get(path)
    if info is None or not info.description:
        return path or "Événement"
    return info.description.split(" : ")[0].split(",")[0]


def _stage_page(
    row: Dossier, page: CaseForm, status: int = 200, missing: MissingRate | None = None
) -> ResponseReturnValue:
    page.missing = missing or page.missing
    return render_template(
        "dossiers/document.html", row=row, page=page, entry=get_type(page.doc_type)
    ), status


def _doc_type(name: str) -> str:
    if name not in DOSSIER_TYPES:
        abort(404)
    return name


def _stage_defaults(row: Dossier, doc_type: str) -> CaseForm:
    if doc_type == "protocole_transactionnel":
        draft = protocole_case(dossiers.facts_of(row), dossiers.events_of(row), _today())
        return CaseForm.from_case(doc_type, draft)
    return stage_form(doc_type)


@bp.get("/<public_id>/documents/<doc_type>")
def document_form(public_id: str, doc_type: str) -> ResponseReturnValue:
    """What this stage adds to the dossier's facts (a protocole: a draft to complete)."""
    row = _row(public_id)
    return _stage_page(row, _stage_defaults(row, _doc_type(doc_type)))


@bp.post("/<public_id>/documents/<doc_type>")
def make_document(public_id: str, doc_type: str) -> ResponseReturnValue:
    """Generate the document from the dossier and keep it with its provenance."""
    row = _row(public_id)
    doc_type = _doc_type(doc_type)
    action = request.form.get("action", "produire")
    if doc_type == "protocole_transactionnel":
        page = CaseForm.from_request(doc_type, request.form, action)
    else:
        page = CaseForm.from_request(doc_type, request.form, action, known_facts(doc_type))
    if action.startswith((ADD, REMOVE)) or action.startswith("fournir:"):
        return _stage_page(row, page)
    try:
        document = dossiers.generate(row, doc_type, page.case(), _today())
    except CaseValidationError as exc:
        place_errors(page, exc)
        return _stage_page(row, page, 422)
    except MissingRateError as exc:
        return _stage_page(row, page, 422, MissingRate.of(exc))
    except DocgenError as exc:
        page.general.append(str(exc))
        return _stage_page(row, page, 422)
    flash(f"{get_type(doc_type).label} produite et conservée dans le dossier.")
    return redirect(url_for(".show", public_id=row.public_id, _anchor=f"document-{document.id}"))


@bp.get("/<public_id>/documents/<int:document_id>/<fmt>")
def download(public_id: str, document_id: int, fmt: str) -> ResponseReturnValue:
    """A kept document, byte for byte as it was generated."""
    row = _row(public_id)
    if fmt not in ("docx", "pdf"):
        abort(404)
    document = dossiers.find_document(row, document_id)
    data = dossiers.document_bytes(row, document, fmt)
    return documents.attachment(data, f"{document.file_stem}.{fmt}", fmt)


@bp.get("/<public_id>/export")
def export(public_id: str) -> ResponseReturnValue:
    """The whole dossier in a ZIP: facts and timeline (JSON), and every document."""
    row = _row(public_id)
    return documents.attachment(
        dossiers.export_zip(row, _today()), f"dossier-{row.public_id}.zip", "zip"
    )


@bp.post("/<public_id>/supprimer")
def remove(public_id: str) -> ResponseReturnValue:
    """Delete the dossier, its events and documents, once confirmed."""
    row = _row(public_id)
    if request.form.get("confirmer") != "oui":
        flash("Cochez la case de confirmation pour supprimer le dossier.")
        return redirect(url_for(".show", public_id=row.public_id, _anchor="supprimer"))
    title = row.title
    dossiers.delete_dossier(row)
    flash(f"Dossier « {title} » supprimé, avec ses documents.")
    return redirect(url_for(".index"))
