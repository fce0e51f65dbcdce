"""Production behaviour: security headers everywhere, the privacy page, a database outage."""

from __future__ import annotations

import shutil

import pytest

from app import create_app
from tests.api_support import make_app
from tests.library_support import library_app, logged_in
from web.db import db
from web.tokens import create_token


@pytest.mark.parametrize(
    "path", ["/", "/confidentialite", "/connexion", "/api/v1/document-types", "/nulle-part"]
)
def test_security_headers_on_every_answer(tmp_path, path):
    app = make_app(tmp_path)
    response = app.test_client().get(path)
    policy = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert "script-src" not in policy or "'unsafe-inline'" not in policy
    assert "'unsafe-inline'" not in policy
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert "Strict-Transport-Security" not in response.headers  # plain HTTP: no HSTS


def test_hsts_behind_tls(tmp_path):
    app = make_app(tmp_path, PREFERRED_URL_SCHEME="https")
    response = app.test_client().get("/")
    assert response.headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    (tmp_path / "b").mkdir()
    secure = make_app(tmp_path / "b").test_client().get("/", base_url="https://localhost")
    assert "max-age=31536000" in secure.headers["Strict-Transport-Security"]


def test_privacy_page_says_what_is_kept(tmp_path):
    app = make_app(tmp_path, JOBS_RETENTION_SECONDS=48 * 3600, DOSSIERS_RETENTION_YEARS=3)
    page = app.test_client().get("/confidentialite")
    assert page.status_code == 200
    text = " ".join(page.get_data(as_text=True).split())
    assert "Rien n'est enregistré sur le serveur" in text
    assert "48 heures après la fin de la tâche" in text
    assert "supprimé automatiquement <strong>3 ans après sa clôture</strong>" in text
    assert 'href="/confidentialite"' in app.test_client().get("/").get_data(as_text=True)


def test_database_outage_is_a_503_and_recovers_without_restart(tmp_path):
    folder = tmp_path / "base"
    folder.mkdir()
    app = library_app(tmp_path, DATABASE_URL=f"sqlite:///{folder / 'litige.sqlite3'}")
    with app.app_context():
        token = create_token("cabinet")
    api = app.test_client()
    api.environ_base["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    editor = logged_in(app, "anne")
    assert api.get("/api/v1/document-types").status_code == 200
    assert editor.get("/modeles/").status_code == 200

    shutil.move(folder, tmp_path / "ailleurs")  # the database disappears…
    with app.app_context():
        db.engine.dispose()  # …and with it the open connections, as when a server goes down
    down = api.get("/api/v1/document-types")
    assert down.status_code == 503
    assert down.mimetype == "application/problem+json"
    assert down.get_json()["detail"] == (
        "Base de données momentanément indisponible : réessayez dans un instant."
    )
    page = editor.get("/modeles/")
    assert page.status_code == 503
    assert "Base de données momentanément indisponible" in page.get_data(as_text=True)
    assert app.test_client().get("/").status_code == 200  # the public pages need no database

    shutil.move(tmp_path / "ailleurs", folder)  # it comes back: no restart needed
    assert api.get("/api/v1/document-types").status_code == 200
    assert editor.get("/modeles/").status_code == 200


def test_no_database_configured_at_all_still_serves_the_forms(tmp_path):
    app = create_app({"TESTING": True, "DATABASE_URL": f"sqlite:///{tmp_path}/absent/x.db"})
    assert app.test_client().get("/documents/mise-en-demeure").status_code == 200


def test_behind_a_proxy_limits_count_each_client_not_the_proxy(tmp_path):
    app = make_app(tmp_path, PROXY_HOPS=1, RATELIMIT_LOGIN="2 per minute", WTF_CSRF_ENABLED=False)
    client = app.test_client()

    def attempt(address: str) -> int:
        headers = {"X-Forwarded-For": address, "X-Forwarded-Proto": "https"}
        data = {"name": "personne", "password": "essai"}
        return client.post("/connexion", data=data, headers=headers).status_code

    assert [attempt("203.0.113.7") for _ in range(3)][-1] == 429
    assert attempt("198.51.100.9") != 429  # another client behind the same proxy
    secure = client.get("/", headers={"X-Forwarded-Proto": "https"})
    assert "max-age=31536000" in secure.headers["Strict-Transport-Security"]
    (tmp_path / "direct").mkdir()
    plain = make_app(tmp_path / "direct")
    spoofed = plain.test_client().get("/", headers={"X-Forwarded-Proto": "https"})
    assert "Strict-Transport-Security" not in spoofed.headers  # no proxy: headers not trusted
