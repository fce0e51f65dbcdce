"""HTML pages for the lawyers: the template library, uploads, previews, publication, diffs."""

from __future__ import annotations

from datetime import date

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
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import HiddenField, TextAreaField
from wtforms.validators import Length

from docgen import DocgenError, generate, get_type
from docgen.catalog import TYPES, DocumentType
from docgen.law.horizon import lacking, lookahead
from docgen.law.rates import current_rates
from docgen.word.trial import example_cases
from web import library
from web.auth import refuse_unless
from web.documents import MIMETYPES, attachment
from web.metrics import timed_generation
from web.models import TemplateVersion
from web.pages import size_label

bp = Blueprint("editor", __name__, url_prefix="/modeles")


@bp.before_request
def _editors_only() -> ResponseReturnValue | None:
    return refuse_unless("editor")


@bp.context_processor
def _rates_banner() -> dict[str, object]:
    """From 31 days before a rate runs out, every editor's page says which and what to run."""
    return {"rates_banner": lacking(current_rates(), lookahead(date.today()))}


class UploadForm(FlaskForm):
    """A new version: the .docx, a comment, and the version the editor started from."""

    fichier = FileField("Modèle Word (.docx)")
    commentaire = TextAreaField(
        "Commentaire",
        [Length(max=library.MAX_COMMENT, message="500 caractères au plus.")],
        render_kw={"maxlength": library.MAX_COMMENT, "rows": 2},
    )
    base = HiddenField()


class PublishForm(FlaskForm):
    """Put a version in force; ``vue`` is the version the editor saw in force."""

    version = HiddenField()
    vue = HiddenField()


def _entry(doc_type: str) -> DocumentType:
    if doc_type not in TYPES or not TYPES[doc_type].available:
        abort(404)
    return get_type(doc_type)


def _version(doc_type: str, digest: str) -> TemplateVersion:
    try:
        return library.get_version(doc_type, digest)
    except library.UnknownVersionError:
        abort(404)


@bp.get("/")
def index() -> ResponseReturnValue:
    """Each document type with the version in force, who published it and when."""
    rows = []
    for entry in TYPES.values():
        if entry.available:
            event = library.last_event(entry.id)
            rows.append((entry, library.in_force(entry.id), event))
    return render_template("library/index.html", rows=rows)


def _type_page(
    doc_type: str,
    form: UploadForm | None = None,
    *,
    error: str | None = None,
    reasons: list[str] | None = None,
    status: int = 200,
) -> ResponseReturnValue:
    entry = _entry(doc_type)
    versions = library.versions(doc_type)
    form = form or UploadForm(formdata=None)
    if status != 412:  # a stale page keeps its stale base: the editor must reload and compare
        form.base.data = versions[0].sha256
    return (
        render_template(
            "library/type.html",
            entry=entry,
            versions=versions,
            current=library.in_force(doc_type),
            events=library.events(doc_type),
            form=form,
            publish=PublishForm(formdata=None),
            error=error,
            reasons=reasons or [],
        ),
        status,
    )


@bp.get("/<doc_type>")
def type_page(doc_type: str) -> ResponseReturnValue:
    """A type's versions, the upload form, the publication log."""
    return _type_page(doc_type)


@bp.post("/<doc_type>/versions")
def upload(doc_type: str) -> ResponseReturnValue:
    """Check and keep a new version; refused files are not stored, failed ones are drafts."""
    _entry(doc_type)
    form = UploadForm()
    if not form.validate():
        message = next(iter(form.errors.values()))[0]
        return _type_page(doc_type, form, error=str(message), status=400)
    upload = form.fichier.data
    if upload is None or not upload.filename:
        return _type_page(
            doc_type, form, error="Choisissez le fichier .docx du modèle.", status=422
        )
    if not upload.filename.lower().endswith(".docx"):
        return _type_page(
            doc_type, form, error="Seuls les modèles Word .docx sont acceptés.", status=422
        )
    limit = current_app.config["TEMPLATE_MAX_BYTES"]
    with upload.stream:  # a large upload is a temporary file: close it on every path
        data = upload.stream.read(limit + 1)
    if len(data) > limit:
        message = f"Fichier trop volumineux : {size_label(limit)} au plus."
        return _type_page(doc_type, form, error=message, status=413)
    try:
        version = library.save(
            doc_type,
            data,
            filename=upload.filename,
            comment=form.commentaire.data or "",
            author=current_user,
            base=form.base.data or "",
        )
    except library.LibraryError as exc:
        return _type_page(doc_type, form, error=exc.message, reasons=exc.reasons, status=exc.status)
    if version.status == "valide":
        flash(
            f"Version {version.short} enregistrée : toutes les vérifications sont passées. "
            "Vérifiez l'aperçu, puis publiez-la.",
            "info",
        )
    else:
        flash(
            f"Version {version.short} enregistrée comme brouillon refusé : "
            f"{len(version.report)} problème(s) à corriger, détaillés ci-dessous.",
            "error",
        )
    return redirect(url_for(".version", doc_type=doc_type, digest=version.sha256), 303)


@bp.get("/<doc_type>/versions/<digest>")
def version(doc_type: str, digest: str) -> ResponseReturnValue:
    """A version: its report, its preview with an example case, publish or roll back."""
    entry = _entry(doc_type)
    found = _version(doc_type, digest)
    examples = list(example_cases(doc_type))
    example = request.args.get("exemple")
    example = example if example in examples else next(iter(examples), None)
    current = library.in_force(doc_type)
    publish = PublishForm(formdata=None, version=found.sha256, vue=current.sha256)
    form = UploadForm(formdata=None, base=library.latest(doc_type).sha256)
    return render_template(
        "library/version.html",
        entry=entry,
        version=found,
        current=current,
        examples=examples,
        example=example,
        publish=publish,
        form=form,
    )


@bp.get("/<doc_type>/versions/<digest>.docx")
def download(doc_type: str, digest: str) -> ResponseReturnValue:
    """The file of a version, as uploaded."""
    found = _version(doc_type, digest)
    name = f"{doc_type}_{found.short}.docx"
    return attachment(library.version_bytes(found), name, "docx")


@bp.get("/<doc_type>/versions/<digest>/apercu.pdf")
def preview(doc_type: str, digest: str) -> ResponseReturnValue:
    """The PDF of an example case made with a checked version, shown inside the page."""
    found = _version(doc_type, digest)
    if found.status != "valide":
        abort(409)
    try:
        name, case = library.preview_case(doc_type, request.args.get("exemple"))
    except StopIteration:
        abort(404)  # a type without example cases has nothing to preview
    with timed_generation(doc_type, "pdf", "template-preview"):
        output = generate(doc_type, case, ["pdf"], template=library.version_bytes(found))
    response = Response(output.files["pdf"], mimetype=MIMETYPES["pdf"])
    response.headers["Content-Disposition"] = f'inline; filename="apercu_{name}.pdf"'
    response.headers["Cache-Control"] = "no-store"
    response.headers["Content-Security-Policy"] = "default-src 'none'; frame-ancestors 'self'"
    response.headers["X-Frame-Options"] = "SAMEORIGIN"
    return response


@bp.post("/<doc_type>/publier")
def publish(doc_type: str) -> ResponseReturnValue:
    """Put a checked version in force (a rollback when it is an earlier one)."""
    _entry(doc_type)
    form = PublishForm()
    if not form.validate():
        abort(400)
    try:
        event = library.publish(
            doc_type, form.version.data or "", user=current_user, seen=form.vue.data or ""
        )
    except library.UnknownVersionError:
        abort(404)
    except library.LibraryError as exc:
        return _type_page(doc_type, error=exc.message, status=exc.status)
    what = "Retour à la version" if event.action == "retour" else "Version"
    flash(f"{what} {event.version.short} : elle est désormais en vigueur.", "info")
    return redirect(url_for(".type_page", doc_type=doc_type), 303)


@bp.errorhandler(DocgenError)
def _preview_failed(exc: DocgenError) -> ResponseReturnValue:
    from web.errors import error_response

    return error_response(503, f"Aperçu impossible : {exc}")


@bp.get("/<doc_type>/comparer")
def compare(doc_type: str) -> ResponseReturnValue:
    """What changed between two versions: variables added and removed, text side by side."""
    from docgen.word.diff import compare as compare_templates

    entry = _entry(doc_type)
    old = _version(doc_type, request.args.get("de", ""))
    new = _version(doc_type, request.args.get("a", ""))
    diff = compare_templates(library.version_bytes(old), library.version_bytes(new))
    return render_template("library/diff.html", entry=entry, old=old, new=new, diff=diff)


@bp.get("/<doc_type>/variables")
def variables(doc_type: str) -> ResponseReturnValue:
    """The variables a template of the type may use, with filters and snippets."""
    from docgen.word.reference import reference_html

    entry = _entry(doc_type)
    return render_template(
        "library/variables.html", entry=entry, body=reference_html(doc_type, standalone=False)
    )


@bp.get("/<doc_type>/variables.pdf")
def variables_pdf(doc_type: str) -> ResponseReturnValue:
    """The variable reference as a one-page PDF for the lawyer's desk."""
    from docgen.word.reference import reference_pdf

    _entry(doc_type)
    return attachment(reference_pdf(doc_type), f"variables_{doc_type}.pdf", "pdf")
