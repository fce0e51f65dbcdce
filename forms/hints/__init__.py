"""What the generic mapping cannot guess: choice labels, when a field applies, section titles.

Never a validation rule: the case-facts models of ``docgen`` hold every rule.
"""

from __future__ import annotations

import functools

from pydantic import BaseModel

from forms.hints.hint import NO_HINT, Hint

__all__ = ["NO_HINT", "Hint", "hint_for", "sections_for"]


@functools.cache
def _tables() -> tuple[dict[type[BaseModel], dict[str, Hint]], dict[str, dict[str, str]]]:
    from forms.hints import cgv, common, dossier, injonction_de_payer, mise_en_demeure, relance
    from forms.hints import protocole_transactionnel as protocole

    hints: dict[type[BaseModel], dict[str, Hint]] = {}
    sections: dict[str, dict[str, str]] = {}
    for module in (common, cgv, relance, mise_en_demeure, protocole, injonction_de_payer, dossier):
        hints.update(module.HINTS)
        sections.update(getattr(module, "SECTIONS", {}))
    return hints, sections


def hint_for(model: type[BaseModel], name: str) -> Hint:
    """The hint of field ``name`` of ``model`` (or of a model it extends)."""
    hints, _ = _tables()
    for klass in model.__mro__:
        table = hints.get(klass)
        if table and name in table:
            return table[name]
    return NO_HINT


def sections_for(doc_type: str) -> dict[str, str]:
    """Titles of the groups of plain fields of a type, keyed by the first field of each group."""
    return _tables()[1].get(doc_type, {})
