"""End to end in headless Chromium: an editor fixes, previews and publishes a template."""

from __future__ import annotations

import io
import os

import docx
import pytest

from tests.api_support import make_app
from tests.conftest import EXAMPLES, pdf_text
from tests.e2e_support import new_page, serve
from tests.library_support import PASSWORD, TITLE, variant
from web.users import create_user

sync_api = pytest.importorskip("playwright.sync_api")
pytest_plugins = ["tests.e2e_fixtures"]

FAULTY = variant({"{{ date_lettre|date_longue }}": "{{ date_letre|date_longue }}"})
FIXED = variant({TITLE: f"{TITLE} SANS DÉLAI"})


@pytest.fixture(scope="module")
def base_url(tmp_path_factory):
    """The app with CSRF protection on and one editor, on a free port of 127.0.0.1."""
    app = make_app(tmp_path_factory.mktemp("e2e-modeles"), SECRET_KEY=os.urandom(32))
    app.config["WTF_CSRF_ENABLED"] = True
    with app.app_context():
        create_user("anne", PASSWORD, role="editor")
    yield from serve(app)


def test_fix_preview_publish_and_generate(browser, base_url, camera, tmp_path):
    context, page, problems = new_page(browser, base_url)
    expect = sync_api.expect

    # Log in; the library lists the four templates in force.
    page.goto("/modeles/")
    page.get_by_label("Identifiant").fill("anne")
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Modèles Word des documents")
    expect(page.locator("table.library tbody tr")).to_have_count(5)
    camera.shoot(page, "modeles-1-bibliotheque", phone=True)
    page.get_by_role("link", name="Mise en demeure de payer").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Mise en demeure de payer")

    # A faulty template: kept as a refused draft, its problem located.
    faulty = tmp_path / "mise_en_demeure.docx"
    faulty.write_bytes(FAULTY)
    page.set_input_files("#fichier", str(faulty))
    page.get_by_label("Ce qui change").fill("Nouvelle date")
    page.get_by_role("button", name="Déposer et vérifier").click()
    expect(page.get_by_role("heading", level=2, name="1 problème à corriger")).to_be_visible()
    report = page.locator("section.report")
    expect(report).to_contain_text("variable inconnue « date_letre »")
    expect(report).to_contain_text("vouliez-vous dire « date_lettre »")
    expect(report).to_contain_text("corps du document, paragraphe")
    expect(page.get_by_role("button", name="Publier cette version")).to_have_count(0)
    camera.shoot(page, "modeles-2-rapport", phone=True, full=True)

    # The fixed one, uploaded from the report page: checked, previewed, published.
    fixed = tmp_path / "mise_en_demeure_corrige.docx"
    fixed.write_bytes(FIXED)
    page.set_input_files("#fichier", str(fixed))
    page.get_by_label("Ce qui change").fill("Titre plus ferme")
    page.get_by_role("button", name="Déposer et vérifier").click()
    # Four trial renders (DOCX and PDF of each example) take a few seconds.
    expect(page.get_by_text("toutes les vérifications sont passées")).to_be_visible(timeout=90_000)
    frame = page.locator("iframe.pdf-preview")
    source = frame.get_attribute("src")
    preview = context.request.get(source)
    assert preview.status == 200 and preview.headers["content-type"] == "application/pdf"
    assert f"{TITLE} SANS DÉLAI" in pdf_text(preview.body(), tmp_path)
    camera.shoot(page, "modeles-3-apercu", phone=True)
    page.get_by_role("button", name="Publier cette version").click()
    expect(page.get_by_text("elle est désormais en vigueur")).to_be_visible()
    expect(page.locator("ul.log")).to_contain_text("anne : publication de la version")
    expect(page.locator("tr.current")).to_contain_text("Titre plus ferme")
    camera.shoot(page, "modeles-4-publiee", phone=True, full=True)

    # What changed, side by side.
    page.get_by_role("button", name="Comparer").click()
    expect(page.locator("table.diff")).to_contain_text(f"Objet : {TITLE} SANS DÉLAI")
    camera.shoot(page, "modeles-5-comparaison", phone=True, full=True)

    # A business owner's document now shows the change.
    page.goto("/documents/mise-en-demeure")
    page.get_by_text("Reprendre un dossier enregistré").click()
    page.set_input_files("#dossier", str(EXAMPLES / "mise_en_demeure" / "b2b_penalites_bce.json"))
    page.get_by_role("button", name="Charger le dossier").click()
    page.get_by_text("Dossier chargé").wait_for()
    page.get_by_role("button", name="Vérifier et continuer").click()
    target = page.get_by_role("button", name="Word (DOCX)", exact=True)
    target.scroll_into_view_if_needed()
    with page.expect_download() as info:
        target.click()
    saved = tmp_path / info.value.suggested_filename
    info.value.save_as(saved)
    word = docx.Document(io.BytesIO(saved.read_bytes()))
    assert f"{TITLE} SANS DÉLAI" in "\n".join(p.text for p in word.paragraphs)
    assert word.core_properties.identifier.startswith("modele-sha256:")
    context.close()
    assert problems == []
