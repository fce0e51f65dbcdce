"""Fixtures of the API tests (a plugin: ``pytest_plugins = ["tests.api_fixtures"]``)."""

from __future__ import annotations

import pytest

from tests.api_support import make_app
from tests.conftest import example_case
from web.tokens import create_token


@pytest.fixture
def app(tmp_path):
    return make_app(tmp_path)


@pytest.fixture
def token(app):
    with app.app_context():
        return create_token("cabinet-test")


@pytest.fixture
def client(app, token):
    """A test client that sends the token with every request."""
    client = app.test_client()
    client.environ_base["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    return client


@pytest.fixture
def md_case():
    """A valid mise en demeure between professionals."""
    return example_case("mise_en_demeure", "b2b_penalites_bce")
