"""/metrics: requests, generations, errors and queue depth, for the operator only."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest
from prometheus_client.parser import text_string_to_metric_families

from app import create_app
from tests.api_support import make_app
from tests.conftest import ROOT
from web.db import db
from web.models import ApiToken, Job

pytest_plugins = ["tests.api_fixtures"]

MD = {"type": "mise_en_demeure", "source": "document"}


def samples(text: str) -> dict[tuple[str, frozenset], float]:
    """The samples of an exposition, by name and labels."""
    return {
        (s.name, frozenset(s.labels.items())): s.value
        for family in text_string_to_metric_families(text)
        for s in family.samples
    }


def scrape(client, **kwargs) -> dict[tuple[str, frozenset], float]:
    response = client.get("/metrics", **kwargs)
    assert response.status_code == 200
    assert response.mimetype == "text/plain"
    return samples(response.get_data(as_text=True))


def value(found, name, **labels) -> float:
    return found.get((name, frozenset(labels.items())), 0.0)


def test_generations_requests_and_errors_are_counted(client, md_case):
    before = scrape(client)
    for fmt in ("docx", "pdf"):
        response = client.post(f"/api/v1/documents/mise_en_demeure?format={fmt}", json=md_case)
        assert response.status_code == 200
    refused = client.post("/api/v1/documents/mise_en_demeure", json=dict(md_case, lieu=None))
    assert refused.status_code == 422
    after = scrape(client)

    def delta(name, **labels):
        return value(after, name, **labels) - value(before, name, **labels)

    for fmt in ("docx", "pdf"):
        assert delta("litige_generations_total", format=fmt, outcome="ok", **MD) == 1
        assert delta("litige_generation_duration_seconds_count", format=fmt, **MD) == 1
        assert delta("litige_generation_duration_seconds_sum", format=fmt, **MD) > 0
    assert delta("litige_generations_total", format="pdf", outcome="error", **MD) == 1
    endpoint = {"endpoint": "api.generate_document", "method": "POST"}
    assert delta("litige_http_requests_total", status="200", **endpoint) == 2
    assert delta("litige_http_requests_total", status="422", **endpoint) == 1
    assert delta("litige_http_errors_total", status="422") == 1
    assert delta("litige_http_request_duration_seconds_count", endpoint="metrics.metrics") == 1


def test_batch_items_are_counted_by_type_and_outcome(client, md_case):
    items = [
        {"type": "mise_en_demeure", "case": md_case},
        {"type": "mise_en_demeure", "case": dict(md_case, delai_jours=-1)},
        {"type": "bail-de-chasse", "case": {}},
    ]
    before = scrape(client)
    response = client.post("/api/v1/batch", json={"items": items, "formats": ["docx"]})
    assert response.status_code == 200
    response.get_data()  # the items are generated as the archive is sent
    after = scrape(client)
    batch = {"format": "docx", "source": "batch"}
    for doc_type, outcome in [("mise_en_demeure", "ok"), ("mise_en_demeure", "error")]:
        labels = {"type": doc_type, "outcome": outcome, **batch}
        assert (
            value(after, "litige_generations_total", **labels)
            - value(before, "litige_generations_total", **labels)
            == 1
        )
    # A type the caller made up is not a label value of its own.
    assert ("litige_generations_total", "bail-de-chasse") not in {
        (name, dict(labels).get("type")) for name, labels in after
    }
    assert value(after, "litige_generations_total", type="unknown", outcome="error", **batch) >= 1


def test_job_items_are_counted(client, md_case):
    labels = {"type": "mise_en_demeure", "format": "docx", "outcome": "ok", "source": "job"}
    before = value(scrape(client), "litige_generations_total", **labels)
    items = [{"type": "mise_en_demeure", "case": md_case}]
    response = client.post("/api/v1/jobs", json={"items": items, "formats": ["docx"]})
    assert response.status_code == 202
    assert client.get(response.headers["Location"]).get_json()["status"] == "done"
    assert value(scrape(client), "litige_generations_total", **labels) == before + 1


def test_queue_depth_is_read_from_the_database(app, client, token):
    with app.app_context():
        token_id = db.session.scalar(db.select(ApiToken.id))
        for index, status in enumerate(["queued", "queued", "running", "done", "failed"]):
            db.session.add(Job(id=f"{index:032d}", token_id=token_id, status=status, errors=[]))
        db.session.commit()
    found = scrape(client)
    assert value(found, "litige_jobs_database_up") == 1
    assert value(found, "litige_jobs", status="queued") == 2
    assert value(found, "litige_jobs", status="running") == 1


def test_metrics_answer_when_the_database_is_unreachable(tmp_path):
    url = f"sqlite:///{tmp_path / 'absent' / 'dossier' / 'base.sqlite3'}"
    app = create_app({"TESTING": True, "DATABASE_URL": url})
    response = app.test_client().get("/metrics")
    assert response.status_code == 200
    found = samples(response.get_data(as_text=True))
    assert value(found, "litige_jobs_database_up") == 0
    assert not [name for name, _labels in found if name == "litige_jobs"]


@pytest.mark.parametrize(
    "environ",
    [
        {"REMOTE_ADDR": "10.0.0.5"},
        {"REMOTE_ADDR": "192.168.1.20"},
        {"REMOTE_ADDR": "2001:db8::1"},
        {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "203.0.113.9"},
        {"REMOTE_ADDR": "127.0.0.1", "HTTP_FORWARDED": "for=203.0.113.9"},
    ],
    ids=["private", "lan", "ipv6", "proxied", "forwarded"],
)
def test_metrics_are_hidden_from_other_machines(tmp_path, environ):
    app = make_app(tmp_path, METRICS_TOKEN="secret-de-supervision")
    client = app.test_client()
    assert client.get("/metrics", environ_base=environ).status_code == 404
    wrong = {"Authorization": "Bearer autre-chose"}
    assert client.get("/metrics", environ_base=environ, headers=wrong).status_code == 404
    right = {"Authorization": "Bearer secret-de-supervision"}
    assert client.get("/metrics", environ_base=environ, headers=right).status_code == 200


@pytest.mark.parametrize("address", ["127.0.0.1", "127.8.9.10", "::1", "::ffff:127.0.0.1"])
def test_metrics_are_open_from_this_machine(app, address):
    response = app.test_client().get("/metrics", environ_base={"REMOTE_ADDR": address})
    assert response.status_code == 200


def test_no_token_setting_opens_nothing(app):
    client = app.test_client()
    environ = {"REMOTE_ADDR": "10.0.0.5"}
    response = client.get("/metrics", environ_base=environ, headers={"Authorization": "Bearer "})
    assert response.status_code == 404


def test_multiprocess_mode_adds_up_the_processes(tmp_path):
    folder = tmp_path / "prometheus"
    folder.mkdir()
    script = textwrap.dedent(
        f"""
        from app import create_app
        app = create_app({{"TESTING": True, "DATABASE_URL": "sqlite:///{tmp_path / "db"}"}})
        client = app.test_client()
        client.get("/health")
        print(client.get("/metrics").get_data(as_text=True))
        """
    )
    env = {"PROMETHEUS_MULTIPROC_DIR": str(folder), "PATH": "/usr/bin:/bin"}
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, env=env
    )
    assert result.returncode == 0, result.stderr
    health = [
        count
        for (name, labels), count in samples(result.stdout).items()
        if name == "litige_http_requests_total" and ("endpoint", "health.health") in labels
    ]
    assert health == [1]
    assert list(folder.glob("*.db"))  # what each process counted, for the others to read
