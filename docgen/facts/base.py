"""Shared field types of case facts, and translation of validation errors into French."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
)
from pydantic import ValidationError as PydanticValidationError
from pydantic_core import PydanticCustomError

from docgen.errors import CaseValidationError, FieldError

# Characters XML 1.0 cannot hold, plus \f \a \v that docxtpl turns into page or paragraph breaks.
# Bidirectional and other invisible controls are refused too: they can disguise a legal text.
_FORBIDDEN = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069"
    "\ufffe\uffff\ud800-\udfff]"
)
_CHAR_NAMES = {
    "\x0c": "saut de page (\\f)",
    "\x07": "sonnerie (\\a)",
    "\x0b": "tabulation verticale (\\v)",
}


def _describe(char: str) -> str:
    return _CHAR_NAMES.get(char, f"U+{ord(char):04X}")


def clean_text(value: Any, *, multiline: bool) -> Any:
    """NFC-normalise a string and refuse characters a Word document cannot hold."""
    if not isinstance(value, str):
        return value
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    if not multiline and "\n" in value:
        raise PydanticCustomError("texte_une_ligne", "le texte doit tenir sur une seule ligne")
    bad = _FORBIDDEN.search(value)
    if bad:
        raise PydanticCustomError(
            "caractere_interdit",
            "caractère interdit ({caractere}) : retirez-le du texte",
            {"caractere": _describe(bad.group())},
        )
    return unicodedata.normalize("NFC", value).strip()


Ligne = Annotated[
    str,
    BeforeValidator(lambda v: clean_text(v, multiline=False)),
    StringConstraints(min_length=1, max_length=200),
]
"""A single line of text: a name, a city, a label."""

Texte = Annotated[
    str,
    BeforeValidator(lambda v: clean_text(v, multiline=True)),
    StringConstraints(min_length=1, max_length=5000),
]
"""A paragraph of free text; line breaks are kept."""

Montant = Annotated[Decimal, Field(ge=0, max_digits=12, decimal_places=2, allow_inf_nan=False)]
"""An amount in euros, at most two decimals."""

Taux = Annotated[Decimal, Field(ge=0, le=100, decimal_places=2, allow_inf_nan=False)]
"""A yearly rate in percent (``12.15`` for 12,15 %)."""


def check_postal_code(value: str) -> str:
    if not re.fullmatch(r"\d{5}", value):
        raise PydanticCustomError("code_postal", "code postal invalide : cinq chiffres attendus")
    return value


def _one_line(value: Any) -> Any:
    return clean_text(value, multiline=False)


def _checked_line(check: Callable[[str], str], max_length: int) -> Any:
    """A single line of text, cleaned, capped, then checked by ``check``."""
    return Annotated[
        str,
        BeforeValidator(_one_line),
        StringConstraints(max_length=max_length),
        AfterValidator(check),
    ]


_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


def _check_email(value: str) -> str:
    if not _EMAIL.fullmatch(value):
        raise PydanticCustomError("courriel", "adresse électronique invalide (ex. nom@domaine.fr)")
    return value


def _check_phone(value: str) -> str:
    digits = re.sub(r"[\s.\-()]", "", value)
    if not re.fullmatch(r"(\+\d{2,3}|0)\d{8,12}", digits):
        raise PydanticCustomError("telephone", "numéro de téléphone invalide (ex. 01 23 45 67 89)")
    return value


CodePostal = _checked_line(check_postal_code, 10)
Courriel = _checked_line(_check_email, 254)
Telephone = _checked_line(_check_phone, 30)


class FactsModel(BaseModel):
    """Base of every case-facts model (docstrings in French: they become schema descriptions)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=False, frozen=True)


def rule_error(field: str, message: str) -> PydanticCustomError:
    """Build a cross-field error that points at ``field`` inside the model being validated."""
    return PydanticCustomError("regle", message, {"champ": field})


_MESSAGES = {
    "missing": "champ obligatoire",
    "extra_forbidden": "champ inconnu",
    "string_type": "texte attendu",
    "string_too_short": "ne peut pas être vide",
    "string_too_long": "trop long : {max_length} caractères au plus",
    "decimal_parsing": "montant invalide : nombre attendu (ex. 1234.56)",
    "decimal_type": "montant invalide : nombre attendu (ex. 1234.56)",
    "decimal_max_places": "{decimal_places} décimales au plus",
    "decimal_max_digits": "nombre trop grand",
    "decimal_whole_digits": "nombre trop grand",
    "finite_number": "nombre fini attendu",
    "greater_than": "doit être supérieur à {gt}",
    "greater_than_equal": "doit être supérieur ou égal à {ge}",
    "less_than": "doit être inférieur à {lt}",
    "less_than_equal": "doit être inférieur ou égal à {le}",
    "int_parsing": "nombre entier attendu",
    "int_type": "nombre entier attendu",
    "int_from_float": "nombre entier attendu",
    "bool_parsing": "valeur oui/non attendue (true ou false)",
    "bool_type": "valeur oui/non attendue (true ou false)",
    "date_parsing": "date invalide : format AAAA-MM-JJ attendu",
    "date_from_datetime_parsing": "date invalide : format AAAA-MM-JJ attendu",
    "date_from_datetime_inexact": "date sans heure attendue (AAAA-MM-JJ)",
    "date_type": "date invalide : format AAAA-MM-JJ attendu",
    "literal_error": "valeur non autorisée : choisir parmi {expected}",
    "enum": "valeur non autorisée : choisir parmi {expected}",
    "list_type": "liste attendue",
    "too_short": "{min_length} élément(s) au moins",
    "too_long": "{max_length} éléments au plus",
    "too_long_text": "trop long : {max_length} caractères au plus",
    "model_type": "objet attendu",
    "model_attributes_type": "objet attendu",
    "dict_type": "objet attendu",
}


def _message(err: Mapping[str, Any]) -> str:
    kind = err["type"]
    if kind == "too_long" and isinstance(err.get("input"), str):
        kind = "too_long_text"
    template = _MESSAGES.get(kind)
    if template is None:
        return str(err["msg"])  # our own PydanticCustomError messages are already French
    ctx = dict(err.get("ctx") or {})
    if "expected" in ctx:
        ctx["expected"] = str(ctx["expected"]).replace("'", "").replace(" or ", ", ")
    try:
        return template.format(**ctx)
    except (KeyError, IndexError):
        return template


def format_path(loc: tuple[int | str, ...]) -> str:
    """Render a validation location as ``factures[2].montant_ttc``."""
    path = ""
    for part in loc:
        if isinstance(part, int):
            path += f"[{part}]"
        else:
            path += f".{part}" if path else str(part)
    return path


def field_errors(exc: PydanticValidationError) -> list[FieldError]:
    """Translate a pydantic error into one French ``FieldError`` per field."""
    errors = []
    for err in exc.errors(include_url=False):
        loc = tuple(err["loc"])
        if err["type"] == "regle":
            loc = (*loc, err["ctx"]["champ"])
        errors.append(FieldError(format_path(loc), _message(err)))
    return errors


def validate_case(model: type[FactsModel], doc_type: str, case: Any) -> FactsModel:
    """Validate raw case facts against ``model``.

    :raise CaseValidationError: with one entry per invalid field.
    """
    if not isinstance(case, Mapping):
        raise CaseValidationError(doc_type, [FieldError("", "objet JSON attendu")])
    try:
        return model.model_validate(case)
    except PydanticValidationError as exc:
        raise CaseValidationError(doc_type, field_errors(exc)) from None
