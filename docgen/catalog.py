"""The document types: identifier, label, template, case facts, context and file name."""

from __future__ import annotations

import functools
import importlib
import importlib.util
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

from docgen.errors import TypeNotAvailableError, UnknownDocumentTypeError
from docgen.facts.base import FactsModel

TEMPLATES_DIR = Path(__file__).resolve().parent.parent / "templates_docx"
EXAMPLES_DIR = Path(__file__).resolve().parent.parent / "examples"
"""Sample cases, ``<type>/<name>.json``."""


@dataclass(frozen=True)
class DocumentType:
    """One kind of document the generator produces, backed by ``docgen.doctypes.<id>``."""

    id: str
    label: str
    purpose: str

    @property
    def _module_name(self) -> str:
        return f"docgen.doctypes.{self.id}"

    @functools.cached_property
    def module(self) -> ModuleType:
        """The module defining this type.

        :raise TypeNotAvailableError: if this version of the generator lacks it.
        """
        if importlib.util.find_spec(self._module_name) is None:
            raise TypeNotAvailableError(self.id)
        return importlib.import_module(self._module_name)

    @property
    def template_path(self) -> Path:
        """Where the catalogue's Word template for this type lives."""
        return TEMPLATES_DIR / self.module.TEMPLATE

    @property
    def template_name(self) -> str:
        """File name of the catalogue's Word template."""
        return self.module.TEMPLATE

    @property
    def available(self) -> bool:
        """Whether this version of the generator can produce this type."""
        try:
            return self.template_path.is_file()
        except TypeNotAvailableError:
            return False

    @property
    def facts(self) -> type[FactsModel]:
        """The case-facts model, the one definition of the type's facts."""
        return self.module.FACTS

    @property
    def build_context(self) -> Callable[[Any], dict[str, Any]]:
        """Facts → template context."""
        return self.module.build_context

    @property
    def file_stem(self) -> Callable[[Any], str]:
        """Facts → output file name without extension."""
        return self.module.file_stem

    @property
    def computed_attributes(self) -> dict[str, tuple[str, ...]]:
        """Attributes the context adds to each item of a facts list, by list name."""
        return getattr(self.module, "COMPUTED_ATTRIBUTES", {})

    @property
    def computed_variables(self) -> dict[str, str]:
        """Template variables computed from the facts, with their description."""
        return self.module.COMPUTED_VARIABLES


TYPES: dict[str, DocumentType] = {
    t.id: t
    for t in (
        DocumentType(
            "cgv",
            "Conditions générales de vente",
            "Prévenir les litiges : les règles de vos ventes, opposables à vos clients.",
        ),
        DocumentType(
            "relance",
            "Relance amiable",
            "Rappeler poliment une facture impayée, avant toute mise en demeure.",
        ),
        DocumentType(
            "mise_en_demeure",
            "Mise en demeure de payer",
            "Réclamer formellement une facture impayée avant toute action en justice.",
        ),
        DocumentType(
            "protocole_transactionnel",
            "Protocole transactionnel",
            "Mettre fin au litige par un accord écrit de concessions réciproques.",
        ),
        DocumentType(
            "injonction_de_payer",
            "Requête en injonction de payer",
            "Saisir le juge pour obtenir un titre exécutoire contre le débiteur.",
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
