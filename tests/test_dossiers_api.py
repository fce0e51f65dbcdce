"""The dossiers through the API: create, list, read, events, documents; a token sees its own."""

from __future__ import annotations

import hashlib
import io
import json
import zipfile

import pytest
import time_machine

from tests.api_support import make_app
from tests.legal_text import docx_text, normalize
from tests.test_dossier import b2b_dossier, consumer_dossier
from web.tokens import create_token
from web.users import create_user

TODAY = "2026-06-01"


@pytest.fixture
def app(tmp_path):
    return make_app(tmp_path, GENERATION_WORKERS=1)


def _client(app, token):
    client = app.test_client()
    client.environ_base["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    return client


@pytest.fixture
def client(app):
    with app.app_context():
        return _client(app, create_token("cabinet-martin"))


@pytest.fixture
def other(app):
    with app.app_context():
        return _client(app, create_token("cabinet-durand"))


@pytest.fixture(autouse=True)
def travel():
    with time_machine.travel(TODAY, tick=False) as traveller:
        yield traveller


def facts(dossier=None) -> dict:
    return (dossier or b2b_dossier()).model_dump(mode="json", round_trip=True, exclude_none=True)


def create(client, dossier=None) -> dict:
    response = client.post("/api/v1/dossiers", json=facts(dossier))
    assert response.status_code == 201, response.get_json()
    assert response.headers["Location"] == f"/api/v1/dossiers/{response.get_json()['id']}"
    return response.get_json()


def test_a_dossier_is_created_read_and_given_its_next_steps(client):
    body = create(client)
    assert body["intitule"] == "Impayé Dupont & Fils" and body["etape"] == "ouvert"
    assert body["debiteur"] == "Dupont & Fils SARL"
    assert body["faits"]["factures"][0]["numero"] == "F-2026-011"
    titles = [s["titre"] for s in body["prochaines_etapes"]]
    assert "Envoyer une relance amiable" in titles
    step = next(s for s in body["prochaines_etapes"] if s["titre"].startswith("Prescription"))
    assert step["date"] == "2031-02-14" and "L. 110-4" in step["article"]
    again = client.get(f"/api/v1/dossiers/{body['id']}")
    assert again.status_code == 200 and again.get_json() == body


def test_invalid_facts_are_a_422_with_one_entry_per_field(client):
    data = facts()
    data["factures"][0]["montant_ttc"] = "mille"
    response = client.post("/api/v1/dossiers", json=data)
    assert response.status_code == 422
    assert response.content_type == "application/problem+json"
    assert response.get_json()["errors"] == [
        {
            "path": "factures[0].montant_ttc",
            "message": "montant invalide : nombre attendu (ex. 1234.56)",
        }
    ]


def test_events_are_checked_and_change_the_stage(client):
    url = f"/api/v1/dossiers/{create(client)['id']}"
    sent = {"type": "mise_en_demeure", "date": "2026-05-05", "mode": "lettre_recommandee_ar",
            "delai_jours": 8}  # fmt: skip
    response = client.post(f"{url}/events", json=sent)
    assert response.status_code == 201 and response.get_json()["etape"] == "mise_en_demeure"
    refused = client.post(
        f"{url}/events", json={"type": "paiement", "date": TODAY, "montant": "5000"}
    )
    assert refused.status_code == 422
    [error] = refused.get_json()["errors"]
    assert error["path"] == "montant" and normalize(error["message"]) == (
        "dépasse le reste dû à cette date (3 400,00 €)"
    )
    future = client.post(
        f"{url}/events", json={"type": "relance", "date": "2026-06-02", "moyen": "sms"}
    )
    assert future.status_code == 422


def test_a_document_of_the_dossier_is_kept_and_given_back_byte_for_byte(client):
    url = f"/api/v1/dossiers/{create(client)['id']}"
    client.post(f"{url}/events", json={"type": "relance", "date": "2026-04-15", "moyen": "sms"})
    response = client.post(
        f"{url}/documents/relance", json={"date_lettre": TODAY, "mode_envoi": "lettre_simple"}
    )
    assert response.status_code == 201, response.get_json()
    record = response.get_json()
    assert record["type"] == "relance" and record["date"] == TODAY
    assert json.loads(response.headers["Litige-Taux-Utilises"])[0]["serie"] == "bce"
    docx = client.get(record["urls"]["docx"])
    assert docx.status_code == 200 and docx.headers["Cache-Control"] == "no-store"
    assert hashlib.sha256(docx.data).hexdigest() == record["fichiers"]["docx"]
    assert "mon précédent rappel du 15 avril 2026" in normalize(docx_text(docx.data))
    listed = client.get(url).get_json()["documents"]
    assert [d["id"] for d in listed] == [record["id"]]
    archive = zipfile.ZipFile(io.BytesIO(client.get(f"{url}/export").data))
    assert "dossier.json" in archive.namelist() and len(archive.namelist()) == 3


def test_what_the_dossier_holds_is_not_given_again(client):
    url = f"/api/v1/dossiers/{create(client)['id']}"
    response = client.post(f"{url}/documents/relance", json={"date_lettre": TODAY, "factures": []})
    assert response.status_code == 422
    assert response.get_json()["errors"] == [
        {"path": "factures", "message": "déjà connu du dossier, ou sans objet pour ce document"}
    ]
    assert client.post(f"{url}/documents/cgv", json={}).status_code == 404


def test_the_list_filters_by_stage_and_next_date(client, travel):
    first = create(client)
    create(client, consumer_dossier())
    client.post(
        f"/api/v1/dossiers/{first['id']}/events",
        json={"type": "mise_en_demeure", "date": "2026-05-28", "mode": "lettre_simple",
              "delai_jours": 8},
    )  # fmt: skip
    every = client.get("/api/v1/dossiers").get_json()
    assert every["total"] == 2 and every["dossiers"][0]["id"] == first["id"]
    assert every["dossiers"][0]["prochaine_echeance"] == "2026-06-05"
    staged = client.get("/api/v1/dossiers?stage=mise_en_demeure").get_json()
    assert [d["id"] for d in staged["dossiers"]] == [first["id"]]
    soon = client.get("/api/v1/dossiers?next_step_before=2026-06-30").get_json()
    assert [d["id"] for d in soon["dossiers"]] == [first["id"]]
    assert client.get("/api/v1/dossiers?q=girard").get_json()["total"] == 1
    assert client.get("/api/v1/dossiers?stage=fini").status_code == 400
    assert client.get("/api/v1/dossiers?next_step_before=demain").status_code == 400


def test_a_token_sees_only_its_own_dossiers(client, other):
    body = create(client)
    url = f"/api/v1/dossiers/{body['id']}"
    client.post(
        f"{url}/documents/relance", json={"date_lettre": TODAY, "mode_envoi": "lettre_simple"}
    )
    document = client.get(url).get_json()["documents"][0]
    assert other.get("/api/v1/dossiers").get_json()["total"] == 0
    for method, path, payload in (
        ("get", url, None),
        ("delete", url, None),
        ("post", f"{url}/events", {"type": "relance", "date": TODAY, "moyen": "sms"}),
        ("post", f"{url}/documents/relance", {"date_lettre": TODAY}),
        ("get", f"{url}/documents/{document['id']}/pdf", None),
        ("get", f"{url}/export", None),
    ):
        response = getattr(other, method)(path, json=payload)
        assert response.status_code == 404, (method, path)
        assert "Dupont" not in response.get_data(as_text=True)
    assert client.get(url).status_code == 200


def test_a_token_given_an_account_reaches_its_dossiers_from_the_pages(app):
    app.config["WTF_CSRF_ENABLED"] = False
    with app.app_context():
        create_user("marie", "un mot de passe assez long")
        linked = _client(app, create_token("robot-marie", "marie"))
        unlinked = _client(app, create_token("robot"))
    page = app.test_client()
    page.post("/connexion", data={"name": "marie", "password": "un mot de passe assez long"})
    body = create(linked)
    assert unlinked.get(f"/api/v1/dossiers/{body['id']}").status_code == 404
    assert page.get(f"/dossiers/{body['id']}").status_code == 200


def test_a_deleted_dossier_is_gone(client):
    url = f"/api/v1/dossiers/{create(client)['id']}"
    assert client.delete(url).status_code == 204
    assert client.get(url).status_code == 404
    assert client.get("/api/v1/dossiers").get_json()["total"] == 0


def test_the_dossiers_need_a_token(app):
    assert app.test_client().get("/api/v1/dossiers").status_code == 401


def test_the_migrations_make_the_tables_the_models_describe(app):
    result = app.test_cli_runner().invoke(args=["db", "check"])  # fails on any difference
    assert result.exit_code == 0, result.output


def test_malformed_or_too_deep_json_is_a_400(client):
    assert (
        client.post("/api/v1/dossiers", data="{", content_type="application/json").status_code
        == 400
    )
    deep = "[" * 100_000 + "]" * 100_000
    response = client.post("/api/v1/dossiers", data=deep, content_type="application/json")
    assert response.status_code in (400, 413)


def test_a_page_past_the_last_gives_the_last(client):
    create(client)
    body = client.get("/api/v1/dossiers?page=184467440737095518").get_json()
    assert (body["page"], body["pages"], len(body["dossiers"])) == (1, 1, 1)
