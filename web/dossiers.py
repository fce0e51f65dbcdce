"""Dossiers kept for their owner: facts, events and documents in the database, files on disk."""

from __future__ import annotations

import datetime
import hashlib
import io
import json
import secrets
import shutil
import unicodedata
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click
from flask import current_app
from flask.cli import AppGroup
from pydantic import ValidationError
from sqlalchemy import Select, delete, func, select

from docgen import FORMATS, CaseValidationError, FieldError, get_type
from docgen.bulk import pool
from docgen.bulk.batch import BatchItem
from docgen.dossier import nextsteps
from docgen.dossier.documents import DATE_FIELDS, case_for
from docgen.dossier.facts import Dossier as DossierFacts
from docgen.dossier.timeline import Evenement, check_event, parse_event
from docgen.facts.base import field_errors
from docgen.files import write_all
from docgen.law.limitation import add_years
from docgen.law.rates import current_rates
from web import store
from web.db import db, needs_database, utcnow
from web.errors import ProblemError
from web.models import ApiToken, Dossier, DossierDocument, DossierEvent, User

cli = AppGroup("dossiers", help="Dossiers de litige : conservation et purge.")

PER_PAGE = 50
"""Dossiers shown on one page of the list."""


@dataclass(frozen=True)
class Owner:
    """Whom dossiers belong to: an account, or an API token that no account holds."""

    user_id: int | None = None
    token_id: int | None = None

    @classmethod
    def of_user(cls, user: User) -> Owner:
        return cls(user_id=user.id)

    @classmethod
    def of_token(cls, token: ApiToken) -> Owner:
        return cls(user_id=token.user_id) if token.user_id else cls(token_id=token.id)

    def owns(self, query: Select) -> Select:
        if self.user_id is not None:
            return query.where(Dossier.owner_user_id == self.user_id)
        return query.where(Dossier.owner_token_id == self.token_id, Dossier.owner_user_id.is_(None))


def folder() -> Path:
    """Where the dossiers' documents are kept (``DOSSIERS_FOLDER``, or ``instance/dossiers``)."""
    configured = current_app.config["DOSSIERS_FOLDER"]
    return Path(configured) if configured else Path(current_app.instance_path) / "dossiers"


def _facts(data: Any) -> DossierFacts:
    try:
        return DossierFacts.model_validate(data)
    except ValidationError as exc:
        raise CaseValidationError("dossier", field_errors(exc)) from None


def facts_of(row: Dossier) -> DossierFacts:
    """The dossier's facts, as validated when they were stored."""
    return DossierFacts.model_validate(row.facts)


def _dump(model: Any) -> dict[str, Any]:
    return model.model_dump(mode="json", round_trip=True, exclude_none=True)


def events_of(row: Dossier) -> list[Evenement]:
    """The dossier's events, in the order they were recorded."""
    rows = db.session.scalars(
        select(DossierEvent).where(DossierEvent.dossier_id == row.id).order_by(DossierEvent.id)
    )
    return [Evenement.model_validate(e.data) for e in rows]


def documents_of(row: Dossier) -> list[DossierDocument]:
    """The documents generated from the dossier, the latest first."""
    query = select(DossierDocument).where(DossierDocument.dossier_id == row.id)
    return list(db.session.scalars(query.order_by(DossierDocument.id.desc())))


def folded(text: str) -> str:
    """Lower case without accents: « Société Générale » and « societe generale » match."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _retention_end(closed: datetime.date) -> datetime.date:
    return add_years(closed, current_app.config["DOSSIERS_RETENTION_YEARS"])


def refresh(row: Dossier, today: datetime.date, events: Sequence[Evenement] | None = None) -> None:
    """Recompute the stage and next date; a settled dossier is closed and its purge dated."""
    facts = facts_of(row)
    events = events_of(row) if events is None else events
    row.stage = nextsteps.stage(facts, events, today)
    row.next_step_on = nextsteps.next_date(nextsteps.next_steps(facts, events, today))
    row.sort_on = row.next_step_on or datetime.date.max
    row.title, row.debtor = facts.intitule, facts.debiteur.designation
    row.search_text = folded(f"{row.title} {row.debtor}")
    closed = row.stage in ("solde", "transaction")
    if closed and row.closed_on is None:
        row.closed_on = today
    elif not closed:
        row.closed_on = None
    row.purge_on = _retention_end(row.closed_on) if row.closed_on else None
    row.updated_at = utcnow()


def create(owner: Owner, data: Any, today: datetime.date) -> Dossier:
    """A new dossier from its facts.

    :raise CaseValidationError: with one French message per invalid fact.
    """
    facts = _facts(data)
    row = Dossier(
        public_id=secrets.token_hex(12),
        owner_user_id=owner.user_id,
        owner_token_id=owner.token_id if owner.user_id is None else None,
        title=facts.intitule,
        debtor=facts.debiteur.designation,
        facts=_dump(facts),
    )
    db.session.add(row)
    db.session.flush()
    refresh(row, today, [])
    db.session.commit()
    return row


def update(row: Dossier, data: Any, today: datetime.date) -> None:
    """Replace the dossier's facts; its events must still hold against them.

    :raise CaseValidationError: if the facts are invalid or an event no longer fits them.
    """
    facts = _facts(data)
    events = events_of(row)
    for index, event in enumerate(events):
        errors = check_event(facts, events[:index], event, today)
        if errors:
            when = f"l'événement « {event.label} » du {event.date:%d/%m/%Y}"
            raise CaseValidationError(
                "dossier",
                [FieldError("factures", f"{when} ne serait plus possible : {errors[0].message}")],
            )
    row.facts = _dump(facts)
    refresh(row, today, events)
    db.session.commit()


def find(owner: Owner, public_id: str) -> Dossier:
    """The owner's dossier named ``public_id``.

    :raise ProblemError: 404 if there is none, or if it belongs to someone else.
    """
    row = db.session.scalars(owner.owns(select(Dossier)).where(Dossier.public_id == public_id))
    found = row.first()
    if found is None:
        raise ProblemError(404, "Dossier introuvable.")
    return found


@dataclass(frozen=True)
class Listing:
    """One page of an owner's dossiers and how many match in all."""

    rows: list[Dossier]
    total: int
    page: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // PER_PAGE))


def listing(
    owner: Owner,
    *,
    stage: str | None = None,
    before: datetime.date | None = None,
    search: str | None = None,
    page: int = 1,
) -> Listing:
    """The owner's dossiers, by date of next step (undated last), filtered."""
    query = owner.owns(select(Dossier))
    if stage:
        query = query.where(Dossier.stage == stage)
    if before:
        query = query.where(Dossier.sort_on <= before)
    if search:
        for word in folded(search).split()[:5]:  # every word, anywhere; % and _ taken literally
            query = query.where(Dossier.search_text.contains(word, autoescape=True))
    total = db.session.scalar(select(func.count()).select_from(query.subquery())) or 0
    page = min(max(1, page), max(1, -(-total // PER_PAGE)))  # past the last: the last
    ordered = query.order_by(Dossier.sort_on, Dossier.id)
    rows = db.session.scalars(ordered.limit(PER_PAGE).offset((page - 1) * PER_PAGE))
    return Listing(list(rows), total, page)


def add_event(row: Dossier, data: Any, today: datetime.date) -> Evenement:
    """Record an event after checking it against the dossier's facts and other events.

    :raise CaseValidationError: with the reason it cannot be, in French.
    """
    event = parse_event(data)
    events = events_of(row)
    errors = check_event(facts_of(row), events, event, today)
    if errors:
        raise CaseValidationError("evenement", errors)
    db.session.add(
        DossierEvent(dossier_id=row.id, kind=event.type, day=event.date, data=_dump(event))
    )
    refresh(row, today, [*events, event])
    db.session.commit()
    return event


def _file_path(row: Dossier, digest: str, fmt: str) -> Path:
    return folder() / row.public_id / f"{digest}.{fmt}"


def generate(
    row: Dossier,
    doc_type: str,
    additions: Mapping[str, Any],
    today: datetime.date,
    formats: Sequence[str] = FORMATS,
) -> DossierDocument:
    """Make a document of the dossier and keep it: case, template version, files by hash.

    :raise CaseValidationError: if the case is invalid; MissingRateError and the others of
        ``docgen.generate`` as they come.
    """
    get_type(doc_type)
    case = case_for(doc_type, facts_of(row), events_of(row), additions)
    output = pool.generate_in_pool(
        doc_type,
        case,
        list(formats),
        current_app.config["GENERATION_WORKERS"],
        store.template_in_force(doc_type),
        current_rates(),
    )
    return keep(row, doc_type, case, output)


def keep(row: Dossier, doc_type: str, case: Mapping[str, Any], made: Any) -> DossierDocument:
    """Keep a generated document in the dossier: files first (atomically), then its record.

    ``made`` is an ``Output`` or a batch ``ItemResult``: stem, files, template hash, rates.
    """
    hashes = {fmt: hashlib.sha256(data).hexdigest() for fmt, data in made.files.items()}
    write_all({_file_path(row, hashes[f], f): data for f, data in made.files.items()})
    document = DossierDocument(
        dossier_id=row.id,
        doc_type=doc_type,
        day=datetime.date.fromisoformat(str(case[DATE_FIELDS[doc_type]])),
        case=json.loads(json.dumps(case, default=str)),  # dates and decimals as JSON text
        template_sha256=made.template_sha256,
        files=hashes,
        file_stem=made.stem,
        rates=[use.as_record() for use in made.rates_used],
    )
    db.session.add(document)
    row.updated_at = utcnow()
    db.session.commit()
    return document


DOSSIER_FACTS = ("creancier", "debiteur", "factures", "prestation", "lieu", "signataire")
"""The facts of a spreadsheet's letter that its dossier keeps (the rest is the letter's)."""


def from_letters(
    owner: Owner, letters: Sequence[Any], today: datetime.date
) -> list[tuple[Dossier, bool]]:
    """One dossier per letter of a spreadsheet, each with its mise en demeure kept in it.

    Returns each dossier and whether its letter could be produced (a dossier is made even when
    its letter is not: the reason shows when the letter is asked for again from the dossier).
    """
    rows = []
    for letter in letters:
        case = letter.case
        facts = {name: case[name] for name in DOSSIER_FACTS if name in case}
        if case.get("taux_penalites_contractuel") is not None:
            facts["taux_penalites_contractuel"] = case["taux_penalites_contractuel"]
        debtor = DossierFacts.model_validate({"intitule": "-", **facts}).debiteur.designation
        rows.append(create(owner, {"intitule": f"Impayé {debtor}"[:200], **facts}, today))
    items = [
        BatchItem(index, "mise_en_demeure", letter.case, letter.reference)
        for index, letter in enumerate(letters)
    ]
    results = pool.run_items(
        items,
        list(FORMATS),
        workers=current_app.config["GENERATION_WORKERS"],
        templates=store.templates_in_force(),
        rates=current_rates(),
    )
    made = []
    for row, item, result in zip(rows, items, results, strict=True):
        if result.files and not result.errors:
            keep(row, "mise_en_demeure", item.case, result)
        made.append((row, bool(result.files and not result.errors)))
    return made


def find_document(row: Dossier, document_id: int) -> DossierDocument:
    """One document of the dossier.

    :raise ProblemError: 404 if the dossier has no such document.
    """
    document = db.session.get(DossierDocument, document_id)
    if document is None or document.dossier_id != row.id:
        raise ProblemError(404, "Document introuvable dans ce dossier.")
    return document


def document_bytes(row: Dossier, document: DossierDocument, fmt: str) -> bytes:
    """A kept file, byte for byte as it was generated.

    :raise ProblemError: 404 for a format not kept, 503 if the file is missing or altered.
    """
    digest = document.files.get(fmt)
    if digest is None:
        raise ProblemError(404, f"Ce document n'a pas été produit en {fmt.upper()}.")
    try:
        data = _file_path(row, digest, fmt).read_bytes()
    except FileNotFoundError:
        data = b""
    if hashlib.sha256(data).hexdigest() != digest:
        raise ProblemError(
            503,
            "Fichier du document absent ou altéré sur le serveur : prévenez l'administrateur, "
            "ou produisez le document à nouveau.",
        )
    return data


def describe(row: Dossier, today: datetime.date) -> dict[str, Any]:
    """The dossier as the API gives it: facts, events, next steps, documents."""
    facts, events = facts_of(row), events_of(row)
    return {
        "id": row.public_id,
        "intitule": row.title,
        "debiteur": row.debtor,
        "etape": row.stage,
        "etape_libelle": nextsteps.STAGES[row.stage],
        "prochaine_echeance": row.next_step_on.isoformat() if row.next_step_on else None,
        "cree_le": row.created_at.isoformat(timespec="seconds"),
        "clos_le": row.closed_on.isoformat() if row.closed_on else None,
        "purge_le": row.purge_on.isoformat() if row.purge_on else None,
        "faits": row.facts,
        "evenements": [_dump(e) for e in events],
        "prochaines_etapes": [
            {
                "nature": s.kind,
                "titre": s.title,
                "texte": s.text,
                "article": s.article,
                "date": s.date.isoformat() if s.date else None,
            }
            for s in nextsteps.next_steps(facts, events, today)
        ],
        "documents": [document_record(d) for d in documents_of(row)],
    }


def document_record(document: DossierDocument) -> dict[str, Any]:
    """A kept document's provenance: type, date, template version, files' hashes, rates."""
    return {
        "id": document.id,
        "type": document.doc_type,
        "date": document.day.isoformat(),
        "produit_le": document.created_at.isoformat(timespec="seconds"),
        "modele_sha256": document.template_sha256,
        "fichiers": document.files,
        "nom": document.file_stem,
        "taux": document.rates,
    }


def export_zip(row: Dossier, today: datetime.date) -> bytes:
    """The whole dossier: its facts and timeline in JSON, and every document kept."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "dossier.json", json.dumps(describe(row, today), ensure_ascii=False, indent=2)
        )
        for document in documents_of(row):
            for fmt in document.files:
                name = f"documents/{document.id:04d}_{document.file_stem}.{fmt}"
                archive.writestr(name, document_bytes(row, document, fmt))
    return buffer.getvalue()


def delete_dossier(row: Dossier) -> None:
    """Delete the dossier, its events, its documents and their files."""
    db.session.execute(delete(DossierEvent).where(DossierEvent.dossier_id == row.id))
    db.session.execute(delete(DossierDocument).where(DossierDocument.dossier_id == row.id))
    public_id = row.public_id
    db.session.delete(row)
    db.session.commit()
    shutil.rmtree(folder() / public_id, ignore_errors=True)


def purge(today: datetime.date) -> int:
    """Delete the dossiers whose retention period after closing has ended; how many."""
    rows = list(db.session.scalars(select(Dossier).where(Dossier.purge_on <= today)))
    for row in rows:
        delete_dossier(row)
    return len(rows)


@cli.command("purge")
@needs_database
def purge_command() -> None:
    """Delete the dossiers closed longer ago than the retention period."""
    count = purge(datetime.date.today())
    click.echo(f"{count} dossier(s) supprimé(s) : leur durée de conservation est passée.")
