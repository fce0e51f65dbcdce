"""Template checks for lawyers: Jinja syntax errors and unknown variables, with their location."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, get_args, get_origin

import jinja2
from jinja2 import nodes
from lxml import etree
from pydantic import BaseModel

from docgen.catalog import DocumentType
from docgen.errors import UnsafeTemplateError
from docgen.word.package import inspect_docx
from docgen.word.render import (
    XML_ENV,
    SafeDocxTemplate,
    line_span,
    locate_line,
    part_label,
    split_lines,
)

OPAQUE: dict[str, Any] = {"*": None}
"""A value whose attributes are not described (computed values, loop helpers)."""


@dataclass(frozen=True)
class Issue:
    """One problem found in a template."""

    location: str
    message: str
    excerpt: str = ""

    def __str__(self) -> str:
        text = f"{self.location} : {self.message}"
        return text + (f" [extrait : « {self.excerpt} »]" if self.excerpt else "")


def _annotation_tree(annotation: Any) -> Any:
    origin = get_origin(annotation)
    if origin is list:
        return ("list", _annotation_tree(get_args(annotation)[0]))
    args = [a for a in get_args(annotation) if a is not type(None)]
    if origin is not None and args and origin is not list:
        return _annotation_tree(args[0]) if len(args) == 1 else None
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return model_tree(annotation)
    return None


def model_tree(model: type[BaseModel]) -> dict[str, Any]:
    """The variables a facts model offers: name → sub-tree, ``("list", item)`` or ``None``."""
    tree: dict[str, Any] = {
        name: _annotation_tree(field.annotation) for name, field in model.model_fields.items()
    }
    for name, computed in model.model_computed_fields.items():
        tree[name] = _annotation_tree(computed.return_type)
    return tree


def variables_of(entry: DocumentType) -> dict[str, Any]:
    """Every variable a template of this type may use."""
    tree = model_tree(entry.facts)
    extras = entry.computed_attributes
    for name in entry.computed_variables:
        facts = tree.get(name)
        if name in extras and isinstance(facts, tuple) and isinstance(facts[1], dict):
            # a facts list the context enriches: its items keep their described attributes
            tree[name] = ("list", {**facts[1], **dict.fromkeys(extras[name], OPAQUE)})
        else:
            tree[name] = OPAQUE
    return tree


_LOCAL: tuple[Any, str | None] = (OPAQUE, None)
"""What a local name (``loop``, ``{% set %}`` target) is: undescribed, not from the context."""
_BLOCKS = {"if", "for", "macro", "call", "filter", "with", "autoescape", "block", "set"}
_BROKEN = (
    "balise coupée par Word à cheval sur un lien, un champ ou un contrôle de contenu,"
    " que docxtpl ne sait pas recoller : retapez-la d'un seul tenant, sans mise en forme"
)
_TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}")
_PARAGRAPH = re.compile(r"<w:p[ >].*?</w:p>", re.DOTALL)
_TEXT = re.compile(r"<w:t(?: [^>]*)?>([^<]*)</w:t>")
_OPENER = re.compile(r"\{[{%#]")
_CLOSERS = {"{": "}}", "%": "%}", "#": "#}"}
_STRAY = "\u2060"
"""Put before the second character of an opener its paragraph never closes (word joiner)."""


def _mark_strays(xml: str) -> str:
    """A part's XML with every tag opener that its paragraph never closes broken by a mark.

    docxtpl joins a tag across the runs of a paragraph by deleting the XML up to its closer:
    an opener never closed (``{{ nom``) would swallow the following paragraphs up to the next
    ``}}``, hide the errors they hold and shift the number of every paragraph after it.
    """
    edits: list[int] = []
    for paragraph in _PARAGRAPH.finditer(xml):
        text, offsets = [], []
        for run in _TEXT.finditer(paragraph.group()):
            start = paragraph.start() + run.start(1)
            text.append(run.group(1))
            offsets += range(start, start + len(run.group(1)))
        joined, pos = "".join(text), 0
        while opener := _OPENER.search(joined, pos):
            end = joined.find(_CLOSERS[opener.group()[1]], opener.end())
            if end < 0:
                # right before the second character, which may be in the next run
                edits.append(offsets[opener.start() + 1])
                pos = opener.end()
            else:
                pos = end + 2
    for at in reversed(edits):
        xml = xml[:at] + _STRAY + xml[at:]
    return xml


def _strays(source: str) -> list[tuple[int, str]]:
    """The lines holding an opener ``_mark_strays`` broke, with the message for each."""
    problems = []
    for number, line in enumerate(source.split("\n"), start=1):
        for marked in re.finditer(rf"\{{(?:<[^>]*>)*{_STRAY}([{{%#])", line):
            kind = marked.group(1)
            message = f"balise « {{{kind} » jamais fermée dans ce paragraphe"
            problems.append((number, f"{message} (il manque « {_CLOSERS[kind]} »)"))
    return problems


def _suggest(name: str, candidates: Iterable[str]) -> str:
    close = difflib.get_close_matches(name, [c for c in candidates if c != "*"], n=1)
    return f" — vouliez-vous dire « {close[0]} » ?" if close else ""


class _Walker:
    """Walk a Jinja AST: the context paths it reads, and the names the type does not define.

    A path is dotted (``creancier.nom``); an item of a list is written ``[]``, so an
    attribute of a loop variable reads ``factures[].numero``. Only the longest path of each
    read is recorded: ``{{ creancier.nom }}`` reads ``creancier.nom``, not ``creancier``.
    """

    def __init__(self, root: dict[str, Any] | None) -> None:
        self.root = root
        self.problems: list[tuple[int, str]] = []
        self.used: set[str] = set()

    def check(self, node: nodes.Node, scope: dict[str, Any]) -> None:
        if isinstance(node, nodes.For):
            tree, path = self.read(node.iter, scope)
            inner = dict(scope, loop=_LOCAL)
            for target in node.target.find_all(nodes.Name):
                inner[target.name] = _LOCAL
            if isinstance(node.target, nodes.Name):
                item = tree[1] if isinstance(tree, tuple) else OPAQUE
                inner[node.target.name] = (item, f"{path}[]" if path else None)
            for child in (*node.body, *node.else_):
                self.check(child, inner)
            if node.test is not None:
                self.check(node.test, inner)
            return
        if isinstance(node, nodes.Assign):
            self._bind(node.target, self.read(node.node, scope), scope)
            return
        if isinstance(node, nodes.AssignBlock):
            for child in (*node.body, *([node.filter] if node.filter else [])):
                self.check(child, scope)
            self._bind(node.target, _LOCAL, scope)
            return
        if isinstance(node, nodes.With):
            inner = dict(scope)
            for target, value in zip(node.targets, node.values, strict=False):
                self._bind(target, self.read(value, scope), inner)
            for child in node.body:
                self.check(child, inner)
            return
        if isinstance(node, nodes.Macro | nodes.CallBlock):
            inner = dict(scope, caller=_LOCAL, varargs=_LOCAL, kwargs=_LOCAL)
            inner.update((arg.name, _LOCAL) for arg in node.args)
            for child in (
                *node.defaults,
                *([node.call] if isinstance(node, nodes.CallBlock) else []),
            ):
                self.check(child, scope)
            if isinstance(node, nodes.Macro):
                scope[node.name] = _LOCAL
            for child in node.body:
                self.check(child, inner)
            return
        if isinstance(node, nodes.Filter) and node.name not in XML_ENV.filters:
            suggestion = _suggest(node.name, XML_ENV.filters)
            self.problems.append((node.lineno, f"filtre inconnu « {node.name} »{suggestion}"))
        if isinstance(node, nodes.Test) and node.name not in XML_ENV.tests:
            suggestion = _suggest(node.name, XML_ENV.tests)
            self.problems.append((node.lineno, f"test inconnu « {node.name} »{suggestion}"))
        if isinstance(node, nodes.Name | nodes.Getattr | nodes.Getitem):
            self.read(node, scope)
            return
        for child in node.iter_child_nodes():
            self.check(child, scope)

    def _bind(self, target: nodes.Node, value: tuple[Any, str | None], scope: dict) -> None:
        for name in target.find_all(nodes.Name):
            scope[name.name] = _LOCAL
        if isinstance(target, nodes.Name):
            scope[target.name] = value

    def read(self, node: nodes.Node, scope: dict[str, Any]) -> tuple[Any, str | None]:
        """Resolve an expression, recording the context path it reads."""
        tree, path = self._resolve(node, scope)
        if path:
            self.used.add(path)
        return tree, path

    def _resolve(self, node: nodes.Node, scope: dict[str, Any]) -> tuple[Any, str | None]:
        if isinstance(node, nodes.Name):
            if node.name in scope:
                return scope[node.name]
            if self.root is not None and node.name in self.root:
                return self.root[node.name], node.name
            if node.name in XML_ENV.globals:
                return _LOCAL
            if self.root is not None:
                suggestion = _suggest(node.name, [*scope, *self.root])
                self.problems.append(
                    (node.lineno, f"variable inconnue « {node.name} »{suggestion}")
                )
            return OPAQUE, node.name
        if isinstance(node, nodes.Getattr):
            return self._member(node, node.attr, *self._resolve(node.node, scope))
        if isinstance(node, nodes.Getitem):
            tree, path = self._resolve(node.node, scope)
            if isinstance(node.arg, nodes.Const) and isinstance(node.arg.value, str):
                return self._member(node, node.arg.value, tree, path)
            self.check(node.arg, scope)
            item = tree[1] if isinstance(tree, tuple) else OPAQUE
            return item, f"{path}[]" if path else None
        self.check(node, scope)
        return _LOCAL

    def _member(
        self, node: nodes.Node, attr: str, tree: Any, path: str | None
    ) -> tuple[Any, str | None]:
        path = f"{path}.{attr}" if path else None
        if not isinstance(tree, dict) or "*" in tree:
            return OPAQUE, path
        if attr not in tree:
            if self.root is not None:
                suggestion = _suggest(attr, tree)
                self.problems.append((node.lineno, f"attribut inconnu « {attr} »{suggestion}"))
            return OPAQUE, path
        return tree[attr], path


def _broken_xml(source: str) -> int | None:
    """The line where a part's XML breaks once its Jinja tags are removed, if it does.

    docxtpl joins a tag that Word split across runs by cutting the XML between them; when
    the runs sit in different containers (link, field, content control), the cut breaks
    the XML, and the rendered document silently loses its structure.
    """
    try:
        etree.fromstring(_TAG.sub("", source).encode())
    except etree.XMLSyntaxError as exc:
        return exc.lineno or 1
    return None


def _neutralise(source: str, line: int) -> str:
    """The source with the Jinja tags of one line removed and its stray openers broken."""
    span = line_span(source, line)
    if span is None:
        return source
    text = re.sub(r"\{(?=[{%#])", "{ ", _TAG.sub("", source[span[0] : span[1]]))
    return source[: span[0]] + text + source[span[1] :]


def _unclosed_block(source: str) -> tuple[int, str] | None:
    """The line and name of the innermost block never closed, if the source lexes."""
    stack: list[tuple[int, str]] = []
    opening = setting = None
    try:
        for lineno, kind, value in XML_ENV.lex(source):
            if kind == "block_begin":
                opening = True
            elif kind == "name" and opening:
                opening = None
                if value == "set":
                    setting = lineno
                elif value in _BLOCKS:
                    stack.append((lineno, value))
                elif value.startswith("end") and stack and stack[-1][1] == value[3:]:
                    stack.pop()
            elif kind == "operator" and value == "=":
                setting = None
            elif kind == "block_end" and setting is not None:
                stack.append((setting, "set"))
                setting = None
    except jinja2.TemplateSyntaxError:
        return None
    return stack[-1] if stack else None


def _syntax_error(exc: jinja2.TemplateSyntaxError, source: str) -> tuple[int, str]:
    """The line and the French message of a syntax error."""
    line, message = exc.lineno, exc.message or ""
    unknown = re.match(r"Encountered unknown tag '(\w+)'", message)
    if message.startswith("Unexpected end of template"):
        block = _unclosed_block(source)
        if block is not None:
            line, name = block
            message = f"bloc « {name} » jamais fermé (il manque {{% end{name} %}})"
    elif unknown:
        expected = re.findall(
            r"'(\w+)'", message.partition("looking for")[2].partition("innermost")[0]
        )
        message = f"balise « {unknown.group(1)} » inattendue" + (
            f" (Jinja attendait {', '.join(f'« {tag} »' for tag in expected)})" if expected else ""
        )
    return line, f"erreur de syntaxe Jinja : {message}"


def _parse(source: str) -> tuple[nodes.Template | None, list[tuple[int, str]]]:
    """Parse a part, collecting every syntax error: each failing line is neutralised in turn.

    Returns the AST of the neutralised source (``None`` if it still does not parse) and the
    errors, each with its line.
    """
    errors: list[tuple[int, str]] = []
    neutralised: set[int] = set()
    for _ in range(100):
        try:
            tree = XML_ENV.parse(source)
        except jinja2.TemplateSyntaxError as exc:
            line, message = _syntax_error(exc, source)
            if line in neutralised:
                break
            errors.append((line, message))
            neutralised.add(line)
            source = _neutralise(source, line)
            continue
        try:
            XML_ENV.compile(source)
        except jinja2.TemplateAssertionError as exc:
            if not re.match(r"No (filter|test) named", exc.message or ""):
                errors.append((exc.lineno, f"erreur de syntaxe Jinja : {exc.message}"))
        return tree, errors
    return None, errors


def _parts(doc: SafeDocxTemplate) -> list[tuple[str, str, bool]]:
    """Each part's label, source (XML one paragraph a line, or a property) and kind."""
    doc.init_docx()
    body = split_lines(doc.patch_xml(_mark_strays(doc.get_xml())))
    parts = [("corps du document", body, True)]
    for uri in (doc.HEADER_URI, doc.FOOTER_URI):
        for _rel, part in doc.get_headers_footers(uri):
            xml = split_lines(doc.patch_xml(_mark_strays(doc.get_part_xml(part))))
            parts.append((part_label(str(part.partname)), xml, True))
    props = doc.docx.core_properties
    for attr in ("title", "subject", "author", "comments", "keywords"):
        value = getattr(props, attr) or ""
        if "{" in value:
            parts.append((f"propriétés du document ({attr})", value, False))
    return parts


def check_template(template: bytes, entry: DocumentType | None = None) -> list[Issue]:
    """Lint a Word template: every problem, with its location and the paragraph's text."""
    try:
        inspect_docx(template)
    except UnsafeTemplateError as exc:
        return [Issue("paquet .docx", reason) for reason in exc.reasons]
    doc = SafeDocxTemplate(template, "")
    root = variables_of(entry) if entry is not None else None
    issues: list[Issue] = []
    for label, source, is_xml in _parts(doc):
        tree, found = _parse(source)
        found += _strays(source) if is_xml else []
        broken = _broken_xml(source) if is_xml else None
        if broken is not None:
            found.append((broken, _BROKEN))
        if tree is not None:
            walker = _Walker(root)
            walker.check(tree, {})
            found += walker.problems
        for line, message in sorted(found, key=lambda problem: problem[0]):
            location, excerpt = locate_line(source, line, label) if is_xml else (label, source)
            issue = Issue(location, message, excerpt.replace(_STRAY, ""))
            if issue not in issues:
                issues.append(issue)
    return issues


def used_variables(template: bytes) -> set[str]:
    """The context paths a template reads, in ``_Walker``'s notation.

    :raise UnsafeTemplateError: if the package fails the safety gate.
    """
    inspect_docx(template)
    walker = _Walker(None)
    for _label, source, _is_xml in _parts(SafeDocxTemplate(template, "")):
        tree, _errors = _parse(source)
        if tree is not None:
            walker.check(tree, {})
    return walker.used
