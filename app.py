"""Application factory of the document server."""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from web.csrf import csrf

#: Settings and their defaults; each can be set by an environment variable of the same name
#: prefixed with ``LITIGE_`` (``LITIGE_MAX_CONTENT_LENGTH=2000000``).
DEFAULTS: dict[str, Any] = {
    "ENV": "development",  # "production" (the container's): start refused without SECRET_KEY
    "SECRET_KEY": None,  # generated at start-up when not configured (sessions then end on restart)
    "MAX_CONTENT_LENGTH": 5 * 1024 * 1024,  # largest request body accepted, in bytes
    "DATABASE_URL": "",  # SQLAlchemy URL; empty: SQLite file litige.sqlite3 in the instance folder
    "BATCH_MAX_ITEMS": 100,  # items of one synchronous POST /api/v1/batch (more: 413, use a job)
    "BATCH_CONCURRENCY": 2,  # synchronous batches under way at once per token (more: 429)
    "JOBS_MAX_ITEMS": 10_000,  # items of one background job (POST /api/v1/jobs)
    "JOBS_MAX_CONTENT_LENGTH": 50 * 1024 * 1024,  # largest body of POST /api/v1/jobs, in bytes
    "JOBS_RETENTION_SECONDS": 24 * 3600,  # a finished job's archive is deleted after this delay
    "JOBS_FOLDER": "",  # where job inputs and archives are written; empty: instance/jobs
    "QUEUE_URL": "",  # task queue: empty = SQLite file in the instance folder, redis://… = Redis
    "QUEUE_EMBEDDED_WORKERS": 1,  # queue worker threads run by the web process (0: none)
    "GENERATION_WORKERS": 0,  # worker processes generating documents; 0: one per CPU
    "RATELIMIT_FORMS": "60 per minute",  # POSTs of the public forms, per client address
    "RATELIMIT_API": "600 per minute",  # API requests, per token (per address without one)
    "RATELIMIT_STORAGE_URI": "",  # rate-limit counters: empty = memory, redis://… = Redis
    "RATELIMIT_LOGIN": "10 per minute",  # login attempts (POST /connexion), per client address
    "PREFERRED_URL_SCHEME": "http",  # "https" behind TLS: the session cookie is then Secure
    "SECURE_COOKIES": 0,  # 1: session cookie sent over HTTPS only, whatever the scheme above
    "SESSION_HOURS": 12,  # a login ends after this many hours without a request
    "UNPAID_MAX_BYTES": 2 * 1024 * 1024,  # largest spreadsheet of unpaid invoices (/impayes)
    "UNPAID_MAX_LETTERS": 100,  # debtors, hence letters, of one spreadsheet on /impayes
    "TEMPLATES_FOLDER": "",  # template versions uploaded by editors; empty: instance/modeles
    "TEMPLATE_MAX_BYTES": 5 * 1024 * 1024,  # largest Word template an editor may upload
    "LOG_LEVEL": "INFO",  # least severe log level written (JSON lines on stderr): DEBUG, INFO…
    "METRICS_TOKEN": "",  # bearer token that opens /metrics from afar; empty: this machine only
    "PROXY_HOPS": 0,  # reverse proxies in front (X-Forwarded-For/-Proto trusted from that many)
    "RATES_AUTO_UPDATE": 0,  # 1: a periodic task reads the ECB's rate series (needs internet)
    "RATES_ECB_URL": "",  # where `flask rates update bce` reads it; empty: the ECB Data Portal
    "DOSSIERS_FOLDER": "",  # documents generated from dossiers; empty: instance/dossiers
    "DOSSIERS_RETENTION_YEARS": 5,  # a closed dossier is deleted this many years after closing
}


def _from_environment() -> dict[str, Any]:
    config: dict[str, Any] = {}
    for key, default in DEFAULTS.items():
        value = os.environ.get(f"LITIGE_{key}")
        if value is not None:
            config[key] = int(value) if isinstance(default, int) else value
    return config


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """Create the Flask application: defaults, then environment, then ``config``."""
    app = Flask(__name__, template_folder="web/templates", static_folder="web/static")
    app.config.from_mapping(DEFAULTS)
    app.config.from_mapping(_from_environment())
    if config:
        app.config.from_mapping(config)
    app.json.sort_keys = False  # type: ignore[attr-defined]
    app.json.ensure_ascii = False  # type: ignore[attr-defined]
    if app.config["ENV"] not in ("development", "production"):
        raise RuntimeError(f"LITIGE_ENV inconnu : {app.config['ENV']!r} (development, production)")
    if not app.config["SECRET_KEY"] and app.config["ENV"] == "production":
        # A generated key differs between gunicorn's workers and ends every session on restart.
        raise RuntimeError(
            "LITIGE_SECRET_KEY manquant : en production, fixez une clé secrète stable, la même "
            "pour tous les processus (python -c 'import secrets; print(secrets.token_hex(32))')."
        )
    if not app.config["SECRET_KEY"]:
        app.config["SECRET_KEY"] = os.urandom(32)

    os.makedirs(app.instance_path, exist_ok=True)

    from web import (
        api,
        auth,
        db,
        dossier_pages,
        dossiers,
        editor,
        errors,
        health,
        jobs,
        limits,
        logs,
        metrics,
        models,  # noqa: F401 - registers the tables with the metadata
        pages,
        rates,
        tokens,
        unpaid,
        users,
    )

    csrf.init_app(app)
    logs.init_app(app)
    errors.init_app(app)
    metrics.init_app(app)
    db.init_app(app)
    rates.init_app(app)
    auth.init_app(app)
    app.register_blueprint(health.bp)
    app.register_blueprint(pages.bp)
    app.register_blueprint(auth.bp)
    app.register_blueprint(unpaid.bp)
    app.register_blueprint(editor.bp)
    app.register_blueprint(dossier_pages.bp)
    app.register_blueprint(api.bp)
    csrf.exempt(api.bp)
    limits.init_app(
        app, forms=[pages.bp, unpaid.bp, editor.bp, dossier_pages.bp], api=api.bp, login=auth.bp
    )
    if app.config["PROXY_HOPS"]:
        # Behind a proxy: the client's address (rate limits) and scheme (HSTS, secure cookies)
        # come from the headers it adds, trusted from that many hops only.
        hops = app.config["PROXY_HOPS"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)  # type: ignore[method-assign]
    app.cli.add_command(tokens.cli)
    app.cli.add_command(jobs.cli)
    app.cli.add_command(users.cli)
    app.cli.add_command(rates.cli)
    app.cli.add_command(dossiers.cli)
    return app
