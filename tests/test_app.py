"""The application factory and the health endpoint."""

import subprocess
import sys

import pytest
import time_machine

from app import create_app


@pytest.fixture
def client():
    return create_app({"TESTING": True}).test_client()


@time_machine.travel("2026-03-01", tick=False)
def test_health_reports_the_generator_state(client):
    response = client.get("/health")
    assert response.status_code == 200
    body = response.get_json()
    assert body["statut"] == "ok"
    assert body["types"]["mise_en_demeure"] == "disponible"
    assert body["problemes"] == []


def test_unknown_page_is_a_french_html_page(client):
    response = client.get("/nulle-part")
    assert response.status_code == 404
    assert response.mimetype == "text/html"
    assert "<h1>Page introuvable.</h1>" in response.get_data(as_text=True)


def test_unknown_api_path_is_problem_json(client):
    response = client.get("/api/v1/nulle-part")
    assert response.status_code == 404
    assert response.mimetype == "application/problem+json"
    assert response.get_json() == {
        "type": "about:blank",
        "title": "Page introuvable.",
        "status": 404,
    }


def test_home_lists_the_four_documents_in_the_order_of_a_dispute(client):
    page = client.get("/").get_data(as_text=True)
    positions = [
        page.index(label)
        for label in (
            "Conditions générales de vente",
            "Mise en demeure de payer",
            "Protocole transactionnel",
            "Requête en injonction de payer",
        )
    ]
    assert positions == sorted(positions)


def test_wrong_method(client):
    assert client.post("/health").status_code == 405


def test_configuration_from_environment(monkeypatch):
    monkeypatch.setenv("LITIGE_MAX_CONTENT_LENGTH", "1234")
    app = create_app()
    assert app.config["MAX_CONTENT_LENGTH"] == 1234
    assert create_app({"MAX_CONTENT_LENGTH": 99}).config["MAX_CONTENT_LENGTH"] == 99


def test_secret_key_is_generated_when_absent():
    assert len(create_app().config["SECRET_KEY"]) == 32


def test_the_web_process_leaves_out_what_only_other_processes_use():
    """Alembic (migrations), openpyxl (spreadsheets read), num2words (amounts in words) and
    python-docx, docxtpl and lxml (documents made in the generation workers) cost the server
    28 MiB it would hold for nothing."""
    code = (
        "import sys; from app import create_app; app = create_app({'TESTING': True});"
        "app.test_client().get('/health');"
        "print(sorted(m for m in ('alembic', 'flask_migrate', 'openpyxl', 'num2words', 'docx',"
        " 'docxtpl', 'lxml')"
        " if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
