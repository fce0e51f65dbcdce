"""End to end in headless Chromium: log in, upload the model sheet, read the report, get the ZIP."""

from __future__ import annotations

import io
import os
import zipfile

import docx
import pytest

from docgen.bulk import unpaid
from tests.api_support import make_app
from tests.conftest import EXAMPLES
from tests.e2e_support import new_page, serve
from web.users import create_user

sync_api = pytest.importorskip("playwright.sync_api")
pytest_plugins = ["tests.e2e_fixtures"]

PASSWORD = "cheval correct pile agrafe"


@pytest.fixture(scope="module")
def base_url(tmp_path_factory):
    """The app with CSRF protection on and one account, on a free port of 127.0.0.1."""
    app = make_app(tmp_path_factory.mktemp("e2e-impayes"), SECRET_KEY=os.urandom(32))
    app.config["WTF_CSRF_ENABLED"] = True
    with app.app_context():
        create_user("marie", PASSWORD)
    yield from serve(app)


def test_log_in_upload_the_model_and_download_the_letters(browser, base_url, camera, tmp_path):
    context, page, problems = new_page(browser, base_url)

    page.goto("/impayes")
    sync_api.expect(page.get_by_role("heading", level=1)).to_have_text("Connexion")
    page.get_by_label("Identifiant").fill("marie")
    page.get_by_label("Mot de passe").fill(PASSWORD)
    camera.shoot(page, "impayes-1-connexion", phone=True)
    page.get_by_role("button", name="Se connecter").click()
    heading = page.get_by_role("heading", level=1)
    sync_api.expect(heading).to_have_text("Mises en demeure depuis un tableur")
    sync_api.expect(page.get_by_text("Connecté : marie")).to_be_visible()

    page.get_by_text("Reprendre des réglages enregistrés").click()
    case_file = EXAMPLES / "mise_en_demeure" / "b2b_penalites_bce.json"
    page.set_input_files("#dossier", str(case_file))
    page.get_by_role("button", name="Charger les réglages").click()
    page.get_by_text("Réglages chargés").wait_for()
    model = tmp_path / "modele.xlsx"
    model.write_bytes(unpaid.model_workbook())
    page.set_input_files("#fichier", str(model))
    camera.shoot(page, "impayes-2-formulaire", phone=True, full=True)
    page.get_by_role("button", name="Vérifier le fichier").click()

    sync_api.expect(page.get_by_role("heading", level=1)).to_have_text("Vérification : modele.xlsx")
    sync_api.expect(page.locator("#bilan")).to_have_text("1 lettre à produire, 0 ligne refusée.")
    sync_api.expect(page.locator("#lettres")).to_contain_text("Dupont & Fils")
    sync_api.expect(page.locator("#lettres")).to_contain_text("4 550,00 €")
    camera.shoot(page, "impayes-3-verification", phone=True, full=True)

    with page.expect_download() as info:
        page.get_by_role("button", name="Les lettres en PDF et Word (ZIP)").click()
    assert info.value.suggested_filename == "mises_en_demeure.zip"
    saved = tmp_path / "lettres.zip"
    info.value.save_as(saved)
    archive = zipfile.ZipFile(saved)
    [word] = [n for n in archive.namelist() if n.endswith(".docx")]
    assert word.startswith("Dupont & Fils/")
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(archive.read(word))).paragraphs)
    assert "F-2026-011" in text and "F-2026-019" in text
    assert "lignes_refusees.csv" in archive.namelist()

    page.get_by_role("button", name="Se déconnecter").click()
    sync_api.expect(page.get_by_text("Vous êtes déconnecté.")).to_be_visible()
    context.close()
    assert problems == []
