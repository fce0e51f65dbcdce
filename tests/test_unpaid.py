"""Unpaid invoices from a spreadsheet: one letter per debtor, every refused row reported."""

from __future__ import annotations

import datetime
import io
import json
import zipfile

import pytest
from openpyxl import Workbook

from docgen.bulk import batch, unpaid
from docgen.bulk.sheets import SheetError, read_cell, sheet_format
from tests.conftest import example_case

HEADERS = [
    "debiteur_nature",
    "debiteur_denomination",
    "debiteur_forme_juridique",
    "debiteur_siren",
    "debiteur_rcs_ville",
    "debiteur_representant",
    "debiteur_activite",
    "debiteur_adresse",
    "debiteur_code_postal",
    "debiteur_ville",
    "facture_numero",
    "facture_date",
    "facture_echeance",
    "facture_montant_ttc",
    "facture_montant_regle",
]
DUPONT = ["personne_morale", "Dupont & Fils", "SARL", "552100554", "Villeurbanne", "M. Paul Dupont"]
DUPONT += ["commerciale", "14 avenue Roger-Salengro", "69100", "Villeurbanne"]
MARTIN = ["personne_morale", "Martin SAS", "SAS", "732829320", "Lyon", "Mme Anne Martin"]
MARTIN += ["commerciale", "3 quai Saint-Antoine", "69002", "Lyon"]


@pytest.fixture(scope="module")
def common():
    case = example_case("mise_en_demeure", "b2b_penalites_bce")
    return {k: v for k, v in case.items() if k not in ("debiteur", "factures")}


def _csv(rows, encoding="utf-8"):
    return "\n".join(";".join(row) for row in [HEADERS, *rows]).encode(encoding)


def test_model_workbook_gives_one_letter_that_generates(common):
    result = unpaid.import_invoices(unpaid.model_workbook(), "modele.xlsx", common)
    assert result.refused == []
    [letter] = result.letters
    assert (letter.reference, letter.rows) == ("Dupont & Fils", [2, 3])
    assert [f["numero"] for f in letter.case["factures"]] == ["F-2026-011", "F-2026-019"]
    items = batch.parse_request(
        {"items": [{"type": "mise_en_demeure", "case": letter.case, "reference": letter.reference}]}
    )[0]
    archive = zipfile.ZipFile(io.BytesIO(b"".join(batch.stream_archive(items, ["docx"]))))
    assert json.loads(archive.read("manifest.json"))["succeeded"] == 1


def test_model_csv_reads_back(common):
    data = unpaid.model_csv()
    assert data.startswith("\ufeff".encode()) and b";" in data.splitlines()[0]
    assert len(unpaid.import_invoices(data, "modele.csv", common).letters) == 1


def test_french_csv_grouped_by_debtor(common):
    rows = [
        [*DUPONT, "F-1", "15/01/2026", "14/02/2026", "1 250,50", ""],
        [*MARTIN, "M-1", "2026-02-01", "2026-03-03", "980", "80,00"],
        [*DUPONT, "F-2", "02/03/2026", "01/04/2026", "2.400,00", ""],
    ]
    result = unpaid.import_invoices(_csv(rows, "cp1252"), "factures.csv", common)
    assert result.refused == []
    letters = {letter.reference: letter for letter in result.letters}
    assert letters["Dupont & Fils"].rows == [2, 4]
    invoices = letters["Dupont & Fils"].case["factures"]
    assert [str(f["montant_ttc"]) for f in invoices] == ["1250.50", "2400.00"]
    assert invoices[0]["date"] == datetime.date(2026, 1, 15)
    assert letters["Martin SAS"].case["factures"][0]["montant_regle"] == 80


def test_xlsx_numbers_and_dates(common):
    book = Workbook()
    sheet = book.active
    sheet.append(HEADERS)
    row = [*DUPONT, 2026011, datetime.datetime(2026, 1, 15), datetime.date(2026, 2, 14), 1250.5]
    row[3], row[8] = 552100554, 69100  # SIREN and postal code typed as numbers
    sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    [letter] = unpaid.import_invoices(out.getvalue(), "f.xlsx", common).letters
    assert letter.case["debiteur"]["siren"] == "552100554"
    assert letter.case["factures"][0]["numero"] == "2026011"
    assert str(letter.case["factures"][0]["montant_ttc"]) == "1250.5"


def test_refused_rows_with_row_column_and_french_message(common):
    rows = [
        [*DUPONT, "F-1", "le 15 janvier", "14/02/2026", "100", ""],
        [*DUPONT, "F-2", "02/03/2026", "01/04/2026", "100", ""],
        [*MARTIN, "M-1", "01/02/2026", "03/03/2026", "980", "980"],
        [*MARTIN[:7], "", "69002", "Lyon", "M-2", "01/02/2026", "03/03/2026", "10", ""],
        [*DUPONT[:1], "Dupont et fils", *DUPONT[2:], "F-3", "02/03/2026", "01/04/2026", "1", ""],
        [*DUPONT, "F-4", "02/03/2026", "01/04/2026", "abc", ""],
        ["personne_physique", "", "", "", "", "", "", "1 rue X", "75001", "Paris", "P-1"],
    ]
    result = unpaid.import_invoices(_csv(rows), "f.csv", common)
    assert result.letters == []
    refused = [(e.row, e.column, e.message) for e in result.refused]
    assert refused == [
        (2, "facture_date", "date invalide : JJ/MM/AAAA ou AAAA-MM-JJ attendu"),
        (3, None, "ligne non reprise : une autre ligne de ce débiteur est refusée"),
        (4, "facture_montant_regle", "la facture est déjà entièrement réglée"),
        (5, None, "débiteur décrit autrement qu'en ligne 4"),
        (6, None, "débiteur décrit autrement qu'en ligne 2"),
        (7, "facture_montant_ttc", "montant invalide : nombre attendu (ex. 1 250,50)"),
        (8, "debiteur_civilite", "champ obligatoire pour une personne physique"),
        (8, "facture_date", "champ obligatoire"),
        (8, "facture_echeance", "champ obligatoire"),
        (8, "facture_montant_ttc", "champ obligatoire"),
    ]


def test_a_bad_debtor_does_not_stop_the_others(common):
    rows = [[*DUPONT, "F-1", "15/01/2026", "14/02/2026", "x", ""]]
    rows.append([*MARTIN, "M-1", "01/02/2026", "03/03/2026", "980", ""])
    result = unpaid.import_invoices(_csv(rows), "f.csv", common)
    assert [letter.reference for letter in result.letters] == ["Martin SAS"]
    assert [e.row for e in result.refused] == [2]


def test_common_facts_errors_are_reported_once(common):
    rows = [[*DUPONT, "F-1", "15/01/2026", "14/02/2026", "1", ""]]
    rows.append([*MARTIN, "M-1", "01/02/2026", "03/03/2026", "980", ""])
    bad = {k: v for k, v in common.items() if k != "lieu"}
    result = unpaid.import_invoices(_csv(rows), "f.csv", bad)
    assert [(e.row, e.message) for e in result.refused] == [
        (None, "lieu : champ obligatoire"),
        (2, "ligne non reprise : une autre ligne de ce débiteur est refusée"),
        (3, "ligne non reprise : une autre ligne de ce débiteur est refusée"),
    ]


def test_unknown_columns_are_reported_and_missing_ones_refused(common):
    data = ";".join([*unpaid.REQUIRED, "couleur"]).encode() + b"\n"
    result = unpaid.import_invoices(data, "f.csv", common)
    assert [(e.row, e.column, e.message) for e in result.refused] == [
        (1, "couleur", "colonne inconnue : ignorée")
    ]
    with pytest.raises(SheetError, match="Colonne\\(s\\) manquante\\(s\\) : facture_date"):
        unpaid.import_invoices(b"debiteur_nature;facture_numero\n", "f.csv", common)


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"", "f.csv", "Fichier vide"),
        (b"PK\x03\x04garbage", "f.xlsx", "illisible"),
        (b"not a zip", "f.xlsx", "illisible"),
    ],
)
def test_unreadable_files(common, data, name, message):
    with pytest.raises(SheetError, match=message):
        unpaid.import_invoices(data, name, common)


def test_too_many_rows(common):
    rows = [[*DUPONT, f"F-{i}", "15/01/2026", "14/02/2026", "1", ""] for i in range(5)]
    with pytest.raises(SheetError, match="Trop de lignes : 4 au plus"):
        unpaid.import_invoices(_csv(rows), "f.csv", common, max_rows=4)


def test_workbook_bomb_is_refused_before_opening(common):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("xl/worksheets/sheet1.xml", b"\0" * (60 * 1024 * 1024))
    with pytest.raises(SheetError, match="trop volumineux"):
        unpaid.import_invoices(out.getvalue(), "f.xlsx", common)


def _model_with(part: str, content: bytes) -> bytes:
    model = zipfile.ZipFile(io.BytesIO(unpaid.model_workbook()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        for name in model.namelist():
            package.writestr(name, content if name == part else model.read(name))
    return out.getvalue()


@pytest.mark.parametrize(
    ("part", "content"),
    [
        ("xl/worksheets/sheet1.xml", b"<worksheet><sheetData><row><c>"),  # cut short
        ("xl/workbook.xml", b"pas du XML"),
        ("xl/styles.xml", b"<x"),
        ("[Content_Types].xml", b"<Types/>"),  # no workbook declared
    ],
)
def test_a_malformed_workbook_is_a_sheet_error_not_a_crash(common, part, content):
    with pytest.raises(SheetError, match="illisible"):
        unpaid.import_invoices(_model_with(part, content), "f.xlsx", common)


def test_a_part_compressed_like_a_bomb_is_refused(common):
    sheet = b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    sheet += b"<sheetData/>" + b" " * 20_000_000 + b"</worksheet>"  # under the total cap
    with pytest.raises(SheetError, match="Classeur suspect"):
        unpaid.import_invoices(_model_with("xl/worksheets/sheet1.xml", sheet), "f.xlsx", common)


def test_cells_far_to_the_right_are_not_read(common):
    sheet = (
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        b'<row r="1"><c r="XFD1" t="inlineStr"><is><t>x</t></is></c></row>'
        b'<row r="9000"><c r="A9000" t="inlineStr"><is><t>x</t></is></c></row>'
        b"</sheetData></worksheet>"
    )  # 16,384 columns on each of 9,000 rows, had they been padded
    with pytest.raises(SheetError, match="Fichier vide"):
        unpaid.import_invoices(_model_with("xl/worksheets/sheet1.xml", sheet), "f.xlsx", common)


@pytest.mark.parametrize(
    ("data", "name", "kind"),
    [(b"a;b\n1;2\n", "F.CSV", "csv"), (unpaid.model_workbook(), "modele.xlsx", "xlsx")],
)
def test_sheet_format_from_name_and_content(data, name, kind):
    assert sheet_format(data, name) == kind


def test_every_column_is_described_by_the_case_model():
    assert all(unpaid.describe(column) for column in unpaid.COLUMNS)


@pytest.mark.parametrize(
    ("text", "amount"),
    [("1.250,50", "1250.50"), ("1,250.50", "1250.50"), ("12,5 €", "12.5"), ("1\u202f250", "1250")],
)
def test_amounts_as_spreadsheets_write_them(text, amount):
    assert str(read_cell("amount", text)) == amount
