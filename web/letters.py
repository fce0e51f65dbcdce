"""What a sheet of unpaid invoices gives, as the spreadsheet page shows it and zips it."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import docgen
from docgen import DocgenError
from docgen.bulk import unpaid
from docgen.bulk.batch import BatchItem
from docgen.bulk.sheets import SheetError, write_csv
from docgen.bulk.unpaid import DOC_TYPE, Letter, RowError
from docgen.errors import MissingRateError
from docgen.formatting import montant
from forms.rates import MissingRate, distinct


@dataclass(frozen=True)
class Debtor:
    """One letter as the page lists it: the debtor, its invoices and what remains due."""

    name: str
    rows: list[int]
    invoices: list[str]
    total: str
    letter: Letter


@dataclass
class Outcome:
    """The letters a sheet gives, the rows refused, and the facts the letters share."""

    common: dict[str, Any]
    debtors: list[Debtor] = field(default_factory=list)
    refused: list[RowError] = field(default_factory=list)
    missing: list[MissingRate] = field(default_factory=list)  # rates some letters lacked

    @property
    def letters(self) -> list[Letter]:
        """The letters to produce, in the order of the sheet."""
        return [d.letter for d in self.debtors]

    def items(self) -> list[BatchItem]:
        """The letters as the items of a batch, each named after its debtor."""
        return [
            BatchItem(index, DOC_TYPE, letter.case, letter.reference)
            for index, letter in enumerate(self.letters)
        ]


def _debtor(letter: Letter) -> Debtor:
    """The page's line of a letter.

    :raise DocgenError: a rule of law or a missing rate that stops the letter.
    """
    facts, _context = docgen.build_context(DOC_TYPE, letter.case)
    total = sum((f.reste_du for f in facts.factures), Decimal(0))
    numbers = [f.numero for f in facts.factures]
    return Debtor(letter.reference, letter.rows, numbers, montant(total), letter)


def read(data: bytes, filename: str, common: Mapping[str, Any], max_letters: int) -> Outcome:
    """The letters and refused rows of a sheet, each letter checked as far as its amounts.

    :raise SheetError: an unreadable sheet, one without invoices, or too many debtors.
    """
    result = unpaid.import_invoices(data, filename, common)
    if not result.letters and not result.refused:
        raise SheetError("Aucune facture dans le fichier : une ligne par facture sous les titres.")
    if len(result.letters) > max_letters:
        raise SheetError(
            f"Trop de débiteurs : {len(result.letters)} lettres pour {max_letters} au plus. "
            "Découpez le fichier en plusieurs."
        )
    outcome = Outcome(dict(common), refused=list(result.refused))
    missing: list[MissingRate] = []
    for letter in result.letters:
        try:
            outcome.debtors.append(_debtor(letter))
        except DocgenError as exc:
            reason = str(exc)
            rate = MissingRate.of(exc) if isinstance(exc, MissingRateError) else None
            if rate is not None:
                missing.append(rate)
                reason = f"{rate.title} ({rate.name}) : voir plus haut les deux façons de continuer"
            outcome.refused.append(RowError(letter.rows[0], None, f"{letter.reference} : {reason}"))
            note = "ligne non reprise : la lettre de ce débiteur ne peut être produite"
            outcome.refused += [RowError(row, None, note) for row in letter.rows[1:]]
    outcome.refused.sort(key=lambda e: (e.row or 0, e.column or ""))
    outcome.missing = distinct(missing)
    return outcome


def _example(value: Any) -> str:
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, Decimal):
        return f"{value:.2f}".replace(".", ",")
    return "" if value is None else str(value)


def columns() -> list[dict[str, Any]]:
    """The columns of the sheet, described from the case-facts model, with an example."""
    examples = {c.header: _example(c.example) for c in unpaid.COLUMNS}
    return [
        {
            "header": header,
            "description": description,
            "format": kind,
            "required": bool(required),
            "example": examples[header],
        }
        for header, description, kind, required in unpaid.column_notes()
    ]


def report_csv(refused: list[RowError]) -> bytes:
    """The refused rows as a CSV a French spreadsheet opens: row, column, message."""
    rows = [[e.row or "", e.column or "", e.message] for e in refused]
    return write_csv([["ligne", "colonne", "message"], *rows])
