"""Case facts: one definition per document type, validated and published as JSON Schema."""

from docgen.facts.base import FactsModel, validate_case
from docgen.facts.parties import Adresse, Partie

__all__ = ["Adresse", "FactsModel", "Partie", "validate_case"]
