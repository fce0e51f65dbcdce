"""The dossier pages: a dispute from the first reminder to the requête, private to its owner."""

from __future__ import annotations

import hashlib
import io
import json
import logging
import re
import zipfile

import pytest
import time_machine
from lxml import html as lxml_html

from docgen import get_type
from docgen.dossier.facts import Dossier
from forms.data import to_formdata
from forms.dossier import known_facts
from forms.spec import model_spec, part_spec
from tests.api_support import make_app
from tests.legal_text import docx_text, normalize
from tests.test_dossier import b2b_dossier
from web.users import create_user

PASSWORD = "un mot de passe assez long"
TODAY = "2026-06-01"


@pytest.fixture
def app(tmp_path):
    # a dispute lasts months: the test's login lasts as long (a real one ends after 12 hours)
    app = make_app(tmp_path, WTF_CSRF_ENABLED=False, GENERATION_WORKERS=1, SESSION_HOURS=24 * 3650)
    with app.app_context():
        create_user("marie", PASSWORD)
        create_user("paul", PASSWORD)
    return app


def login(app, name="marie"):
    client = app.test_client()
    response = client.post("/connexion", data={"name": name, "password": PASSWORD})
    assert response.status_code == 302
    return client


@pytest.fixture
def travel():
    with time_machine.travel(TODAY, tick=False) as traveller:
        yield traveller


def page_text(response) -> str:
    root = lxml_html.fromstring(response.get_data(as_text=True))
    for tag in root.iter("script", "style"):
        tag.text = ""
    return normalize(" ".join(root.itertext()))


def facts_form(dossier: Dossier | None = None):
    facts = (dossier or b2b_dossier()).model_dump(mode="json", round_trip=True, exclude_none=True)
    return to_formdata(facts, model_spec(Dossier))[0]


def create(client) -> str:
    response = client.post("/dossiers/nouveau", data=facts_form())
    assert response.status_code == 302, page_text(response)
    return response.headers["Location"]


def modify(client, url, dossier):
    """Save new facts from the edit form, with the version it was opened on."""
    page = client.get(f"{url}/modifier").get_data(as_text=True)
    data = facts_form(dossier)
    data["version"] = re.search(r'name="version" value="([^"]+)"', page).group(1)
    return client.post(f"{url}/modifier", data=data)


def event(client, url, **data):
    return client.post(f"{url}/evenements", data=data)


def stage(doc_type: str, additions: dict):
    spec = part_spec(get_type(doc_type).facts, known_facts(doc_type))
    return to_formdata(additions, spec)[0]


def make(client, url, doc_type, additions):
    response = client.post(f"{url}/documents/{doc_type}", data=stage(doc_type, additions))
    assert response.status_code == 302, page_text(response)
    assert "#document-" in response.headers["Location"]
    return response


def documents(client, url) -> dict[str, str]:
    page = client.get(url).get_data(as_text=True)
    links: dict[str, str] = {}  # the latest document comes first
    for found in re.finditer(rf"{url}/documents/(\d+)/(pdf|docx)", page):
        links.setdefault(found.group(2), found.group(0))
    return links


def latest(client, url, fmt="docx") -> bytes:
    response = client.get(documents(client, url)[fmt])
    assert response.status_code == 200
    return response.data


def test_a_dispute_from_the_reminder_to_the_requete(app, travel):
    travel.move_to("2026-04-15")
    client = login(app)
    url = create(client)
    page = page_text(client.get(url))
    assert "Impayé Dupont & Fils" in page and "Envoyer une relance amiable" in page
    assert "Principal restant dû 3 400,00 €" in page

    make(client, url, "relance", {"date_lettre": "2026-04-15", "mode_envoi": "lettre_simple"})
    assert (
        event(client, url, type="relance", date="2026-04-15", moyen="lettre_simple").status_code
        == 302
    )
    text = normalize(docx_text(latest(client, url)))
    # 2 400 × 12,15 % × 60/365 = 47,93 ; 1 000 × 12,15 % × 14/365 = 4,66
    assert "Objet : RELANCE" in text and "total : 3 532,59 €" in text

    travel.move_to("2026-05-05")
    make(
        client,
        url,
        "mise_en_demeure",
        {"date_lettre": "2026-05-05", "delai_jours": 8, "mode_envoi": "lettre_recommandee_ar"},
    )
    text = normalize(docx_text(latest(client, url)))
    assert "MISE EN DEMEURE DE PAYER" in text and "lettre simple du 15 avril 2026" in text
    sent = event(
        client,
        url,
        type="mise_en_demeure",
        date="2026-05-05",
        mode="lettre_recommandee_ar",
        delai_jours="8",
    )
    assert sent.status_code == 302
    travel.move_to("2026-05-08")
    assert event(client, url, type="reception", date="2026-05-07", statut="recu").status_code == 302
    page = page_text(client.get(url))
    assert "Attendre la fin du délai de la mise en demeure — 13/05/2026" in page

    travel.move_to("2026-05-20")
    assert event(client, url, type="paiement", date="2026-05-20", montant="1000").status_code == 302
    too_much = event(client, url, type="paiement", date="2026-05-20", montant="2400.01")
    assert too_much.status_code == 422
    assert "dépasse le reste dû à cette date (2 400,00 €)" in page_text(too_much)

    travel.move_to(TODAY)
    note = "Joint le 19 mai : second versement promis."
    dossier = b2b_dossier().model_copy(update={"notes": note})
    assert modify(client, url, dossier).status_code == 302
    make(
        client,
        url,
        "injonction_de_payer",
        {"date_requete": TODAY, "fondement": {"nature": "devis", "date": "2026-01-05"}},
    )
    text = normalize(docx_text(latest(client, url)))
    assert "Mise en demeure du 5 mai 2026" in text
    assert "Avis de réception de la mise en demeure, signé le 7 mai 2026" in text
    assert "2 581,80 €" in text  # 2 400 + 75,90 + 5,59 + 20,31 + 80: the payment deducted
    page = page_text(client.get(url))
    assert "Principal restant dû 2 400,00 €" in page
    assert "Paiements reçus depuis l'ouverture du dossier : 1 000,00 €" in page


def test_a_kept_document_comes_back_byte_for_byte(app, travel, tmp_path):
    client = login(app)
    url = create(client)
    make(client, url, "relance", {"date_lettre": TODAY, "mode_envoi": "lettre_simple"})
    pdf = latest(client, url, "pdf")
    kept = list((tmp_path / "dossiers").rglob("*.pdf"))
    assert [p.read_bytes() for p in kept] == [pdf]
    assert kept[0].stem == hashlib.sha256(pdf).hexdigest()
    assert pdf.startswith(b"%PDF") and latest(client, url, "pdf") == pdf
    kept[0].write_bytes(b"%PDF altered")
    response = client.get(documents(client, url)["pdf"])
    assert response.status_code == 503 and "absent ou altéré" in page_text(response)


def test_the_export_holds_the_facts_the_timeline_and_the_documents(app, travel):
    client = login(app)
    url = create(client)
    event(client, url, type="relance", date="2026-04-15", moyen="courriel")
    make(client, url, "relance", {"date_lettre": TODAY, "mode_envoi": "lettre_simple"})
    response = client.get(f"{url}/export")
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    archive = zipfile.ZipFile(io.BytesIO(response.data))
    record = json.loads(archive.read("dossier.json"))
    assert record["intitule"] == "Impayé Dupont & Fils"
    assert record["evenements"] == [{"type": "relance", "date": "2026-04-15", "moyen": "courriel"}]
    [document] = record["documents"]
    assert document["type"] == "relance" and len(document["modele_sha256"]) == 64
    names = sorted(archive.namelist())
    assert names[0] == "documents/0001_relance_dupont-fils-sarl_2026-06-01.docx"
    pdf = archive.read("documents/0001_relance_dupont-fils-sarl_2026-06-01.pdf")
    assert hashlib.sha256(pdf).hexdigest() == document["fichiers"]["pdf"]


def test_a_deleted_dossier_leaves_nothing(app, travel, tmp_path):
    client = login(app)
    url = create(client)
    make(client, url, "relance", {"date_lettre": TODAY, "mode_envoi": "lettre_simple"})
    unconfirmed = client.post(f"{url}/supprimer", data={})
    assert unconfirmed.status_code == 302 and client.get(url).status_code == 200
    response = client.post(f"{url}/supprimer", data={"confirmer": "oui"})
    assert response.status_code == 302 and response.headers["Location"] == "/dossiers"
    assert client.get(url).status_code == 404
    assert not any((tmp_path / "dossiers").rglob("*.*"))


def test_a_settled_dossier_is_purged_after_its_retention_period(app, travel):
    client = login(app)
    url = create(client)
    event(client, url, type="paiement", date=TODAY, montant="3400")
    page = page_text(client.get(url))
    assert "étape : Soldé (clos le 01/06/2026 ; supprimé le 01/06/2031" in page
    runner = app.test_cli_runner()
    travel.move_to("2031-05-31")
    assert "0 dossier(s) supprimé(s)" in runner.invoke(args=["dossiers", "purge"]).output
    travel.move_to("2031-06-01")
    assert "1 dossier(s) supprimé(s)" in runner.invoke(args=["dossiers", "purge"]).output
    assert login(app).get(url).status_code == 404


ROUTES = [
    ("get", ""),
    ("get", "/modifier"),
    ("post", "/modifier"),
    ("post", "/evenements"),
    ("get", "/documents/relance"),
    ("post", "/documents/relance"),
    ("get", "/documents/1/pdf"),
    ("get", "/export"),
    ("post", "/supprimer"),
]


@pytest.mark.parametrize(("method", "path"), ROUTES)
def test_another_users_dossier_does_not_exist_for_him(app, travel, method, path):
    owner = login(app)
    url = create(owner)
    make(owner, url, "relance", {"date_lettre": TODAY, "mode_envoi": "lettre_simple"})
    other = login(app, "paul")
    data = {"confirmer": "oui", "type": "relance", "date": TODAY, "moyen": "sms"}
    response = getattr(other, method)(url + path, data=data if method == "post" else None)
    assert response.status_code == 404
    assert "Impayé" not in response.get_data(as_text=True)
    assert other.get("/dossiers").status_code == 200
    assert "Impayé Dupont" not in page_text(other.get("/dossiers"))
    assert owner.get(url).status_code == 200  # untouched


def test_the_pages_need_an_account(app):
    response = app.test_client().get("/dossiers")
    assert response.status_code == 302 and response.headers["Location"].startswith("/connexion")


def test_the_list_filters_by_stage_date_and_name(app, travel):
    client = login(app)
    first = create(client)
    create(client)
    event(client, first, type="relance", date="2026-05-15", moyen="sms")
    assert "2 dossiers." in page_text(client.get("/dossiers"))
    assert "1 dossier correspondant aux filtres." in page_text(
        client.get("/dossiers?etape=relance")
    )
    assert "0 dossier correspondant" in page_text(client.get("/dossiers?q=Martin"))
    assert "2 dossiers correspondants" in page_text(client.get("/dossiers?q=dupont"))
    assert "2 dossiers correspondants" in page_text(client.get("/dossiers?q=IMPAYE+fils"))
    assert "0 dossier correspondant" in page_text(client.get("/dossiers?q=%25"))


def test_invalid_facts_are_shown_next_to_their_field(app, travel):
    client = login(app)
    data = facts_form()
    data["factures-0-montant_ttc"] = "mille"
    response = client.post("/dossiers/nouveau", data=data)
    assert response.status_code == 422
    assert "montant invalide : nombre attendu (ex. 1234.56)" in page_text(response)


def test_no_case_fact_reaches_the_log(app, travel, caplog):
    caplog.set_level(logging.DEBUG)
    client = login(app)
    url = create(client)
    event(client, url, type="paiement", date=TODAY, montant="99999")  # refused
    make(client, url, "relance", {"date_lettre": TODAY, "mode_envoi": "lettre_simple"})
    logged = "\n".join(r.getMessage() for r in caplog.records)
    for fact in ("Dupont", "Moreau", "F-2026-011", "2 400", "Tanneurs"):
        assert fact not in logged


def test_every_form_of_a_dossier_needs_its_csrf_token(tmp_path, travel):
    app = make_app(tmp_path, GENERATION_WORKERS=1)  # CSRF protection on, as in production
    with app.app_context():
        create_user("marie", PASSWORD)
    client = app.test_client()
    login_page = client.get("/connexion").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', login_page).group(1)
    data = {"csrf_token": token, "name": "marie", "password": PASSWORD}
    assert client.post("/connexion", data=data).status_code == 302
    refused = client.post("/dossiers/nouveau", data=facts_form())
    assert refused.status_code == 400
    assert "La page a expiré ou ne provient pas de ce site" in page_text(refused)
    assert 'value="Impayé Dupont &amp; Fils"' in refused.get_data(as_text=True)  # kept
    assert "0 dossier." in page_text(client.get("/dossiers"))


def test_an_edit_made_on_a_stale_dossier_is_refused_and_kept_on_the_page(app, travel):
    client = login(app)
    url = create(client)
    page = client.get(f"{url}/modifier").get_data(as_text=True)
    version = re.search(r'name="version" value="([^"]+)"', page).group(1)
    travel.shift(60)
    event(client, url, type="relance", date="2026-05-15", moyen="sms")  # the dossier moves on
    data = facts_form(b2b_dossier().model_copy(update={"intitule": "Nouvel intitulé"}))
    data["version"] = version
    refused = client.post(f"{url}/modifier", data=data)
    assert refused.status_code == 409
    assert "Ce dossier a été modifié entre-temps" in page_text(refused)
    assert 'value="Nouvel intitulé"' in refused.get_data(as_text=True)
    assert "Impayé Dupont & Fils" in page_text(client.get(url))
    fresh = client.get(f"{url}/modifier").get_data(as_text=True)
    data["version"] = re.search(r'name="version" value="([^"]+)"', fresh).group(1)
    assert client.post(f"{url}/modifier", data=data).status_code == 302
    assert "Nouvel intitulé" in page_text(client.get(url))
