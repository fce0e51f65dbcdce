"""The review step: the facts of a case in plain French, before any document is produced."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import docgen
from docgen.formatting import date_longue, montant, pourcentage
from forms.amounts import figures
from forms.entry import Checked
from forms.spec import Spec, model_spec


@dataclass
class Line:
    """One fact: its label and its value in words, or the facts of a section under it."""

    label: str
    value: str = ""
    lines: list[Line] = field(default_factory=list)


def applies(spec: Spec, model: Any) -> bool:
    """Whether a field applies, given the values of its siblings (see ``Hint.when``)."""
    return all(getattr(model, c.field, None) in c.values for c in spec.when)


def _choice(spec: Spec, value: Any) -> str:
    return dict(spec.choices).get(value, str(value))


def in_words(spec: Spec, value: Any) -> str:
    """A scalar value as a person reads it: dates, amounts, rates, yes or no, choices."""
    if spec.kind == "bool":
        return "Oui" if value else "Non"
    if spec.kind == "date":
        return date_longue(value)
    if spec.kind == "decimal":
        return pourcentage(value) if spec.percent else montant(value)
    if spec.kind == "choice":
        return _choice(spec, value)
    if spec.kind == "choices":
        return ", ".join(_choice(spec, v) for v in value)
    return str(value)


def _list(spec: Spec, items: list[Any]) -> list[Line]:
    if spec.item.kind == "model":
        return [
            Line(f"{spec.row_label} {n}", lines=describe(spec.item, item))
            for n, item in enumerate(items, start=1)
        ]
    return [Line(f"{spec.row_label} {n}", in_words(spec.item, v)) for n, v in enumerate(items, 1)]


def describe(spec: Spec, model: Any) -> list[Line]:
    """The facts of a validated model, field by field; empty and inapplicable ones left out."""
    lines = []
    for child in spec.children:
        value = getattr(model, child.name)
        if value is None or value == [] or not applies(child, model):
            continue
        if child.kind == "bool" and value == child.default:
            continue  # an unticked box says nothing worth reading again
        if child.kind == "model":
            lines.append(Line(child.label, lines=describe(child, value)))
        elif child.kind == "list":
            lines.append(Line(child.label, lines=_list(child, value)))
        else:
            lines.append(Line(child.label, in_words(child, value)))
    return lines


class ReviewPage:
    """Everything the review step shows: the facts, the computed figures, the carried case."""

    def __init__(self, checked: Checked, case_json: str) -> None:
        entry = docgen.get_type(checked.doc_type)
        self.doc_type = checked.doc_type
        self.slug = checked.doc_type.replace("_", "-")
        self.label = entry.label
        self.lines = describe(model_spec(entry.facts), checked.facts)
        self.blocks = figures(checked.doc_type, checked.facts, checked.context)
        self.case_json = case_json
