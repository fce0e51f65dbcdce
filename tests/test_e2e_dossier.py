"""End to end in headless Chromium: a whole dispute in one dossier, each PDF read.

Create the dossier, make the relance and the mise en demeure, record the notice, its receipt
and a partial payment, make the requête (its amounts net of the payment, the notice and its
receipt in its bordereau), then the protocole. The date is frozen on 1 June 2026, the day of
the requête: every event is in the past, as the dossier requires.
"""

from __future__ import annotations

import os

import pytest
import time_machine

from tests.api_support import make_app
from tests.conftest import pdf_text
from tests.e2e_support import new_page, serve
from tests.legal_text import normalize
from web.users import create_user

sync_api = pytest.importorskip("playwright.sync_api")
pytest_plugins = ["tests.e2e_fixtures"]

PASSWORD = "cheval correct pile agrafe"
TODAY = "2026-06-01"


@pytest.fixture(scope="module")
def base_url(tmp_path_factory):
    """The app with CSRF protection on and one account, the clock on 1 June 2026."""
    with time_machine.travel(TODAY + " 09:00", tick=True):
        # the browser keeps the session cookie by its own clock: let it outlive the frozen one
        app = make_app(
            tmp_path_factory.mktemp("e2e-dossiers"),
            SECRET_KEY=os.urandom(32),
            SESSION_HOURS=24 * 3650,
        )
        app.config["WTF_CSRF_ENABLED"] = True
        with app.app_context():
            create_user("marie", PASSWORD)
        yield from serve(app)


def fill(page, values: dict[str, str]) -> None:
    for name, value in values.items():
        page.fill(f"[name='{name}']", value)


def produce(page, label: str) -> None:
    page.get_by_role("link", name=f"Produire : {label}").click()
    sync_api.expect(page.get_by_role("heading", level=1)).to_have_text(label)


def save_and_read(page, tmp_path) -> str:
    page.get_by_role("button", name="Produire et conserver dans le dossier").click()
    sync_api.expect(page.locator("p.notice").first).to_contain_text("conservée dans le dossier")
    region = page.get_by_role("region", name="Documents produits")
    with page.expect_download() as info:
        region.get_by_role("link", name="PDF").first.click()
    return normalize(pdf_text(info.value.path().read_bytes(), tmp_path))


def record(page, kind: str, date: str, **fields: str) -> None:
    page.select_option("#type", kind)
    page.fill("#date", date)
    for name, value in fields.items():
        if name in ("moyen", "mode", "statut"):
            page.select_option(f"#{name}", value)
        else:
            page.fill(f"#{name}", value)
    page.get_by_role("button", name="Enregistrer l'événement").click()
    sync_api.expect(page.locator("p.notice").first).to_contain_text("Événement enregistré")


def test_a_whole_dispute_in_one_dossier(browser, base_url, camera, tmp_path):
    with time_machine.travel(TODAY + " 09:05", tick=True):
        _dispute(browser, base_url, camera, tmp_path)


def _dispute(browser, base_url, camera, tmp_path):
    context, page, problems = new_page(browser, base_url)
    page.goto("/dossiers")
    page.get_by_label("Identifiant").fill("marie")
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    sync_api.expect(page.get_by_role("heading", level=1)).to_have_text("Vos dossiers de litige")
    page.get_by_role("link", name="Nouveau dossier").click()

    page.check("#creancier-nature")
    page.select_option("[name='creancier-civilite']", "Mme")
    page.check("[name='creancier-entrepreneur_individuel']")
    page.select_option("[name='creancier-activite']", "liberale")
    page.check("#debiteur-nature-1")
    page.select_option("[name='debiteur-activite']", "commerciale")
    fill(
        page,
        {
            "intitule": "Impayé Dupont & Fils",
            "creancier-prenom": "Claire",
            "creancier-nom": "Moreau",
            "creancier-siren": "732829320",
            "creancier-profession": "développeuse web",
            "creancier-nationalite": "française",
            "creancier-date_naissance": "1988-03-14",
            "creancier-lieu_naissance": "Lyon (69)",
            "creancier-adresse-ligne1": "8 rue des Tanneurs",
            "creancier-adresse-code_postal": "69002",
            "creancier-adresse-ville": "Lyon",
            "creancier-email": "contact@atelier-moreau.fr",
            "debiteur-denomination": "Dupont & Fils",
            "debiteur-forme_juridique": "SARL",
            "debiteur-siren": "552100554",
            "debiteur-rcs_ville": "Villeurbanne",
            "debiteur-representant": "M. Paul Dupont",
            "debiteur-representant_qualite": "gérant",
            "debiteur-adresse-ligne1": "14 avenue Roger-Salengro",
            "debiteur-adresse-code_postal": "69100",
            "debiteur-adresse-ville": "Villeurbanne",
            "prestation": "la refonte de votre site internet",
            "factures-0-numero": "F-2026-011",
            "factures-0-date": "2026-01-15",
            "factures-0-echeance": "2026-02-14",
            "factures-0-montant_ttc": "2400",
            "lieu": "Lyon",
        },
    )
    camera.shoot(page, "dossier-1-nouveau", full=True)
    page.get_by_role("button", name="Créer le dossier").click()
    sync_api.expect(page.get_by_role("heading", level=1)).to_have_text("Impayé Dupont & Fils")
    sync_api.expect(page.locator("#suite + ol")).to_contain_text("Envoyer une relance amiable")

    produce(page, "Relance amiable")
    fill(page, {"date_lettre": "2026-04-15"})
    page.check("[name='mode_envoi'][value='lettre_simple']")
    text = save_and_read(page, tmp_path)
    # 2 400 × 12,15 % × 60/365 = 47,93 ; + 40 € : 2 487,93 €
    assert "Objet : RELANCE" in text and "total : 2 487,93 €" in text
    record(page, "relance", "2026-04-15", moyen="lettre_simple")

    produce(page, "Mise en demeure de payer")
    fill(page, {"date_lettre": "2026-05-05", "delai_jours": "8"})
    text = save_and_read(page, tmp_path)
    # 2 400 × 12,15 % × 80/365 = 63,91 ; + 40 € : 2 503,91 €
    assert "MISE EN DEMEURE DE PAYER" in text and "la somme totale de 2 503,91 €" in text
    assert "lettre simple du 15 avril 2026" in text
    record(page, "mise_en_demeure", "2026-05-05", mode="lettre_recommandee_ar", delai_jours="8")
    record(page, "reception", "2026-05-07", statut="recu")
    record(page, "paiement", "2026-05-20", montant="1000")
    steps = page.locator("#suite + ol")
    sync_api.expect(steps).to_contain_text("Déposer la requête en injonction de payer — 14/05/2026")
    sync_api.expect(page.locator("#creance").locator("..")).to_contain_text("1 400,00 €")
    camera.shoot(page, "dossier-2-suivi", full=True)

    produce(page, "Requête en injonction de payer")
    page.select_option("[name='fondement-nature']", "devis")
    fill(page, {"fondement-date": "2026-01-05", "date_requete": TODAY})
    text = save_and_read(page, tmp_path)
    # 2 400 × 12,15 % × 95/365 = 75,90 until the 1 000 € paid on 20 May, then
    # 1 400 × 12,15 % × 12/365 = 5,59 ; 1 400 + 81,49 + 40 € : 1 521,49 €
    assert "75,90 €" in text and "5,59 €" in text and "1 521,49 €" in text
    assert "Mise en demeure du 5 mai 2026" in text
    assert "Avis de réception de la mise en demeure, signé le 7 mai 2026" in text

    produce(page, "Protocole transactionnel")
    sync_api.expect(page.locator("[name='parties-0-montant_reclame']")).to_have_value("1400.00")
    fill(
        page,
        {
            "parties-0-concessions-0": "renonce aux pénalités de retard et à l'indemnité",
            "parties-1-pretentions": "le rejet de la demande, le site étant selon lui inachevé",
            "parties-1-concessions-0": "renonce à contester la qualité des prestations",
            "reglements-0-iban": "FR76 3000 6000 0112 3456 7890 189",
            "clause_penale": "300",
            "juridiction_competente": "le tribunal judiciaire de Lyon",
        },
    )
    page.check("[name='force_executoire'][value='homologation']")
    text = save_and_read(page, tmp_path)
    assert "PROTOCOLE D'ACCORD TRANSACTIONNEL" in text and "2044" in text
    assert "la somme de 1 400,00 €" in text
    camera.shoot(page, "dossier-3-documents", full=True)
    rows = page.get_by_role("region", name="Documents produits").locator("tbody tr")
    sync_api.expect(rows).to_have_count(4)
    context.close()
    assert problems == []
