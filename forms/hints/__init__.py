"""What the generic mapping cannot guess: choice labels, when a field applies, section titles.

Never a validation rule: the case-facts models of ``docgen`` hold every rule.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel


@dataclass(frozen=True)
class Hint:
    """Presentation of one field: label, help, choice labels, when it applies, row label."""

    label: str | None = None
    help: str | None = None
    choices: Mapping[str, str] | None = None
    when: tuple[tuple[str, tuple[Any, ...]], ...] = ()
    note: str | None = None  # when the field applies, in words, for pages shown without script
    widget: str | None = None  # "radio" or "select" for a choice
    row: str | None = None  # label of one row of a list
    percent: bool = False  # a decimal that is a rate in percent, whatever its bounds


NO_HINT = Hint()


@functools.cache
def _tables() -> tuple[dict[type[BaseModel], dict[str, Hint]], dict[str, dict[str, str]]]:
    from forms.hints import cgv, common, injonction_de_payer, mise_en_demeure
    from forms.hints import protocole_transactionnel as protocole

    hints: dict[type[BaseModel], dict[str, Hint]] = {}
    sections: dict[str, dict[str, str]] = {}
    for module in (common, cgv, mise_en_demeure, protocole, injonction_de_payer):
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
