"""API tokens: created and revoked from the command line, stored as SHA-256 hashes."""

from __future__ import annotations

import hashlib
import hmac
import secrets

import click
from flask.cli import AppGroup
from sqlalchemy import select

from web.db import db, needs_database, utcnow
from web.models import ApiToken
from web.users import find_user

PREFIX = "lit_"

cli = AppGroup("tokens", help="Jetons d'accès à l'API.")


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def _active(name: str) -> ApiToken | None:
    query = select(ApiToken).where(ApiToken.name == name, ApiToken.revoked_at.is_(None))
    return db.session.scalars(query).first()


def create_token(name: str, account: str | None = None) -> str:
    """Store a new token for ``name`` and return its value, which is not kept anywhere.

    With ``account``, the token reaches that account's dossiers (its own otherwise).

    :raise ValueError: if ``name`` already has an active token, or is empty, or if the account
        does not exist or is disabled.
    """
    name = name.strip()
    if not name or len(name) > 100:
        raise ValueError("nom de jeton invalide : 1 à 100 caractères")
    if _active(name) is not None:
        raise ValueError(f"le jeton « {name} » existe déjà : révoquez-le d'abord")
    # 32 random bytes: a plain SHA-256 is enough, nothing to guess for a dictionary attack.
    user_id = None
    if account is not None:
        user = find_user(account)
        if user is None or not user.is_active:
            raise ValueError(f"aucun compte actif nommé « {account} »")
        user_id = user.id
    token = PREFIX + secrets.token_urlsafe(32)
    db.session.add(ApiToken(name=name, token_hash=_hash(token), user_id=user_id))
    db.session.commit()
    return token


def revoke_token(name: str) -> bool:
    """Revoke the active token of ``name``; whether there was one."""
    token = _active(name)
    if token is None:
        return False
    token.revoked_at = utcnow()
    db.session.commit()
    return True


def find_token(value: str) -> ApiToken | None:
    """The active token whose value is ``value``, or None."""
    digest = _hash(value)
    token = db.session.scalars(select(ApiToken).where(ApiToken.token_hash == digest)).first()
    if token is None or token.revoked_at is not None:
        return None
    # The lookup is by hash, so timing reveals nothing of the secret; compare in constant time too.
    return token if hmac.compare_digest(token.token_hash, digest) else None


@cli.command("create")
@needs_database
@click.argument("name")
@click.option(
    "--compte",
    "account",
    default=None,
    help="Compte dont le jeton atteint les dossiers (sinon : les seuls dossiers qu'il crée).",
)
def create_command(name: str, account: str | None) -> None:
    """Create a token and print it (it is shown only once)."""
    try:
        token = create_token(name, account)
    except ValueError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(token)
    click.echo(f"Jeton « {name.strip()} » créé : conservez-le, il ne sera plus affiché.", err=True)


@cli.command("revoke")
@needs_database
@click.argument("name")
def revoke_command(name: str) -> None:
    """Revoke the token of NAME."""
    if not revoke_token(name):
        raise click.ClickException(f"aucun jeton actif nommé « {name} »")
    click.echo(f"Jeton « {name} » révoqué.")


@cli.command("list")
@needs_database
def list_command() -> None:
    """List the tokens, active and revoked."""
    for token in db.session.scalars(select(ApiToken).order_by(ApiToken.id)):
        state = f"révoqué le {token.revoked_at:%Y-%m-%d %H:%M}" if token.revoked_at else "actif"
        click.echo(f"{token.name}\tcréé le {token.created_at:%Y-%m-%d %H:%M}\t{state}")
