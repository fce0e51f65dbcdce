"""Letters made from a spreadsheet: the form of what the sheet does not hold.

The mise en demeure form less the debtor and the invoices, which come from the sheet's rows;
what remains (the creditor, the claim, the letter) is shared by every letter.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from werkzeug.datastructures import MultiDict

import docgen
from docgen import CaseValidationError
from docgen.bulk.unpaid import DOC_TYPE
from docgen.facts.base import validate_case
from forms.data import to_case, to_formdata
from forms.entry import CaseForm
from forms.spec import Spec, part_spec

SHEET_FACTS = ("debiteur", "factures")
"""The facts each row of the sheet gives."""


def _spec() -> Spec:
    return part_spec(docgen.get_type(DOC_TYPE).facts, SHEET_FACTS)


def settings_form(formdata: Mapping[str, Any] | None = None) -> CaseForm:
    """The form of the shared facts: as sent, or blank with the model's defaults."""
    data = MultiDict(formdata) if formdata is not None else to_formdata({}, _spec())[0]
    return CaseForm(DOC_TYPE, data, without=SHEET_FACTS)


def settings_from_case(case: Mapping[str, Any]) -> CaseForm:
    """The form filled from a saved case, its debtor and invoices left aside."""
    common = {k: v for k, v in case.items() if k not in SHEET_FACTS}
    formdata, ignored = to_formdata(common, _spec())
    page = CaseForm(DOC_TYPE, formdata, without=SHEET_FACTS)
    if ignored:
        page.notices.append("Éléments non repris (inconnus du formulaire) : " + ", ".join(ignored))
    return page


def settings_formdata(common: Mapping[str, Any]) -> list[tuple[str, str]]:
    """The shared facts as the form's fields, to carry them in a page."""
    return list(to_formdata(common, _spec())[0].items(multi=True))


def _top(path: str) -> str:
    return path.split(".", 1)[0].split("[", 1)[0]


def check_settings(page: CaseForm) -> dict[str, Any] | None:
    """The shared facts if the model accepts them, else None with errors next to the fields.

    Rules that need a debtor (penalties between professionals, a copy by email) are checked
    with each debtor's letter.
    """
    common, paths = to_case(page.form, page.spec)
    placeholder = {**common, "debiteur": {}, "factures": []}
    try:
        validate_case(page.entry.facts, DOC_TYPE, placeholder)
    except CaseValidationError as exc:
        own = [e for e in exc.errors if _top(e.path) not in SHEET_FACTS]
        if own:
            page.place(own, paths)
            return None
    return common
