"""The application factory and the health endpoint."""

import pytest

from app import create_app


@pytest.fixture
def client():
    return create_app({"TESTING": True}).test_client()


def test_health_reports_the_generator_state(client):
    response = client.get("/health")
    assert response.status_code == 200
    body = response.get_json()
    assert body["statut"] == "ok"
    assert body["types"]["mise_en_demeure"] == "disponible"
    assert body["problemes"] == []


def test_unknown_page_is_a_french_json_error(client):
    response = client.get("/nulle-part")
    assert response.status_code == 404
    assert response.get_json() == {"statut": 404, "erreur": "Page introuvable."}


def test_wrong_method(client):
    assert client.post("/health").status_code == 405


def test_configuration_from_environment(monkeypatch):
    monkeypatch.setenv("LITIGE_MAX_CONTENT_LENGTH", "1234")
    app = create_app()
    assert app.config["MAX_CONTENT_LENGTH"] == 1234
    assert create_app({"MAX_CONTENT_LENGTH": 99}).config["MAX_CONTENT_LENGTH"] == 99


def test_secret_key_is_generated_when_absent():
    assert len(create_app().config["SECRET_KEY"]) == 32
