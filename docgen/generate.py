"""Generation of a document of a type from a case: DOCX bytes, PDF bytes, or both."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from docgen.bounded import run_bounded
from docgen.catalog import DocumentType, get_type
from docgen.errors import CaseValidationError, TypeNotAvailableError
from docgen.facts.base import validate_case
from docgen.facts.rates import conflicting, supplied_rates
from docgen.law.rates import FACTS, SERIES, RateTable, RateUse, recording, using_rates
from docgen.pdf.output import html_to_pdf
from docgen.word.package import inspect_docx

FORMATS = ("docx", "pdf")


@dataclass(frozen=True)
class Output:
    """A generated document: its file name stem and the bytes of each requested format."""

    doc_type: str
    stem: str
    files: dict[str, bytes]
    template_sha256: str = ""  # the SHA-256 of the Word template that produced it
    rates_used: tuple[RateUse, ...] = ()  # every rate the computation read, with its source

    @property
    def docx(self) -> bytes | None:
        return self.files.get("docx")

    @property
    def pdf(self) -> bytes | None:
        return self.files.get("pdf")

    def filename(self, fmt: str) -> str:
        """File name of one format (``mise-en-demeure_dupont-sarl_2026-06-15.pdf``)."""
        return f"{self.stem}.{fmt}"


def _available(doc_type: str) -> DocumentType:
    entry = get_type(doc_type)
    if not entry.available:
        raise TypeNotAvailableError(doc_type)
    return entry


def _supplied_data(uses: list[RateUse]) -> list[dict[str, Any]]:
    return [
        {
            "serie": use.series,
            "libelle": SERIES[use.series],
            "semestre": use.half.label,
            "taux": use.rate,
            "source": use.source,
        }
        for use in uses
        if use.origin == FACTS
    ]


def build_context(
    doc_type: str, case: Mapping[str, Any], rates: RateTable | None = None
) -> tuple[Any, dict[str, Any]]:
    """Validate a case and compute its template context with ``rates`` (default: current).

    The rates the case gives (``taux_fournis``) fill the periods the table lacks; the context
    lists those the computation used (``taux_fournis_utilises``).

    :raise CaseValidationError: with one entry per invalid field.
    :raise MissingRateError: a rate the computation needs that neither the table nor the case
        gives.
    """
    entry = _available(doc_type)
    with using_rates(rates) as table:
        facts = validate_case(entry.facts, doc_type, case)
        errors = conflicting(table, getattr(facts, "taux_fournis", ()))
        if errors:
            raise CaseValidationError(doc_type, errors)
        with using_rates(table.with_supplied(supplied_rates(facts))), recording() as uses:
            context = entry.build_context(facts)
    if hasattr(facts, "taux_fournis"):
        context["taux_fournis_utilises"] = _supplied_data(uses)
    return facts, context


TEMPLATE_IDENTIFIER = "modele-sha256:"
"""Prefix of the document identifier property naming the template version that produced it."""


def template_sha256(template: bytes) -> str:
    """The identity of a template version: the SHA-256 of its bytes, in hexadecimal."""
    return hashlib.sha256(template).hexdigest()


def _fill_properties(document: Any, context: Mapping[str, Any], sha256: str) -> None:
    props, meta = document.core_properties, context.get("document", {})
    for attr, key in (("title", "titre"), ("author", "auteur"), ("subject", "sujet")):
        if not getattr(props, attr) and meta.get(key):
            setattr(props, attr, str(meta[key])[:255])
    props.language = props.language or "fr-FR"
    props.identifier = f"{TEMPLATE_IDENTIFIER}{sha256}"


def _text_parts(document: Any) -> list[Any]:
    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    parts = [document.element.body]
    for rel in document.part.rels.values():
        if rel.reltype in (RT.HEADER, RT.FOOTER):
            parts.append(rel.target_part.element)
    return parts


def _produce(
    source: bytes, name: str, context: dict[str, Any], formats: list[str]
) -> dict[str, bytes]:
    # python-docx, docxtpl and the converter are imported where documents are made (the
    # generation workers), not by every process that validates cases (the web server).
    from docgen.pdf.converter import docx_to_html
    from docgen.word import typography
    from docgen.word.render import docx_bytes, render_docx

    rendered = render_docx(source, context, name=name)
    _fill_properties(rendered.docx, context, template_sha256(source))
    typography.apply(_text_parts(rendered.docx))
    files: dict[str, bytes] = {}
    if "docx" in formats:
        files["docx"] = docx_bytes(rendered)
    if "pdf" in formats:
        files["pdf"] = html_to_pdf(docx_to_html(rendered.docx), xml=True)
    return files


def generate(
    doc_type: str,
    case: Mapping[str, Any],
    formats: Iterable[str] = FORMATS,
    template: bytes | None = None,
    rates: RateTable | None = None,
) -> Output:
    """Generate a document from a case, in the requested formats.

    ``rates`` is the table of the computation (default: ``docgen.law.rates.current_rates()``); the
    rates read, with their sources, come back in ``Output.rates_used``.

    ``template`` renders another .docx (a lawyer's version) instead of the catalogue's; such a
    template is untrusted, so it is rendered in a child process bounded in time and memory.
    Either way the template's SHA-256 is written in the DOCX identifier property and the PDF
    metadata, and returned in ``Output.template_sha256``.

    :raise CaseValidationError: invalid facts, one entry per field.
    :raise TemplateError: a broken template, with its location.
    :raise MissingRateError: a rate the computation needs that neither the table nor the case
        gives.
    :raise ResourceLimitError: an untrusted template ran out of time or memory.
    """
    formats = list(dict.fromkeys(formats))
    unknown = [f for f in formats if f not in FORMATS]
    if unknown or not formats:
        raise ValueError(
            f"format inconnu : {', '.join(unknown) or '(aucun)'} "
            f"(formats possibles : {', '.join(FORMATS)})"
        )
    entry = _available(doc_type)
    with recording() as uses:
        facts, context = build_context(doc_type, case, rates)
    if template is None:
        source = entry.template_path.read_bytes()
        files = _produce(source, entry.template_name, context, formats)
    else:
        source = template
        inspect_docx(template)
        files = run_bounded(_produce, template, "(modèle fourni)", context, formats)
    return Output(doc_type, entry.file_stem(facts), files, template_sha256(source), tuple(uses))


def generate_docx(doc_type: str, case: Mapping[str, Any]) -> bytes:
    """Generate the DOCX of a case."""
    return generate(doc_type, case, ["docx"]).files["docx"]


def generate_pdf(doc_type: str, case: Mapping[str, Any]) -> bytes:
    """Generate the PDF of a case."""
    return generate(doc_type, case, ["pdf"]).files["pdf"]


def document_types() -> list[DocumentType]:
    """Every document type of the catalogue, in the order of a dispute."""
    from docgen.catalog import TYPES

    return list(TYPES.values())


def case_schema(doc_type: str) -> dict[str, Any]:
    """The JSON Schema of a type's case facts (French titles and descriptions)."""
    entry = _available(doc_type)
    schema = entry.facts.model_json_schema(mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = entry.label
    return schema


def load_case(text: str) -> Any:
    """Parse a case from JSON text, keeping decimal numbers exact."""
    return json.loads(text, parse_float=Decimal)


def dump_case(value: Any) -> str:
    """JSON text of a parsed case, on one line, its decimals written exactly as they came.

    ``load_case(dump_case(value)) == value``, decimals included (``json.dumps`` refuses them).

    :raise RecursionError: if the value is nested deeper than Python's recursion limit.
    """
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict):
        return "{" + ",".join(f"{json.dumps(k)}:{dump_case(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ",".join(dump_case(v) for v in value) + "]"
    return json.dumps(value)
