"""Rate limits: the public forms and the API answer 429 in French past their limit."""

from app import create_app
from tests.api_support import make_app
from web.tokens import create_token


def test_form_posts_are_limited_per_address():
    app = create_app(
        {"TESTING": True, "WTF_CSRF_ENABLED": False, "RATELIMIT_FORMS": "2 per minute"}
    )
    client = app.test_client()
    for _ in range(2):
        assert client.post("/documents/mise-en-demeure", data={}).status_code != 429
    response = client.post("/documents/mise-en-demeure", data={})
    assert response.status_code == 429
    assert "Trop de requêtes" in response.get_data(as_text=True)
    assert client.get("/").status_code == 200  # reading pages is not limited


def test_api_requests_are_limited_per_token(tmp_path):
    app = make_app(tmp_path, RATELIMIT_API="2 per minute")
    with app.app_context():
        first, second = create_token("cabinet-a"), create_token("cabinet-b")
    client = app.test_client()
    for _ in range(2):
        response = client.get(
            "/api/v1/document-types", headers={"Authorization": f"Bearer {first}"}
        )
        assert response.status_code == 200
    response = client.get("/api/v1/document-types", headers={"Authorization": f"Bearer {first}"})
    assert response.status_code == 429
    assert response.mimetype == "application/problem+json"
    assert response.get_json()["title"] == "Trop de requêtes : réessayez dans un instant."
    other = client.get("/api/v1/document-types", headers={"Authorization": f"Bearer {second}"})
    assert other.status_code == 200  # another firm keeps its own allowance


def test_a_made_up_token_buys_no_fresh_allowance_on_the_forms():
    app = create_app(
        {"TESTING": True, "WTF_CSRF_ENABLED": False, "RATELIMIT_FORMS": "2 per minute"}
    )
    client = app.test_client()
    for number in range(2):
        headers = {"Authorization": f"Bearer inventé-{number}"}
        assert client.post("/documents/mise-en-demeure", headers=headers).status_code != 429
    headers = {"Authorization": "Bearer inventé-3"}
    assert client.post("/documents/mise-en-demeure", headers=headers).status_code == 429
