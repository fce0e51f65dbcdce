"""DOCX rendering: docxtpl inside a sandboxed, autoescaping, strict Jinja environment."""

from __future__ import annotations

import functools
import html
import io
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import jinja2
from docx.opc.constants import CONTENT_TYPE as CT
from docxtpl import DocxTemplate
from jinja2.sandbox import ImmutableSandboxedEnvironment

from docgen.errors import TemplateError
from docgen.formatting import FILTERS
from docgen.word import styles

styles.install()  # templates' styles parts are read only when needed

_UNSAFE_GLOBALS = ("cycler", "joiner", "namespace", "lipsum", "dict")


class _NoneValueError(jinja2.TemplateRuntimeError):
    """A template printed ``None``: a missing value nobody would notice otherwise."""


@jinja2.pass_context  # a finalize bound to the render: constants are never printed at compile time
def _refuse_none(_context: Any, value: Any) -> Any:
    if value is None:
        raise _NoneValueError(
            "une valeur absente (None) serait imprimée : entourez-la d'un {% if %}"
        )
    return value


_COMPILED_SOURCES = 32
"""Distinct part sources whose compiled template each environment keeps."""


class _CompilingOnceEnvironment(ImmutableSandboxedEnvironment):
    """The sandbox, compiling each distinct source once.

    docxtpl compiles every part of the template again on every render: that was half the
    time of a render. A compiled template holds no render state and may be shared.
    """

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self._compiled = functools.lru_cache(maxsize=_COMPILED_SOURCES)(super().from_string)

    def from_string(self, source: Any, globals: Any = None, template_class: Any = None) -> Any:
        if isinstance(source, str) and globals is None and template_class is None:
            return self._compiled(source)
        return super().from_string(source, globals, template_class)


@functools.lru_cache(maxsize=_COMPILED_SOURCES)
def _patched(src_xml: str) -> str:
    # docxtpl's clean-up of a part's XML depends on the XML alone.
    return DocxTemplate.patch_xml(None, src_xml)  # type: ignore[arg-type]


def make_environment(*, autoescape: bool = True) -> ImmutableSandboxedEnvironment:
    """The Jinja environment every template is rendered in."""
    env = _CompilingOnceEnvironment(
        undefined=jinja2.StrictUndefined,
        autoescape=autoescape,
        finalize=_refuse_none,
        keep_trailing_newline=True,
        # No constant folding (here, and through the finalize bound to the render): Jinja
        # computed `{{ ('x' * 1000) * 1000 * 1000 }}` or `{{ 'x' | center(1000000000) }}` while
        # compiling, a gigabyte allocated by whatever process compiled it: the web server
        # checking an uploaded template, out of the memory bound renders run under.
        # Expressions are evaluated when rendering only, in that bound.
        optimized=False,
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
_HIDDEN = re.compile(r"<w:(instrText|delText)\b[^>]*>.*?</w:\1>", re.DOTALL)
"""Field codes and deleted text, which Word does not show."""


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


_STRUCTURE = re.compile(r"<(/?)w:(tbl|tr|tc|p)[ >/]|\{[{%#]")
_JINJA = re.compile(r"\{[{%#]")
_MARKUP = re.compile(r"</?w:")
_CLOSERS = {"{{": "}}", "{%": "%}", "{#": "#}"}


@dataclass
class _Table:
    """Where the scan stands in one table: its number, current row and cell."""

    number: int
    row: int = 0
    cell: int = 0
    in_row: bool = False
    in_cell: bool = False
    nested: int = 0

    def at(self, cell: bool = True) -> str:
        where = f"tableau {self.number}, ligne {self.row}"
        return f"{where}, cellule {self.cell}" if cell else where


@dataclass(frozen=True)
class Anchor:
    """A paragraph or a Jinja tag of a part's XML, with the place a lawyer sees it at."""

    start: int
    end: int
    where: str
    paragraph: int | None
    """Start of the enclosing paragraph, if the anchor is in one."""


def _tag_end(xml: str, start: int) -> int:
    """Where a Jinja tag ends: at its closer, or at the next XML tag if it was left open."""
    end = xml.find(_CLOSERS[xml[start : start + 2]], start + 2)
    end = len(xml) if end < 0 else end + 2
    markup = _MARKUP.search(xml, start, end)
    return markup.start() if markup else end


def anchors(xml: str) -> Iterator[Anchor]:
    """Every paragraph opening and Jinja tag of a part, located in the document's structure.

    A paragraph outside tables is ``paragraphe N`` (N counts the paragraphs outside tables);
    one in a table is ``tableau T, ligne R, cellule C`` (T counts the part's tables, or the
    tables of the enclosing cell for a nested table, written ``… > tableau T, …``). A Jinja
    tag standing between paragraphs, rows or cells is what docxtpl leaves of a
    ``{%p``, ``{%tr`` or ``{%tc`` paragraph, row or cell, and is counted as one.
    """
    tables: list[_Table] = []
    outer_tables = body = depth = skip = 0
    current, paragraph = "", 0
    for match in _STRUCTURE.finditer(xml):
        start = match.start()
        if start < skip:
            continue
        closing, name = match.group(1), match.group(2)
        if name is None:
            skip = _tag_end(xml, start)
            if depth:
                yield Anchor(start, skip, current, paragraph)
                continue
            if not tables:
                body += 1
                where = f"paragraphe {body}"
            elif tables[-1].in_cell:
                where = " > ".join(t.at() for t in tables)
            elif tables[-1].in_row:
                tables[-1].cell += 1
                where = " > ".join(t.at() for t in tables)
            else:
                tables[-1].row, tables[-1].cell = tables[-1].row + 1, 0
                where = " > ".join([*(t.at() for t in tables[:-1]), tables[-1].at(False)])
            yield Anchor(start, skip, where, None)
        elif name == "p":
            if closing:
                depth = max(depth - 1, 0)
                continue
            self_closing = xml[xml.find(">", start) - 1] == "/"
            if not depth:
                if tables:
                    current = " > ".join(t.at() for t in tables)
                else:
                    body += 1
                    current = f"paragraphe {body}"
                paragraph = start
            yield Anchor(start, match.end(), current, paragraph)
            depth += 0 if self_closing else 1
        elif depth:
            continue
        elif name == "tbl":
            if closing:
                if tables:
                    tables.pop()
            elif tables:
                tables[-1].nested += 1
                tables.append(_Table(tables[-1].nested))
            else:
                outer_tables += 1
                tables.append(_Table(outer_tables))
        elif tables and name == "tr":
            tables[-1].in_row = not closing
            if not closing:
                tables[-1].row, tables[-1].cell = tables[-1].row + 1, 0
        elif tables and name == "tc":
            tables[-1].in_cell = not closing
            if not closing:
                tables[-1].cell, tables[-1].nested = tables[-1].cell + 1, 0


def _paragraph_end(xml: str, start: int) -> int:
    depth = 0
    for match in re.finditer(r"<(/?)w:p[ >/]", xml[start:]):
        if match.group(1):
            depth -= 1
        elif xml[xml.find(">", start + match.start()) - 1] != "/":
            depth += 1
        if depth <= 0:
            end = xml.find(">", start + match.start())
            return len(xml) if end < 0 else end + 1
    return len(xml)


def visible_text(xml: str) -> str:
    """The text of a piece of WordprocessingML, XML tags dropped and entities decoded."""
    return html.unescape(_TAGS.sub("", _HIDDEN.sub("", xml)))


def paragraph_texts(xml: str) -> list[str]:
    """The visible text of each paragraph of a part, in order (a text box's within its own)."""
    texts, depth, start = [], 0, 0
    for match in re.finditer(r"<(/?)w:p[ >/]", xml):
        if match.group(1):
            depth -= 1
            if depth == 0:
                texts.append(visible_text(xml[start : match.end()]))
        elif xml[xml.find(">", match.start()) - 1] == "/":
            if depth == 0:
                texts.append("")
        else:
            depth, start = depth + 1, match.start() if depth == 0 else start
    return texts


def locate_offset(xml: str, offset: int, part_label: str) -> tuple[str, str]:
    """Where the paragraph or tag at or after ``offset`` is: (location, excerpt)."""
    for anchor in anchors(xml):
        if anchor.start >= offset:
            break
    else:
        return part_label, ""
    if anchor.paragraph is None:
        start, end = anchor.start, anchor.end
    else:
        start, end = anchor.paragraph, _paragraph_end(xml, anchor.paragraph)
    return f"{part_label}, {anchor.where}", visible_text(xml[start:end]).strip()[:120]


def split_lines(xml: str) -> str:
    """A part's XML with each paragraph, and each tag between paragraphs, on its own line."""
    cuts = [a.start for a in anchors(xml) if a.paragraph is None or a.paragraph == a.start]
    return "\n".join(xml[i:j] for i, j in zip([0, *cuts], [*cuts, len(xml)], strict=True))


def line_span(src_xml: str, line: int) -> tuple[int, int] | None:
    """Start and end offsets of a 1-based line, counted as Jinja counts them."""
    starts = [0, *(m.end() for m in re.finditer(r"\r\n|\r|\n", src_xml))]
    if not 1 <= line <= len(starts):
        return None
    end = starts[line] if line < len(starts) else len(src_xml)
    return starts[line - 1], end


def locate(exc: jinja2.TemplateError, src_xml: str, part_label: str) -> tuple[str, str]:
    """Where in a part a Jinja error occurred: (location, excerpt of the paragraph text).

    The line is the one Jinja reports; within it, the first Jinja tag is taken as the
    culprit (a line also holds what docxtpl left of ``{%p``/``{%tr`` after a paragraph).
    """
    return locate_line(src_xml, _template_line(exc) or 0, part_label)


def locate_line(src_xml: str, line: int, part_label: str) -> tuple[str, str]:
    """Where a 1-based line of a part's XML is: (location, excerpt of the paragraph text)."""
    span = line_span(src_xml, line)
    if span is None:
        return part_label, ""
    tag = _JINJA.search(src_xml, *span)
    return locate_offset(src_xml, tag.start() if tag else span[0], part_label)


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

    def patch_xml(self, src_xml: str) -> str:
        return _patched(src_xml)

    def render_xml_part(
        self, src_xml: str, part: Any, context: Mapping[str, Any], jinja_env: Any = None
    ) -> str:
        try:
            return super().render_xml_part(src_xml, part, context, jinja_env)
        except jinja2.TemplateError as exc:
            label = part_label(str(part.partname))
            numbered = re.sub(r"<w:p([ >])", r"\n<w:p\1", src_xml)
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
