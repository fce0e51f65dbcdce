"""DOCX rendering: docxtpl inside a sandboxed, autoescaping, strict Jinja environment."""

from __future__ import annotations

import io
import re
from collections.abc import Mapping
from typing import Any

import jinja2
from docx.opc.constants import CONTENT_TYPE as CT
from docxtpl import DocxTemplate
from jinja2.sandbox import ImmutableSandboxedEnvironment

from docgen.errors import TemplateError
from docgen.formatting import FILTERS

_UNSAFE_GLOBALS = ("cycler", "joiner", "namespace", "lipsum", "dict")


class _NoneValueError(jinja2.TemplateRuntimeError):
    """A template printed ``None``: a missing value nobody would notice otherwise."""


def _refuse_none(value: Any) -> Any:
    if value is None:
        raise _NoneValueError(
            "une valeur absente (None) serait imprimée : entourez-la d'un {% if %}"
        )
    return value


def make_environment(*, autoescape: bool = True) -> ImmutableSandboxedEnvironment:
    """The Jinja environment every template is rendered in."""
    env = ImmutableSandboxedEnvironment(
        undefined=jinja2.StrictUndefined,
        autoescape=autoescape,
        finalize=_refuse_none,
        keep_trailing_newline=True,
    )
    for name in _UNSAFE_GLOBALS:
        env.globals.pop(name, None)
    env.filters.update(FILTERS)
    return env


XML_ENV = make_environment(autoescape=True)
"""Renders the XML of body, headers, footers and footnotes: values are XML-escaped."""
TEXT_ENV = make_environment(autoescape=False)
"""Renders document properties, which python-docx stores as plain text and escapes itself."""

_TAGS = re.compile(r"<[^>]+>")


def _template_line(exc: BaseException) -> int | None:
    lineno = getattr(exc, "lineno", None)
    if lineno:
        return int(lineno)
    tb = exc.__traceback__
    found = None
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == "<template>":
            found = tb.tb_lineno
        tb = tb.tb_next
    return found


def _message(exc: jinja2.TemplateError) -> str:
    if isinstance(exc, jinja2.UndefinedError):
        name = re.search(r"'([^']+)' is undefined", str(exc))
        attr = re.search(r"has no attribute '([^']+)'", str(exc))
        if name:
            return f"variable inconnue « {name.group(1)} »"
        if attr:
            return f"attribut inconnu « {attr.group(1)} »"
    if isinstance(exc, jinja2.exceptions.SecurityError):
        return f"accès interdit par le bac à sable ({exc})"
    if isinstance(exc, jinja2.TemplateSyntaxError):
        return f"erreur de syntaxe Jinja : {exc.message}"
    return str(exc)


def locate(exc: jinja2.TemplateError, src_xml: str, part_label: str) -> tuple[str, str]:
    """Where in a part a Jinja error occurred: (location, excerpt of the paragraph text)."""
    line = _template_line(exc)
    if not line:
        return part_label, ""
    lines = src_xml.split("\n")
    text = _TAGS.sub("", lines[line - 1]) if line <= len(lines) else ""
    # docxtpl puts each <w:p> on its own line: line N holds paragraph N - 1 of the part.
    return f"{part_label}, paragraphe {max(line - 1, 1)}", text.strip()[:120]


def part_label(partname: str) -> str:
    """A French name for a document part (``/word/footer1.xml`` → ``pied de page 1``)."""
    name = partname.rsplit("/", 1)[-1]
    for prefix, label in (
        ("header", "en-tête"),
        ("footer", "pied de page"),
        ("footnotes", "notes de bas de page"),
    ):
        if name.startswith(prefix):
            number = name[len(prefix) :].removesuffix(".xml")
            return f"{label} {number}".strip()
    return "corps du document"


class SafeDocxTemplate(DocxTemplate):
    """docxtpl with errors located by part and paragraph, and plain-text properties."""

    def __init__(self, template: bytes, name: str = "") -> None:
        super().__init__(io.BytesIO(template))
        self.name = name

    def render_xml_part(
        self, src_xml: str, part: Any, context: Mapping[str, Any], jinja_env: Any = None
    ) -> str:
        label = part_label(str(part.partname))
        numbered = re.sub(r"<w:p([ >])", r"\n<w:p\1", src_xml)
        try:
            return super().render_xml_part(src_xml, part, context, jinja_env)
        except jinja2.TemplateError as exc:
            location, excerpt = locate(exc, numbered, label)
            raise TemplateError(
                _message(exc), template=self.name, location=location, excerpt=excerpt
            ) from None

    def render_footnotes(self, context: dict[str, Any], jinja_env: Any = None) -> None:
        # docxtpl renders the footnotes once per section: from the second section on, the
        # already-rendered text, values included, was evaluated again as template code.
        for part in self.docx.part.package.iter_parts():
            if part.content_type == CT.WML_FOOTNOTES:
                blob = part.blob
                xml = self.patch_xml(blob.decode("utf-8") if isinstance(blob, bytes) else blob)
                xml = self.render_xml_part(xml, part, context, jinja_env)
                part._blob = xml.encode("utf-8")

    def render_properties(self, context: dict[str, Any], jinja_env: Any = None) -> None:
        try:
            super().render_properties(context, TEXT_ENV)
        except jinja2.TemplateError as exc:
            raise TemplateError(
                _message(exc), template=self.name, location="propriétés du document"
            ) from None


def render_docx(template: bytes, context: Mapping[str, Any], *, name: str = "") -> SafeDocxTemplate:
    """Render a template with a context; the result holds the filled python-docx document.

    :raise TemplateError: with the part, paragraph and text where the template is wrong.
    """
    doc = SafeDocxTemplate(template, name)
    try:
        doc.render(dict(context), jinja_env=XML_ENV)
    except TemplateError:
        raise
    except jinja2.TemplateError as exc:
        raise TemplateError(_message(exc), template=name) from None
    return doc


def docx_bytes(doc: SafeDocxTemplate) -> bytes:
    """Serialise a rendered template."""
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
