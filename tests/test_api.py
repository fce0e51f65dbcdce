"""The JSON API: authentication, document types, schemas, OpenAPI, one document at a time."""

from __future__ import annotations

import json

import pytest
from openapi_spec_validator import validate

from tests.api_support import docx_text, open_zip
from tests.conftest import pdf_text

pytest_plugins = ["tests.api_fixtures"]

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PROTECTED = [
    ("get", "/api/v1/document-types"),
    ("get", "/api/v1/document-types/mise_en_demeure/schema"),
    ("post", "/api/v1/documents/mise_en_demeure"),
    ("post", "/api/v1/batch"),
]


def assert_problem(response, status):
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == "application/problem+json"
    body = response.get_json()
    assert body["status"] == status
    return body


@pytest.mark.parametrize(("method", "path"), PROTECTED)
@pytest.mark.parametrize("header", [None, "Bearer lit_faux", "Basic YTpi", "Bearer "])
def test_requests_without_a_valid_token_are_refused(app, method, path, header):
    headers = {"Authorization": header} if header else {}
    response = getattr(app.test_client(), method)(path, headers=headers, json={})
    body = assert_problem(response, 401)
    assert body["title"] == "Authentification requise."
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_openapi_is_public(app):
    assert app.test_client().get("/api/v1/openapi.json").status_code == 200


def test_document_types_in_the_order_of_a_dispute(client):
    body = client.get("/api/v1/document-types").get_json()
    assert [t["id"] for t in body] == [
        "cgv",
        "relance",
        "mise_en_demeure",
        "protocole_transactionnel",
        "injonction_de_payer",
    ]
    assert body[2]["schema"] == "/api/v1/document-types/mise_en_demeure/schema"
    assert all(t["available"] for t in body)


def test_case_schema(client):
    schema = client.get("/api/v1/document-types/mise_en_demeure/schema").get_json()
    assert schema["title"] == "Mise en demeure de payer"
    assert "factures" in schema["properties"]


def test_unknown_type_is_404(client, md_case):
    body = assert_problem(client.get("/api/v1/document-types/bail/schema"), 404)
    assert "Type de document inconnu : « bail »" in body["detail"]
    assert_problem(client.post("/api/v1/documents/bail", json=md_case), 404)


def _refs(node):
    if isinstance(node, dict):
        if "$ref" in node:
            yield node["$ref"]
        for value in node.values():
            yield from _refs(value)
    elif isinstance(node, list):
        for value in node:
            yield from _refs(value)


def test_openapi_document(app, client):
    spec = client.get("/api/v1/openapi.json").get_json()
    assert spec["openapi"].startswith("3.1")
    schemas = spec["components"]["schemas"]
    assert {"MiseEnDemeure", "ConditionsGeneralesVente", "Problem", "BatchRequest"} <= set(schemas)
    assert spec["components"]["securitySchemes"]["bearer"]["scheme"] == "bearer"
    assert spec["security"] == [{"bearer": []}]
    prefix = "#/components/schemas/"
    assert all(ref.startswith(prefix) and ref[len(prefix) :] in schemas for ref in _refs(spec))
    with app.app_context():
        case = client.get("/api/v1/document-types/mise_en_demeure/schema").get_json()
    assert set(schemas["MiseEnDemeure"]["properties"]) == set(case["properties"])
    documented = set(spec["paths"])
    for rule in app.url_map.iter_rules():
        if rule.endpoint.startswith("api."):
            path = rule.rule.replace("<doc_type>", "{type}").replace("<job_id>", "{job_id}")
            path = path.replace("<public_id>", "{id}").replace("<int:document_id>", "{document_id}")
            path = path.replace("<fmt>", "{format}")
            if "{type}" in path and path.startswith("/api/v1/documents/"):
                assert {path.replace("{type}", t) for t in ("cgv", "mise_en_demeure")} <= documented
            else:
                assert path in documented, path
    problem = spec["paths"]["/api/v1/documents/mise_en_demeure"]["post"]["responses"]["422"]
    assert problem["content"]["application/problem+json"]["schema"] == {"$ref": prefix + "Problem"}


def test_openapi_document_is_valid(client):
    validate(client.get("/api/v1/openapi.json").get_json())


def test_pdf_by_default(client, md_case, tmp_path):
    response = client.post("/api/v1/documents/mise_en_demeure", json=md_case)
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["Content-Disposition"] == (
        'attachment; filename="mise-en-demeure_dupont-fils-sarl_2026-06-15.pdf"'
    )
    text = pdf_text(response.data, tmp_path)
    assert "MISE EN DEMEURE" in text.upper()
    assert "F-2026-011" in text


@pytest.mark.parametrize(
    ("query", "accept", "mimetype"),
    [
        ("?format=docx", None, DOCX),
        ("", DOCX, DOCX),
        ("", "application/zip", "application/zip"),
        ("?format=zip", "application/pdf", "application/zip"),
    ],
)
def test_format_from_query_or_accept(client, md_case, query, accept, mimetype):
    headers = {"Accept": accept} if accept else {}
    response = client.post(
        f"/api/v1/documents/mise_en_demeure{query}", json=md_case, headers=headers
    )
    assert response.status_code == 200
    assert response.mimetype == mimetype
    assert response.headers["Cache-Control"] == "no-store"
    if mimetype == DOCX:
        assert "Dupont & Fils" in docx_text(response.data)
    if mimetype == "application/zip":
        names = open_zip(response.data).namelist()
        stem = "mise-en-demeure_dupont-fils-sarl_2026-06-15"
        assert names == [f"{stem}.docx", f"{stem}.pdf"]


def test_unknown_format(client, md_case):
    body = assert_problem(
        client.post("/api/v1/documents/mise_en_demeure?format=odt", json=md_case), 400
    )
    assert "odt" in body["detail"]


def test_invalid_case_has_one_error_per_field_in_french(client, md_case):
    md_case["factures"][1]["montant_ttc"] = "beaucoup"
    del md_case["lieu"]
    md_case["inconnu"] = 1
    response = client.post("/api/v1/documents/mise_en_demeure", json=md_case)
    body = assert_problem(response, 422)
    assert body["title"] == "Données invalides."
    errors = {e["path"]: e["message"] for e in body["errors"]}
    assert errors == {
        "factures[1].montant_ttc": "montant invalide : nombre attendu (ex. 1234.56)",
        "lieu": "champ obligatoire",
        "inconnu": "champ inconnu",
    }


def _post_raw(client, data, content_type="application/json"):
    return client.post("/api/v1/documents/mise_en_demeure", data=data, content_type=content_type)


@pytest.mark.parametrize(
    "data",
    [
        b"{",
        b'{"a": 1,}',
        b"[" * 200_000,
        b'{"a": ' * 50_000,
        b'{"montant": NaN}',
        b"\xff\xfe\x00garbage",
        b"9" * 5000,
        b"",
    ],
    ids=[
        "truncated",
        "trailing-comma",
        "deep-lists",
        "deep-objects",
        "nan",
        "encoding",
        "digits",
        "empty",
    ],
)
def test_malformed_json_is_400(client, data):
    body = assert_problem(_post_raw(client, data), 400)
    assert body["detail"].startswith("JSON")


def test_json_that_is_not_an_object_is_422(client):
    body = assert_problem(_post_raw(client, b"[1, 2]"), 422)
    assert body["errors"] == [{"path": "", "message": "objet JSON attendu"}]


def test_body_must_be_json(client, md_case):
    assert_problem(_post_raw(client, json.dumps(md_case, default=str), "text/plain"), 415)


def test_oversized_body_is_413(tmp_path, md_case):
    from tests.api_support import make_app
    from web.tokens import create_token

    app = make_app(tmp_path, MAX_CONTENT_LENGTH=10_000)
    with app.app_context():
        value = create_token("x")
    headers = {"Authorization": f"Bearer {value}"}
    md_case["relances"] = "x" * 20_000
    response = app.test_client().post(
        "/api/v1/documents/mise_en_demeure", json=md_case, headers=headers
    )
    assert_problem(response, 413)
