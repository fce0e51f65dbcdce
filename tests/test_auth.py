"""Accounts: created from the command line, logging in and out, roles, no open redirect."""

from __future__ import annotations

import re

import pytest
from lxml import html as lxml_html

from app import create_app
from tests.api_support import make_app
from web.auth import DISABLED, REFUSED, role_required
from web.db import db
from web.models import User
from web.users import create_user, disable_user

PASSWORD = "cheval correct pile agrafe"
EDITOR_PASSWORD = "un autre mot de passe sûr"


def _app(tmp_path, **config):
    app = make_app(tmp_path, **{"WTF_CSRF_ENABLED": False, **config})
    app.add_url_rule("/essai/editeur", "essai", role_required("editor")(lambda: "réservé"))
    with app.app_context():
        create_user("marie", PASSWORD)
        create_user("paul", EDITOR_PASSWORD, role="editor")
    return app


@pytest.fixture
def app(tmp_path):
    return _app(tmp_path)


@pytest.fixture
def client(app):
    return app.test_client()


def login(client, name="marie", password=PASSWORD, **extra):
    return client.post("/connexion", data={"name": name, "password": password, **extra})


def error_text(response) -> str:
    page = lxml_html.fromstring(response.get_data(as_text=True))
    return " ".join(page.xpath("string(//div[@class='error-summary'])").split())


# The command line


def test_create_asks_the_password_twice_and_stores_only_a_scrypt_hash(app):
    runner = app.test_cli_runner()
    typed = "une phrase de passe longue"
    result = runner.invoke(
        args=["users", "create", "Jeanne", "--role", "editor"], input=f"{typed}\n{typed}\n"
    )
    assert result.exit_code == 0, result.output
    assert "Compte « jeanne » créé (rôle : editor)." in result.output
    assert typed not in result.output  # hidden prompt: nothing echoed
    with app.app_context():
        user = db.session.scalars(db.select(User).filter_by(name="jeanne")).one()
        assert user.password_hash.startswith("scrypt:")
        assert typed not in user.password_hash
    assert login(app.test_client(), "JEANNE", typed).status_code == 302  # case ignored


def test_create_reads_the_password_from_standard_input(app):
    runner = app.test_cli_runner()
    result = runner.invoke(
        args=["users", "create", "lea", "--password-stdin"], input="depuis un gestionnaire\n"
    )
    assert result.exit_code == 0, result.output
    assert "(rôle : user)" in result.output
    assert login(app.test_client(), "lea", "depuis un gestionnaire").status_code == 302


@pytest.mark.parametrize(
    ("args", "typed", "message"),
    [
        (["MARIE"], "encore un mot de passe\n" * 2, "l'utilisateur « marie » existe déjà"),
        (["zoe"], "court\ncourt\n", "mot de passe trop faible : 12 caractères au moins"),
        (["zoe"], "aaaaaaaaaaaaaaaa\n" * 2, "mot de passe trop faible : varier davantage"),
        (["zoe"], "une phrase de passe\nune autre phrase\n", "les deux saisies diffèrent"),
        (["zoe", "--role", "admin"], "", "Invalid value for '--role'"),
        ([" "], "une phrase de passe\n" * 2, "nom d'utilisateur invalide"),
    ],
)
def test_create_refusals(app, args, typed, message):
    result = app.test_cli_runner().invoke(args=["users", "create", *args], input=typed)
    assert result.exit_code != 0
    assert message in result.output
    with app.app_context():
        assert db.session.scalars(db.select(User.name)).all() == ["marie", "paul"]


def test_list_and_disable(app):
    runner = app.test_cli_runner()
    assert runner.invoke(args=["users", "disable", "Paul"]).output == "Compte « paul » désactivé.\n"
    lines = runner.invoke(args=["users", "list"]).output.splitlines()
    assert [line.split("\t")[:2] for line in lines] == [["marie", "user"], ["paul", "editor"]]
    assert lines[0].endswith("actif") and "désactivé le" in lines[1]
    again = runner.invoke(args=["users", "disable", "paul"])
    assert again.exit_code == 1 and "aucun compte actif nommé « paul »" in again.output
    assert runner.invoke(args=["users", "disable", "personne"]).exit_code == 1


def test_the_table_comes_from_a_migration_down_and_up(tmp_path):
    app = make_app(tmp_path)
    runner = app.test_cli_runner()
    assert runner.invoke(args=["db", "downgrade", "fb3baee7be4d"]).exit_code == 0
    with app.app_context():
        assert "user_account" not in db.inspect(db.engine).get_table_names()
    missing = runner.invoke(args=["users", "list"])
    assert missing.exit_code == 1 and "lancez « flask db upgrade »" in missing.output
    assert runner.invoke(args=["db", "upgrade"]).exit_code == 0
    result = runner.invoke(args=["users", "create", "a", "--password-stdin"], input=PASSWORD)
    assert result.exit_code == 0, result.output


# Logging in and out


def test_login_then_logout(client):
    blank = client.get("/connexion")
    assert blank.status_code == 200
    assert "Connexion" in blank.get_data(as_text=True)
    assert blank.headers["Content-Security-Policy"].startswith("default-src 'self'")
    response = login(client, suivant="/impayes")
    assert response.status_code == 302 and response.headers["Location"] == "/impayes"
    home = client.get("/").get_data(as_text=True)
    assert "Connecté : <strong>marie</strong>" in home
    assert client.get("/connexion").status_code == 302  # already logged in
    out = client.post("/deconnexion")
    assert out.status_code == 302 and out.headers["Location"] == "/connexion"
    assert "Vous êtes déconnecté." in client.get("/connexion").get_data(as_text=True)
    assert client.get("/impayes").status_code == 302
    assert client.get("/deconnexion").status_code == 405  # never by a simple link


@pytest.mark.parametrize(
    ("config", "secure"),
    [({}, False), ({"PREFERRED_URL_SCHEME": "https"}, True), ({"SECURE_COOKIES": 1}, True)],
)
def test_session_cookie_flags(tmp_path, config, secure):
    cookie = login(_app(tmp_path, **config).test_client()).headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert ("; Secure" in cookie) is secure


def test_wrong_password_and_unknown_name_answer_alike(client):
    wrong = login(client, password="pas le bon mot de passe")
    unknown = login(client, name="personne")
    assert wrong.status_code == unknown.status_code == 401
    assert error_text(wrong) == error_text(unknown) == f"Connexion impossible {REFUSED}"
    assert PASSWORD not in wrong.get_data(as_text=True)
    assert client.get("/impayes").status_code == 302  # still anonymous


def test_empty_fields_are_named(client):
    response = login(client, name="", password="")
    assert response.status_code == 422
    assert "Saisissez votre identifiant." in error_text(response)
    assert "Saisissez votre mot de passe." in error_text(response)


def test_a_disabled_account_cannot_log_in_and_its_session_ends(app, client):
    assert login(client).status_code == 302
    assert client.get("/impayes").status_code == 200
    with app.app_context():
        disable_user("marie")
    assert client.get("/impayes").status_code == 302  # the open session ends at once
    refused = login(client)
    assert refused.status_code == 403 and DISABLED in error_text(refused)
    assert login(client, password="pas le bon mot de passe").status_code == 401


@pytest.mark.parametrize(
    "target",
    [
        "https://exemple.invalid/",
        "//exemple.invalid/chemin",
        "/\\exemple.invalid",
        "/\t/exemple.invalid",
        "javascript:alert(1)",
        "http:/exemple.invalid",
        "impayes",
    ],
)
def test_next_never_leaves_the_site(client, target):
    assert client.get("/connexion", query_string={"next": target}).status_code == 200
    response = login(client, suivant=target)
    assert response.headers["Location"] == "/"


def test_next_to_a_local_page_is_kept_through_the_login_page(client):
    asked = client.get("/impayes?x=1")
    assert asked.headers["Location"] == "/connexion?next=%2Fimpayes%3Fx%3D1"
    page = lxml_html.fromstring(client.get(asked.headers["Location"]).get_data(as_text=True))
    [carried] = page.xpath("//input[@name='suivant']/@value")
    assert carried == "/impayes?x=1"
    assert login(client, suivant=carried).headers["Location"] == "/impayes?x=1"


def test_role_required(app):
    anonymous = app.test_client().get("/essai/editeur")
    assert anonymous.status_code == 302
    assert anonymous.headers["Location"].startswith("/connexion?next=")
    user = app.test_client()
    login(user)
    forbidden = user.get("/essai/editeur")
    assert forbidden.status_code == 403 and "Accès refusé." in forbidden.get_data(as_text=True)
    editor = app.test_client()
    login(editor, "paul", EDITOR_PASSWORD)
    assert editor.get("/essai/editeur").get_data(as_text=True) == "réservé"
    with pytest.raises(ValueError, match="rôle inconnu"):
        role_required("admin")


def test_login_attempts_are_limited_per_address(tmp_path):
    app = _app(tmp_path, RATELIMIT_LOGIN="3 per minute")
    client = app.test_client()
    for _ in range(3):
        assert login(client, password="essai au hasard").status_code == 401
    # A made-up bearer token buys no fresh allowance.
    headers = {"Authorization": "Bearer lit_inventé"}
    response = client.post(
        "/connexion", data={"name": "marie", "password": PASSWORD}, headers=headers
    )
    assert response.status_code == 429
    assert "Trop de requêtes" in response.get_data(as_text=True)
    assert client.get("/connexion").status_code == 200  # the page itself still shows


def _token(page) -> str:
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)


def test_csrf_is_required_to_log_in_and_out(tmp_path):
    app = _app(tmp_path, WTF_CSRF_ENABLED=True)
    client = app.test_client()
    refused = login(client)
    assert refused.status_code == 400
    assert "La page de connexion a expiré" in error_text(refused)
    assert "marie" in refused.get_data(as_text=True)  # the name typed is kept
    token = _token(client.get("/connexion").get_data(as_text=True))
    assert login(client, csrf_token=token).status_code == 302
    assert client.post("/deconnexion").status_code == 400  # a forged logout is refused
    assert client.get("/impayes").status_code == 200
    home = client.get("/").get_data(as_text=True)
    [logout_token] = re.findall(r'name="csrf_token" value="([^"]+)"', home)
    assert client.post("/deconnexion", data={"csrf_token": logout_token}).status_code == 302
    assert client.get("/impayes").status_code == 302


def test_public_pages_need_no_database(tmp_path):
    app = create_app({"TESTING": True, "DATABASE_URL": f"sqlite:///{tmp_path / 'none.db'}"})
    assert app.test_client().get("/").status_code == 200
