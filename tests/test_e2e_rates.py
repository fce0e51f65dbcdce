"""End to end in headless Chromium: a rate the server lacks, given with its source, or a stop."""

from __future__ import annotations

import json

import pytest

from tests.api_support import docx_text
from tests.conftest import EXAMPLES
from tests.test_e2e import download, submit

sync_api = pytest.importorskip("playwright.sync_api")
pytest_plugins = ["tests.e2e_fixtures"]

MISSING = "Le taux applicable au 2e semestre 2026 n'est pas encore enregistré sur ce serveur"
SOURCE = "communiqué de la BCE du 5 juin 2025 (valeur d'essai)"


def open_later_letter(page, tmp_path) -> None:
    """The formal notice between professionals, dated 7 December 2026, loaded and checked."""
    case = json.loads((EXAMPLES / "mise_en_demeure" / "b2b_penalites_bce.json").read_text())
    case["date_lettre"] = "2026-12-07"  # the seed has no ECB rate after 30 June 2026
    saved = tmp_path / "dossier.json"
    saved.write_text(json.dumps(case, ensure_ascii=False), encoding="utf-8")
    page.goto("/documents/mise-en-demeure")
    page.get_by_text("Reprendre un dossier enregistré").click()
    page.set_input_files("#dossier", str(saved))
    page.get_by_role("button", name="Charger le dossier").click()
    page.get_by_text("Dossier chargé").wait_for()
    sync_api.expect(page.get_by_text("Taux non encore enregistrés sur ce serveur")).to_have_count(0)
    submit(page)
    box = page.locator("#taux-manquant")
    sync_api.expect(box.get_by_role("heading", level=2)).to_have_text(MISSING)
    sync_api.expect(box).to_contain_text("taux de la BCE en vigueur au 1er juillet 2026")


def test_the_missing_rate_given_with_its_source(page, camera, tmp_path):
    open_later_letter(page, tmp_path)
    camera.shoot(page, "taux-1-manquant", phone=True)
    sync_api.expect(page.get_by_role("link", name="Consulter les communiqués de presse de la BCE"))
    page.get_by_role("button", name="Indiquer le taux et sa source").click()
    section = page.locator("#taux")
    sync_api.expect(section).to_contain_text("Taux non encore enregistrés sur ce serveur")
    sync_api.expect(section.get_by_label("Semestre")).to_have_value("2026-S2")
    section.get_by_label("Taux annuel (en %)").fill("2,15")
    section.get_by_label("Source").fill(SOURCE)
    camera.shoot_element(section, "taux-2-indique")
    submit(page)
    sync_api.expect(page.get_by_role("heading", level=1)).to_contain_text("Vérification")
    sync_api.expect(page.locator(".figures").filter(has_text="Taux indiqués")).to_contain_text(
        SOURCE
    )
    _name, word = download(page, "Word (DOCX)", tmp_path)

    words = " ".join(docx_text(word).split())
    assert "Taux retenu : taux de refinancement de la BCE pour le 2e semestre 2026, 2,15 %" in words


def test_the_computation_stopped_at_the_last_day_covered(page, camera, tmp_path):
    open_later_letter(page, tmp_path)
    page.get_by_role("button", name="Arrêter le calcul au 30 juin 2026").click()
    sync_api.expect(page.get_by_role("heading", level=1)).to_contain_text("Vérification")
    claim = page.locator(".figures").filter(has_text="Sommes réclamées")
    sync_api.expect(claim).to_contain_text("Pénalités de retard, arrêtées au 30 juin 2026")
    sync_api.expect(claim).to_contain_text("(à parfaire)")
    camera.shoot_element(claim, "taux-3-arrete")
