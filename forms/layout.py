"""How a bound form is laid out on the page: sections, conditions, row prototypes."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from forms.data import Filler
from forms.hints import sections_for
from forms.hints.common import RATES_LEGEND
from forms.rates import FIELDS as RATE_FIELDS
from forms.rates import official_sources
from forms.spec import Spec

PLACEHOLDER = "__INDEX__"
"""Index of the row prototype; the script replaces it when it adds a row."""


@dataclass
class Section:
    """A run of plain top-level fields under one legend, or one nested field on its own."""

    legend: str
    fields: list[Any] = field(default_factory=list)
    alone: bool = False
    rates: str = ""  # "open" for the section of the rates a person gives


def sections(form: Any, doc_type: str, rates: str = "") -> list[Section]:
    """Top-level fields grouped: each model or list alone, plain fields under a legend.

    The rates a person gives and the stop at the last known rate make one last section,
    shown only when ``rates`` is ``open``.
    """
    titles = sections_for(doc_type)
    result: list[Section] = []
    given = Section(RATES_LEGEND, rates=rates)
    for bound in form:
        spec = getattr(bound, "spec", None)
        if spec is None:
            continue  # the CSRF token
        if spec.name in RATE_FIELDS:
            given.fields.append(bound)
        elif spec.kind in ("model", "list"):
            result.append(Section(spec.label, [bound], alone=True))
        elif spec.name in titles or not result or result[-1].alone:
            result.append(Section(titles.get(spec.name, "Autres informations"), [bound]))
        else:
            result[-1].fields.append(bound)
    if rates and given.fields:
        result.append(given)
    return result


def _token(value: Any) -> str:
    if value is True:
        return "y"
    return "" if value is False or value is None else str(value)


def conditions(bound: Any) -> str:
    """The ``data-when`` attribute of a field: the full names and values it depends on."""
    spec: Spec = bound.spec
    if not spec.when:
        return ""
    prefix = bound.name[: len(bound.name) - len(bound.short_name)]
    rules = [{"name": prefix + c.field, "values": [_token(v) for v in c.values]} for c in spec.when]
    return json.dumps(rules, ensure_ascii=False)


def prototype(rows: Any) -> Any:
    """An empty row of a list, with defaults, whose index is ``__INDEX__``."""
    name, id_ = f"{rows.name}-{PLACEHOLDER}", f"{rows.id}-{PLACEHOLDER}"
    options = {"name": name, "id": id_, "_meta": rows.meta, "translations": rows._translations}
    entry = rows.meta.bind_field(rows._form, rows.unbound_field, options)
    entry.short_name = PLACEHOLDER
    filler = Filler()
    item: Spec = rows.spec.item
    if item.kind == "model":
        filler.model({}, item, f"{name}-", "")
    entry.process(filler.data)
    return entry


def template_helpers() -> dict[str, object]:
    """What the form templates call: sections, conditions, row prototypes, rates' sources."""
    return {
        "conditions": conditions,
        "official_sources": official_sources,
        "prototype": prototype,
        "sections": sections,
    }
