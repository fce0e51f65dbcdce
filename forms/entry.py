"""A document type's form bound to what the user typed, checked by the engine itself."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from werkzeug.datastructures import MultiDict

import docgen
from docgen import CaseValidationError, DocgenError, FieldError
from docgen.errors import MissingRateError
from forms import rates
from forms.data import to_case, to_formdata
from forms.fields import Rows, form_class
from forms.hints.common import RATES_LEGEND
from forms.rates import MissingRate
from forms.spec import Spec, model_spec, part_spec

ADD, REMOVE, SUPPLY, STOP = "ajouter:", "supprimer:", "fournir:", "arreter"
_LAST_STEP = re.compile(r"^(.*)(\[\d+\]|\.[^.\[\]]+)$")


def parent_path(path: str) -> str:
    """``factures[2].montant_ttc`` → ``factures[2]`` → ``factures`` → ``""``."""
    match = _LAST_STEP.match(path)
    return match.group(1) if match else ""


@dataclass(frozen=True)
class Checked:
    """A case the engine accepted: the raw facts, the validated facts and the context."""

    doc_type: str
    case: dict[str, Any]
    facts: Any
    context: dict[str, Any]


class CaseForm:
    """The form of one document type, its data, and the errors placed next to each field."""

    def __init__(
        self, doc_type: str, formdata: MultiDict[str, str], without: tuple[str, ...] = ()
    ) -> None:
        self.doc_type = doc_type
        self.entry = docgen.get_type(doc_type)
        self.spec: Spec = part_spec(self.entry.facts, without)
        self.form = form_class(doc_type, without)(formdata=formdata)
        self.errors: dict[str, list[str]] = {}
        self.general: list[str] = []
        self.notices: list[str] = []
        self.missing: MissingRate | None = None  # the rate the last check lacked
        self.rates_asked = False

    @classmethod
    def from_case(cls, doc_type: str, case: Any) -> CaseForm:
        """The form filled with a case (a blank one for ``{}``), noting what it cannot show."""
        spec = model_spec(docgen.get_type(doc_type).facts)
        formdata, ignored = to_formdata(case, spec)
        page = cls(doc_type, formdata)
        if ignored:
            page.notices.append(
                "Éléments non repris (inconnus du formulaire) : " + ", ".join(ignored)
            )
        return page

    @classmethod
    def from_request(
        cls,
        doc_type: str,
        formdata: Mapping[str, Any],
        action: str,
        without: tuple[str, ...] = (),
    ) -> CaseForm:
        """The form as submitted, after the action of the button pressed, if any.

        ``supprimer:<id>`` removes a row; ``fournir:<série>:<semestre>`` adds the row of a
        missing rate, to be completed; ``arreter`` ticks the stop at the last known rate.
        """
        data = MultiDict(formdata)
        if action.startswith(REMOVE):
            row = action[len(REMOVE) :]
            for key in [k for k in data if k == row or k.startswith(f"{row}-")]:
                data.poplist(key)
        wanted = rates.parse_key(action[len(SUPPLY) :]) if action.startswith(SUPPLY) else None
        if wanted:
            rates.supply_row(data, *wanted)
        if action == STOP:
            rates.drop_blank_rows(data)
            data.setlist(rates.STOP, ["y"])
        page = cls(doc_type, data, without)
        if action.startswith(ADD):
            page.add_row(action[len(ADD) :])
            page.rates_asked = action == f"{ADD}{rates.ROWS}"
        if wanted:
            page.rates_asked = True
            page.notices.append(
                f"Indiquez le taux du {wanted[1].label} et sa source dans la section "
                f"« {RATES_LEGEND} », puis « Vérifier et continuer »."
            )
        return page

    def fields(self) -> Iterator[Any]:
        """Every bound field, depth first."""
        for field, _trail in self.walk():
            yield field

    def walk(self) -> Iterator[tuple[Any, tuple[str, ...]]]:
        """Every bound field with the labels of the sections around it, depth first."""
        stack: list[tuple[Any, tuple[str, ...]]] = [(f, ()) for f in self.form]
        while stack:
            field, trail = stack.pop(0)
            yield field, trail
            spec = getattr(field, "spec", None)
            if hasattr(field, "entries") and spec is not None:
                stack[:0] = [
                    (entry, (*trail, spec.label, f"{spec.row_label} {number}"))
                    for number, entry in enumerate(field.entries, start=1)
                ]
            elif hasattr(field, "form"):
                in_list = field.short_name.isdigit()  # a row: its number is in the trail
                inner = trail if spec is None or in_list else (*trail, spec.label)
                stack[:0] = [(f, inner) for f in field.form]

    def add_row(self, list_id: str) -> None:
        """Append an empty row to the list whose field id is ``list_id``."""
        for field in self.fields():
            if isinstance(field, Rows) and field.id == list_id:
                if not field.max_entries or len(field.entries) < field.max_entries:
                    field.append_entry()
                return

    def case(self) -> dict[str, Any]:
        """The case facts typed so far, empty values left out."""
        return to_case(self.form, self.spec)[0]

    def check(self) -> Checked | None:
        """Validate with the engine; on failure, place its French messages next to the fields."""
        case, paths = to_case(self.form, self.spec)
        try:
            facts, context = docgen.build_context(self.doc_type, case)
        except CaseValidationError as exc:
            self.place(exc.errors, paths)
            return None
        except MissingRateError as exc:
            self.missing = MissingRate.of(exc)
            if self.missing is None:
                self.general.append(f"Taux non enregistré sur ce serveur : {exc.what}.")
            return None
        except DocgenError as exc:  # a rule of law: the whole case is concerned
            self.general.append(str(exc))
            return None
        return Checked(self.doc_type, case, facts, context)

    @property
    def rates_state(self) -> str:
        """``open`` when the section of the rates shows, else ``""``.

        It shows when the case gives rates or the stop, when a rate is missing, or when asked.
        """
        if rates.ROWS not in self.form:
            return ""
        case = self.case()
        given = bool(case.get(rates.ROWS)) or bool(case.get(rates.STOP))
        errors = any(key.startswith(rates.FIELDS) for key in self.errors)
        if given or errors or self.missing or self.rates_asked:
            return "open"
        return ""

    def place(self, errors: list[FieldError], paths: Mapping[str, Any]) -> None:
        """Put each error on the nearest field its path leads to, or at the top of the form."""
        for error in errors:
            if f"« {rates.ROWS} »" in error.message:  # a rule asking for a rate: say where
                self.rates_asked = True
                error = FieldError(
                    error.path,
                    error.message.replace(f"« {rates.ROWS} »", f"section « {RATES_LEGEND} »"),
                )
            path = error.path
            while path and path not in paths:
                path = parent_path(path)
            if path:
                self.errors.setdefault(paths[path].id, []).append(error.message)
            else:
                self.general.append(error.message)

    @property
    def error_links(self) -> list[tuple[str, str, str]]:
        """(field id, where, message) of every error, in the order of the form."""
        links = []
        for field, trail in self.walk():
            label = field.label.text if getattr(field, "label", None) else ""
            spec = getattr(field, "spec", None)
            if spec is not None and spec.kind != "model" and field.short_name.isdigit():
                label = trail[-1] if trail else label  # one line of a list of texts
                trail = trail[:-1]
            for message in self.errors.get(field.id, []):
                links.append((field.id, " › ".join([*trail, label]), message))
        return links
