"""docgen: French dispute documents generated from case facts, as DOCX and PDF."""

from docgen.catalog import DocumentType, get_type
from docgen.errors import (
    CaseValidationError,
    DocgenError,
    FieldError,
    LegalRuleError,
    MissingRateError,
    PdfError,
    ResourceLimitError,
    TemplateError,
    TypeNotAvailableError,
    UnknownDocumentTypeError,
    UnsafeTemplateError,
)
from docgen.generate import (
    FORMATS,
    Output,
    build_context,
    case_schema,
    document_types,
    dump_case,
    generate,
    generate_docx,
    generate_pdf,
    load_case,
)

__all__ = [
    "FORMATS",
    "CaseValidationError",
    "DocgenError",
    "DocumentType",
    "FieldError",
    "LegalRuleError",
    "MissingRateError",
    "Output",
    "PdfError",
    "ResourceLimitError",
    "TemplateError",
    "TypeNotAvailableError",
    "UnknownDocumentTypeError",
    "UnsafeTemplateError",
    "build_context",
    "case_schema",
    "document_types",
    "dump_case",
    "generate",
    "generate_docx",
    "generate_pdf",
    "get_type",
    "load_case",
]
