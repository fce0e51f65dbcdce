"""The tables of the server's database: API tokens, jobs, accounts, templates, rates, dossiers."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from flask_login import UserMixin
from sqlalchemy import JSON, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from web.db import db, utcnow


class ApiToken(db.Model):  # type: ignore[name-defined]
    """A bearer token of the API, stored as the SHA-256 of its value."""

    __tablename__ = "api_token"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(default=None)
    # the account whose dossiers the token reaches; None: only the dossiers it created
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"), default=None)


class Job(db.Model):  # type: ignore[name-defined]
    """A batch generated in the background: its progress, errors and archive."""

    __tablename__ = "job"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    token_id: Mapped[int] = mapped_column(ForeignKey("api_token.id"), index=True)
    status: Mapped[str] = mapped_column(String(16), default="queued")
    total: Mapped[int] = mapped_column(default=0)
    done: Mapped[int] = mapped_column(default=0)
    failed: Mapped[int] = mapped_column(default=0)
    errors: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    detail: Mapped[str | None] = mapped_column(String(500), default=None)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column(default=None)
    heartbeat_at: Mapped[datetime | None] = mapped_column(default=None)  # last progress written
    finished_at: Mapped[datetime | None] = mapped_column(default=None)
    expires_at: Mapped[datetime | None] = mapped_column(default=None, index=True)


ROLES = ("user", "editor")
"""The roles, each allowed what the ones before it are: an editor is also a user."""


class User(UserMixin, db.Model):  # type: ignore[name-defined]
    """An account of the web pages: its name, password hash (scrypt) and role."""

    __tablename__ = "user_account"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(16), default="user")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    disabled_at: Mapped[datetime | None] = mapped_column(default=None)

    @property
    def is_active(self) -> bool:
        """A disabled account can no longer log in, and its sessions end at once."""
        return self.disabled_at is None

    def has_role(self, role: str) -> bool:
        """Whether the account holds ``role`` or one above it."""
        return self.role in ROLES and ROLES.index(self.role) >= ROLES.index(role)


VERSION_STATUSES = ("valide", "refusee")
"""A saved version passed every check (publishable), or failed one: a draft kept with its report."""


class TemplateVersion(db.Model):  # type: ignore[name-defined]
    """One version of a type's Word template: immutable, named by the SHA-256 of its bytes.

    Each version is saved from the latest one of its type (``parent``), and a version has at
    most one child: two editors saving from the same version cannot both succeed.
    """

    __tablename__ = "template_version"
    __table_args__ = (
        UniqueConstraint("doc_type", "sha256"),
        UniqueConstraint("doc_type", "parent_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    doc_type: Mapped[str] = mapped_column(String(40), index=True)
    sha256: Mapped[str] = mapped_column(String(64))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("template_version.id"), default=None)
    size: Mapped[int] = mapped_column(default=0)
    filename: Mapped[str] = mapped_column(String(255), default="")
    comment: Mapped[str] = mapped_column(String(500), default="")
    author_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"), default=None)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    status: Mapped[str] = mapped_column(String(16), default="valide")
    report: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)

    author: Mapped[User | None] = relationship(lazy="joined")

    @property
    def short(self) -> str:
        """The first 12 hexadecimal digits of the hash, enough to tell versions apart."""
        return self.sha256[:12]

    @property
    def shipped(self) -> bool:
        """Whether this is a template shipped with the application rather than uploaded."""
        return self.author_id is None


class TemplateEvent(db.Model):  # type: ignore[name-defined]
    """A publication or a rollback: the log of which version was in force from when, by whom."""

    __tablename__ = "template_event"
    __table_args__ = (UniqueConstraint("doc_type", "previous_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    doc_type: Mapped[str] = mapped_column(String(40), index=True)
    action: Mapped[str] = mapped_column(String(16))  # "publication" or "retour"
    version_id: Mapped[int] = mapped_column(ForeignKey("template_version.id"))
    previous_id: Mapped[int | None] = mapped_column(ForeignKey("template_event.id"), default=None)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    at: Mapped[datetime] = mapped_column(default=utcnow)

    version: Mapped[TemplateVersion] = relationship(lazy="joined")
    user: Mapped[User] = relationship(lazy="joined")


RATE_KINDS = ("interet_legal", "bce", "bce_verification")
"""A half-year's two legal rates, an ECB decision, or « no ECB decision up to this day »."""


class RateEntry(db.Model):  # type: ignore[name-defined]
    """A rate the operator added over the shipped seed, with its source, who, when and how.

    Entries are only ever added: ``interet_legal`` has ``half`` (``2026-S2``), ``rate`` (the
    consumer creditor's) and ``rate_other``; ``bce`` has ``day`` (the day it took effect) and
    ``rate``; ``bce_verification`` has ``day``, up to which no other decision took effect;
    ``retrait`` withdraws the entry ``withdraws`` (a value entered by mistake), its source
    saying why.
    Rates are percents written as text (``"6.65"``), read back as exact decimals.
    """

    __tablename__ = "rate_entry"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20), index=True)
    half: Mapped[str | None] = mapped_column(String(7), default=None)
    day: Mapped[date | None] = mapped_column(default=None)
    rate: Mapped[str | None] = mapped_column(String(12), default=None)
    rate_other: Mapped[str | None] = mapped_column(String(12), default=None)
    source: Mapped[str] = mapped_column(String(500))
    author: Mapped[str] = mapped_column(String(100))
    method: Mapped[str] = mapped_column(String(40))  # "commande" or "mise à jour BCE"
    withdraws: Mapped[int | None] = mapped_column(ForeignKey("rate_entry.id"), default=None)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Dossier(db.Model):  # type: ignore[name-defined]
    """A dispute file: its facts (JSON), whom it belongs to, its stage and its next date.

    It belongs to an account, or to an API token that no account holds; ``public_id`` names it
    in URLs, so that the number of dossiers is not told.
    """

    __tablename__ = "dossier"
    __table_args__ = (
        Index("ix_dossier_user_stage", "owner_user_id", "stage", "sort_on", "id"),
        Index("ix_dossier_user_next", "owner_user_id", "sort_on", "id"),
        Index("ix_dossier_token_next", "owner_token_id", "sort_on", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(32), unique=True)
    owner_user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"), default=None)
    owner_token_id: Mapped[int | None] = mapped_column(ForeignKey("api_token.id"), default=None)
    title: Mapped[str] = mapped_column(String(200))
    debtor: Mapped[str] = mapped_column(String(300))
    search_text: Mapped[str] = mapped_column(String(600), default="")  # title and debtor, folded
    stage: Mapped[str] = mapped_column(String(20), default="ouvert")
    next_step_on: Mapped[date | None] = mapped_column(default=None)
    # the list's order: the next step's date, the undated last (an index can then serve it)
    sort_on: Mapped[date] = mapped_column(default=date.max)
    facts: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    closed_on: Mapped[date | None] = mapped_column(default=None)
    purge_on: Mapped[date | None] = mapped_column(default=None, index=True)


class DossierEvent(db.Model):  # type: ignore[name-defined]
    """One dated event of a dossier's timeline, as the user recorded it."""

    __tablename__ = "dossier_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossier.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    day: Mapped[date] = mapped_column()
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class DossierDocument(db.Model):  # type: ignore[name-defined]
    """A document generated from a dossier: its case, its template version, its files' hashes.

    The files are kept on disk, named by their SHA-256, and given back byte for byte.
    """

    __tablename__ = "dossier_document"

    id: Mapped[int] = mapped_column(primary_key=True)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossier.id"), index=True)
    doc_type: Mapped[str] = mapped_column(String(40))
    day: Mapped[date] = mapped_column()  # the date the document bears
    case: Mapped[dict[str, Any]] = mapped_column(JSON)
    template_sha256: Mapped[str] = mapped_column(String(64))
    files: Mapped[dict[str, str]] = mapped_column(JSON)  # format -> SHA-256 of the bytes
    file_stem: Mapped[str] = mapped_column(String(200))
    rates: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
