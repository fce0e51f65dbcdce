"""The HTML pages: forms, errors next to fields, rows, review, downloads, case files, CSRF."""

from __future__ import annotations

import io
import json
import re
import zipfile
from html import unescape

import docx
import pytest
from lxml import html

import docgen
from app import create_app
from docgen import LegalRuleError, TemplateError
from forms.files import dump_case
from tests.api_support import docx_text
from tests.conftest import example_case, pdf_text
from tests.html_forms import field_errors, form_values, texts

SLUGS = ["cgv", "relance", "mise-en-demeure", "protocole-transactionnel", "injonction-de-payer"]
EXAMPLE = {
    "cgv": "sas_services_b2b",
    "relance": "b2b_penalites_bce",
    "mise_en_demeure": "b2b_penalites_bce",
    "protocole_transactionnel": "b2b_echeancier_avocats",
    "injonction_de_payer": "b2b_tribunal_commerce",
}


@pytest.fixture
def app():
    return create_app({"TESTING": True, "WTF_CSRF_ENABLED": False})


@pytest.fixture
def client(app):
    return app.test_client()


def upload(client, slug: str, content: bytes, name: str = "dossier.json"):
    return client.post(f"/documents/{slug}/charger", data={"dossier": (io.BytesIO(content), name)})


def loaded(client, doc_type: str, case: dict | None = None) -> str:
    """The form page once a case file is loaded."""
    case = case if case is not None else example_case(doc_type, EXAMPLE[doc_type])
    response = upload(client, doc_type.replace("_", "-"), dump_case(case).encode())
    assert response.status_code == 200
    return response.get_data(as_text=True)


def review(client, doc_type: str, case: dict | None = None):
    data = form_values(loaded(client, doc_type, case))
    data["action"] = "verifier"
    return client.post(f"/documents/{doc_type.replace('_', '-')}", data=data)


def carried_case(page: str) -> str:
    root = html.fromstring(page)
    return root.xpath("//input[@name='dossier']/@value")[0]


def test_home_links_each_document_to_its_form(client):
    page = client.get("/").get_data(as_text=True)
    links = re.findall(r'href="/documents/([a-z-]+)"', page)
    assert links == SLUGS


@pytest.mark.parametrize("slug", SLUGS)
def test_blank_form_every_input_has_a_label(client, slug):
    response = client.get(f"/documents/{slug}")
    assert response.status_code == 200
    assert "no-store" not in response.headers.get("Cache-Control", "")
    root = html.fromstring(response.get_data(as_text=True))
    form = root.xpath("//form[contains(@class, 'case-form')]")[0]
    labelled = set(root.xpath("//label/@for"))
    for element in form.iter("input", "select", "textarea"):
        if element.get("type") in ("hidden", "submit") or element.xpath("ancestor::template"):
            continue
        assert element.get("id") in labelled, element.get("name")
    assert root.xpath("//fieldset/legend")


@pytest.mark.parametrize("path", ["/documents/inconnu", "/documents/..%2Fapp"])
def test_unknown_document_type(client, path):
    assert client.get(path).status_code == 404


def test_security_headers(client):
    response = client.get("/documents/cgv")
    policy = response.headers["Content-Security-Policy"]
    assert policy.startswith("default-src 'self'; style-src 'self' 'nonce-")
    assert "frame-ancestors 'none'" in policy
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_empty_submission_errors_next_to_fields_in_french(client):
    response = client.post("/documents/mise-en-demeure", data={"action": "verifier"})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    errors = field_errors(page)
    assert errors["creancier-nature"] == "Erreur : champ obligatoire"
    assert errors["factures"] == "Erreur : champ obligatoire"
    assert errors["lieu"] == "Erreur : champ obligatoire"
    summary = texts(page, "error-summary")[0]
    assert (
        "Le créancier, qui envoie la mise en demeure › Qui est-ce ? : champ obligatoire" in summary
    )
    root = html.fromstring(page)
    lieu = root.xpath("//input[@id='lieu']")[0]
    assert lieu.get("aria-invalid") == "true"
    assert "lieu-erreur" in lieu.get("aria-describedby")


def test_what_was_typed_is_kept_on_error(client):
    data = form_values(loaded(client, "mise_en_demeure"))
    data["factures-1-montant_ttc"] = "1 250,00 euros"
    data["lieu"] = "Lyon <b>"
    data["action"] = "verifier"
    response = client.post("/documents/mise-en-demeure", data=data)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert field_errors(page) == {
        "factures-1-montant_ttc": "Erreur : montant invalide : nombre attendu (ex. 1234.56)"
    }
    kept = form_values(page)
    assert kept["factures-1-montant_ttc"] == "1 250,00 euros"
    assert kept["lieu"] == "Lyon <b>"
    assert kept["creancier-prenom"] == "Claire"


def test_french_amounts_are_accepted(client):
    data = form_values(loaded(client, "mise_en_demeure"))
    data["factures-0-montant_ttc"] = "2 400,00"
    data["action"] = "verifier"
    response = client.post("/documents/mise-en-demeure", data=data)
    assert response.status_code == 200
    assert "2\u202f400,00\u00a0€" in response.get_data(as_text=True)


def test_rows_added_and_removed_without_script(client):
    data = form_values(loaded(client, "mise_en_demeure"))
    data["action"] = "ajouter:factures"
    page = client.post("/documents/mise-en-demeure", data=data).get_data(as_text=True)
    assert len(html.fromstring(page).xpath("//ol/li[starts-with(@data-row, 'factures-')]")) == 3
    data = form_values(page)
    data["action"] = "supprimer:factures-0"
    response = client.post("/documents/mise-en-demeure", data=data)
    assert response.status_code == 200
    kept = form_values(response.get_data(as_text=True))
    assert kept["factures-0-numero"] == "F-2026-019"
    assert "factures-2-numero" not in kept


def test_each_row_list_carries_a_prototype_for_the_script(client):
    root = html.fromstring(client.get("/documents/protocole-transactionnel").get_data(as_text=True))
    template = root.xpath("//template[@data-template='reglements']")[0]
    markup = html.tostring(template, encoding="unicode")
    assert 'name="reglements-__INDEX__-montant"' in markup
    assert "reglements-__INDEX__-echeancier-0-date" in markup
    assert "virement" in markup


def test_conditional_fields_say_when_they_apply(client):
    page = client.get("/documents/mise-en-demeure").get_data(as_text=True)
    root = html.fromstring(page)
    wrapper = root.xpath("//input[@id='creancier-denomination']/ancestor::div[@data-when][1]")[0]
    assert json.loads(wrapper.get("data-when")) == [
        {"name": "creancier-nature", "values": ["personne_morale"]}
    ]
    assert "Seulement si : personne morale" in wrapper.text_content()


@pytest.mark.parametrize("doc_type", list(EXAMPLE))
def test_review_shows_facts_figures_and_a_sandboxed_preview(client, doc_type):
    response = review(client, doc_type)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    root = html.fromstring(page)
    frame = root.xpath("//iframe")[0]
    assert frame.get("sandbox") == ""
    nonce = re.search(r"'nonce-([^']+)'", response.headers["Content-Security-Policy"])[1]
    preview = frame.get("srcdoc")
    assert f'nonce="{nonce}"' in preview
    assert " style=" not in preview
    assert "<script" not in preview
    assert docgen.build_context(doc_type, json.loads(carried_case(page)))
    assert texts(page, "figures")
    assert texts(page, "recap")


def test_review_of_a_formal_notice_breaks_the_claim_down(client):
    page = review(client, "mise_en_demeure").get_data(as_text=True)
    figures = " ".join(texts(page, "figures"))
    for expected in (
        "Principal (reste dû) 3 400,00 €",
        "Pénalités de retard 121,64 €",
        "Indemnités forfaitaires de recouvrement 80,00 €",
        "Total réclamé 3 601,64 €",
        "Date limite de paiement 23 juin 2026",
        "15/02/2026 15/06/2026 121 12,15 % 96,67 €",
    ):
        assert expected in unescape(figures).replace("\u202f", " ").replace("\u00a0", " ")


def test_review_of_a_request_names_the_judge(client):
    page = review(client, "injonction_de_payer").get_data(as_text=True)
    assert "Juge compétent" in page
    assert "Cerfa" in page


@pytest.mark.parametrize(
    ("fmt", "mimetype", "magic"),
    [
        ("pdf", "application/pdf", b"%PDF"),
        ("docx", "wordprocessingml", b"PK"),
        ("zip", "zip", b"PK"),
    ],
)
def test_downloads(client, fmt, mimetype, magic):
    case = carried_case(review(client, "mise_en_demeure").get_data(as_text=True))
    response = client.post(
        "/documents/mise-en-demeure/telecharger", data={"dossier": case, "format": fmt}
    )
    assert response.status_code == 200
    assert mimetype in response.mimetype
    assert response.headers["Cache-Control"] == "no-store"
    disposition = response.headers["Content-Disposition"]
    assert f"mise-en-demeure_dupont-fils-sarl_2026-06-15.{fmt}" in disposition
    assert response.data.startswith(magic)
    if fmt == "zip":
        names = zipfile.ZipFile(io.BytesIO(response.data)).namelist()
        assert names == [
            "mise-en-demeure_dupont-fils-sarl_2026-06-15.docx",
            "mise-en-demeure_dupont-fils-sarl_2026-06-15.pdf",
        ]


def test_downloaded_documents_hold_the_facts(client, tmp_path):
    case = carried_case(review(client, "mise_en_demeure").get_data(as_text=True))
    url = "/documents/mise-en-demeure/telecharger"
    word = client.post(url, data={"dossier": case, "format": "docx"}).data
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(word)).paragraphs)
    assert "MISE EN DEMEURE DE PAYER" in text.upper()
    pdf = client.post(url, data={"dossier": case, "format": "pdf"}).data
    assert "Dupont & Fils" in pdf_text(pdf, tmp_path)


def test_case_file_downloaded_from_the_review_loads_back(client):
    case = carried_case(review(client, "protocole_transactionnel").get_data(as_text=True))
    response = client.post(
        "/documents/protocole-transactionnel/telecharger", data={"dossier": case, "format": "json"}
    )
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["Content-Disposition"].endswith(".json")
    reloaded = upload(client, "protocole-transactionnel", response.data)
    assert "Dossier chargé" in reloaded.get_data(as_text=True)
    data = form_values(reloaded.get_data(as_text=True))
    data["action"] = "verifier"
    assert client.post("/documents/protocole-transactionnel", data=data).status_code == 200


def test_draft_saved_from_the_form_even_when_incomplete(client):
    response = client.post(
        "/documents/cgv", data={"action": "brouillon", "lieu_version": "Nantes", "offre": "biens"}
    )
    assert response.headers["Content-Disposition"] == "attachment; filename=cgv_brouillon.json"
    draft = json.loads(response.data)
    assert draft["lieu_version"] == "Nantes"
    assert draft["offre"] == "biens"


def test_back_to_the_form_keeps_everything(client):
    case = carried_case(review(client, "injonction_de_payer").get_data(as_text=True))
    response = client.post("/documents/injonction-de-payer/modifier", data={"dossier": case})
    assert response.status_code == 200
    data = form_values(response.get_data(as_text=True))
    expected = example_case("injonction_de_payer", EXAMPLE["injonction_de_payer"])
    assert data["creancier-denomination"] == expected["creancier"]["denomination"]
    assert data["factures-0-numero"] == expected["factures"][0]["numero"]


def test_a_batch_file_loads_its_first_case_of_the_type(client):
    batch = {
        "items": [
            {"type": "mise_en_demeure", "case": example_case("mise_en_demeure", "b2c_consommateur")}
        ]
    }
    page = upload(client, "mise-en-demeure", dump_case(batch).encode()).get_data(as_text=True)
    assert "Dossier chargé" in page


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"{oups", "Fichier JSON invalide"),
        (b"[" * 50_000, "trop imbriqué"),
        (b"0" * (300 * 1024), "Fichier trop volumineux"),
        (b"", "Fichier JSON invalide"),
    ],
)
def test_bad_case_files_are_explained_on_the_page(client, content, message):
    response = upload(client, "mise-en-demeure", content)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)


def test_upload_without_a_file(client):
    response = client.post("/documents/cgv/charger", data={})
    assert response.status_code == 400
    assert "Choisissez d'abord un fichier" in unescape(response.get_data(as_text=True))


def test_an_altered_review_page_is_checked_again(client):
    case = json.loads(carried_case(review(client, "mise_en_demeure").get_data(as_text=True)))
    case["factures"][0]["montant_ttc"] = "-5"
    response = client.post(
        "/documents/mise-en-demeure/telecharger",
        data={"dossier": json.dumps(case), "format": "pdf"},
    )
    assert response.status_code == 422
    assert field_errors(response.get_data(as_text=True)) == {
        "factures-0-montant_ttc": "Erreur : doit être supérieur ou égal à 0"
    }
    garbage = client.post(
        "/documents/mise-en-demeure/telecharger", data={"dossier": "[[[", "format": "pdf"}
    )
    assert garbage.status_code == 400
    assert "Fichier JSON invalide" in garbage.get_data(as_text=True)
    wrong = client.post(
        "/documents/mise-en-demeure/telecharger", data={"dossier": "{}", "format": "exe"}
    )
    assert wrong.status_code == 400


MISSING = "Le taux applicable au 2e semestre 2026 n'est pas encore enregistré sur ce serveur"
RATES_LEGEND = "Taux non encore enregistrés sur ce serveur"


def later(doc_type: str, **changes) -> dict:
    """The page's example dated 7 December 2026: the seed lacks a rate it needs."""
    case = example_case(doc_type, EXAMPLE[doc_type])
    case["date_lettre" if doc_type == "mise_en_demeure" else "date_requete"] = "2026-12-07"
    return {**case, **changes}


def press(client, page: str, action: str, **typed: str):
    data = form_values(page)
    for key, value in typed.items():
        data.setlist(key.replace("__", "-"), [value])
    data["action"] = action
    return client.post(
        html.fromstring(page).xpath("//form[contains(@class, 'case-form')]/@action")[0], data=data
    )


@pytest.mark.parametrize("slug", SLUGS)
def test_the_rates_section_is_hidden_until_a_rate_is_missing(client, slug):
    page = client.get(f"/documents/{slug}").get_data(as_text=True)
    assert RATES_LEGEND not in page and 'name="taux_fournis-0-taux"' not in page


@pytest.mark.parametrize("doc_type", ["mise_en_demeure", "injonction_de_payer"])
def test_a_missing_rate_is_explained_with_the_two_ways_on(client, doc_type):
    response = review(client, doc_type, later(doc_type))
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert not texts(page, "error-summary")  # not an error of the person: a box of its own
    [box] = texts(page, "rate-missing")
    assert box.startswith(MISSING)
    assert "taux de la BCE en vigueur au 1er juillet 2026" in box
    assert "Arrêter le calcul au 30 juin 2026" in box and "à parfaire" in box
    assert "taux_fournis" not in box and ".toml" not in page
    root = html.fromstring(page)
    assert root.xpath("//section[@id='taux-manquant']//button/@value") == [
        "fournir:bce:2026-S2",
        "arreter",
    ]
    assert root.xpath("//section[@id='taux-manquant']//a/@href") == [
        "https://www.ecb.europa.eu/press/pr/html/index.fr.html"
    ]


def test_a_missing_legal_rate_points_to_the_journal_officiel(client):
    case = example_case("injonction_de_payer", "artisan_consommateur_tj")
    case["date_requete"] = "2026-12-07"
    response = review(client, "injonction_de_payer", case)
    assert response.status_code == 422
    [box] = texts(response.get_data(as_text=True), "rate-missing")
    assert "taux de l'intérêt légal du 2e semestre 2026" in box and "Journal officiel" in box
    root = html.fromstring(response.get_data(as_text=True))
    assert root.xpath("//section[@id='taux-manquant']//a/@href") == [
        "https://www.legifrance.gouv.fr"
    ]
    assert "fournir:interet_legal_autres:2026-S2" in root.xpath("//button/@value")


def test_the_missing_rate_entered_with_its_source(client):
    page = review(client, "mise_en_demeure", later("mise_en_demeure")).get_data(as_text=True)
    opened = press(client, page, "fournir:bce:2026-S2")
    assert opened.status_code == 200
    form = opened.get_data(as_text=True)
    assert RATES_LEGEND in form and "Journal officiel" in form
    assert "Indiquez le taux du 2e semestre 2026 et sa source" in texts(form, "notice")[0]
    values = form_values(form)
    assert (values["taux_fournis-0-serie"], values["taux_fournis-0-semestre"]) == ("bce", "2026-S2")
    source = "communiqué de la BCE du 5 juin 2025 (valeur d'essai)"
    checked = press(
        client, form, "verifier", taux_fournis__0__taux="2,15", taux_fournis__0__source=source
    )
    assert checked.status_code == 200
    figures = unescape(" ".join(texts(checked.get_data(as_text=True), "figures")))
    assert "Taux indiqués dans le dossier" in figures and source in figures
    assert "2e semestre 2026 2,15" in figures.replace("\u202f", " ").replace("\u00a0", " ")
    case = carried_case(checked.get_data(as_text=True))
    letter = client.post(
        "/documents/mise-en-demeure/telecharger", data={"dossier": case, "format": "docx"}
    )
    words = " ".join(docx_text(letter.data).split())
    assert "Taux retenu : taux de refinancement de la BCE pour le 2e semestre 2026, 2,15 %" in words
    assert f"(source : {source})" in words


def test_a_rate_entered_badly_is_shown_next_to_its_field(client):
    page = review(client, "mise_en_demeure", later("mise_en_demeure")).get_data(as_text=True)
    form = press(client, page, "fournir:bce:2026-S2").get_data(as_text=True)
    response = press(
        client, form, "verifier", taux_fournis__0__taux="45", taux_fournis__0__source="x"
    )
    assert response.status_code == 422
    assert "taux_fournis-0-taux" in field_errors(response.get_data(as_text=True))
    assert RATES_LEGEND in response.get_data(as_text=True)


def test_the_computation_stopped_at_the_last_rate_known(client):
    page = review(client, "mise_en_demeure", later("mise_en_demeure")).get_data(as_text=True)
    response = press(client, page, "arreter")
    assert response.status_code == 200  # checked again at once: the review step
    figures = unescape(" ".join(texts(response.get_data(as_text=True), "figures")))
    assert "Pénalités de retard, arrêtées au 30 juin 2026" in figures
    assert "(à parfaire)" in figures
    case = json.loads(carried_case(response.get_data(as_text=True)))
    assert case["arreter_au_dernier_taux_connu"] is True and "taux_fournis" not in case


def test_an_altered_rate_button_changes_nothing(client):
    page = review(client, "mise_en_demeure", later("mise_en_demeure")).get_data(as_text=True)
    response = press(client, page, "fournir:bce:2026-S7")
    assert response.status_code == 200
    assert 'name="taux_fournis-0-taux"' not in response.get_data(as_text=True)


def test_a_rule_of_law_is_shown_not_a_500(client, monkeypatch):
    def refuse(doc_type, case):
        raise LegalRuleError("Aucune facture ne présente de solde impayé : rien à réclamer.")

    monkeypatch.setattr(docgen, "build_context", refuse)
    response = review(client, "mise_en_demeure")
    assert response.status_code == 422
    assert "rien à réclamer" in texts(response.get_data(as_text=True), "error-summary")[0]


def test_a_broken_template_is_explained_on_the_review_page(client, monkeypatch):
    case = carried_case(review(client, "cgv").get_data(as_text=True))

    def broken(*args, **kwargs):
        raise TemplateError("variable inconnue « x »", template="cgv.docx", location="paragraphe 3")

    monkeypatch.setattr(docgen, "generate", broken)
    response = client.post("/documents/cgv/telecharger", data={"dossier": case, "format": "pdf"})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Le document ne peut pas être produit" in page
    assert "variable inconnue" in page
    assert "Aperçu indisponible" in page


def test_fonts_for_the_preview(client):
    with client.get("/documents/polices/LiberationSerif-Regular.ttf") as response:
        assert response.status_code == 200
        assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert client.get("/documents/polices/..%2F..%2Fapp.py").status_code == 404
    assert client.get("/documents/polices/base.css").status_code == 404
    assert client.get("/documents/polices/LICENSES.txt").status_code == 404


def test_post_without_csrf_token_is_refused():
    csrf_app = create_app({"TESTING": True, "WTF_CSRF_ENABLED": True, "SECRET_KEY": "test"})
    client = csrf_app.test_client()
    response = client.post("/documents/mise-en-demeure", data={"action": "verifier"})
    assert response.status_code == 400
    assert "La page a expiré ou ne provient pas de ce site" in unescape(
        response.get_data(as_text=True)
    )
    page = client.get("/documents/mise-en-demeure").get_data(as_text=True)
    data = form_values(page)
    assert data["csrf_token"]
    data["action"] = "verifier"
    assert client.post("/documents/mise-en-demeure", data=data).status_code == 422
    upload_token = html.fromstring(page).xpath(
        "//form[@class='upload']//input[@name='csrf_token']/@value"
    )
    assert upload_token == [data["csrf_token"]]


def test_an_expired_token_keeps_what_was_typed():
    csrf_app = create_app({"TESTING": True, "WTF_CSRF_ENABLED": True, "SECRET_KEY": "test"})
    client = csrf_app.test_client()
    blank = form_values(client.get("/documents/mise-en-demeure").get_data(as_text=True))
    case = dump_case(example_case("mise_en_demeure", EXAMPLE["mise_en_demeure"])).encode()
    response = client.post(
        "/documents/mise-en-demeure/charger",
        data={"csrf_token": blank["csrf_token"], "dossier": (io.BytesIO(case), "d.json")},
    )
    data = form_values(response.get_data(as_text=True))
    data.setlist("csrf_token", ["périmé"])
    data["lieu"] = "Villeurbanne"
    data["action"] = "verifier"
    response = client.post("/documents/mise-en-demeure", data=data)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "La page a expiré" in unescape(texts(page, "error-summary")[0])
    kept = form_values(page)
    assert kept["lieu"] == "Villeurbanne"
    assert kept.get("csrf_token") not in (None, "", data.get("csrf_token"))  # a fresh token
    case = json.dumps({"lieu": "Lyon"})
    response = client.post("/documents/mise-en-demeure/telecharger", data={"dossier": case})
    assert response.status_code == 400
    assert form_values(response.get_data(as_text=True))["lieu"] == "Lyon"
