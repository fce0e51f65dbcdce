"""Background jobs: 202 with Location, progress, archive, deletion after the retention period."""

from __future__ import annotations

import copy
import io
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from docgen import dump_case
from docgen.bulk import batch
from tests.api_support import make_app, open_zip
from tests.conftest import ROOT
from web import jobs
from web.db import db, utcnow
from web.models import Job
from web.tokens import create_token

pytest_plugins = ["tests.api_fixtures"]


def _items(case, count, bad=()):
    broken = copy.deepcopy(case)
    broken["date_lettre"] = "hier"
    return [
        {"type": "mise_en_demeure", "case": broken if i in bad else case, "reference": f"D{i}"}
        for i in range(count)
    ]


def test_job_lifecycle(app, client, md_case):
    response = client.post(
        "/api/v1/jobs", json={"items": _items(md_case, 3, bad={1}), "formats": ["docx"]}
    )
    assert response.status_code == 202
    location = response.headers["Location"]
    assert location == f"/api/v1/jobs/{response.get_json()['id']}"
    status = client.get(location).get_json()
    assert (status["status"], status["total"], status["done"], status["failed"]) == (
        "done",
        3,
        3,
        1,
    )
    assert status["errors"] == [
        {
            "index": 1,
            "reference": "D1",
            "errors": [
                {"path": "case.date_lettre", "message": "date invalide : format AAAA-MM-JJ attendu"}
            ],
        }
    ]
    assert status["archive"] == f"{location}/archive"
    with client.get(status["archive"]) as download:
        assert download.status_code == 200
        assert download.mimetype == "application/zip"
        assert download.headers["Cache-Control"] == "no-store"
        archive = open_zip(download.data)
    manifest = json.loads(archive.read("manifest.json"))
    assert [i["status"] for i in manifest["items"]] == ["ok", "error", "ok"]
    assert archive.namelist()[-1] == "manifest.json"
    with app.app_context():
        job_folder = jobs.folder() / status["id"]
        assert sorted(p.name for p in job_folder.iterdir()) == ["archive.zip"]  # request deleted
        assert jobs.purge() == 0
        assert jobs.purge(utcnow() + timedelta(days=2)) == 1
    assert not job_folder.exists()
    assert client.get(location).get_json()["status"] == "expired"
    gone = client.get(f"{location}/archive")
    assert gone.status_code == 410
    assert gone.mimetype == "application/problem+json"


def test_expires_after_the_configured_retention(tmp_path, md_case):
    app = make_app(tmp_path, JOBS_RETENTION_SECONDS=0)
    with app.app_context():
        headers = {"Authorization": f"Bearer {create_token('a')}"}
    client = app.test_client()
    job = client.post(
        "/api/v1/jobs", json={"items": _items(md_case, 1), "formats": ["docx"]}, headers=headers
    )
    assert job.get_json()["expires"] == job.get_json()["finished"]
    result = app.test_cli_runner().invoke(args=["jobs", "purge"])
    assert result.output == "1 archive(s) supprimée(s).\n"
    assert client.get(f"{job.headers['Location']}/archive", headers=headers).status_code == 410


def test_a_job_is_visible_only_to_its_token(app, client, md_case):
    location = client.post("/api/v1/jobs", json={"items": _items(md_case, 1)}).headers["Location"]
    with app.app_context():
        other = {"Authorization": f"Bearer {create_token('autre')}"}
    for path in (location, f"{location}/archive", "/api/v1/jobs/0123", "/api/v1/jobs/" + "0" * 32):
        response = app.test_client().get(path, headers=other)
        assert response.status_code == 404
        assert response.mimetype == "application/problem+json"


def _queued_app(tmp_path, **config):
    """An app whose queue no worker consumes: a job stays queued, its request on disk."""
    app = make_app(
        tmp_path,
        QUEUE_URL=f"sqlite:///{tmp_path / 'q.sqlite3'}",
        QUEUE_EMBEDDED_WORKERS=0,
        **config,
    )
    with app.app_context():
        headers = {"Authorization": f"Bearer {create_token('a')}"}
    return app, headers


def test_a_job_request_is_kept_one_item_per_line_and_read_one_item_at_a_time(tmp_path, md_case):
    """The worker holds the item it generates, not the whole request (memory stays flat)."""
    app, headers = _queued_app(tmp_path)
    md_case["factures"][0]["montant_ttc"] = Decimal("1250.50")
    md_case["relances"] = "1re relance\n2e relance « urgente »"
    request = {"items": [*_items(md_case, 3, bad={1}), "pas un objet"], "formats": ["pdf"]}
    # The formats after the items, spaced and indented: read as they come.
    marked = json.loads(dump_case({"items": request["items"]}), parse_float=lambda n: f"@{n}@")
    body = json.dumps(marked, indent=3, ensure_ascii=False).replace('"@', "").replace('@"', "")
    body = body[:-1] + ',\n "formats" : [ "pdf" ]\n}'
    response = app.test_client().post(
        "/api/v1/jobs", data=body, content_type="application/json", headers=headers
    )
    assert response.status_code == 202, response.get_json()
    assert response.get_json()["total"] == 4
    job_id = response.headers["Location"].rsplit("/", 1)[1]
    with app.app_context():
        path = jobs._request_path(job_id)
        lines = path.read_text(encoding="utf-8").splitlines()
        assert len(lines) == 1 + 4  # the formats, then one line per item
        assert lines[0] == '{"formats":["pdf"]}'
        assert '"montant_ttc":1250.50' in lines[1]  # the amount exactly as it came
        assert lines[4] == '"pas un objet"'
        assert os.listdir(path.parent) == ["request.jsonl"]  # no temporary file left
        items, formats = jobs._read_request(job_id)
        assert formats == ["pdf"]
        assert next(items) == batch.parse_request(request)[0][0]  # read on demand
        assert [next(items), *items] == batch.parse_request(request)[0][1:]


@pytest.mark.parametrize(
    ("body", "status", "expected"),
    [
        (
            b'{"items": [{"type": "mise_en_demeure"} {}]}',
            400,
            "JSON invalide (ligne 1, colonne 40).",
        ),
        (b'{"items": [\n  1,\n  2,\n]}', 400, "JSON invalide (ligne 4, colonne 1)."),
        (
            b'{"items": [1], "formats": [NaN]}',
            400,
            "JSON invalide : texte UTF-8 et nombres finis attendus.",
        ),
        (
            b'{"items": [' + b"9" * 5000 + b"]}",
            400,
            "JSON invalide : texte UTF-8 et nombres finis attendus.",
        ),
        (b'{"items": ["\xff"]}', 400, "JSON invalide : texte UTF-8 et nombres finis attendus."),
        (b'{"items": [1]} {}', 400, "JSON invalide (ligne 1, colonne 16)."),
        (b'{"items": [1], "items": [2]}', 422, ["items"]),
        (b'{"items": [1], "copie": true}', 422, ["copie"]),
        (b"[1, 2]", 422, [""]),
    ],
)
def test_a_malformed_job_request_is_refused_and_leaves_nothing(tmp_path, body, status, expected):
    app, headers = _queued_app(tmp_path)
    response = app.test_client().post(
        "/api/v1/jobs", data=body, content_type="application/json", headers=headers
    )
    assert response.status_code == status
    assert response.mimetype == "application/problem+json"
    if status == 400:
        assert response.get_json()["detail"] == expected
    else:  # the envelope's own faults, one per field
        assert [e["path"] for e in response.get_json()["errors"]] == expected
    with app.app_context():
        assert os.listdir(jobs.folder()) == []  # no request kept
        assert db.session.scalars(db.select(Job)).all() == []


def test_a_job_item_larger_than_a_document_request_is_a_413(tmp_path, md_case):
    app, headers = _queued_app(tmp_path, MAX_CONTENT_LENGTH=20_000)
    md_case["relances"] = "x" * 30_000
    response = app.test_client().post(
        "/api/v1/jobs", json={"items": _items(md_case, 1)}, headers=headers
    )
    assert response.status_code == 413
    assert response.get_json()["detail"] == (
        "Élément trop volumineux : 20\u202f000 caractères au plus par valeur."
    )
    with app.app_context():
        assert os.listdir(jobs.folder()) == []


def test_a_full_disk_is_a_503_and_leaves_no_job(tmp_path, md_case, monkeypatch):
    app, headers = _queued_app(tmp_path)

    def full(*_args, **_kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(jobs.tempfile, "TemporaryFile", full)
    response = app.test_client().post(
        "/api/v1/jobs", json={"items": _items(md_case, 2)}, headers=headers
    )
    assert response.status_code == 503
    assert "espace disque" in response.get_json()["detail"]
    with app.app_context():
        assert os.listdir(jobs.folder()) == []
        assert db.session.scalars(db.select(Job)).all() == []


@pytest.mark.parametrize(("count", "status"), [(2, 202), (40, 413)])
def test_a_body_without_length_is_read_up_to_the_limit(tmp_path, md_case, count, status):
    """Chunked transfer: no Content-Length to refuse at once, the stream stops at the limit."""
    app, headers = _queued_app(tmp_path, JOBS_MAX_CONTENT_LENGTH=50_000)
    body = dump_case({"items": _items(md_case, count)}).encode()
    assert (len(body) > 50_000) == (status == 413)
    response = app.test_client().post(
        "/api/v1/jobs",
        input_stream=io.BytesIO(body),
        content_type="application/json",
        headers={**headers, "Transfer-Encoding": "chunked"},
        environ_base={"wsgi.input_terminated": True},
    )
    assert response.status_code == status
    with app.app_context():
        assert len(os.listdir(jobs.folder())) == (status == 202)


def test_a_case_too_deep_to_keep_is_a_400(client, md_case):
    md_case["relances"] = "PROFOND"
    body = dump_case({"items": _items(md_case, 1)}).replace('"PROFOND"', "[" * 700 + "]" * 700)
    response = client.post("/api/v1/jobs", data=body, content_type="application/json")
    assert response.status_code == 400
    assert response.get_json()["detail"] == "JSON trop profondément imbriqué."


def test_job_limits(tmp_path, md_case):
    app = make_app(tmp_path, JOBS_MAX_ITEMS=2, JOBS_MAX_CONTENT_LENGTH=50_000)
    with app.app_context():
        headers = {"Authorization": f"Bearer {create_token('a')}"}
    client = app.test_client()
    too_many = client.post("/api/v1/jobs", json={"items": _items(md_case, 3)}, headers=headers)
    assert too_many.status_code == 413
    assert too_many.get_json()["detail"].startswith("Trop d'éléments : plus de 2.")
    # reading stops at the item past the limit: what follows is not even parsed
    cut = client.post(
        "/api/v1/jobs",
        data=b'{"items": [1, 2, 3, 4 ???',
        content_type="application/json",
        headers=headers,
    )
    assert cut.status_code == 413
    md_case["relances"] = "x" * 60_000
    assert (
        client.post("/api/v1/jobs", json={"items": _items(md_case, 1)}, headers=headers).status_code
        == 413
    )
    deep = client.post(
        "/api/v1/jobs", data=b"[" * 40_000, content_type="application/json", headers=headers
    )
    assert deep.status_code == 400
    assert client.post("/api/v1/jobs", json={"items": []}, headers=headers).status_code == 422
    assert client.post("/api/v1/jobs", json={"items": []}).status_code == 401


def test_archive_is_refused_until_the_job_is_done(tmp_path, md_case):
    # A queue no worker consumes: the job stays queued.
    app = make_app(
        tmp_path, QUEUE_URL=f"sqlite:///{tmp_path / 'q.sqlite3'}", QUEUE_EMBEDDED_WORKERS=0
    )
    with app.app_context():
        headers = {"Authorization": f"Bearer {create_token('a')}"}
    client = app.test_client()
    location = client.post(
        "/api/v1/jobs", json={"items": _items(md_case, 2)}, headers=headers
    ).headers["Location"]
    assert client.get(location, headers=headers).get_json()["status"] == "queued"
    response = client.get(f"{location}/archive", headers=headers)
    assert response.status_code == 409
    assert response.get_json()["detail"] == "Tâche pas encore terminée : 0 sur 2."


def test_embedded_consumer_runs_jobs_for_real(tmp_path, md_case, monkeypatch):
    monkeypatch.setattr(jobs, "PROGRESS_EVERY", 0.0)
    queue_file = tmp_path / "queue.sqlite3"
    app = make_app(tmp_path, QUEUE_URL=f"sqlite:///{queue_file}", QUEUE_EMBEDDED_WORKERS=1)
    with app.app_context():
        headers = {"Authorization": f"Bearer {create_token('a')}"}
    client = app.test_client()
    body = {"items": _items(md_case, 6, bad={4}), "formats": ["pdf"]}
    response = client.post("/api/v1/jobs", json=body, headers=headers)
    assert response.status_code == 202
    assert response.get_json()["status"] in ("queued", "running")
    consumer = app.extensions["huey_consumer"]
    seen = []
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            status = client.get(response.headers["Location"], headers=headers).get_json()
            seen.append((status["status"], status["done"]))
            if status["status"] in ("done", "failed"):
                break
            time.sleep(0.05)
    finally:
        consumer.stop(graceful=True)
    assert queue_file.exists()
    assert status["status"] == "done", status
    assert (status["done"], status["failed"]) == (6, 1)
    assert any(state == "running" and 0 < done < 6 for state, done in seen), seen
    with client.get(status["archive"], headers=headers) as download:
        archive = open_zip(download.data)
    assert len([n for n in archive.namelist() if n.endswith(".pdf")]) == 5


@pytest.mark.parametrize(
    "command",
    [["huey_consumer", "web.worker.huey", "-w", "1"], ["flask", "jobs", "worker", "-w", "1"]],
    ids=["huey_consumer", "flask-jobs-worker"],
)
def test_separate_worker_process_started_by_the_documented_command(tmp_path, md_case, command):
    settings = {
        "DATABASE_URL": f"sqlite:///{tmp_path / 'test.sqlite3'}",
        "JOBS_FOLDER": str(tmp_path / "jobs"),
        "QUEUE_URL": f"sqlite:///{tmp_path / 'queue.sqlite3'}",
        "QUEUE_EMBEDDED_WORKERS": 0,
    }
    app = make_app(tmp_path, **settings)
    with app.app_context():
        headers = {"Authorization": f"Bearer {create_token('a')}"}
    client = app.test_client()
    location = client.post(
        "/api/v1/jobs", json={"items": _items(md_case, 2), "formats": ["docx"]}, headers=headers
    ).headers["Location"]
    env = {**os.environ, **{f"LITIGE_{key}": str(value) for key, value in settings.items()}}
    program = shutil.which(command[0], path=str(Path(sys.executable).parent))
    worker = subprocess.Popen(
        [program, *command[1:]],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and worker.poll() is None:
            status = client.get(location, headers=headers).get_json()
            if status["status"] == "done":
                break
            time.sleep(0.2)
    finally:
        worker.send_signal(signal.SIGINT)
        _out, err = worker.communicate(timeout=60)
    assert status["status"] == "done", err.decode()
    assert status["done"] == 2


def test_a_job_whose_worker_died_runs_again(tmp_path, md_case):
    app = make_app(tmp_path)
    with app.app_context():
        headers = {"Authorization": f"Bearer {create_token('a')}"}
        job = Job(id="a" * 32, token_id=1, total=2, errors=[])
        folder = jobs.folder() / job.id
        folder.mkdir()
        body = {"items": _items(md_case, 2), "formats": ["docx"]}
        (folder / "request.json").write_text(json.dumps(body, default=str), encoding="utf-8")
        # What a worker killed in the middle of the job leaves behind.
        job.status, job.done, job.heartbeat_at = "running", 1, utcnow() - timedelta(minutes=5)
        db.session.add(job)
        db.session.commit()
        assert jobs.recover() == 0, "silent for 5 minutes only: it may still be working"
        assert jobs.recover(utcnow() + timedelta(minutes=6)) == 1
    status = app.test_client().get(f"/api/v1/jobs/{'a' * 32}", headers=headers).get_json()
    assert (status["status"], status["done"], status["total"]) == ("done", 2, 2)


def test_job_status_matches_its_openapi_schema(client, md_case):
    spec = client.get("/api/v1/openapi.json").get_json()
    documented = set(spec["components"]["schemas"]["Job"]["properties"])
    status = client.post("/api/v1/jobs", json={"items": _items(md_case, 1)}).get_json()
    assert set(status) == documented


def test_an_unreachable_queue_is_a_503_and_leaves_no_job(tmp_path, md_case):
    app = make_app(tmp_path, QUEUE_URL="redis://127.0.0.1:9/0", QUEUE_EMBEDDED_WORKERS=0)
    with app.app_context():
        token = create_token("cabinet")
    client = app.test_client()
    client.environ_base["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    response = client.post("/api/v1/jobs", json={"items": _items(md_case, 1), "formats": ["pdf"]})
    assert response.status_code == 503
    assert response.mimetype == "application/problem+json"
    assert "indisponible" in response.get_json()["detail"]
    with app.app_context():
        assert db.session.scalars(db.select(Job)).all() == []
    assert list((tmp_path / "jobs").glob("*")) == []
