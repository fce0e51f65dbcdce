"""Unpaid invoices from a spreadsheet (one per row) → one mise en demeure case per debtor."""

from __future__ import annotations

import datetime
import re
import typing
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from docgen.bulk.sheets import (
    MAX_ROWS,
    CellError,
    Row,
    SheetError,
    read_cell,
    read_rows,
    write_csv,
    write_xlsx,
)
from docgen.errors import CaseValidationError, FieldError
from docgen.facts.base import validate_case
from docgen.facts.mise_en_demeure import MiseEnDemeure

DOC_TYPE = "mise_en_demeure"


@dataclass(frozen=True)
class Column:
    """A column of the invoice sheet: its header, the case fact it fills, how to read it."""

    header: str
    path: tuple[str, ...]  # inside the debtor (``debiteur``) or inside one invoice (``factures``)
    kind: str = "text"  # text, date, amount or bool
    pad: int = 0  # digits lost by a spreadsheet reading them as a number (SIREN, postal code)
    example: Any = None


COLUMNS = [
    Column("debiteur_nature", ("debiteur", "nature"), example="personne_morale"),
    Column("debiteur_civilite", ("debiteur", "civilite")),
    Column("debiteur_prenom", ("debiteur", "prenom")),
    Column("debiteur_nom", ("debiteur", "nom")),
    Column("debiteur_consommateur", ("debiteur", "consommateur"), "bool", example="non"),
    Column("debiteur_denomination", ("debiteur", "denomination"), example="Dupont & Fils"),
    Column("debiteur_forme_juridique", ("debiteur", "forme_juridique"), example="SARL"),
    Column("debiteur_siren", ("debiteur", "siren"), pad=9, example="552100554"),
    Column("debiteur_rcs_ville", ("debiteur", "rcs_ville"), example="Villeurbanne"),
    Column("debiteur_representant", ("debiteur", "representant"), example="M. Paul Dupont"),
    Column("debiteur_representant_qualite", ("debiteur", "representant_qualite"), example="gérant"),
    Column("debiteur_activite", ("debiteur", "activite"), example="commerciale"),
    Column(
        "debiteur_adresse", ("debiteur", "adresse", "ligne1"), example="14 avenue Roger-Salengro"
    ),
    Column("debiteur_adresse_complement", ("debiteur", "adresse", "ligne2")),
    Column("debiteur_code_postal", ("debiteur", "adresse", "code_postal"), pad=5, example="69100"),
    Column("debiteur_ville", ("debiteur", "adresse", "ville"), example="Villeurbanne"),
    Column("debiteur_pays", ("debiteur", "adresse", "pays")),
    Column("debiteur_email", ("debiteur", "email"), example="compta@dupont-fils.fr"),
    Column("facture_numero", ("factures", "numero"), example="F-2026-011"),
    Column("facture_date", ("factures", "date"), "date", example=datetime.date(2026, 1, 15)),
    Column(
        "facture_echeance", ("factures", "echeance"), "date", example=datetime.date(2026, 2, 14)
    ),
    Column("facture_montant_ttc", ("factures", "montant_ttc"), "amount", example=Decimal("2400")),
    Column("facture_montant_regle", ("factures", "montant_regle"), "amount"),
    Column("facture_objet", ("factures", "objet"), example="Refonte du site vitrine"),
]
BY_HEADER = {c.header: c for c in COLUMNS}
REQUIRED = (
    "debiteur_nature",
    "facture_numero",
    "facture_date",
    "facture_echeance",
    "facture_montant_ttc",
)


@dataclass(frozen=True)
class RowError:
    """A refused row: its number as the spreadsheet shows it, the column, a French message."""

    row: int | None
    column: str | None
    message: str


@dataclass(frozen=True)
class Letter:
    """One mise en demeure: the debtor's case and the rows its invoices came from."""

    reference: str
    rows: list[int]
    case: dict[str, Any]


@dataclass
class SheetImport:
    """What a sheet gave: the letters, and the rows refused with their reasons."""

    letters: list[Letter] = field(default_factory=list)
    refused: list[RowError] = field(default_factory=list)


def _put(target: dict[str, Any], path: tuple[str, ...], value: Any) -> None:
    for key in path[:-1]:
        target = target.setdefault(key, {})
    target[path[-1]] = value


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _row_facts(number: int, cells: dict[str, Any]) -> tuple[dict, dict, list[RowError]]:
    """The debtor and the invoice of one row, and its unreadable cells."""
    debtor: dict[str, Any] = {}
    invoice: dict[str, Any] = {}
    errors = []
    for header, value in cells.items():
        column = BY_HEADER.get(header)
        if column is None or _blank(value):
            continue
        try:
            parsed = read_cell(column.kind, value, column.pad)
        except CellError as exc:
            errors.append(RowError(number, header, str(exc)))
            continue
        _put(debtor if column.path[0] == "debiteur" else invoice, column.path[1:], parsed)
    return debtor, invoice, errors


def debtor_key(debtor: Mapping[str, Any]) -> str:
    """Rows with the same key are one debtor: its SIREN, or its name and postal code."""
    if debtor.get("siren"):
        return "siren:" + re.sub(r"\s", "", debtor["siren"])
    name = debtor.get("denomination") or f"{debtor.get('prenom', '')} {debtor.get('nom', '')}"
    postal = debtor.get("adresse", {}).get("code_postal", "")
    return f"nom:{' '.join(name.casefold().split())}|{postal}"


@dataclass
class _Group:
    debtor: dict[str, Any]
    rows: list[int] = field(default_factory=list)
    invoices: list[dict[str, Any]] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)


def _group(rows: typing.Iterable[Row]) -> dict[str, _Group]:
    groups: dict[str, _Group] = {}
    for number, cells in rows:
        debtor, invoice, errors = _row_facts(number, cells)
        group = groups.setdefault(debtor_key(debtor), _Group(debtor))
        if debtor != group.debtor:
            first = group.rows[0]
            errors.append(RowError(number, None, f"débiteur décrit autrement qu'en ligne {first}"))
        group.rows.append(number)
        group.invoices.append(invoice)
        group.errors += errors
    return groups


_FACTS_COLUMNS = {".".join(c.path): c.header for c in COLUMNS}
_INDEX = re.compile(r"^factures\[(\d+)\]\.?")


def _locate(error: FieldError, group: _Group) -> RowError:
    """The row and column of a case error, when it comes from the sheet."""
    match = _INDEX.match(error.path)
    if match:
        row = group.rows[int(match.group(1))]
        column = _FACTS_COLUMNS.get("factures." + error.path[match.end() :])
        return RowError(row, column, error.message)
    if error.path.startswith("debiteur") or error.path == "factures":
        return RowError(group.rows[0], _FACTS_COLUMNS.get(error.path), error.message)
    return RowError(None, None, f"{error.path} : {error.message}")  # from the common facts


def _name(debtor: Mapping[str, Any]) -> str:
    name = debtor.get("denomination") or f"{debtor.get('prenom', '')} {debtor.get('nom', '')}"
    return " ".join(str(name).split()) or "debiteur"


def _letter(group: _Group, common: Mapping[str, Any], result: SheetImport) -> None:
    case = {**common, "debiteur": group.debtor, "factures": group.invoices}
    errors = list(group.errors)
    try:
        validate_case(MiseEnDemeure, DOC_TYPE, case)
    except CaseValidationError as exc:
        unreadable = {(e.row, e.column) for e in errors}  # already reported, not "missing"
        located = (_locate(e, group) for e in exc.errors)
        errors += [e for e in located if (e.row, e.column) not in unreadable]
    if not errors:
        result.letters.append(Letter(_name(group.debtor), group.rows, case))
        return
    for error in errors:
        if error not in result.refused:
            result.refused.append(error)
    faulty = {e.row for e in errors}
    note = "ligne non reprise : une autre ligne de ce débiteur est refusée"
    result.refused += [RowError(row, None, note) for row in group.rows if row not in faulty]


def import_invoices(
    data: bytes, filename: str, common: Mapping[str, Any], max_rows: int = MAX_ROWS
) -> SheetImport:
    """One mise en demeure per debtor from a sheet of unpaid invoices.

    ``common`` holds the facts shared by every letter (``creancier``, ``date_lettre``,
    ``lieu``, ``prestation``…). A debtor with any refused row gets no letter: no partial claim.

    :raise SheetError: an unreadable file, a missing column, too many rows.
    """
    headers, rows = read_rows(data, filename, max_rows)
    missing = [h for h in REQUIRED if h not in headers]
    if missing:
        raise SheetError(f"Colonne(s) manquante(s) : {', '.join(missing)}.")
    result = SheetImport()
    result.refused += [
        RowError(1, h, "colonne inconnue : ignorée") for h in headers if h and h not in BY_HEADER
    ]
    for group in _group(rows).values():
        _letter(group, common, result)
    result.refused.sort(key=lambda e: (e.row or 0, e.column or ""))
    return result


def describe(column: Column) -> str:
    """The description of a column, taken from the case-facts model."""
    model: Any = MiseEnDemeure
    info = None
    for key in column.path:
        info = model.model_fields[key]
        args = typing.get_args(info.annotation) or (info.annotation,)
        model = next((a for a in args if isinstance(a, type) and hasattr(a, "model_fields")), None)
        if model is None and typing.get_origin(info.annotation) is list:
            model = args[0]
    return (info.description or "") if info else ""


_KIND_HINTS = {
    "text": "texte",
    "date": "date JJ/MM/AAAA",
    "amount": "montant en euros",
    "bool": "oui ou non",
}


def _sample_rows() -> list[list[Any]]:
    second = {"facture_numero": "F-2026-019", "facture_montant_regle": Decimal("250")}
    first = [c.example for c in COLUMNS]
    return [first, [second.get(c.header, c.example) for c in COLUMNS]]


def column_notes() -> list[list[str]]:
    """Each column with its description, format and whether it is required (``oui``)."""
    return [
        [c.header, describe(c), _KIND_HINTS[c.kind], "oui" if c.header in REQUIRED else ""]
        for c in COLUMNS
    ]


def model_workbook() -> bytes:
    """The model XLSX: the columns with two sample invoices, and a sheet describing them."""
    notes = [["colonne", "description", "format", "obligatoire"], *column_notes()]
    return write_xlsx(
        {"Factures": [[c.header for c in COLUMNS], *_sample_rows()], "Colonnes": notes}
    )


def model_csv() -> bytes:
    """The model CSV: the columns and two sample invoices."""
    return write_csv([[c.header for c in COLUMNS], *_sample_rows()])
