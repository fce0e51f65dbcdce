"""The API fuzzed from its own OpenAPI document (schemathesis): no answer is a 500."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest

schemathesis = pytest.importorskip("schemathesis")
from hypothesis import HealthCheck, settings  # noqa: E402 - after the optional import

from tests.api_support import make_app  # noqa: E402
from web.tokens import create_token  # noqa: E402

_FOLDER = tempfile.TemporaryDirectory(prefix="fuzz-")  # the schema is built at import time
APP = make_app(Path(_FOLDER.name), BATCH_MAX_ITEMS=3, JOBS_MAX_ITEMS=3)
with APP.app_context():
    TOKEN = create_token("fuzz")
APP.config["RATELIMIT_ENABLED"] = False

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", APP)


@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_input_makes_the_api_fail(case):
    response = case.call(headers={"Authorization": f"Bearer {TOKEN}"})
    assert response.status_code < 500, (case.method, case.path, response.text[:300])
    if response.status_code >= 400:
        body = response.json()
        assert body["status"] == response.status_code and body["title"]
