"""The document types: identifier, label, template, case facts, context and file name."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from docgen.context import COMPUTED_VARIABLES, mise_en_demeure_context
from docgen.errors import UnknownDocumentTypeError
from docgen.facts.base import FactsModel
from docgen.facts.mise_en_demeure import MiseEnDemeure

TEMPLATES_DIR = Path(__file__).resolve().parent.parent / "templates_docx"


def slugify(text: str) -> str:
    """ASCII, lower-case, hyphenated form of a text, for file names."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:60] or "document"


@dataclass(frozen=True)
class DocumentType:
    """One kind of document the generator produces."""

    id: str
    label: str
    purpose: str
    template_name: str
    facts: type[FactsModel] | None
    build_context: Callable[[Any], dict[str, Any]] | None
    file_stem: Callable[[Any], str] | None

    @property
    def template_path(self) -> Path:
        """Where the catalogue's Word template for this type lives."""
        return TEMPLATES_DIR / self.template_name

    @property
    def available(self) -> bool:
        """Whether this version of the generator can produce this type."""
        return self.facts is not None and self.template_path.is_file()

    @property
    def computed_variables(self) -> dict[str, str]:
        """Template variables computed from the facts, with their description."""
        return COMPUTED_VARIABLES.get(self.id, {})


def _mise_en_demeure_stem(facts: MiseEnDemeure) -> str:
    return f"mise-en-demeure_{slugify(facts.debiteur.designation)}_{facts.date_lettre.isoformat()}"


TYPES: dict[str, DocumentType] = {
    t.id: t
    for t in (
        DocumentType(
            "cgv",
            "Conditions générales de vente",
            "Prévenir les litiges : les règles de vos ventes, opposables à vos clients.",
            "cgv.docx",
            None,
            None,
            None,
        ),
        DocumentType(
            "mise_en_demeure",
            "Mise en demeure de payer",
            "Réclamer formellement une facture impayée avant toute action en justice.",
            "mise_en_demeure.docx",
            MiseEnDemeure,
            mise_en_demeure_context,
            _mise_en_demeure_stem,
        ),
        DocumentType(
            "protocole_transactionnel",
            "Protocole transactionnel",
            "Mettre fin au litige par un accord écrit de concessions réciproques.",
            "protocole_transactionnel.docx",
            None,
            None,
            None,
        ),
        DocumentType(
            "injonction_de_payer",
            "Requête en injonction de payer",
            "Saisir le juge pour obtenir un titre exécutoire contre le débiteur.",
            "injonction_de_payer.docx",
            None,
            None,
            None,
        ),
    )
}
"""All document types, in the order of a dispute."""


def get_type(doc_type: str) -> DocumentType:
    """The catalogue entry of a type identifier.

    :raise UnknownDocumentTypeError: for an identifier the catalogue does not hold.
    """
    try:
        return TYPES[doc_type]
    except KeyError:
        raise UnknownDocumentTypeError(doc_type, list(TYPES)) from None
