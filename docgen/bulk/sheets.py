"""Spreadsheets read and written: CSV (any usual delimiter and encoding) and XLSX."""

from __future__ import annotations

import csv
import datetime
import io
import re
import zipfile
from collections.abc import Iterator
from decimal import Decimal, InvalidOperation
from typing import Any

from docgen.errors import DocgenError

MAX_ROWS = 10_000
MAX_XLSX_BYTES = 50 * 1024 * 1024  # uncompressed size of all the parts of a workbook
MAX_XLSX_PARTS = 1_000
MAX_RATIO = 100  # uncompressed / compressed size of a part past 1 MB: more is a bomb
MAX_COLUMNS = 200  # columns read from a workbook; any beyond are ignored

Row = tuple[int, dict[str, Any]]
"""A data row: its number as the spreadsheet shows it (header = 1), and its cells by header."""


class SheetError(DocgenError):
    """A file that cannot be read as a spreadsheet, or is too large."""


def normalise_header(value: Any) -> str:
    """A header as columns are named: trimmed, lower case, spaces as underscores."""
    return "_".join(str(value or "").strip().casefold().split())


def _check_package(data: bytes) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            parts = package.infolist()
    except zipfile.BadZipFile:
        raise SheetError(
            "Fichier XLSX illisible : enregistrez-le de nouveau depuis le tableur."
        ) from None
    if len(parts) > MAX_XLSX_PARTS or sum(p.file_size for p in parts) > MAX_XLSX_BYTES:
        raise SheetError("Classeur trop volumineux une fois décompressé.")
    if any(p.file_size > MAX_RATIO * max(p.compress_size, 1) + 2**20 for p in parts):
        raise SheetError("Classeur suspect : il se décompresse en bien plus que sa taille.")


_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls, .doc: the formats before 2007
_TEXT_CONTROLS = set(range(32)) - {9, 10, 12, 13} | {127}


def _package_kind(data: bytes) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            names = set(package.namelist())
    except zipfile.BadZipFile:
        raise SheetError(
            "Fichier XLSX illisible : enregistrez-le de nouveau depuis le tableur."
        ) from None
    if "xl/workbook.xml" in names:
        return "xlsx"
    if "content.xml" in names and "mimetype" in names:
        raise SheetError("Classeur OpenDocument (.ods) : enregistrez-le au format .xlsx ou .csv.")
    raise SheetError("Ce fichier n'est pas un classeur : un fichier .xlsx ou .csv est attendu.")


def sheet_format(data: bytes, filename: str) -> str:
    """``xlsx`` or ``csv``, when the file's name and its content agree.

    :raise SheetError: an empty file, another format, or a name that belies the content.
    """
    extension = filename.rsplit(".", 1)[-1].casefold() if "." in filename else ""
    if extension not in ("csv", "xlsx"):
        raise SheetError("Format non pris en charge : un fichier .xlsx ou .csv est attendu.")
    if not data.strip():
        raise SheetError("Fichier vide : la première ligne doit porter le nom des colonnes.")
    if data.startswith(b"PK\x03\x04"):
        kind = _package_kind(data)
    elif data.startswith(_OLE):
        raise SheetError("Ancien format Excel (.xls) : enregistrez le fichier en .xlsx ou .csv.")
    else:
        head = data[:65536]
        controls = sum(1 for byte in head if byte in _TEXT_CONTROLS)
        if b"\x00" in head or controls > len(head) // 100:
            raise SheetError(
                "Ce fichier n'est pas un tableur : un fichier .xlsx ou .csv (texte) est attendu."
            )
        kind = "csv"
    if kind != extension:
        raise SheetError(
            f"Le contenu du fichier ({kind.upper()}) ne correspond pas à son extension "
            f".{extension} : renommez-le ou enregistrez-le de nouveau depuis le tableur."
        )
    return kind


# What openpyxl raises on a malformed workbook: whatever its XML parsing and classes meet.
_UNREADABLE = (
    zipfile.BadZipFile,
    SyntaxError,  # xml.etree's ParseError and lxml's XMLSyntaxError
    KeyError,
    IndexError,
    TypeError,
    ValueError,
    AttributeError,
    OSError,
)


def _xlsx_rows(data: bytes) -> Iterator[tuple[Any, ...]]:
    _check_package(data)
    # openpyxl is imported here, by the process that reads a workbook: 8 MiB the web server and
    # the generation workers would otherwise hold for nothing.
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (InvalidFileException, *_UNREADABLE) as exc:
        raise SheetError(f"Fichier XLSX illisible : {exc}") from None
    try:
        yield from book.worksheets[0].iter_rows(values_only=True, max_col=MAX_COLUMNS)
    except (InvalidFileException, *_UNREADABLE) as exc:
        raise SheetError(f"Fichier XLSX illisible : {exc}") from None
    finally:
        book.close()


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")  # what French Excel writes by default


def _csv_rows(data: bytes) -> Iterator[list[str]]:
    text = _decode(data)
    first = text.split("\n", 1)[0]
    delimiter = max(";,\t", key=first.count)
    try:
        yield from csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    except csv.Error as exc:
        raise SheetError(f"Fichier CSV illisible : {exc}") from None


def read_rows(
    data: bytes, filename: str, max_rows: int = MAX_ROWS
) -> tuple[list[str], Iterator[Row]]:
    """The headers of a CSV or XLSX file and its non-empty rows.

    :raise SheetError: an unreadable file, or more than ``max_rows`` rows (while iterating).
    """
    is_xlsx = filename.lower().endswith((".xlsx", ".xlsm")) or data.startswith(b"PK\x03\x04")
    rows = iter(_xlsx_rows(data) if is_xlsx else _csv_rows(data))
    headers = [normalise_header(h) for h in next(rows, ())]
    if not any(headers):
        raise SheetError("Fichier vide : la première ligne doit porter le nom des colonnes.")

    def data_rows() -> Iterator[Row]:
        for number, values in enumerate(rows, start=2):
            if number - 1 > max_rows:
                raise SheetError(f"Trop de lignes : {max_rows} au plus.")
            if any(v not in (None, "") and str(v).strip() for v in values):
                yield number, {h: v for h, v in zip(headers, values, strict=False) if h}

    return headers, data_rows()


class CellError(ValueError):
    """A cell that cannot be read as its column's kind."""


def _number_text(value: Any, pad: int) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    return text.zfill(pad) if pad and text.isdigit() else text


def _date(value: Any) -> datetime.date:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = str(value).strip()
    for pattern in ("%Y-%m-%d", "%d/%m/%Y", "%d/%m/%y", "%d.%m.%Y"):
        try:
            return datetime.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise CellError("date invalide : JJ/MM/AAAA ou AAAA-MM-JJ attendu")


def _amount(value: Any) -> Decimal:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return Decimal(str(value))
    text = re.sub(r"[\s\u00a0\u202f€]", "", str(value))
    if "," in text and "." in text:  # the last separator is the decimal one
        thousands = "." if text.rfind(",") > text.rfind(".") else ","
        text = text.replace(thousands, "")
    try:
        return Decimal(text.replace(",", "."))
    except InvalidOperation:
        raise CellError("montant invalide : nombre attendu (ex. 1 250,50)") from None


_TRUE = {"oui", "o", "vrai", "true", "1", "x"}
_FALSE = {"non", "n", "faux", "false", "0"}


def _bool(value: Any) -> bool:
    text = str(value).strip().casefold()
    if text in _TRUE or value is True:
        return True
    if text in _FALSE or value is False:
        return False
    raise CellError("valeur oui/non attendue")


def read_cell(kind: str, value: Any, pad: int = 0) -> Any:
    """The value of a non-empty cell as ``kind`` (text, date, amount or bool).

    ``pad`` restores the leading zeros of a code a spreadsheet read as a number.

    :raise CellError: if it cannot be read so.
    """
    if kind == "date":
        return _date(value)
    if kind == "amount":
        return _amount(value)
    if kind == "bool":
        return _bool(value)
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()[:10]
    return _number_text(value, pad)


def write_xlsx(sheets: dict[str, list[list[Any]]]) -> bytes:
    """A workbook with one sheet per entry, the first row in bold, dates shown JJ/MM/AAAA."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in sheet.iter_rows(min_row=2):
            for cell in row:
                if isinstance(cell.value, datetime.date):
                    cell.number_format = "DD/MM/YYYY"
        for column in sheet.iter_cols(max_row=1):
            width = max(len(str(c.value or "")) for c in column) + 4
            sheet.column_dimensions[column[0].column_letter].width = min(max(width, 14), 70)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def write_csv(rows: list[list[Any]]) -> bytes:
    """A CSV as French spreadsheets open it: semicolons, UTF-8 with a byte-order mark."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    for row in rows:
        writer.writerow(
            [v.strftime("%d/%m/%Y") if isinstance(v, datetime.date) else v for v in row]
        )
    return ("\ufeff" + out.getvalue()).encode("utf-8")
