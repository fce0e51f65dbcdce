"""WTForms form classes generated from the field specs: one per document type, no validators.

The fields convert nothing and validate nothing: what the user typed goes to the engine as
typed, and the engine's verdict comes back on each field.
"""

from __future__ import annotations

import functools
from typing import Any

from flask_wtf import FlaskForm
from pydantic import BaseModel
from wtforms import (
    BooleanField,
    FieldList,
    Form,
    FormField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.widgets import DateInput

import docgen
from forms.spec import Spec, part_spec

TOGGLE = "inclure"
"""Name of the check box of an optional section whose absence must be asked for."""


class _WithSpec:
    """A field that knows the spec it was generated from."""

    def __init__(self, *args: Any, spec: Spec, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.spec = spec


class Text(_WithSpec, StringField):
    """One line of text, a number or a date, kept as typed."""


class Paragraph(_WithSpec, TextAreaField):
    """A paragraph of text."""


class Check(_WithSpec, BooleanField):
    """A yes/no question."""


class Choice(_WithSpec, SelectField):
    """One value among the choices of a ``Literal``, shown as radio buttons or a list."""


class Choices(_WithSpec, SelectMultipleField):
    """Several values among the choices of a ``Literal``, shown as check boxes."""


class Group(_WithSpec, FormField):
    """A nested model, shown as a fieldset."""


class Rows(_WithSpec, FieldList):
    """A repeatable list of rows."""


_INPUT_MODES = {"decimal": "decimal", "integer": "numeric"}


def unbound(spec: Spec) -> Any:
    """The unbound WTForms field of a spec."""
    label = spec.label
    if spec.kind == "model":
        return Group(subform_class(spec), label=label, spec=spec)
    if spec.kind == "list":
        return Rows(
            unbound(spec.item),
            label=label,
            spec=spec,
            min_entries=spec.min_items,
            max_entries=spec.max_items,
        )
    if spec.kind == "bool":
        return Check(label, spec=spec)
    if spec.kind == "choice":
        choices = [SelectChoice("", "— Choisir —"), *(SelectChoice(v, t) for v, t in spec.choices)]
        return Choice(label, spec=spec, choices=choices)
    if spec.kind == "choices":
        return Choices(label, spec=spec, choices=[SelectChoice(v, t) for v, t in spec.choices])
    if spec.kind == "textarea":
        return Paragraph(label, spec=spec, render_kw={"rows": 3})
    render_kw: dict[str, Any] = {}
    if spec.kind in _INPUT_MODES:
        render_kw["inputmode"] = _INPUT_MODES[spec.kind]
    if spec.max_length:
        render_kw["maxlength"] = spec.max_length
    if spec.kind == "date":
        return Text(label, spec=spec, widget=DateInput(), render_kw=render_kw)
    return Text(label, spec=spec, render_kw=render_kw)


def _attributes(spec: Spec) -> dict[str, Any]:
    fields = {child.name: unbound(child) for child in spec.children}
    if spec.toggle:
        fields[TOGGLE] = BooleanField(f"Inclure : {spec.label[:1].lower()}{spec.label[1:]}")
    return fields


@functools.cache
def subform_class(spec: Spec) -> type[Form]:
    """The form class of a nested model (no CSRF token of its own)."""
    return type("SubForm", (Form,), _attributes(spec))


@functools.cache
def form_class(doc_type: str, without: tuple[str, ...] = ()) -> type[FlaskForm]:
    """The form class of a document type, generated from its case-facts model.

    ``without`` leaves out top-level facts that come from elsewhere (a spreadsheet, a dossier).
    """
    return model_form_class(docgen.get_type(doc_type).facts, doc_type, without)


@functools.cache
def model_form_class(
    model: type[BaseModel], name: str, without: tuple[str, ...] = ()
) -> type[FlaskForm]:
    """The form class of a facts model, less the top-level fields ``without``."""
    spec = part_spec(model, without)
    title = "".join(part.title() for part in name.split("_")) + "Form"
    return type(title, (FlaskForm,), _attributes(spec))
