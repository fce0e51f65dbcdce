"""Case files: the JSON a person downloads to resume a case later, and reads back."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import docgen

MAX_CASE_FILE = 256 * 1024
"""Largest case file accepted, in bytes (the biggest example is under 10 KB)."""


class CaseFileError(ValueError):
    """A case file that cannot be read, with the French reason."""


def _number(value: Any) -> Any:
    if isinstance(value, Decimal):
        as_float = float(value)
        # A JSON number when it reads back to the same decimal, as in the examples; else a string.
        return as_float if Decimal(repr(as_float)) == value else str(value)
    raise TypeError(f"valeur non sérialisable : {type(value).__name__}")


def dump_case(case: dict[str, Any], *, indent: int | None = 2) -> str:
    """The JSON text of a case, amounts as numbers."""
    return json.dumps(case, ensure_ascii=False, indent=indent, default=_number)


def _parse(raw: bytes) -> Any:
    if len(raw) > MAX_CASE_FILE:
        raise CaseFileError(f"Fichier trop volumineux : {MAX_CASE_FILE // 1024} Ko au plus.")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise CaseFileError(
            "Fichier illisible : un fichier texte JSON (UTF-8) est attendu."
        ) from None
    try:
        return docgen.load_case(text)
    except RecursionError:
        raise CaseFileError("Fichier JSON trop imbriqué pour être lu.") from None
    except json.JSONDecodeError as exc:
        raise CaseFileError(
            f"Fichier JSON invalide (ligne {exc.lineno}, colonne {exc.colno}) : "
            "ce n'est pas un dossier enregistré depuis ce site."
        ) from None


def _from_batch(data: dict[str, Any], doc_type: str) -> tuple[Any, list[str]]:
    items = data["items"]
    if not isinstance(items, list):
        raise CaseFileError("Lot invalide : « items » doit être une liste de dossiers.")
    matching = [i for i in items if isinstance(i, dict) and i.get("type") == doc_type]
    if not matching:
        label = docgen.get_type(doc_type).label.lower()
        raise CaseFileError(f"Ce lot ne contient aucun dossier de type « {label} ».")
    notices = []
    if len(items) > 1:
        notices.append(f"Lot de {len(items)} dossiers : le premier de ce type a été repris.")
    return matching[0].get("case"), notices


def read_case_file(raw: bytes, doc_type: str) -> tuple[dict[str, Any], list[str]]:
    """The case a file holds (a case object, or the first of its type in a batch), and notices.

    :raise CaseFileError: a file too big, not JSON, or holding no case of this type.
    """
    data = _parse(raw)
    notices: list[str] = []
    if isinstance(data, dict) and "items" in data:  # no case has an « items » fact
        data, notices = _from_batch(data, doc_type)
    if not isinstance(data, dict):
        raise CaseFileError("Fichier JSON inattendu : un objet décrivant le dossier est attendu.")
    return data, notices


def read_case_text(text: str) -> dict[str, Any]:
    """The case carried in a page between two steps.

    :raise CaseFileError: if the page was altered into something that is not a case.
    """
    data = _parse(text.encode("utf-8"))
    if not isinstance(data, dict):
        raise CaseFileError("Données du dossier illisibles : recommencez la saisie.")
    return data
