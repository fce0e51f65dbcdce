"""Settings: the production guard, the environment variables, the README's table of settings."""

import re

import pytest

from app import DEFAULTS, create_app
from tests.conftest import ROOT


@pytest.fixture
def folders(tmp_path):
    """Settings that keep the database and every folder in ``tmp_path``."""
    return {
        "DATABASE_URL": f"sqlite:///{tmp_path / 'test.sqlite3'}",
        "JOBS_FOLDER": str(tmp_path / "jobs"),
        "TEMPLATES_FOLDER": str(tmp_path / "modeles"),
        "QUEUE_URL": "immediate",
    }


def test_development_generates_a_secret_key(folders):
    app = create_app(folders)
    assert app.config["ENV"] == "development"
    assert len(app.config["SECRET_KEY"]) == 32


def test_production_refuses_to_start_without_a_secret_key(folders):
    with pytest.raises(RuntimeError, match=r"^LITIGE_SECRET_KEY manquant : en production"):
        create_app({**folders, "ENV": "production"})


def test_production_from_the_environment(monkeypatch, folders):
    monkeypatch.setenv("LITIGE_ENV", "production")
    monkeypatch.delenv("LITIGE_SECRET_KEY", raising=False)
    with pytest.raises(RuntimeError, match="LITIGE_SECRET_KEY manquant"):
        create_app(folders)
    monkeypatch.setenv("LITIGE_SECRET_KEY", "une-clé-de-production-assez-longue")
    app = create_app(folders)
    assert app.config["ENV"] == "production"
    assert app.config["SECRET_KEY"] == "une-clé-de-production-assez-longue"


def test_unknown_environment_is_refused(folders):
    with pytest.raises(RuntimeError, match="LITIGE_ENV inconnu : 'prod'"):
        create_app({**folders, "ENV": "prod", "SECRET_KEY": "x" * 32})


@pytest.mark.parametrize(
    ("scheme", "secure"), [("http", False), ("https", True)], ids=["http", "https"]
)
def test_production_cookie_is_secure_behind_https(folders, scheme, secure):
    config = {**folders, "ENV": "production", "SECRET_KEY": "x" * 32}
    app = create_app({**config, "PREFERRED_URL_SCHEME": scheme})
    assert app.config["SESSION_COOKIE_SECURE"] is secure
    assert app.config["SESSION_COOKIE_HTTPONLY"] is True


def _readme_settings() -> dict[str, str]:
    """The settings table of the README's production section: name -> default as written."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Production (Docker, gunicorn)", 1)[1].split("\n## ", 1)[0]
    rows = re.findall(r"^\| `LITIGE_([A-Z_]+)` \| ([^|]*) \|", section, flags=re.MULTILINE)
    return {name: default.strip() for name, default in rows}


def test_readme_documents_every_setting():
    gunicorn_conf = (ROOT / "gunicorn.conf.py").read_text(encoding="utf-8")
    gunicorn = set(re.findall(r'(?:_int\("|"LITIGE_)([A-Z_]+)"', gunicorn_conf))
    assert {"BIND", "WORKERS", "THREADS", "TIMEOUT", "LOG_LEVEL"} <= gunicorn
    assert sorted(_readme_settings()) == sorted(set(DEFAULTS) | gunicorn)


@pytest.mark.parametrize("name", sorted(k for k, v in DEFAULTS.items() if isinstance(v, int)))
def test_readme_states_the_numeric_defaults(name):
    written = _readme_settings()[name].strip("`").replace(" ", "").replace("\u202f", "")
    assert written == str(DEFAULTS[name])
