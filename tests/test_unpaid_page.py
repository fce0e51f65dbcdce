"""The spreadsheet page: unpaid invoices uploaded, a report, one letter per debtor in a ZIP."""

from __future__ import annotations

import io
import json
import re
import zipfile

import pytest
from lxml import html as lxml_html
from openpyxl import Workbook, load_workbook
from werkzeug.datastructures import FileStorage, MultiDict
from werkzeug.test import encode_multipart

from docgen.bulk import unpaid
from forms.files import dump_case
from forms.sheet import settings_formdata
from tests.api_support import docx_text, make_app, open_zip
from tests.conftest import example_case
from tests.html_forms import field_errors, texts
from tests.test_unpaid import DUPONT, HEADERS, MARTIN
from web.users import create_user

PASSWORD = "cheval correct pile agrafe"
GOOD_ROWS = [
    [*DUPONT, "F-1", "15/01/2026", "14/02/2026", "1 250,50", ""],
    [*MARTIN, "M-1", "01/02/2026", "03/03/2026", "980", "80"],
    [*DUPONT, "F-2", "02/03/2026", "01/04/2026", "2400", ""],
]


def make_csv(rows, headers=HEADERS) -> bytes:
    return "\n".join(";".join(row) for row in [headers, *rows]).encode()


def make_xlsx(rows, headers=HEADERS) -> bytes:
    book = Workbook()
    sheet = book.active
    for row in [headers, *rows]:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.fixture(scope="module")
def settings() -> list[tuple[str, str]]:
    case = example_case("mise_en_demeure", "b2b_penalites_bce")
    return settings_formdata({k: v for k, v in case.items() if k not in ("debiteur", "factures")})


def _app(tmp_path, **config):
    app = make_app(tmp_path, **{"WTF_CSRF_ENABLED": False, "GENERATION_WORKERS": 1, **config})
    with app.app_context():
        create_user("marie", PASSWORD)
    return app


@pytest.fixture
def app(tmp_path):
    return _app(tmp_path)


def logged_in(app):
    client = app.test_client()
    response = client.post("/connexion", data={"name": "marie", "password": PASSWORD})
    assert response.status_code == 302
    return client


@pytest.fixture
def client(app):
    return logged_in(app)


def _fields(pairs) -> dict[str, list]:
    data: dict[str, list] = {}
    for name, value in pairs:
        data.setdefault(name, []).append(value)
    return data


def post_multipart(client, path: str, data: dict[str, list]):
    """POST a form encoded in memory (the test client spools large ones to unclosed files)."""
    values = MultiDict([(name, value) for name, items in data.items() for value in items])
    boundary, body = encode_multipart(values)
    return client.post(path, data=body, content_type=f"multipart/form-data; boundary={boundary}")


def upload(client, settings, content: bytes, name: str = "factures.csv", **changes):
    data = _fields(settings)
    data.update({key: [value] for key, value in changes.items()})
    data["fichier"] = [FileStorage(io.BytesIO(content), filename=name)]
    return post_multipart(client, "/impayes", data)


def text(response) -> str:
    page = lxml_html.fromstring(response.get_data(as_text=True))
    return " ".join(page.text_content().split())


def table(response, table_id: str) -> list[list[str]]:
    page = lxml_html.fromstring(response.get_data(as_text=True))
    rows = page.xpath(f"//table[@id='{table_id}']/tbody/tr")
    return [[" ".join(cell.text_content().split()) for cell in row.xpath("td")] for row in rows]


def sheet_error(response) -> str:
    page = lxml_html.fromstring(response.get_data(as_text=True))
    return " ".join(page.xpath("string(//div[@id='fichier-erreur'])").split())


def download(client, result, formats: str = "docx"):
    page = lxml_html.fromstring(result.get_data(as_text=True))
    [form] = page.xpath("//form[contains(@class, 'download')]")
    data = _fields((i.get("name"), i.get("value")) for i in form.xpath(".//input[@type='hidden']"))
    data["formats"] = [formats]
    return post_multipart(client, form.get("action"), data)


def letters_by_debtor(archive: zipfile.ZipFile, fmt: str = "docx") -> dict[str, bytes]:
    return {
        name.split("/")[0]: archive.read(name)
        for name in archive.namelist()
        if name.endswith(f".{fmt}")
    }


@pytest.mark.parametrize(
    ("method", "path"),
    [("get", "/impayes"), ("post", "/impayes"), ("get", "/impayes/modele.xlsx")],
)
def test_the_page_requires_an_account(app, method, path):
    response = getattr(app.test_client(), method)(path)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/connexion?next=%2Fimpayes")


def test_the_page_explains_the_columns_and_offers_the_models(client):
    response = client.get("/impayes")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    page = response.get_data(as_text=True)
    for column in unpaid.COLUMNS:
        assert f"<code>{column.header}</code>" in page
    assert unpaid.describe(unpaid.COLUMNS[-3]) in page  # descriptions from the facts model
    assert 'enctype="multipart/form-data" class="case-form"' in page
    workbook = client.get("/impayes/modele.xlsx")
    assert workbook.mimetype.endswith("spreadsheetml.sheet")
    assert load_workbook(io.BytesIO(workbook.data)).sheetnames == ["Factures", "Colonnes"]
    model = client.get("/impayes/modele.csv")
    assert model.mimetype == "text/csv" and model.data == unpaid.model_csv()
    assert client.get("/impayes/modele.ods").status_code == 404


def test_a_good_csv_gives_one_letter_per_debtor(client, settings):
    result = upload(client, settings, make_csv(GOOD_ROWS))
    assert result.status_code == 200
    assert "2 lettres à produire, 0 ligne refusée." in text(result)
    assert table(result, "lettres") == [
        ["Dupont & Fils", "F-1, F-2", "2, 4", "3 650,50 €"],
        ["Martin SAS", "M-1", "3", "900,00 €"],
    ]
    response = download(client, result)
    assert response.status_code == 200 and response.mimetype == "application/zip"
    assert response.headers["Cache-Control"] == "no-store"
    archive = open_zip(response.data)
    letters = {name: docx_text(data) for name, data in letters_by_debtor(archive).items()}
    assert set(letters) == {"Dupont & Fils", "Martin SAS"}
    assert "F-1" in letters["Dupont & Fils"] and "F-2" in letters["Dupont & Fils"]
    assert "M-1" not in letters["Dupont & Fils"]
    assert "M-1" in letters["Martin SAS"] and "F-1" not in letters["Martin SAS"]
    assert "Claire Moreau" in letters["Martin SAS"]  # the creditor typed on the page
    assert archive.read("lignes_refusees.csv").decode("utf-8-sig").splitlines() == [
        "ligne;colonne;message"
    ]
    manifest = json.loads(archive.read("manifest.json"))
    assert (manifest["total"], manifest["succeeded"]) == (2, 2)


def test_a_good_xlsx_gives_word_and_pdf(client, settings):
    result = upload(client, settings, unpaid.model_workbook(), "modele.xlsx")
    assert table(result, "lettres") == [
        ["Dupont & Fils", "F-2026-011, F-2026-019", "2, 3", "4 550,00 €"]
    ]
    archive = open_zip(download(client, result, "docx,pdf").data)
    [folder] = {name.split("/")[0] for name in archive.namelist() if "/" in name}
    assert folder == "Dupont & Fils"
    assert letters_by_debtor(archive, "pdf")[folder].startswith(b"%PDF")
    words = docx_text(letters_by_debtor(archive)[folder])
    assert "F-2026-011" in words and "F-2026-019" in words


def test_refused_rows_are_listed_with_row_column_and_message(client, settings):
    rows = [
        [*DUPONT, "F-1", "15/01/2026", "14/02/2026", "1 250,50", ""],
        [*MARTIN, "M-1", "31/02/2026", "03/03/2026", "980", ""],
        [*MARTIN, "M-2", "01/02/2026", "03/03/2026", "beaucoup", ""],
        [*MARTIN, "M-3", "01/02/2026", "03/03/2026", "100", ""],
    ]
    result = upload(client, settings, make_xlsx(rows), "factures.xlsx")
    assert result.status_code == 200
    assert "1 lettre à produire, 3 lignes refusées." in text(result)
    assert table(result, "lettres") == [["Dupont & Fils", "F-1", "2", "1 250,50 €"]]
    assert table(result, "refus") == [
        ["3", "facture_date", "date invalide : JJ/MM/AAAA ou AAAA-MM-JJ attendu"],
        ["4", "facture_montant_ttc", "montant invalide : nombre attendu (ex. 1 250,50)"],
        ["5", "—", "ligne non reprise : une autre ligne de ce débiteur est refusée"],
    ]
    archive = open_zip(download(client, result).data)
    assert set(letters_by_debtor(archive)) == {"Dupont & Fils"}
    report = archive.read("lignes_refusees.csv").decode("utf-8-sig").splitlines()
    assert report[0] == "ligne;colonne;message"
    assert report[1] == "3;facture_date;date invalide : JJ/MM/AAAA ou AAAA-MM-JJ attendu"
    assert len(report) == 4


def test_a_sheet_where_every_row_is_refused_offers_no_download(client, settings):
    rows = [[*DUPONT, "F-1", "15/01/2026", "14/02/2026", "-3", ""]]
    result = upload(client, settings, make_csv(rows))
    assert "0 lettre à produire, 1 ligne refusée." in text(result)
    assert table(result, "refus")[0][:2] == ["2", "facture_montant_ttc"]
    assert "Aucune lettre ne peut être produite" in text(result)
    assert 'name="formats"' not in result.get_data(as_text=True)


LATER = {"date_lettre": "2026-12-07"}  # after 30 June 2026: the seed lacks the ECB's rate
MISSING = "Le taux applicable au 2e semestre 2026 n'est pas encore enregistré sur ce serveur"


def rates_form(result, **typed: str) -> dict[str, list]:
    """The fields of the result page's missing-rate form, with ``typed`` filled in."""
    page = lxml_html.fromstring(result.get_data(as_text=True))
    [form] = page.xpath("//form[@id='taux-manquant']")
    data = _fields((i.get("name"), i.get("value") or "") for i in form.xpath(".//input"))
    data.update({key.replace("__", "-"): [value] for key, value in typed.items()})
    return data


def test_a_missing_rate_is_explained_with_the_two_ways_on(client, settings):
    result = upload(client, settings, make_csv(GOOD_ROWS), **LATER)
    assert result.status_code == 200
    words = text(result)
    assert "0 lettre à produire, 3 lignes refusées." in words
    first = table(result, "refus")[0]
    assert first[:2] == ["2", "—"] and first[2].startswith(f"Dupont & Fils : {MISSING}")
    assert "taux de la BCE en vigueur au 1er juillet 2026" in first[2]
    assert "taux_fournis" not in first[2] and ".toml" not in words
    box = " ".join(texts(result.get_data(as_text=True), "rate-missing"))
    assert MISSING in box and "communiqué de presse de la Banque centrale européenne" in box
    assert "Arrêter le calcul au 30 juin 2026" in box
    page = lxml_html.fromstring(result.get_data(as_text=True))
    assert page.xpath("//form[@id='taux-manquant']//a/@href") == [
        "https://www.ecb.europa.eu/press/pr/html/index.fr.html"
    ]
    data = rates_form(result)
    assert (data["taux_fournis-0-serie"], data["taux_fournis-0-semestre"]) == (["bce"], ["2026-S2"])


def test_the_missing_rate_given_on_the_result_page(client, settings):
    result = upload(client, settings, make_csv(GOOD_ROWS), **LATER)
    source = "communiqué de la BCE du 5 juin 2025 (valeur d'essai)"
    data = rates_form(result, taux_fournis__0__taux="2,15", taux_fournis__0__source=source)
    data["action"] = ["fournir"]
    again = post_multipart(client, "/impayes/verifier-de-nouveau", data)
    assert again.status_code == 200
    assert "2 lettres à produire, 0 ligne refusée." in text(again)
    assert not texts(again.get_data(as_text=True), "rate-missing")
    archive = open_zip(download(client, again).data)
    letters = {name: docx_text(data) for name, data in letters_by_debtor(archive).items()}
    words = " ".join(letters["Martin SAS"].split())
    assert "Taux retenu : taux de refinancement de la BCE pour le 2e semestre 2026, 2,15 %" in words
    assert f"(source : {source})" in words
    manifest = json.loads(archive.read("manifest.json"))
    used = [t for item in manifest["items"] for t in item["taux"] if t["semestre"] == "2026-S2"]
    assert used and {(t["taux"], t["source"], t["origine"]) for t in used} == {
        ("2.15", source, "faits du dossier")
    }


def test_the_whole_sheet_stopped_at_the_last_rate_known(client, settings):
    result = upload(client, settings, make_csv(GOOD_ROWS), **LATER)
    data = rates_form(result)
    data["action"] = ["arreter"]
    again = post_multipart(client, "/impayes/verifier-de-nouveau", data)
    assert "2 lettres à produire, 0 ligne refusée." in text(again)
    archive = open_zip(download(client, again).data)
    for letter in letters_by_debtor(archive).values():
        words = " ".join(docx_text(letter).split())
        assert "30 juin 2026, à parfaire" in words and "7 décembre 2026" in words


def test_a_rate_given_badly_is_shown_next_to_its_field(client, settings):
    result = upload(client, settings, make_csv(GOOD_ROWS), **LATER)
    data = rates_form(result, taux_fournis__0__taux="trente-deux", taux_fournis__0__source="x")
    data["action"] = ["fournir"]
    again = post_multipart(client, "/impayes/verifier-de-nouveau", data)
    assert again.status_code == 422
    page = again.get_data(as_text=True)
    assert "Taux non encore enregistrés sur ce serveur" in page
    assert "taux_fournis-0-taux" in field_errors(page)
    assert "Choisissez de nouveau le fichier" in text(again)


def _bomb() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        package.writestr("xl/workbook.xml", "<workbook/>")
        package.writestr("xl/worksheets/sheet1.xml", b"<worksheet>" + b" " * 60_000_000)
    return out.getvalue()


def _docx_like() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as package:
        package.writestr("word/document.xml", "<document/>")
    return out.getvalue()


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "factures.csv", "Ce fichier n'est pas un tableur"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "factures.xlsx", "n'est pas un tableur"),
        (b"%PDF-1.7\n" + bytes(range(256)) * 4, "factures.csv", "n'est pas un tableur"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 64, "factures.xlsx", "Ancien format Excel"),
        (_docx_like(), "factures.xlsx", "Ce fichier n'est pas un classeur"),
        (make_csv(GOOD_ROWS), "factures.txt", "Format non pris en charge"),
        (make_csv(GOOD_ROWS), "factures.xlsx", "ne correspond pas à son extension .xlsx"),
        (unpaid.model_workbook(), "factures.csv", "ne correspond pas à son extension .csv"),
        (b"PK\x03\x04tronque", "factures.xlsx", "Fichier XLSX illisible"),
        (_bomb(), "bombe.xlsx", "Classeur trop volumineux une fois décompressé."),
        (b"", "vide.csv", "Fichier vide"),
        (b"\n\n", "vide.csv", "Fichier vide"),
        (make_csv([]), "titres.csv", "Aucune facture dans le fichier"),
        (make_csv(GOOD_ROWS, ["nom", *HEADERS[1:]]), "f.csv", "Colonne(s) manquante(s) : debiteur"),
    ],
)
def test_bad_files_are_explained_in_french(client, settings, content, name, message):
    response = upload(client, settings, content, name)
    assert response.status_code == 422
    assert message in sheet_error(response)
    assert "Le fichier des factures" in text(response)  # the form again, settings kept
    assert 'value="Moreau"' in response.get_data(as_text=True)


def test_no_file_chosen(client, settings):
    data = _fields(settings)
    response = client.post("/impayes", data=data, content_type="multipart/form-data")
    assert response.status_code == 422
    assert sheet_error(response) == "Erreur : Choisissez le fichier des factures (.xlsx ou .csv)."


def test_oversized_files_are_refused_in_french(tmp_path, settings):
    client = logged_in(_app(tmp_path, UNPAID_MAX_BYTES=4096, MAX_CONTENT_LENGTH=64 * 1024))
    big = make_csv(GOOD_ROWS * 20)
    assert 4096 < len(big) < 64 * 1024
    response = upload(client, settings, big)
    assert response.status_code == 422
    assert sheet_error(response) == "Erreur : Fichier trop volumineux : 4 Ko au plus."
    huge = upload(client, settings, make_csv(GOOD_ROWS * 400))  # past MAX_CONTENT_LENGTH
    assert huge.status_code == 413
    assert "Fichier trop volumineux : 4 Ko au plus." in sheet_error(huge)


def test_too_many_debtors(tmp_path, settings):
    client = logged_in(_app(tmp_path, UNPAID_MAX_LETTERS=1))
    response = upload(client, settings, make_csv(GOOD_ROWS))
    assert response.status_code == 422
    assert "Trop de débiteurs : 2 lettres pour 1 au plus." in sheet_error(response)


def test_settings_errors_are_shown_next_to_their_fields(client, settings):
    response = upload(client, settings, make_csv(GOOD_ROWS), lieu="", delai_jours="3")
    assert response.status_code == 422
    page = lxml_html.fromstring(response.get_data(as_text=True))
    assert page.xpath("//div[@id='lieu-erreur']") and page.xpath("//div[@id='delai_jours-erreur']")
    assert "Choisissez de nouveau le fichier" in text(response)


def test_settings_saved_and_loaded_back(client, settings):
    result = upload(client, settings, make_csv(GOOD_ROWS))
    page = lxml_html.fromstring(result.get_data(as_text=True))
    [form] = page.xpath("//form[@action='/impayes/modifier']")
    data = _fields((i.get("name"), i.get("value")) for i in form.xpath(".//input[@type='hidden']"))
    saved = client.post("/impayes/reglages", data=data)
    assert saved.mimetype == "application/json"
    common = json.loads(saved.data)
    assert common["creancier"]["nom"] == "Moreau" and "debiteur" not in common
    edited = client.post("/impayes/modifier", data=data)
    assert 'value="Moreau"' in edited.get_data(as_text=True)
    assert "choisissez de nouveau le fichier" in text(edited)
    case = dump_case(example_case("mise_en_demeure", "b2b_penalites_bce")).encode()
    loaded = client.post(
        "/impayes/charger",
        data={"dossier": (io.BytesIO(case), "dossier.json")},
        content_type="multipart/form-data",
    )
    assert loaded.status_code == 200
    assert "Réglages chargés" in text(loaded) and 'value="Moreau"' in loaded.get_data(as_text=True)
    assert 'value="Dupont' not in loaded.get_data(as_text=True)  # the debtor is set aside
    bad = client.post(
        "/impayes/charger",
        data={"dossier": (io.BytesIO(b"{"), "dossier.json")},
        content_type="multipart/form-data",
    )
    assert bad.status_code == 400 and "Fichier JSON invalide" in text(bad)


@pytest.mark.parametrize(
    ("field", "value"), [("fichier_contenu", "pas du base64 !"), ("formats", "odt")]
)
def test_an_altered_result_page_is_refused(client, settings, field, value):
    result = upload(client, settings, make_csv(GOOD_ROWS))
    page = lxml_html.fromstring(result.get_data(as_text=True))
    [form] = page.xpath("//form[contains(@class, 'download')]")
    data = _fields((i.get("name"), i.get("value")) for i in form.xpath(".//input[@type='hidden']"))
    data["formats"] = ["docx"]
    data[field] = [value]
    response = post_multipart(client, "/impayes/lettres", data)
    assert response.status_code == 400
    assert "Requête invalide." in text(response)


def _csrf(page: str) -> str:
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)


def test_csrf_everywhere_and_a_large_file_carried_to_the_download(tmp_path, settings):
    app = _app(tmp_path, WTF_CSRF_ENABLED=True)
    client = app.test_client()
    token = _csrf(client.get("/connexion").get_data(as_text=True))
    client.post("/connexion", data={"name": "marie", "password": PASSWORD, "csrf_token": token})
    # Wider than Flask's 500 KB cap on a form field once carried in the page as base64.
    padding = "x" * 6000
    rows = [[*row, padding] for row in GOOD_ROWS * 30]
    content = make_csv(rows, [*HEADERS, "commentaire"])
    assert len(content) > 500_000
    forged = upload(client, settings, content)
    assert forged.status_code == 400
    assert "La page a expiré" in text(forged) and 'value="Moreau"' in forged.get_data(as_text=True)
    token = _csrf(client.get("/impayes").get_data(as_text=True))
    result = upload(client, settings, content, csrf_token=token)
    assert "2 lettres à produire" in text(result)
    assert ["1", "commentaire", "colonne inconnue : ignorée"] in table(result, "refus")
    response = download(client, result)
    assert response.status_code == 200
    assert set(letters_by_debtor(open_zip(response.data))) == {"Dupont & Fils", "Martin SAS"}
    page = lxml_html.fromstring(result.get_data(as_text=True))
    [form] = page.xpath("//form[contains(@class, 'download')]")
    data = _fields((i.get("name"), i.get("value")) for i in form.xpath(".//input[@type='hidden']"))
    data["formats"], data["csrf_token"] = ["docx"], ["périmé"]
    stale = post_multipart(client, "/impayes/lettres", data)
    assert stale.status_code == 400 and "La page a expiré" in text(stale)
    data["action"] = ["arreter"]
    stale = post_multipart(client, "/impayes/verifier-de-nouveau", data)
    assert stale.status_code == 400 and "La page a expiré" in text(stale)


def test_uploads_are_rate_limited(tmp_path, settings):
    client = logged_in(_app(tmp_path, RATELIMIT_FORMS="2 per minute"))
    for _ in range(2):
        assert upload(client, settings, b"", "vide.csv").status_code == 422
    assert upload(client, settings, b"", "vide.csv").status_code == 429


def test_the_sheet_makes_one_dossier_per_debtor_with_its_letter_kept(app, client, settings):
    result = upload(client, settings, make_csv(GOOD_ROWS))
    page = lxml_html.fromstring(result.get_data(as_text=True))
    [form] = page.xpath("//form[contains(@class, 'download')]")
    data = _fields((i.get("name"), i.get("value")) for i in form.xpath(".//input[@type='hidden']"))
    response = post_multipart(client, "/impayes/dossiers", data)
    assert response.status_code == 302 and response.headers["Location"] == "/dossiers"
    listing = client.get("/dossiers")
    assert "2 dossier(s) créé(s), un par débiteur, avec sa mise en demeure." in text(listing)
    links = re.findall(r'href="(/dossiers/[0-9a-f]{24})"', listing.get_data(as_text=True))
    titles = {text(client.get(link)).split(" — Litige")[0]: link for link in links}
    assert set(titles) == {"Impayé Dupont & Fils SARL", "Impayé Martin SAS SAS"}
    dupont = client.get(titles["Impayé Dupont & Fils SARL"]).get_data(as_text=True)
    assert "F-1" in dupont and "F-2" in dupont and "M-1" not in dupont
    [docx_link] = re.findall(r'href="(/dossiers/\w+/documents/\d+/docx)"', dupont)
    letter = docx_text(client.get(docx_link).data)
    assert "MISE EN DEMEURE" in letter.upper() and "F-2" in letter and "Claire Moreau" in letter
