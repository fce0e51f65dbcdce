"""Web forms of the document types, generated from the engine's case-facts models.

One source of truth: every field, label and default comes from ``docgen``'s models, and the
engine alone validates; ``forms`` turns what a person typed into a case and the engine's
errors back into messages next to the fields.
"""

from forms.entry import CaseForm, Checked
from forms.files import CaseFileError, dump_case, read_case_file, read_case_text
from forms.layout import conditions, prototype, sections, template_helpers
from forms.review import ReviewPage

__all__ = [
    "CaseFileError",
    "CaseForm",
    "Checked",
    "ReviewPage",
    "conditions",
    "dump_case",
    "prototype",
    "read_case_file",
    "read_case_text",
    "sections",
    "template_helpers",
]
