"""POST /api/v1/batch: a ZIP streamed item by item, a manifest last, every error reported."""

from __future__ import annotations

import copy
import hashlib
import json
import threading
import time
import urllib.request

from werkzeug.serving import make_server

from tests.api_support import docx_text, make_app, open_zip
from tests.conftest import ROOT, pdf_text
from web.tokens import create_token

pytest_plugins = ["tests.api_fixtures"]

STEM = "mise-en-demeure_dupont-fils-sarl_2026-06-15"


def test_batch_with_a_bad_item_in_the_middle(client, md_case, tmp_path):
    bad = copy.deepcopy(md_case)
    bad["factures"][1]["montant_ttc"] = -5
    items = [
        {"type": "mise_en_demeure", "case": md_case, "reference": "DOS-1"},
        {"type": "mise_en_demeure", "case": bad, "reference": "DOS-2"},
        {"type": "mise_en_demeure", "case": md_case, "reference": "DOS-3"},
    ]
    response = client.post("/api/v1/batch", json={"items": items, "formats": ["docx", "pdf"]})
    assert response.status_code == 200
    assert response.mimetype == "application/zip"
    assert response.headers["Cache-Control"] == "no-store"
    assert response.is_streamed
    archive = open_zip(response.data)
    names = archive.namelist()
    assert names == [
        f"DOS-1/{STEM}.docx",
        f"DOS-1/{STEM}.pdf",
        f"DOS-3/{STEM}.docx",
        f"DOS-3/{STEM}.pdf",
        "manifest.json",
    ]
    manifest = json.loads(archive.read("manifest.json"))
    assert (manifest["total"], manifest["succeeded"], manifest["failed"]) == (3, 2, 1)
    assert [i["status"] for i in manifest["items"]] == ["ok", "error", "ok"]
    second = manifest["items"][1]
    assert second == {
        "index": 1,
        "reference": "DOS-2",
        "type": "mise_en_demeure",
        "status": "error",
        "name": "DOS-2",
        "files": [],
        "template_sha256": None,
        "taux": [],
        "errors": [
            {"path": "case.factures[1].montant_ttc", "message": "doit être supérieur ou égal à 0"}
        ],
    }
    assert manifest["items"][2]["files"] == [f"DOS-3/{STEM}.docx", f"DOS-3/{STEM}.pdf"]
    catalogue = (ROOT / "templates_docx" / "mise_en_demeure.docx").read_bytes()
    assert manifest["items"][2]["template_sha256"] == hashlib.sha256(catalogue).hexdigest()
    assert "Dupont & Fils" in docx_text(archive.read(f"DOS-1/{STEM}.docx"))
    assert "F-2026-019" in pdf_text(archive.read(f"DOS-3/{STEM}.pdf"), tmp_path)


def test_hostile_references_become_safe_unique_names(client, md_case):
    references = [
        "../../x",
        "/etc/passwd",
        "C:\\Windows\\x",
        "a\x00b\x1bc",
        "CON",
        "x",
        "X",
        "..",
        None,
    ]
    items = [{"type": "mise_en_demeure", "case": md_case, "reference": r} for r in references]
    response = client.post("/api/v1/batch", json={"items": items, "formats": ["docx"]})
    manifest = json.loads(open_zip(response.data).read("manifest.json"))
    names = [i["name"] for i in manifest["items"]]
    assert names == [
        "x",
        "etc_passwd",
        "C_Windows_x",
        "a_b_c",
        "_CON",
        "x-2",
        "X-3",
        "element-00007",
        "element-00008",
    ]
    for name in open_zip(response.data).namelist():
        assert not name.startswith(("/", "\\", ".")) and ".." not in name.split("/")
        assert all(ord(c) >= 32 for c in name)
    assert manifest["items"][0]["reference"] == "../../x"


def test_item_faults_stay_with_their_item(client, md_case):
    items = [
        {"type": "bail", "case": md_case},
        {"case": md_case},
        "pas un objet",
        {"type": "mise_en_demeure", "case": [1], "reference": {"a": 1}, "extra": 1},
        {"type": "mise_en_demeure", "case": md_case},
    ]
    response = client.post("/api/v1/batch", json={"items": items, "formats": ["docx"]})
    manifest = json.loads(open_zip(response.data).read("manifest.json"))
    errors = [[e["path"] for e in i["errors"]] for i in manifest["items"]]
    assert errors == [["type"], ["type"], [""], ["extra", "reference"], []]
    assert "Type de document inconnu : « bail »" in manifest["items"][0]["errors"][0]["message"]


def test_malformed_batch_request_is_422(client):
    response = client.post("/api/v1/batch", json={"items": [], "formats": ["odt"], "x": 1})
    assert response.status_code == 422
    paths = [e["path"] for e in response.get_json()["errors"]]
    assert paths == ["x", "items", "formats[0]"]


def test_malformed_json_is_400(client):
    response = client.post("/api/v1/batch", data=b"[" * 100_000, content_type="application/json")
    assert response.status_code == 400
    assert response.mimetype == "application/problem+json"


def test_item_cap_is_413(tmp_path, md_case):
    app = make_app(tmp_path, BATCH_MAX_ITEMS=2)
    with app.app_context():
        headers = {"Authorization": f"Bearer {create_token('x')}"}
    items = [{"type": "mise_en_demeure", "case": md_case}] * 3
    response = app.test_client().post("/api/v1/batch", json={"items": items}, headers=headers)
    assert response.status_code == 413
    assert response.mimetype == "application/problem+json"
    assert "3 pour 2 au plus" in response.get_json()["detail"]
    assert "/api/v1/jobs" in response.get_json()["detail"]


def test_server_keeps_answering_while_a_batch_is_generated(app, token, md_case):
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_port}"
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    items = [{"type": "mise_en_demeure", "case": md_case}] * 8
    body = json.dumps({"items": items, "formats": ["pdf"]}, default=str).encode()
    try:
        request = urllib.request.Request(f"{base}/api/v1/batch", body, headers)  # noqa: S310
        batch = urllib.request.urlopen(request, timeout=120)  # noqa: S310 - local test server
        first = batch.read(1024)  # the batch is under way, streamed item by item
        started = time.monotonic()
        with urllib.request.urlopen(f"{base}/health", timeout=30) as health:  # noqa: S310
            assert health.status == 200
        latency = time.monotonic() - started
        archive = open_zip(first + batch.read())
        batch.close()
    finally:
        server.shutdown()
        thread.join()
    assert latency < 1.0
    assert json.loads(archive.read("manifest.json"))["succeeded"] == 8


def test_concurrent_batches_per_token_are_capped(tmp_path, md_case):
    app = make_app(tmp_path, BATCH_CONCURRENCY=1)
    with app.app_context():
        headers = {"Authorization": f"Bearer {create_token('a')}"}
        other = {"Authorization": f"Bearer {create_token('b')}"}
    client = app.test_client()
    body = {"items": [{"type": "mise_en_demeure", "case": md_case}], "formats": ["docx"]}
    first = client.post("/api/v1/batch", json=body, headers=headers)
    second = client.post("/api/v1/batch", json=body, headers=headers)
    assert second.status_code == 429
    assert second.mimetype == "application/problem+json"
    assert "Déjà 1 lot(s) en cours" in second.get_json()["detail"]
    with client.post("/api/v1/batch", json=body, headers=other) as another_token:
        assert another_token.status_code == 200
    first.close()  # a finished or abandoned download frees its slot, read or not
    with client.post("/api/v1/batch", json=body, headers=headers) as third:
        assert third.status_code == 200
        assert "manifest.json" in open_zip(third.data).namelist()
