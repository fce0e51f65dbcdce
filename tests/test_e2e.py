"""End to end in headless Chromium: a person fills each form, fixes an error, downloads."""

from __future__ import annotations

import io
from pathlib import Path

import docx
import pytest

from tests.conftest import EXAMPLES, pdf_text
from tests.e2e_support import DESKTOP, Camera

sync_api = pytest.importorskip("playwright.sync_api")
pytest_plugins = ["tests.e2e_fixtures"]


def open_form(page, label: str) -> None:
    page.goto("/")
    page.get_by_role("link", name=label).click()
    page.get_by_role("heading", level=1, name=label).wait_for()


def load_example(page, doc_type: str, name: str) -> None:
    page.get_by_text("Reprendre un dossier enregistré").click()
    page.set_input_files("#dossier", str(EXAMPLES / doc_type / f"{name}.json"))
    page.get_by_role("button", name="Charger le dossier").click()
    page.get_by_text("Dossier chargé").wait_for()


def submit(page) -> None:
    page.get_by_role("button", name="Vérifier et continuer").click()
    page.wait_for_load_state()


def expect_error(page, field_id: str, message: str) -> None:
    error = page.locator(f"#{field_id}-erreur")
    sync_api.expect(error).to_contain_text(message)
    sync_api.expect(page.locator(f"#{field_id}")).to_have_attribute("aria-invalid", "true")
    sync_api.expect(page.locator("#erreurs")).to_contain_text(message)


def download(page, button: str, tmp_path: Path) -> tuple[str, bytes]:
    target = page.get_by_role("button", name=button, exact=True)
    # Scrolled down to the sandboxed preview, Chromium may send the synthetic click to the
    # frame: bring the button into view first, as a person scrolling back up would.
    target.scroll_into_view_if_needed()
    with page.expect_download() as info:
        target.click()
    saved = tmp_path / info.value.suggested_filename
    info.value.save_as(saved)
    return info.value.suggested_filename, saved.read_bytes()


def review_and_download(page, camera: Camera, name: str, tmp_path: Path) -> tuple[str, str]:
    """Check the review page, then download both formats; return their texts."""
    sync_api.expect(page.get_by_role("heading", level=1)).to_contain_text("Vérification")
    camera.shoot(page, f"{name}-4-verification", phone=True)
    preview = page.locator("iframe.preview-frame")
    sync_api.expect(page.frame_locator("iframe.preview-frame").locator("body")).not_to_be_empty()
    frame = preview.element_handle().content_frame()
    assert frame.evaluate("document.fonts.ready.then(() => document.fonts.size)") > 0
    preview.scroll_into_view_if_needed()
    page.wait_for_timeout(300)  # let the compositor paint the frame before the capture
    camera.shoot_element(preview, f"{name}-5-apercu")
    pdf_name, pdf = download(page, "PDF", tmp_path)
    docx_name, word = download(page, "Word (DOCX)", tmp_path)
    assert pdf_name.endswith(".pdf") and docx_name == pdf_name.replace(".pdf", ".docx")
    word_text = "\n".join(p.text for p in docx.Document(io.BytesIO(word)).paragraphs)
    return pdf_text(pdf, tmp_path), word_text


def test_mise_en_demeure_typed_by_hand(page, camera, tmp_path):
    open_form(page, "Mise en demeure de payer")
    creditor, debtor = page.locator("#creancier"), page.locator("#debiteur")
    sync_api.expect(creditor.get_by_label("Prénom", exact=True)).to_be_hidden()
    creditor.get_by_label("Une personne (particulier, entrepreneur individuel)").check()
    creditor.get_by_label("Civilité").select_option(label="Madame")
    creditor.get_by_label("Prénom", exact=True).fill("Claire")
    creditor.get_by_label("Nom de famille").fill("Moreau")
    creditor.get_by_label("Entrepreneur individuel (EI, micro-entrepreneur)").check()
    creditor.get_by_label("Nature de l'activité professionnelle").select_option("liberale")
    creditor.get_by_label("Numéro SIREN").fill("732 829 320")
    creditor.get_by_label("Numéro et voie").fill("8 rue des Tanneurs")
    creditor.get_by_label("Code postal").fill("69002")
    creditor.get_by_label("Commune").fill("Lyon")
    creditor.get_by_label("Franchise en base de TVA", exact=False).check()
    sync_api.expect(creditor.get_by_label("Numéro de TVA intracommunautaire")).to_be_hidden()
    debtor.get_by_label("Une société ou une association").check()
    sync_api.expect(debtor.get_by_label("Prénom", exact=True)).to_be_hidden()
    debtor.get_by_label("Dénomination sociale").fill("Dupont & Fils")
    debtor.get_by_label("Forme juridique").fill("SARL")
    debtor.get_by_label("Numéro SIREN").fill("552100554")
    debtor.get_by_label("Nature de l'activité professionnelle").select_option("commerciale")
    debtor.get_by_label("Ville du greffe du RCS").fill("Villeurbanne")
    debtor.get_by_label("Représentant légal (prénom et nom)").fill("M. Paul Dupont")
    debtor.get_by_label("Numéro et voie").fill("14 avenue Roger-Salengro")
    debtor.get_by_label("Code postal").fill("69100")
    debtor.get_by_label("Commune").fill("Villeurbanne")
    camera.shoot(page, "mise-en-demeure-1-parties", phone=True)

    invoices = page.locator("#factures")
    invoices.locator("#factures-0-numero").fill("F-2026-011")
    invoices.locator("#factures-0-date").fill("2026-01-15")
    invoices.locator("#factures-0-echeance").fill("2026-02-14")
    invoices.locator("#factures-0-montant_ttc").fill("2 400,00")
    invoices.get_by_role("button", name="Ajouter une ligne").click()
    invoices.get_by_role("button", name="Ajouter une ligne").click()
    sync_api.expect(invoices.locator("ol > li")).to_have_count(3)
    sync_api.expect(page.locator("#factures-2-numero")).to_be_focused()
    page.locator("#factures-1-numero").fill("F-2026-019")
    page.locator("#factures-1-date").fill("2026-03-02")
    page.locator("#factures-1-echeance").fill("2026-04-01")
    page.locator("#factures-1-montant_ttc").fill("douze cent cinquante")
    page.locator("#factures-1-montant_regle").fill("250")
    page.locator("#factures-2-numero").fill("à supprimer")
    camera.shoot(page, "mise-en-demeure-2-factures")
    invoices.get_by_role("button", name="Supprimer : Facture 3").click()
    sync_api.expect(invoices.locator("ol > li")).to_have_count(2)
    page.get_by_label("Nature des biens vendus ou des prestations réalisées").fill(
        "la refonte et la maintenance de votre site internet"
    )
    page.get_by_label("Date de la lettre").fill("2026-06-15")
    page.get_by_label("Ville où la lettre est signée").fill("Lyon")
    submit(page)

    expect_error(page, "factures-1-montant_ttc", "montant invalide")
    sync_api.expect(page.locator("#factures-1-numero")).to_have_value("F-2026-019")
    camera.shoot(page, "mise-en-demeure-3-erreur", phone=True)
    page.locator("#erreurs a").first.click()  # the summary leads to the field
    sync_api.expect(page.locator("#factures-1-montant_ttc")).to_be_in_viewport()
    camera.shoot(page, "mise-en-demeure-3-erreur-champ", phone=True)
    page.locator("#factures-1-montant_ttc").fill("1 250,00")
    submit(page)

    sync_api.expect(page.locator(".figures").first).to_contain_text("Total réclamé")
    sync_api.expect(page.locator(".figures").nth(1)).to_contain_text("23 juin 2026")
    pdf, word = review_and_download(page, camera, "mise-en-demeure", tmp_path)
    assert "Dupont & Fils" in pdf and "F-2026-019" in pdf
    assert "3 601,64" in pdf.replace("\u202f", " ").replace("\u00a0", " ")
    assert "Claire Moreau" in word


def test_cgv_from_a_saved_case(page, camera, tmp_path):
    open_form(page, "Conditions générales de vente")
    load_example(page, "cgv", "artisan_atelier")
    page.get_by_label("Ce que vous vendez (groupe nominal)").fill(
        "la restauration de meubles anciens et d'objets en bois"
    )
    page.get_by_label("Ville où les CGV sont établies").fill("Blagnac")
    recipients = page.locator("#donnees_personnelles-destinataires")
    count = recipients.locator("ol > li").count()
    recipients.get_by_role("button", name="Ajouter une ligne").click()
    page.locator(f"#donnees_personnelles-destinataires-{count}").fill("l'assureur de l'atelier")
    recipients.get_by_role("button", name="Ajouter une ligne").click()
    recipients.get_by_role("button", name=f"Supprimer : Destinataire {count + 2}").click()
    sync_api.expect(recipients.locator("ol > li")).to_have_count(count + 1)
    sync_api.expect(page.locator("#conditions_professionnels")).to_be_hidden()  # consumers only
    page.locator("#vendeur-siren").fill("401 869 236")
    camera.shoot(page, "cgv-1-formulaire", phone=True)
    submit(page)

    expect_error(page, "vendeur-siren", "numéro SIREN invalide")
    camera.shoot(page, "cgv-3-erreur")
    page.locator("#vendeur-siren").fill("401 869 235")
    submit(page)

    sync_api.expect(page.locator(".recap")).to_contain_text("l'assureur de l'atelier")
    pdf, word = review_and_download(page, camera, "cgv", tmp_path)
    assert "Blagnac" in pdf
    assert "restauration de meubles anciens" in word


def test_protocole_schedule_must_add_up(page, camera, tmp_path):
    open_form(page, "Protocole transactionnel")
    load_example(page, "protocole_transactionnel", "b2b_echeancier_avocats")
    page.get_by_label("Montant de la clause pénale (en euros)").fill("2 000")
    schedule = page.locator("#reglements-0-echeancier")
    count = schedule.locator(":scope > ol > li").count()
    schedule.get_by_role("button", name="Ajouter une ligne").click()
    page.locator(f"#reglements-0-echeancier-{count}-date").fill("2026-12-15")
    page.locator(f"#reglements-0-echeancier-{count}-montant").fill("100")
    camera.shoot(page, "protocole-1-echeancier", phone=True)
    submit(page)

    error = page.locator("#reglements-0-echeancier-erreur")
    sync_api.expect(error).to_contain_text("le total des échéances")
    camera.shoot(page, "protocole-3-erreur")
    schedule.get_by_role("button", name=f"Supprimer : Échéance {count + 1}").click()
    sync_api.expect(schedule.locator(":scope > ol > li")).to_have_count(count)
    submit(page)

    sync_api.expect(page.locator(".figures").last).to_contain_text("2 000,00")
    pdf, word = review_and_download(page, camera, "protocole", tmp_path)
    assert "PROTOCOLE" in pdf.upper()
    assert "Maison Vernay" in word


def test_injonction_de_payer_dates_checked(page, camera, tmp_path):
    open_form(page, "Requête en injonction de payer")
    load_example(page, "injonction_de_payer", "b2b_tribunal_commerce")
    page.get_by_label("Biens vendus ou prestations réalisées", exact=False).fill(
        "l'impression et la livraison d'étiquettes et de catalogues"
    )
    reminders = page.locator("#relances")
    count = reminders.locator("ol > li").count()
    reminders.get_by_role("button", name="Ajouter une ligne").click()
    page.locator(f"#relances-{count}-date").fill("2026-02-20")
    page.locator(f"#relances-{count}-moyen").select_option("sms")
    reminders.get_by_role("button", name=f"Supprimer : Relance {count + 1}").click()
    page.locator("#factures-0-echeance").fill("2026-12-31")
    camera.shoot(page, "injonction-1-formulaire", phone=True)
    submit(page)

    expect_error(page, "factures-0-echeance", "non encore échue")
    camera.shoot(page, "injonction-3-erreur")
    page.locator("#factures-0-echeance").fill("2026-01-04")
    submit(page)

    sync_api.expect(page.locator(".figures").nth(1)).to_contain_text("Juge compétent")
    pdf, word = review_and_download(page, camera, "injonction", tmp_path)
    assert "Les Caves du Médoc" in pdf
    assert "étiquettes et de catalogues" in word


def test_without_javascript_everything_shows_and_rows_still_work(browser, base_url, camera):
    context = browser.new_context(base_url=base_url, viewport=DESKTOP, java_script_enabled=False)
    page = context.new_page()
    page.goto("/documents/mise-en-demeure")
    sync_api.expect(page.locator("#creancier-denomination")).to_be_visible()
    sync_api.expect(page.locator("#creancier-prenom")).to_be_visible()
    sync_api.expect(page.get_by_text("Seulement si : personne morale").first).to_be_visible()
    page.locator("#factures-0-numero").fill("F-1")
    page.locator("#factures").get_by_role("button", name="Ajouter une ligne").click()
    sync_api.expect(page.locator("#factures ol > li")).to_have_count(2)
    sync_api.expect(page.locator("#factures-0-numero")).to_have_value("F-1")
    page.locator("#factures").get_by_role("button", name="Supprimer : Facture 1").click()
    sync_api.expect(page.locator("#factures ol > li")).to_have_count(1)
    sync_api.expect(page.locator("#factures-0-numero")).to_have_value("")
    camera.shoot(page, "sans-script-formulaire", phone=True)
    context.close()


def test_keyboard_reaches_the_form_with_a_visible_focus(page, camera):
    page.goto("/")
    page.keyboard.press("Tab")
    sync_api.expect(page.get_by_role("link", name="Aller au contenu")).to_be_focused()
    page.goto("/documents/cgv")
    page.locator("#vendeur-nature").focus()
    page.keyboard.press("ArrowDown")
    sync_api.expect(page.locator("#vendeur-denomination")).to_be_visible()
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline == "solid"
    camera.shoot(page, "clavier-focus")
