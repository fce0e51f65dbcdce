"""Logs: one JSON line per record, the request id of each request, no fact of a case."""

from __future__ import annotations

import json
import logging
import subprocess
import sys

import pytest

from docgen.errors import TemplateError
from tests.conftest import ROOT
from web import api, logs

pytest_plugins = ["tests.api_fixtures"]

MARKER = "Zyxwvut Marqueur SARL"
AMOUNTS = ("2400", "1250", "7777")  # the invoices' amounts, and the one of the failing case


def json_lines(capsys) -> list[dict]:
    """The JSON lines written to stderr since the last call."""
    err = capsys.readouterr().err
    return [json.loads(line) for line in err.splitlines() if line.startswith("{")]


def access_line(lines, request_id):
    (line,) = [x for x in lines if x["logger"] == "litige.access" and x["request_id"] == request_id]
    return line


@pytest.fixture
def marked_case(md_case):
    """A mise en demeure whose debtor's name appears nowhere else."""
    md_case["debiteur"]["denomination"] = MARKER
    return md_case


def test_a_request_logs_one_access_line_with_its_id(app, capsys):
    capsys.readouterr()
    response = app.test_client().get("/health?nom=Zyxwvut")
    request_id = response.headers["X-Request-ID"]
    line = access_line(json_lines(capsys), request_id)
    assert len(request_id) == 32
    assert line["level"] == "INFO"
    assert line["time"].endswith("+00:00")
    assert (line["method"], line["path"], line["status"]) == (
        "GET",
        "/health",
        response.status_code,
    )
    assert line["endpoint"] == "health.health"
    assert line["duration_ms"] >= 0
    assert "Zyxwvut" not in json.dumps(line)  # the query string is never written


def test_records_of_a_request_carry_its_id(app, capsys, monkeypatch):
    def described():
        logging.getLogger("web.test").warning("description demandée")
        return {}

    monkeypatch.setattr(api, "openapi", described)
    capsys.readouterr()
    response = app.test_client().get("/api/v1/openapi.json")
    request_id = response.headers["X-Request-ID"]
    lines = json_lines(capsys)
    assert [(x["logger"], x["request_id"]) for x in lines] == [
        ("web.test", request_id),
        ("litige.access", request_id),
    ]


@pytest.mark.parametrize("supplied", ["abc-123", "lb.7f3a_92", "a" * 64])
def test_a_safe_request_id_is_kept(app, capsys, supplied):
    capsys.readouterr()
    response = app.test_client().get("/health", headers={"X-Request-ID": supplied})
    assert response.headers["X-Request-ID"] == supplied
    assert access_line(json_lines(capsys), supplied)["path"] == "/health"


@pytest.mark.parametrize(
    "supplied", ["a" * 65, "deux mots", 'x"}{"level":"ERROR', "é", "a/b", "a\tb", ""]
)
def test_an_unsafe_request_id_is_replaced(app, capsys, supplied):
    capsys.readouterr()
    response = app.test_client().get("/health", headers={"X-Request-ID": supplied})
    request_id = response.headers["X-Request-ID"]
    assert request_id != supplied
    assert logs.SAFE_ID.fullmatch(request_id)
    access_line(json_lines(capsys), request_id)


def test_every_line_is_one_json_object(app, capsys):
    capsys.readouterr()
    logging.getLogger("web.test").warning("ligne\nsur deux lignes")
    err = capsys.readouterr().err
    assert [json.loads(line)["message"] for line in err.splitlines()] == ["ligne\nsur deux lignes"]


def test_no_fact_of_a_case_in_the_logs(client, marked_case, capsys):
    capsys.readouterr()
    ok = client.post("/api/v1/documents/mise_en_demeure?format=docx", json=marked_case)
    assert ok.status_code == 200
    failing = dict(marked_case, lieu=MARKER, factures=[{"numero": MARKER, "montant_ttc": "7777"}])
    refused = client.post("/api/v1/documents/mise_en_demeure?format=pdf", json=failing)
    assert refused.status_code == 422
    lines = json_lines(capsys)
    assert {access_line(lines, r.headers["X-Request-ID"])["status"] for r in (ok, refused)} == {
        200,
        422,
    }
    assert "Zyxwvut" not in json.dumps(lines, ensure_ascii=False)
    # Ids, times and durations are digits too: look for amounts where text is written.
    written = json.dumps([(x["message"], x.get("exception"), x.get("path")) for x in lines])
    assert not [amount for amount in AMOUNTS if amount in written]


@pytest.mark.parametrize(
    "error",
    [
        ValueError(f"could not convert string to float: '{MARKER}'"),
        KeyError(MARKER),
        TemplateError(f"'{MARKER}' inconnu", template="md.docx", location="paragraphe 3"),
    ],
    ids=["value", "key", "template"],
)
def test_an_error_is_logged_without_its_message(client, marked_case, capsys, monkeypatch, error):
    def generate(*_args):
        raise error

    monkeypatch.setattr(api.pool, "generate_in_pool", generate)
    capsys.readouterr()
    response = client.post("/api/v1/documents/mise_en_demeure", json=marked_case)
    assert response.status_code == 500
    lines = json_lines(capsys)
    assert "Zyxwvut" not in json.dumps(lines) + response.get_data(as_text=True)
    (logged,) = [x for x in lines if x["level"] == "ERROR"]
    assert logged["request_id"] == response.headers["X-Request-ID"]
    if isinstance(error, TemplateError):
        assert logged["message"] == "génération impossible : TemplateError (md.docx paragraphe 3)"
    else:
        assert logged["exception"]["type"] == f"builtins.{type(error).__name__}"
        assert any("in generate_document" in frame for frame in logged["exception"]["frames"])


WORKER_SCRIPT = """
from app import create_app
from docgen.bulk import pool
from docgen.pdf.output import html_to_pdf

create_app({"TESTING": True, "DATABASE_URL": "sqlite://", "LOG_LEVEL": "INFO"})
page = "<!DOCTYPE html><html><body><p>Texte</html>"  # said to be XML, and it is not
assert pool.get_pool(1).submit(html_to_pdf, page, xml=True).result().startswith(b"%PDF")
"""


def test_a_generation_worker_logs_json_lines_too():
    """The pool's workers are separate processes: the app's set-up reaches them as well."""
    done = subprocess.run(
        [sys.executable, "-c", WORKER_SCRIPT],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    lines = [line for line in done.stderr.splitlines() if "mal formée" in line]
    assert len(lines) == 1, done.stderr  # written once, by the worker that laid the page out
    record = json.loads(lines[0])
    assert (record["level"], record["logger"]) == ("WARNING", "docgen.pdf.output")


@pytest.mark.parametrize(
    "line",
    [
        '127.0.0.1 - - [29/Nov/2026 20:54:39] "GET /?q=secret HTTP/1.1" 200 -',
        '127.0.0.1 - - [29/Nov/2026 20:54:39] "\x1b[33mGET /x?q=secret HTTP/1.1\x1b[0m" 404 -',
        '127.0.0.1 - - [29/Nov/2026 20:54:39] "\x1b[32mPOST /y?q=secret HTTP/1.1\x1b[0m" 302 -',
    ],
    ids=["200", "404 coloured", "302 coloured"],
)
def test_the_development_servers_access_lines_are_dropped(line):
    """They quote the query string and the client's address: ours replaces them."""
    record = logging.LogRecord("werkzeug", logging.INFO, __file__, 1, line, None, None)
    assert not logs.RequestIdFilter().filter(record)
    other = logging.LogRecord(
        "werkzeug", logging.INFO, __file__, 1, "Running on http://…", None, None
    )
    assert logs.RequestIdFilter().filter(other)


def test_weasyprint_progress_stays_out_of_the_log(client, md_case, capsys):
    capsys.readouterr()
    response = client.post("/api/v1/documents/mise_en_demeure?format=pdf", json=md_case)
    assert response.status_code == 200 and response.data.startswith(b"%PDF")
    lines = json_lines(capsys)
    assert [x["logger"] for x in lines if x["logger"].startswith("weasyprint")] == []
    assert any(x["logger"] == "litige.access" for x in lines)
