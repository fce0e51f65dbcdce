"""The template library: each type's versions, their checks, publication and rollback."""

from __future__ import annotations

import logging
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from docgen.catalog import get_type
from docgen.errors import UnsafeTemplateError
from docgen.word.package import inspect_docx
from docgen.word.trial import example_cases, trial_render
from web import store
from web.db import db
from web.models import TemplateEvent, TemplateVersion, User

LOGGER = logging.getLogger(__name__)

SHIPPED_COMMENT = "Modèle livré avec l'application"
MAX_COMMENT = 500


class LibraryError(Exception):
    """An action on the library that cannot be done, with its HTTP status and French reason."""

    status = 409

    def __init__(self, message: str, *, reasons: list[str] | None = None) -> None:
        self.message = message
        self.reasons = reasons or []
        super().__init__(message)


class StaleVersionError(LibraryError):
    """The editor worked from a version that is no longer the latest: no silent overwrite."""

    status = 412


class RefusedFileError(LibraryError):
    """An upload refused before anything is stored (not a .docx, unsafe package)."""

    status = 422


class StorageError(LibraryError):
    """The file of a version could not be written (full disk…): nothing was changed."""

    status = 503


def _unwritable(exc: OSError) -> StorageError:
    LOGGER.error("écriture d'un modèle impossible : %s", exc)
    return StorageError(
        "Enregistrement impossible sur le serveur (disque plein ou inaccessible) : rien n'a été "
        "modifié, la version en vigueur reste intacte. Réessayez plus tard ou prévenez "
        "l'administrateur."
    )


class UnknownVersionError(LibraryError):
    """No version of that type has that hash."""

    status = 404


def _describe(version: TemplateVersion) -> str:
    who = version.author.name if version.author else "l'application"
    when = version.created_at.strftime("%d/%m/%Y à %H:%M")
    return f"la version {version.short} enregistrée par {who} le {when} (UTC)"


def ensure_shipped(doc_type: str) -> TemplateVersion:
    """The version row of the template shipped with the app, created on first use."""
    digest = store.shipped_sha256(doc_type)
    found = db.session.scalar(select(TemplateVersion).filter_by(doc_type=doc_type, sha256=digest))
    if found is not None:
        return found
    data = get_type(doc_type).template_path.read_bytes()
    store.write(doc_type, data)
    version = TemplateVersion(
        doc_type=doc_type,
        sha256=digest,
        size=len(data),
        filename=get_type(doc_type).template_name,
        comment=SHIPPED_COMMENT,
        status="valide",
        report=[],
    )
    db.session.add(version)
    try:
        db.session.commit()
    except IntegrityError:  # another request created it first
        db.session.rollback()
        return db.session.scalars(
            select(TemplateVersion).filter_by(doc_type=doc_type, sha256=digest)
        ).one()
    return version


def _newest_first(model: Any, doc_type: str) -> Any:
    return select(model).filter_by(doc_type=doc_type).order_by(model.id.desc())


def versions(doc_type: str) -> list[TemplateVersion]:
    """Every version of a type, the latest saved first."""
    ensure_shipped(doc_type)
    return list(db.session.scalars(_newest_first(TemplateVersion, doc_type)))


def latest(doc_type: str) -> TemplateVersion:
    """The version saved last: the one a new version must be saved from."""
    ensure_shipped(doc_type)
    return db.session.scalars(_newest_first(TemplateVersion, doc_type).limit(1)).one()


def events(doc_type: str) -> list[TemplateEvent]:
    """The publications and rollbacks of a type, the latest first."""
    return list(db.session.scalars(_newest_first(TemplateEvent, doc_type)))


def last_event(doc_type: str) -> TemplateEvent | None:
    """The latest publication or rollback of a type, if any."""
    return db.session.scalars(_newest_first(TemplateEvent, doc_type).limit(1)).first()


def in_force(doc_type: str) -> TemplateVersion:
    """The version documents of this type are generated with."""
    event = last_event(doc_type)
    return event.version if event is not None else ensure_shipped(doc_type)


def get_version(doc_type: str, digest: str) -> TemplateVersion:
    """A version by its full hash.

    :raise UnknownVersionError: if the type has no such version.
    """
    get_type(doc_type)
    found = db.session.scalar(select(TemplateVersion).filter_by(doc_type=doc_type, sha256=digest))
    if found is None:
        raise UnknownVersionError(f"Aucune version {digest[:12]} du modèle « {doc_type} ».")
    return found


def version_bytes(version: TemplateVersion) -> bytes:
    """The file of a version, checked against its hash."""
    return store.read(version.doc_type, version.sha256)


def check(doc_type: str, data: bytes) -> list[dict[str, str]]:
    """The lint, then (if it is clean) a trial render with every example case; the findings."""
    from docgen.word.lint import check_template  # python-docx: only where templates are read

    entry = get_type(doc_type)
    report = [
        {
            "etape": "vérification",
            "emplacement": i.location,
            "message": i.message,
            "extrait": i.excerpt,
        }
        for i in check_template(data, entry)
    ]
    if report:
        return report
    return [f.as_dict() for f in trial_render(doc_type, data, example_cases(doc_type))]


def save(
    doc_type: str, data: bytes, *, filename: str, comment: str, author: User, base: str
) -> TemplateVersion:
    """Check and keep a new version, saved from version ``base`` (the latest when the editor
    started); a version that fails a check is kept as a refused draft with its report.

    :raise StaleVersionError: if another version was saved since ``base``.
    :raise RefusedFileError: if the file is not a safe .docx (nothing is stored).
    :raise LibraryError: if this exact file is already a version of the type.
    """
    parent = latest(doc_type)
    if parent.sha256 != base:
        raise StaleVersionError(
            f"Enregistrement refusé : depuis que vous avez ouvert la page, {_describe(parent)} "
            "a été ajoutée. Rechargez la page, comparez avec cette version, puis déposez de "
            "nouveau votre fichier s'il y a lieu."
        )
    try:
        inspect_docx(data)
    except UnsafeTemplateError as exc:
        raise RefusedFileError(
            "Fichier refusé, rien n'a été enregistré.", reasons=exc.reasons
        ) from None
    digest = store.sha256(data)
    twin = db.session.scalar(select(TemplateVersion).filter_by(doc_type=doc_type, sha256=digest))
    if twin is not None:
        raise LibraryError(f"Ce fichier est identique à {_describe(twin)} : rien à enregistrer.")
    report = check(doc_type, data)
    try:
        store.write(doc_type, data)
    except OSError as exc:
        raise _unwritable(exc) from None
    version = TemplateVersion(
        doc_type=doc_type,
        sha256=digest,
        parent_id=parent.id,
        size=len(data),
        filename=filename[:255],
        comment=comment.strip()[:MAX_COMMENT],
        author_id=author.id,
        status="refusee" if report else "valide",
        report=report,
    )
    db.session.add(version)
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise StaleVersionError(
            "Enregistrement refusé : un autre éditeur vient d'enregistrer une version à partir "
            "de la même. Rechargez la page, puis déposez de nouveau votre fichier."
        ) from None
    LOGGER.info(
        "modèle %s : version %s enregistrée par %s (%s)",
        doc_type,
        version.short,
        author.name,
        version.status,
    )
    return version


def publish(doc_type: str, digest: str, *, user: User, seen: str) -> TemplateEvent:
    """Put a checked version in force; ``seen`` is the version in force the editor saw.

    An earlier version put back in force is logged as a rollback ("retour").

    :raise StaleVersionError: if the version in force changed since the editor saw it.
    :raise LibraryError: if the version was refused or is already in force.
    """
    version = get_version(doc_type, digest)
    current = in_force(doc_type)
    if current.sha256 != seen:
        raise StaleVersionError(
            f"Publication refusée : la version en vigueur est désormais {current.short}, "
            "publiée par quelqu'un d'autre depuis que vous avez ouvert la page. Rechargez-la."
        )
    if version.status != "valide":
        raise LibraryError(
            "Cette version a échoué aux vérifications : elle ne peut pas être publiée. "
            "Corrigez le modèle et déposez une nouvelle version."
        )
    if version.id == current.id:
        raise LibraryError("Cette version est déjà en vigueur.")
    previous = last_event(doc_type)
    event = TemplateEvent(
        doc_type=doc_type,
        action="retour" if version.id < current.id else "publication",
        version_id=version.id,
        previous_id=previous.id if previous else None,
        user_id=user.id,
    )
    db.session.add(event)
    try:
        db.session.flush()
        store.set_in_force(doc_type, version.sha256)
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise StaleVersionError(
            "Publication refusée : un autre éditeur vient de publier une version. Rechargez."
        ) from None
    except OSError as exc:
        db.session.rollback()
        raise _unwritable(exc) from None
    except BaseException:
        db.session.rollback()
        store.set_in_force(doc_type, current.sha256)
        raise
    LOGGER.info(
        "modèle %s : version %s mise en vigueur par %s (%s)",
        doc_type,
        version.short,
        user.name,
        event.action,
    )
    return event


def preview_case(doc_type: str, example: str | None) -> tuple[str, Any]:
    """An example case of the type by name (the first one by default)."""
    cases = example_cases(doc_type)
    name = example if example in cases else next(iter(cases))
    return name, cases[name]
