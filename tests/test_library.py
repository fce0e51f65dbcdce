"""The template library: editors upload, check, preview, publish and roll back versions."""

from __future__ import annotations

import hashlib
import io
import itertools
import json
import os
import re
import threading
import time
import urllib.request

import pytest
from docx import Document
from lxml import html as lxml_html
from pypdf import PdfReader
from werkzeug.serving import make_server

import docgen.files
from docgen.bounded import DEFAULT_LIMITS
from tests.api_support import docx_text, open_zip
from tests.conftest import example_case, pdf_text
from tests.library_support import (
    SHIPPED,
    TITLE,
    hidden,
    library_app,
    logged_in,
    page_text,
    upload,
    variant,
)
from web import store
from web.models import TemplateEvent, TemplateVersion
from web.tokens import create_token

_serial = itertools.count()
SHIPPED_SHA = hashlib.sha256(SHIPPED).hexdigest()
FAULTY = variant({"{{ date_lettre|date_longue }}": "{{ date_letre|date_longue }}"})
FIXED = variant({TITLE: f"{TITLE} SANS DÉLAI"})
FIXED_SHA = hashlib.sha256(FIXED).hexdigest()


@pytest.fixture
def app(tmp_path):
    return library_app(tmp_path)


@pytest.fixture
def anne(app):
    return logged_in(app, "anne")


def versions(app) -> list[TemplateVersion]:
    with app.app_context():
        from web.db import db

        return list(db.session.scalars(db.select(TemplateVersion).order_by(TemplateVersion.id)))


def previews_counted(app) -> float:
    """Template previews produced so far, as /metrics counts them."""
    text = app.test_client().get("/metrics").get_data(as_text=True)
    found = re.search(
        r'litige_generations_total\{format="pdf",outcome="ok",source="template-preview",'
        r'type="mise_en_demeure"\} ([\d.]+)',
        text,
    )
    return float(found.group(1)) if found else 0.0


def generate_through_api(app, fmt: str = "docx"):
    with app.app_context():
        token = create_token(f"cabinet-{next(_serial)}")
    client = app.test_client()
    return client.post(
        f"/api/v1/documents/mise_en_demeure?format={fmt}",
        json=example_case("mise_en_demeure", "b2b_penalites_bce"),
        headers={"Authorization": f"Bearer {token}"},
    )


def test_only_editors_reach_the_library(app):
    assert app.test_client().get("/modeles/").status_code == 302
    assert logged_in(app, "ugo").get("/modeles/mise_en_demeure").status_code == 403
    response = logged_in(app, "anne").get("/modeles/")
    assert response.status_code == 200
    text = page_text(response)
    for label in (
        "Conditions générales de vente",
        "Relance amiable",
        "Mise en demeure de payer",
        "Protocole transactionnel",
        "Requête en injonction de payer",
    ):
        assert label in text
    assert text.count("livrée avec l'application") == 5
    assert SHIPPED_SHA[:12] in text


def test_faulty_then_fixed_version_published_and_used_everywhere(app, anne, tmp_path):
    page = anne.get("/modeles/mise_en_demeure")
    assert hidden(page, "base") == SHIPPED_SHA

    # A faulty version is kept as a refused draft, with the problem located.
    faulty = upload(anne, FAULTY, SHIPPED_SHA, "coquille")
    assert faulty.status_code == 303
    report = anne.get(faulty.headers["Location"])
    text = page_text(report)
    assert "brouillon refusé" in text and "1 problème à corriger" in text
    assert "variable inconnue « date_letre »" in text
    assert re.search(r"corps du document, paragraphe \d+", text)
    assert "« {{ lieu }}, le {{ date_letre|date_longue }} »" in text
    faulty_sha = hashlib.sha256(FAULTY).hexdigest()
    refused = anne.post(
        "/modeles/mise_en_demeure/publier", data={"version": faulty_sha, "vue": SHIPPED_SHA}
    )
    assert refused.status_code == 409
    assert "ne peut pas être publiée" in page_text(refused)

    # The fixed version, saved from the faulty draft, passes every check.
    fixed = upload(anne, FIXED, faulty_sha, "titre plus ferme", name="mise_en_demeure v2.docx")
    assert fixed.status_code == 303
    page = anne.get(fixed.headers["Location"])
    text = page_text(page)
    assert "toutes les vérifications sont passées" in text
    assert "Publier cette version" in text
    [frame] = re.findall(r'<iframe[^>]*src="([^"]+)"', page.get_data(as_text=True))
    counted = previews_counted(app)
    preview = anne.get(frame.replace("&amp;", "&"))
    assert preview.status_code == 200 and preview.mimetype == "application/pdf"
    assert preview.headers["Cache-Control"] == "no-store"
    assert "frame-ancestors 'self'" in preview.headers["Content-Security-Policy"]
    assert f"{TITLE} SANS DÉLAI" in pdf_text(preview.data, tmp_path)
    assert previews_counted(app) == counted + 1

    # Until it is published, documents still come from the shipped template.
    before = generate_through_api(app)
    assert "SANS DÉLAI" not in docx_text(before.data)

    published = anne.post(
        "/modeles/mise_en_demeure/publier", data={"version": FIXED_SHA, "vue": SHIPPED_SHA}
    )
    assert published.status_code == 303
    page = anne.get("/modeles/mise_en_demeure")
    text = page_text(page)
    assert f"Version {FIXED_SHA[:12]} : elle est désormais en vigueur." in text
    assert f"anne : publication de la version {FIXED_SHA[:12]} (titre plus ferme)" in text

    # Every way of generating now uses it, and says so.
    after = generate_through_api(app)
    assert f"{TITLE} SANS DÉLAI" in docx_text(after.data)
    identifier = Document(io.BytesIO(after.data)).core_properties.identifier
    assert identifier == f"modele-sha256:{FIXED_SHA}"
    with app.app_context():
        token = create_token("lot")
    batch = app.test_client().post(
        "/api/v1/batch",
        json={
            "items": [
                {
                    "type": "mise_en_demeure",
                    "case": example_case("mise_en_demeure", "b2b_penalites_bce"),
                }
            ],
            "formats": ["pdf"],
        },
        headers={"Authorization": f"Bearer {token}"},
    )
    manifest = json.loads(open_zip(batch.data).read("manifest.json"))
    assert manifest["items"][0]["template_sha256"] == FIXED_SHA
    case = json.dumps(example_case("mise_en_demeure", "b2b_penalites_bce"), default=str)
    form_pdf = app.test_client().post(
        "/documents/mise-en-demeure/telecharger", data={"dossier": case, "format": "pdf"}
    )
    assert form_pdf.status_code == 200, form_pdf.get_data(as_text=True)[:500]
    assert f"{TITLE} SANS DÉLAI" in pdf_text(form_pdf.data, tmp_path)


def test_second_editor_saving_from_the_same_version_is_refused(app, anne):
    bruno = logged_in(app, "bruno")
    base_anne = hidden(anne.get("/modeles/mise_en_demeure"), "base")
    base_bruno = hidden(bruno.get("/modeles/mise_en_demeure"), "base")
    assert upload(anne, FIXED, base_anne).status_code == 303
    late = upload(bruno, variant({TITLE: "RELANCE"}), base_bruno, "ma version")
    assert late.status_code == 412
    text = page_text(late)
    assert "Enregistrement refusé" in text
    assert f"la version {FIXED_SHA[:12]} enregistrée par anne" in text
    assert len(versions(app)) == 2  # the shipped one and anne's: bruno's was not stored
    # Nor can bruno publish on top of a version in force he has not seen.
    assert (
        anne.post(
            "/modeles/mise_en_demeure/publier", data={"version": FIXED_SHA, "vue": SHIPPED_SHA}
        ).status_code
        == 303
    )
    stale = bruno.post(
        "/modeles/mise_en_demeure/publier", data={"version": SHIPPED_SHA, "vue": SHIPPED_SHA}
    )
    assert stale.status_code == 412
    assert "publiée par quelqu'un d'autre" in page_text(stale)


def test_rollback_is_one_click_and_logged(app, anne):
    upload(anne, FIXED, SHIPPED_SHA)
    anne.post("/modeles/mise_en_demeure/publier", data={"version": FIXED_SHA, "vue": SHIPPED_SHA})
    page = anne.get("/modeles/mise_en_demeure")
    assert "Revenir à cette version" in page_text(page)
    back = anne.post(
        "/modeles/mise_en_demeure/publier", data={"version": SHIPPED_SHA, "vue": FIXED_SHA}
    )
    assert back.status_code == 303
    text = page_text(anne.get("/modeles/mise_en_demeure"))
    assert f"Retour à la version {SHIPPED_SHA[:12]}" in text
    assert f"anne : retour à la version {SHIPPED_SHA[:12]}" in text
    with app.app_context():
        from web.db import db

        actions = [e.action for e in db.session.scalars(db.select(TemplateEvent))]
        assert actions == ["publication", "retour"]
        assert store.template_in_force("mise_en_demeure") is None
    assert "SANS DÉLAI" not in docx_text(generate_through_api(app).data)


@pytest.mark.parametrize(
    ("data", "name", "status", "message"),
    [
        (
            variant(extra={"word/vbaProject.bin": b"macro"}),
            "m.docx",
            422,
            "contenu actif (macro, ActiveX ou objet OLE) : word/vbaProject.bin",
        ),
        (b"%PDF-1.7", "m.docx", 422, "ce n'est pas un document Word .docx valide"),
        (SHIPPED, "m.doc", 422, "Seuls les modèles Word .docx sont acceptés."),
        (SHIPPED, "m.docx", 409, "Ce fichier est identique à la version"),
    ],
)
def test_refused_uploads_store_nothing(app, anne, data, name, status, message):
    response = upload(anne, data, SHIPPED_SHA, name=name)
    assert response.status_code == status
    assert message in page_text(response)
    assert len(versions(app)) == 1
    assert sorted(p.name for p in (store_folder(app) / "mise_en_demeure").iterdir()) == [
        f"{SHIPPED_SHA}.docx"
    ]


def test_missing_file_and_oversized_file(app, anne):
    response = anne.post("/modeles/mise_en_demeure/versions", data={"base": SHIPPED_SHA})
    assert response.status_code == 422
    assert "Choisissez le fichier .docx du modèle." in page_text(response)
    app.config["TEMPLATE_MAX_BYTES"] = 100 * 1024
    big = upload(anne, b"0" * (100 * 1024 + 1), SHIPPED_SHA)
    assert big.status_code == 413
    assert "Fichier trop volumineux : 100 Ko au plus." in page_text(big)


def store_folder(app):
    with app.app_context():
        return store.folder()


def test_full_disk_while_writing_a_version_keeps_the_version_in_force(app, anne, monkeypatch):
    upload(anne, FIXED, SHIPPED_SHA)
    anne.post("/modeles/mise_en_demeure/publier", data={"version": FIXED_SHA, "vue": SHIPPED_SHA})
    folder = store_folder(app) / "mise_en_demeure"
    before = sorted(p.name for p in folder.iterdir())

    def full(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(docgen.files.os, "fsync", full)
    response = upload(anne, variant({TITLE: "AUTRE"}), FIXED_SHA)
    assert response.status_code == 503
    assert "disque plein" in page_text(response)
    monkeypatch.undo()
    assert sorted(p.name for p in folder.iterdir()) == before  # no temporary file left behind
    assert len(versions(app)) == 2
    with app.app_context():
        assert hashlib.sha256(store.template_in_force("mise_en_demeure")).hexdigest() == FIXED_SHA
    assert "SANS DÉLAI" in docx_text(generate_through_api(app).data)


def test_interrupted_publication_keeps_the_previous_version(app, anne, monkeypatch):
    upload(anne, FIXED, SHIPPED_SHA)
    real_replace = os.replace

    def killed(src, dst):
        if str(dst).endswith(store.IN_FORCE):
            raise OSError(5, "Input/output error")
        return real_replace(src, dst)

    monkeypatch.setattr(docgen.files.os, "replace", killed)
    response = anne.post(
        "/modeles/mise_en_demeure/publier", data={"version": FIXED_SHA, "vue": SHIPPED_SHA}
    )
    assert response.status_code == 503
    monkeypatch.undo()
    with app.app_context():
        from web.db import db

        assert db.session.scalars(db.select(TemplateEvent)).all() == []
        assert store.template_in_force("mise_en_demeure") is None
    assert "SANS DÉLAI" not in docx_text(generate_through_api(app).data)


def test_an_altered_file_in_force_stops_generation_with_a_clear_503(app, anne):
    upload(anne, FIXED, SHIPPED_SHA)
    anne.post("/modeles/mise_en_demeure/publier", data={"version": FIXED_SHA, "vue": SHIPPED_SHA})
    path = store_folder(app) / "mise_en_demeure" / f"{FIXED_SHA}.docx"
    path.write_bytes(SHIPPED)
    response = generate_through_api(app)
    assert response.status_code == 503
    assert "contenu altéré" in response.get_json()["detail"]


def test_endless_template_is_stopped_and_reported(app, anne, monkeypatch):
    monkeypatch.setitem(DEFAULT_LIMITS, "seconds", 2)
    looping = variant(
        {TITLE: "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}"}
    )
    response = upload(anne, looping, SHIPPED_SHA)
    assert response.status_code == 303
    text = page_text(anne.get(response.headers["Location"]))
    assert "limite de temps (2 s)" in text
    assert "exemple « b2b_penalites_bce »" in text


def test_memory_bomb_is_stopped_and_reported(app, anne, monkeypatch):
    monkeypatch.setitem(DEFAULT_LIMITS, "memory_mb", 400)
    bomb = variant({TITLE: "{{ (('x' * 1000) * 1000) * 1000 }}"})
    response = upload(anne, bomb, SHIPPED_SHA)
    text = page_text(anne.get(response.headers["Location"]))
    assert "limite de mémoire (400 Mo)" in text, text[text.find("problème") :]


def test_download_any_version_exactly(app, anne):
    upload(anne, FIXED, SHIPPED_SHA)
    for digest, data in ((SHIPPED_SHA, SHIPPED), (FIXED_SHA, FIXED)):
        response = anne.get(f"/modeles/mise_en_demeure/versions/{digest}.docx")
        assert response.status_code == 200 and response.data == data
        assert response.headers["Cache-Control"] == "no-store"
    assert anne.get(f"/modeles/mise_en_demeure/versions/{'0' * 64}.docx").status_code == 404
    assert anne.get("/modeles/inconnu").status_code == 404
    assert anne.get("/modeles/mise_en_demeure/versions/..%2F..%2Fetc.docx").status_code == 404


def test_forms_need_their_csrf_token(tmp_path):
    app = library_app(tmp_path, WTF_CSRF_ENABLED=True)
    client = app.test_client()
    page = client.get("/connexion").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    client.post(
        "/connexion",
        data={"name": "anne", "password": "un mot de passe de juriste", "csrf_token": token},
    )
    assert upload(client, FIXED, SHIPPED_SHA).status_code == 400
    forged = client.post(
        "/modeles/mise_en_demeure/publier", data={"version": SHIPPED_SHA, "vue": SHIPPED_SHA}
    )
    assert forged.status_code == 400
    assert [v for v in versions(app) if v.author_id] == []


def test_diff_between_two_versions(app, anne):
    edited = variant(
        {
            TITLE: f"{TITLE} SANS DÉLAI",
            "{{ mode_envoi_libelle }}": "{{ mode_envoi_libelle }} — réf. {{ reference_dossier }}",
        }
    )
    upload(anne, edited, SHIPPED_SHA)
    digest = hashlib.sha256(edited).hexdigest()
    response = anne.get(f"/modeles/mise_en_demeure/comparer?de={SHIPPED_SHA}&a={digest}")
    assert response.status_code == 200
    tree = lxml_html.fromstring(response.get_data(as_text=True))
    added = [" ".join(li.text_content().split()) for li in tree.xpath("//ul[@class='added']/li")]
    assert added == ["reference_dossier"]
    changed = [
        [" ".join(td.text_content().split()) for td in tr.xpath("td")]
        for tr in tree.xpath("//table[@class='diff']//tr[@class='changed']")
    ]
    assert ["corps du document", f"Objet : {TITLE}", f"Objet : {TITLE} SANS DÉLAI"] in changed
    same = anne.get(f"/modeles/mise_en_demeure/comparer?de={digest}&a={digest}")
    assert "Aucune différence" in page_text(same)
    assert anne.get(f"/modeles/mise_en_demeure/comparer?de={digest}&a=abc").status_code == 404


def test_variable_reference_page_and_one_page_pdf(app, anne, tmp_path):
    page = anne.get("/modeles/mise_en_demeure/variables")
    assert page.status_code == 200
    text = page_text(page)
    assert "Variables du modèle — Mise en demeure de payer" in text
    assert "creancier.designation" in text and "montant_en_lettres" in text
    assert "{%tr for facture in factures %}" in text
    pdf = anne.get("/modeles/mise_en_demeure/variables.pdf")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    assert len(PdfReader(io.BytesIO(pdf.data)).pages) == 1
    assert "creancier.designation" in pdf_text(pdf.data, tmp_path)
    assert app.test_client().get("/modeles/mise_en_demeure/variables.pdf").status_code == 302


def test_the_server_keeps_answering_during_a_runaway_trial(app, anne, monkeypatch):
    monkeypatch.setitem(DEFAULT_LIMITS, "seconds", 4)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    looping = variant(
        {TITLE: "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}"}
    )
    finished = {}

    def editor_uploads() -> None:
        finished["response"] = upload(anne, looping, SHIPPED_SHA)

    worker = threading.Thread(target=editor_uploads)
    started = time.monotonic()
    worker.start()
    try:
        time.sleep(1)
        for _ in range(5):
            asked = time.monotonic()
            url = f"http://127.0.0.1:{server.server_port}/health"
            with urllib.request.urlopen(url, timeout=5) as reply:
                assert reply.status == 200
            assert time.monotonic() - asked < 1
        assert worker.is_alive()  # the trial render is still running meanwhile
    finally:
        worker.join(timeout=120)
        server.shutdown()
        thread.join(timeout=10)
        server.server_close()
    assert finished["response"].status_code == 303
    assert time.monotonic() - started < 60


def test_a_type_without_examples_is_checked_and_published_without_preview(app, anne, monkeypatch):
    import docgen.word.trial

    monkeypatch.setattr(
        docgen.word.trial, "EXAMPLES_DIR", docgen.word.trial.EXAMPLES_DIR / "nulle-part"
    )
    response = upload(anne, FIXED, SHIPPED_SHA)
    page = anne.get(response.headers["Location"])
    assert page.status_code == 200
    assert "<iframe" not in page.get_data(as_text=True)
    assert "Publier cette version" in page_text(page)
    assert anne.get(f"/modeles/mise_en_demeure/versions/{FIXED_SHA}/apercu.pdf").status_code == 404
