"""Form data ↔ case facts: what the user typed becomes the case the engine validates, and back."""

from __future__ import annotations

import datetime
import re
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from pydantic import BaseModel
from werkzeug.datastructures import MultiDict

from forms.fields import TOGGLE
from forms.spec import Spec

ABSENT = object()
"""Marks a value left empty: its key is dropped and the model's default applies."""

_SPACES = re.compile(r"[\s\u00a0\u202f€]")
_NUMBER = re.compile(r"[+-]?\d+(\.\d+)?")
_INTEGER = re.compile(r"[+-]?\d+")


def parse_decimal(text: str) -> Decimal | str:
    """``1 234,56 €`` → ``Decimal("1234.56")``; anything else is returned as typed."""
    compact = _SPACES.sub("", text).replace(",", ".")
    if _NUMBER.fullmatch(compact):
        try:
            return Decimal(compact)
        except InvalidOperation:  # pragma: no cover - the pattern admits only decimals
            return text
    return text


def _leaf(field: Any, spec: Spec) -> Any:
    data = field.data
    if spec.kind == "bool":
        return bool(data)
    if spec.kind == "choices":
        return list(data) if data else ABSENT
    if data is None or (isinstance(data, str) and not data.strip()):
        return ABSENT
    if spec.kind == "decimal":
        return parse_decimal(data)
    if spec.kind == "integer" and _INTEGER.fullmatch(data.strip()):
        return int(data.strip())
    return data


def filled(value: Any, spec: Spec) -> bool:
    """Whether a collected value says something beyond the model's defaults."""
    if spec.kind == "model" and isinstance(value, dict):
        # A box ticked or not says nothing alone: an empty section may show its default ticks.
        children = [(v, spec.child(k)) for k, v in value.items()]
        return any(filled(v, c) for v, c in children if c is not None and c.kind != "bool")
    if spec.kind == "list":
        return bool(value)
    return value is not None and value != spec.default


class Collector:
    """Walk a bound form and build the case, remembering which field each case path came from."""

    def __init__(self) -> None:
        self.paths: dict[str, Any] = {}

    def fields(self, form: Any, spec: Spec, path: str) -> dict[str, Any]:
        """The case dict of the fields of a (sub)form."""
        case: dict[str, Any] = {}
        for child in spec.children:
            child_path = f"{path}.{child.name}" if path else child.name
            value = self.value(form[child.name], child, child_path)
            if value is ABSENT or (not child.required and value == child.default):
                continue  # the model's default applies
            case[child.name] = value
        return case

    def value(self, field: Any, spec: Spec, path: str) -> Any:
        """The case value of one field, or ``ABSENT``."""
        self.paths[path] = field
        if spec.kind == "list":
            return self.rows(field, spec, path)
        if spec.kind != "model":
            return _leaf(field, spec)
        subform = field.form
        if spec.toggle and not subform[TOGGLE].data:
            return None  # explicitly without the section, not its default
        data = self.fields(subform, spec, path)
        if spec.required or spec.toggle or filled(data, spec):
            return data
        return ABSENT

    def rows(self, field: Any, spec: Spec, path: str) -> Any:
        """The non-empty rows of a list, renumbered as the engine will see them."""
        items = []
        for entry in field.entries:
            keep = Collector()
            value = keep.value(entry, spec.item, f"{path}[{len(items)}]")
            if value is ABSENT or (spec.item.kind == "model" and not filled(value, spec.item)):
                continue
            items.append(value)
            self.paths.update(keep.paths)
        return items or ABSENT


def to_case(form: Any, spec: Spec) -> tuple[dict[str, Any], dict[str, Any]]:
    """The case facts a bound form holds, and the field behind each case path."""
    collector = Collector()
    case = collector.fields(form, spec, "")
    return case, collector.paths


def _text(value: Any, spec: Spec) -> str:
    if spec.kind == "decimal" and isinstance(value, (Decimal, int)):
        return str(value).replace(".", ",")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


class Filler:
    """Write a case as form data, noting what the form has no field for."""

    def __init__(self) -> None:
        self.data: MultiDict[str, str] = MultiDict()
        self.ignored: list[str] = []

    def model(self, value: Any, spec: Spec, prefix: str, path: str) -> None:
        """Write the fields of a model."""
        if isinstance(value, BaseModel):
            value = value.model_dump(exclude_none=True)
        if not isinstance(value, Mapping):
            self.ignored.append(path or "(dossier)")
            return
        names = {c.name for c in spec.children}
        self.ignored += [f"{path}.{k}" if path else str(k) for k in value if k not in names]
        for child in spec.children:
            child_value = value.get(child.name, child.default)
            child_path = f"{path}.{child.name}" if path else child.name
            self.put(child_value, child, prefix + child.name, child_path)

    def put(self, value: Any, spec: Spec, name: str, path: str) -> None:
        """Write one field."""
        if spec.kind == "model":
            if spec.toggle and value is not None:
                self.data.add(f"{name}-{TOGGLE}", "y")
            self.model({} if value is None else value, spec, f"{name}-", path)
        elif spec.kind == "list":
            self.sequence([] if value is None else value, spec, name, path)
        elif value is None:
            return
        elif spec.kind == "choices":
            self.sequence(value, spec, name, path)
        elif spec.kind == "bool":
            if value is True:
                self.data.add(name, "y")
        elif isinstance(value, (Mapping, list, bool)):
            self.ignored.append(path)
        else:
            self.data.add(name, _text(value, spec))

    def sequence(self, value: Any, spec: Spec, name: str, path: str) -> None:
        """Write the rows of a list, or the values of a multiple choice."""
        if not isinstance(value, list):
            self.ignored.append(path)
            return
        if spec.kind == "choices":
            for item in value:
                self.data.add(name, str(item))
            return
        if spec.item.kind == "model" and len(value) < spec.min_items:
            value = [*value, *[{}] * (spec.min_items - len(value))]  # empty rows show defaults
        for index, item in enumerate(value[: spec.max_items]):
            item_path = f"{path}[{index}]"
            if spec.item.kind == "model":
                self.model(item, spec.item, f"{name}-{index}-", item_path)
            else:
                self.put(item, spec.item, f"{name}-{index}", item_path)


def to_formdata(case: Any, spec: Spec) -> tuple[MultiDict[str, str], list[str]]:
    """Form data showing a case, and the paths of the values the form cannot show."""
    filler = Filler()
    filler.model(case, spec, "", "")
    return filler.data, filler.ignored
