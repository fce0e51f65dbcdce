"""Field descriptions read from the case-facts models: kind, label, help, default, children."""

from __future__ import annotations

import dataclasses
import datetime
import functools
import types
import typing
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from forms.hints import Hint, hint_for

MULTILINE_FROM = 1000
"""A text that may hold this many characters is a paragraph (``Texte``), hence a textarea."""


@dataclass(frozen=True)
class Condition:
    """A field applies only when a sibling field holds one of ``values``."""

    field: str
    values: tuple[Any, ...]


@dataclass(frozen=True, eq=False)  # compared and hashed by identity: specs are cached
class Spec:
    """One case fact as the form shows it; ``children`` are a model's fields or a list's item."""

    name: str
    kind: str  # text, textarea, decimal, integer, date, bool, choice, choices, model, list
    label: str
    help: str = ""
    example: str = ""
    required: bool = False
    default: Any = None
    choices: tuple[tuple[str, str], ...] = ()
    children: tuple[Spec, ...] = ()
    max_length: int | None = None
    max_items: int | None = None
    min_items: int = 1  # rows shown at first, empty ones left out of the case
    when: tuple[Condition, ...] = ()
    note: str = ""
    row_label: str = ""
    widget: str = ""
    toggle: bool = False  # an optional model whose absence is not its default: ask explicitly
    percent: bool = False  # a decimal that is a rate in percent, not an amount in euros

    @property
    def item(self) -> Spec:
        """The spec of one item of a list."""
        return self.children[0]

    def child(self, name: str) -> Spec | None:
        """The field ``name`` of a model spec."""
        return next((c for c in self.children if c.name == name), None)


def _unwrap(annotation: Any) -> tuple[Any, bool, list[Any]]:
    """The inner type, whether ``None`` is allowed, and the ``Annotated`` metadata."""
    nullable = False
    metadata: list[Any] = []
    while True:
        origin = typing.get_origin(annotation)
        if origin in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(annotation) if a is not type(None)]
            nullable = nullable or len(args) < len(typing.get_args(annotation))
            annotation = args[0]
        elif origin is typing.Annotated:
            annotation, *more = typing.get_args(annotation)
            metadata.extend(more)
        else:
            return annotation, nullable, metadata


def _flat(metadata: list[Any]) -> list[Any]:
    """Constraints, including those of a ``Field()`` nested in an ``Annotated`` type."""
    flat = []
    for item in metadata:
        flat.extend(item.metadata if isinstance(item, FieldInfo) else [item])
    return flat


def _max_length(metadata: list[Any]) -> int | None:
    lengths = [m.max_length for m in metadata if getattr(m, "max_length", None) is not None]
    return min(lengths) if lengths else None


def _min_length(metadata: list[Any]) -> int:
    return max([m.min_length for m in metadata if getattr(m, "min_length", None)] or [0])


def _split(description: str) -> tuple[str, str]:
    """A label and a help text out of a model description (« label ; help »)."""
    for separator in (" ; ", " : "):
        head, found, tail = description.partition(separator)
        if found and len(head) >= 8:
            return head.strip(), tail[:1].upper() + tail[1:]
    return description, ""


def _example(info: FieldInfo, kind: str) -> str:
    if not info.examples:
        return ""
    example = info.examples[0]
    if isinstance(example, list):
        example = example[0] if example else ""
    text = str(example)
    return text.replace(".", ",") if kind == "decimal" else text


def _scalar_kind(inner: Any, metadata: list[Any]) -> str:
    if inner is bool:
        return "bool"
    if inner is int:
        return "integer"
    if inner is Decimal:
        return "decimal"
    if inner is datetime.date:
        return "date"
    if typing.get_origin(inner) is typing.Literal:
        return "choice"
    length = _max_length(metadata)
    return "textarea" if length and length >= MULTILINE_FROM else "text"


def _choices(inner: Any, hint: Hint) -> tuple[tuple[str, str], ...]:
    labels = hint.choices or {}
    return tuple((v, labels.get(v, str(v).replace("_", " "))) for v in typing.get_args(inner))


def _default(info: FieldInfo) -> Any:
    if info.is_required():
        return None
    value = info.get_default(call_default_factory=True)
    return value


def _row_label(item: Any, hint: Hint) -> str:
    if hint.row:
        return hint.row
    if not (isinstance(item, type) and issubclass(item, BaseModel)):
        return "Élément"
    doc = (item.__doc__ or "Élément").strip()
    for stop in (" :", " (", ",", "."):
        doc = doc.split(stop)[0]
    return doc


def field_spec(owner: type[BaseModel], name: str, info: FieldInfo) -> Spec:
    """The spec of one field of ``owner``, with its hint applied."""
    hint = hint_for(owner, name)
    inner, _nullable, metadata = _unwrap(info.annotation)
    metadata = _flat([*info.metadata, *metadata])
    label, help_text = _split(info.description or name)
    common: dict[str, Any] = {
        "name": name,
        "label": hint.label or label,
        "help": hint.help if hint.help is not None else help_text,
        "required": info.is_required(),
        "default": _default(info),
        "when": tuple(Condition(f, v) for f, v in hint.when),
        "note": hint.note or "",
        "widget": hint.widget or "",
    }
    if typing.get_origin(inner) is list:
        item_type, _, item_meta = _unwrap(typing.get_args(inner)[0])
        item_info = FieldInfo(annotation=item_type, description=common["label"])
        item_info.metadata = item_meta
        if typing.get_origin(item_type) is typing.Literal:
            return Spec(kind="choices", choices=_choices(item_type, hint), **common)
        row_label = _row_label(item_type, hint)
        item = _item_spec(name, item_type, item_info, row_label, _example(info, "text"))
        return Spec(
            kind="list",
            children=(item,),
            max_items=_max_length(info.metadata),
            min_items=max(1, _min_length(info.metadata)),
            row_label=row_label,
            **common,
        )
    if isinstance(inner, type) and issubclass(inner, BaseModel):
        model = model_spec(inner)
        default = common["default"]
        toggle = not common["required"] and default is not None
        return Spec(kind="model", children=model.children, toggle=toggle, **common)
    kind = _scalar_kind(inner, metadata)
    return Spec(
        kind=kind,
        choices=_choices(inner, hint) if kind == "choice" else (),
        example=_example(info, kind),
        max_length=_max_length(metadata) if kind in ("text", "textarea") else None,
        percent=kind == "decimal"
        and (hint.percent or any(getattr(m, "le", None) == 100 for m in metadata)),
        **common,
    )


def _item_spec(name: str, item: Any, info: FieldInfo, label: str, example: str) -> Spec:
    if isinstance(item, type) and issubclass(item, BaseModel):
        return Spec(name=name, kind="model", label=label, children=model_spec(item).children)
    kind = _scalar_kind(item, info.metadata)
    return Spec(
        name=name,
        kind=kind,
        label=label,
        example=example,
        max_length=_max_length(info.metadata) if kind in ("text", "textarea") else None,
    )


@functools.cache
def model_spec(model: type[BaseModel]) -> Spec:
    """The spec of a whole case-facts model, its fields in declaration order."""
    children = tuple(field_spec(model, n, i) for n, i in model.model_fields.items())
    label = (model.__doc__ or model.__name__).strip().rstrip(".")
    return Spec(name="", kind="model", label=label, required=True, children=children)


@functools.cache
def part_spec(model: type[BaseModel], without: tuple[str, ...]) -> Spec:
    """The spec of a model less the fields ``without`` (filled from another source)."""
    whole = model_spec(model)
    if not without:
        return whole
    children = tuple(c for c in whole.children if c.name not in without)
    return dataclasses.replace(whole, children=children)
