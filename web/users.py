"""User accounts: created and disabled from the command line, passwords hashed with scrypt."""

from __future__ import annotations

import functools
import secrets
import sys
import unicodedata

import click
from flask.cli import AppGroup
from sqlalchemy import select
from werkzeug.security import check_password_hash, generate_password_hash

from web.db import db, needs_database, utcnow
from web.models import ROLES, User

MIN_PASSWORD = 12
MAX_PASSWORD = 1024  # hashing a megabyte-long "password" is work for nothing
MAX_NAME = 100

cli = AppGroup("users", help="Comptes des utilisateurs des pages web.")


def normalise_name(name: str) -> str:
    """A name as accounts are looked up: trimmed, NFC, without case."""
    return unicodedata.normalize("NFC", name.strip().casefold())


def check_password(password: str) -> None:
    """Refuse a password too weak to protect an account.

    :raise ValueError: with a French message.
    """
    if len(password) < MIN_PASSWORD:
        raise ValueError(f"mot de passe trop faible : {MIN_PASSWORD} caractères au moins")
    if len(password) > MAX_PASSWORD:
        raise ValueError(f"mot de passe trop long : {MAX_PASSWORD} caractères au plus")
    if len(set(password)) < 4:
        raise ValueError("mot de passe trop faible : varier davantage les caractères")


def _check_name(name: str) -> str:
    name = normalise_name(name)
    if not name or len(name) > MAX_NAME:
        raise ValueError(f"nom d'utilisateur invalide : 1 à {MAX_NAME} caractères")
    if any(unicodedata.category(c)[0] in "CZ" and c != " " for c in name):
        raise ValueError("nom d'utilisateur invalide : caractère de contrôle ou espace spéciale")
    return name


def find_user(name: str) -> User | None:
    """The account named ``name`` (case ignored), active or not."""
    return db.session.scalars(select(User).where(User.name == normalise_name(name))).first()


def create_user(name: str, password: str, role: str = "user") -> User:
    """Store a new account with its password hashed (scrypt).

    :raise ValueError: a taken or invalid name, a weak password, an unknown role.
    """
    name = _check_name(name)
    if role not in ROLES:
        raise ValueError(f"rôle inconnu : choisir parmi {', '.join(ROLES)}")
    if find_user(name) is not None:
        raise ValueError(f"l'utilisateur « {name} » existe déjà")
    check_password(password)
    user = User(name=name, role=role, password_hash=generate_password_hash(password, "scrypt"))
    db.session.add(user)
    db.session.commit()
    return user


def disable_user(name: str) -> bool:
    """Disable the active account ``name``; whether there was one."""
    user = find_user(name)
    if user is None or user.disabled_at is not None:
        return False
    user.disabled_at = utcnow()
    db.session.commit()
    return True


@functools.cache
def _decoy() -> str:
    return generate_password_hash(secrets.token_urlsafe(16), "scrypt")


def check_login(name: str, password: str) -> User | None:
    """The account whose name and password these are (active or not), or None.

    An unknown name costs one hash check too, so that timing tells no name that exists.
    """
    user = find_user(name) if len(name) <= MAX_NAME else None
    if user is None or len(password) > MAX_PASSWORD:
        check_password_hash(_decoy(), password[:MAX_PASSWORD])
        return None
    return user if check_password_hash(user.password_hash, password) else None


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    password = click.prompt("Mot de passe", hide_input=True, default="", show_default=False)
    again = click.prompt("Confirmez le mot de passe", hide_input=True, default="")
    if password != again:
        raise click.ClickException("les deux saisies diffèrent : aucun compte créé")
    return password


@cli.command("create")
@needs_database
@click.argument("name")
@click.option("--role", type=click.Choice(ROLES), default="user", show_default=True)
@click.option("--password-stdin", is_flag=True, help="Lire le mot de passe sur l'entrée standard.")
def create_command(name: str, role: str, password_stdin: bool) -> None:
    """Create the account NAME; its password is asked twice (or read from standard input)."""
    try:
        if find_user(_check_name(name)) is not None:
            raise ValueError(f"l'utilisateur « {normalise_name(name)} » existe déjà")
        user = create_user(name, _read_password(password_stdin), role)
    except ValueError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"Compte « {user.name} » créé (rôle : {user.role}).")


@cli.command("list")
@needs_database
def list_command() -> None:
    """List the accounts, active and disabled."""
    for user in db.session.scalars(select(User).order_by(User.name)):
        state = f"désactivé le {user.disabled_at:%Y-%m-%d %H:%M}" if user.disabled_at else "actif"
        click.echo(f"{user.name}\t{user.role}\tcréé le {user.created_at:%Y-%m-%d %H:%M}\t{state}")


@cli.command("disable")
@needs_database
@click.argument("name")
def disable_command(name: str) -> None:
    """Disable the account NAME: it can no longer log in, and its sessions end at once."""
    if not disable_user(name):
        raise click.ClickException(f"aucun compte actif nommé « {normalise_name(name)} »")
    click.echo(f"Compte « {normalise_name(name)} » désactivé.")
