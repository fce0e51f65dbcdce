"""API tokens: created and revoked from the command line, stored hashed."""

from __future__ import annotations

import hashlib

from sqlalchemy import select

from web.db import db
from web.models import ApiToken

pytest_plugins = ["tests.api_fixtures"]


def _types(app, value):
    headers = {"Authorization": f"Bearer {value}"}
    return app.test_client().get("/api/v1/document-types", headers=headers)


def test_create_prints_a_token_that_opens_the_api(app):
    result = app.test_cli_runner().invoke(args=["tokens", "create", "cabinet-martin"])
    assert result.exit_code == 0, result.output
    value = result.stdout.strip()
    assert value.startswith("lit_") and len(value) > 40
    assert "ne sera plus affiché" in result.stderr
    assert _types(app, value).status_code == 200


def test_only_the_hash_is_stored(app):
    value = app.test_cli_runner().invoke(args=["tokens", "create", "a"]).stdout.strip()
    with app.app_context():
        stored = db.session.scalars(select(ApiToken)).one()
    assert stored.token_hash == hashlib.sha256(value.encode()).hexdigest()
    assert value not in {stored.name, stored.token_hash}


def test_revoked_token_is_refused(app):
    runner = app.test_cli_runner()
    value = runner.invoke(args=["tokens", "create", "a"]).stdout.strip()
    other = runner.invoke(args=["tokens", "create", "b"]).stdout.strip()
    result = runner.invoke(args=["tokens", "revoke", "a"])
    assert result.exit_code == 0
    assert "révoqué" in result.output
    assert _types(app, value).status_code == 401
    assert _types(app, other).status_code == 200
    listing = runner.invoke(args=["tokens", "list"]).output
    assert "a\tcréé le" in listing and "révoqué le" in listing and "actif" in listing


def test_a_name_has_one_active_token_and_can_be_renewed(app):
    runner = app.test_cli_runner()
    first = runner.invoke(args=["tokens", "create", "a"]).stdout.strip()
    again = runner.invoke(args=["tokens", "create", "a"])
    assert again.exit_code == 1
    assert "existe déjà" in again.output
    runner.invoke(args=["tokens", "revoke", "a"])
    renewed = runner.invoke(args=["tokens", "create", "a"]).stdout.strip()
    assert _types(app, renewed).status_code == 200
    assert _types(app, first).status_code == 401


def test_revoking_an_unknown_name_fails(app):
    result = app.test_cli_runner().invoke(args=["tokens", "revoke", "personne"])
    assert result.exit_code == 1
    assert "aucun jeton actif nommé « personne »" in result.output


def test_tables_come_from_the_migration(tmp_path):
    from app import create_app

    url = f"sqlite:///{tmp_path / 'fresh.sqlite3'}"
    app = create_app({"TESTING": True, "DATABASE_URL": url})
    result = app.test_cli_runner().invoke(args=["db", "upgrade"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        tables = set(db.inspect(db.engine).get_table_names())
    assert {"api_token", "job", "alembic_version"} <= tables
    runner = app.test_cli_runner()
    assert runner.invoke(args=["db", "downgrade", "base"]).exit_code == 0
    with app.app_context():
        assert set(db.inspect(db.engine).get_table_names()) == {"alembic_version"}
    assert runner.invoke(args=["db", "upgrade"]).exit_code == 0
    assert runner.invoke(args=["tokens", "create", "a"]).exit_code == 0


def test_commands_ask_for_the_migration_when_tables_are_missing(tmp_path):
    from app import create_app

    url = f"sqlite:///{tmp_path / 'empty.sqlite3'}"
    runner = create_app({"TESTING": True, "DATABASE_URL": url}).test_cli_runner()
    for args in (["tokens", "create", "a"], ["tokens", "list"], ["jobs", "purge"]):
        result = runner.invoke(args=args)
        assert result.exit_code == 1
        assert "lancez « flask db upgrade »" in result.output
