"""The forms of a dossier: its facts, an event of its timeline, and what a stage adds."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import ValidationError
from werkzeug.datastructures import MultiDict

from docgen import CaseValidationError, get_type
from docgen.dossier.documents import STAGE_FIELDS
from docgen.dossier.facts import Dossier
from docgen.facts.base import field_errors
from forms.data import to_case, to_formdata
from forms.entry import CaseForm
from forms.fields import model_form_class
from forms.spec import model_spec, part_spec

FACTS = "dossier"
"""The name a dossier's facts form goes by (its sections, its form class)."""


class DossierForm(CaseForm):
    """The form of a dossier's facts (parties, claim), checked by the engine's model."""

    def __init__(
        self, doc_type: str, formdata: MultiDict[str, str], without: tuple[str, ...] = ()
    ) -> None:
        self.doc_type = FACTS
        self.entry = None
        self.spec = model_spec(Dossier)
        self.form = model_form_class(Dossier, FACTS)(formdata=formdata)
        self.errors: dict[str, list[str]] = {}
        self.general: list[str] = []
        self.notices: list[str] = []
        self.missing = None
        self.rates_asked = False

    @classmethod
    def from_facts(cls, facts: Any) -> DossierForm:
        """The form filled with a dossier's facts (a blank one for ``{}``)."""
        formdata, _ignored = to_formdata(facts, model_spec(Dossier))
        return cls(FACTS, formdata)

    def check_facts(self) -> dict[str, Any] | None:
        """The facts if the model accepts them, else None with errors next to the fields."""
        case, paths = to_case(self.form, self.spec)
        try:
            Dossier.model_validate(case)
        except ValidationError as exc:
            self.place(field_errors(exc), paths)
            return None
        return case


def known_facts(doc_type: str) -> tuple[str, ...]:
    """The facts of a document type that its dossier gives: the stage's form leaves them out."""
    if doc_type not in STAGE_FIELDS:
        return ()
    from docgen import get_type

    return tuple(
        n for n in get_type(doc_type).facts.model_fields if n not in STAGE_FIELDS[doc_type]
    )


def stage_form(doc_type: str, formdata: Mapping[str, Any] | None = None) -> CaseForm:
    """The form of what a stage adds to the dossier (blank with its defaults, or as sent)."""
    without = known_facts(doc_type)
    if formdata is None:
        formdata = to_formdata({}, part_spec(get_type(doc_type).facts, without))[0]
    return CaseForm(doc_type, MultiDict(formdata), without=without)


def stage_additions(page: CaseForm) -> dict[str, Any]:
    """What the stage's form holds, as the dossier's documents take it."""
    return page.case()


def place_errors(page: CaseForm, exc: CaseValidationError) -> None:
    """Put the engine's messages next to the stage's fields, or at the top of the form."""
    _case, paths = to_case(page.form, page.spec)
    page.place(exc.errors, paths)
