"""Template checks for lawyers: Jinja syntax errors and unknown variables, with their location."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, get_args, get_origin

import jinja2
from jinja2 import nodes
from pydantic import BaseModel

from docgen.catalog import DocumentType
from docgen.errors import UnsafeTemplateError
from docgen.package import inspect_docx
from docgen.render import XML_ENV, SafeDocxTemplate, locate, part_label

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
    tree.update(dict.fromkeys(entry.computed_variables, OPAQUE))
    return tree


class _VariableChecker:
    """Walk a Jinja AST and report names and attributes the type does not define."""

    def __init__(self, root: dict[str, Any]) -> None:
        self.root = root
        self.problems: list[tuple[int, str]] = []

    def check(self, node: nodes.Node, scope: dict[str, Any]) -> None:
        if isinstance(node, nodes.For):
            self.resolve(node.iter, scope)
            inner = dict(scope, loop=OPAQUE)
            iterated = self.resolve(node.iter, scope, report=False)
            item = iterated[1] if isinstance(iterated, tuple) else OPAQUE
            if isinstance(node.target, nodes.Name):
                inner[node.target.name] = item
            for target in node.target.find_all(nodes.Name):
                inner[target.name] = OPAQUE
            for child in (*node.body, *node.else_):
                self.check(child, inner)
            if node.test is not None:
                self.check(node.test, inner)
            return
        if isinstance(node, nodes.Assign):
            self.check(node.node, scope)
            names = [node.target, *node.target.find_all(nodes.Name)]
            scope.update({t.name: OPAQUE for t in names if isinstance(t, nodes.Name)})
            return
        if isinstance(node, nodes.Name | nodes.Getattr):
            self.resolve(node, scope)
            return
        for child in node.iter_child_nodes():
            self.check(child, scope)

    def resolve(self, node: nodes.Node, scope: dict[str, Any], report: bool = True) -> Any:
        if isinstance(node, nodes.Name):
            if node.name in scope:
                return scope[node.name]
            if node.name in self.root:
                return self.root[node.name]
            if node.name not in XML_ENV.globals and report:
                self.problems.append((node.lineno, f"variable inconnue « {node.name} »"))
            return OPAQUE
        if isinstance(node, nodes.Getattr):
            parent = self.resolve(node.node, scope, report)
            if isinstance(parent, dict) and "*" not in parent:
                if node.attr not in parent:
                    if report:
                        self.problems.append((node.lineno, f"attribut inconnu « {node.attr} »"))
                    return OPAQUE
                return parent[node.attr]
            return OPAQUE
        self.check(node, scope)
        return OPAQUE


def _parts(doc: SafeDocxTemplate) -> list[tuple[str, str]]:
    doc.init_docx()
    parts = [("corps du document", doc.patch_xml(doc.get_xml()))]
    for uri in (doc.HEADER_URI, doc.FOOTER_URI):
        for _rel, part in doc.get_headers_footers(uri):
            xml = doc.patch_xml(doc.get_part_xml(part))
            parts.append((part_label(str(part.partname)), xml))
    props = doc.docx.core_properties
    for attr in ("title", "subject", "author", "comments", "keywords"):
        value = getattr(props, attr) or ""
        if "{" in value:
            parts.append((f"propriétés du document ({attr})", value))
    return parts


def check_template(template: bytes, entry: DocumentType | None = None) -> list[Issue]:
    """Lint a Word template: syntax errors, and unknown variables if a type is given."""
    try:
        inspect_docx(template)
    except UnsafeTemplateError as exc:
        return [Issue("paquet .docx", reason) for reason in exc.reasons]
    doc = SafeDocxTemplate(template, "")
    issues: list[Issue] = []
    root = variables_of(entry) if entry is not None else None
    for label, xml in _parts(doc):
        numbered = re.sub(r"<w:p([ >])", r"\n<w:p\1", xml)
        try:
            XML_ENV.compile(numbered)
            tree = XML_ENV.parse(numbered)
        except jinja2.TemplateSyntaxError as exc:
            location, excerpt = locate(exc, numbered, label)
            issues.append(Issue(location, f"erreur de syntaxe Jinja : {exc.message}", excerpt))
            continue
        if root is None:
            continue
        checker = _VariableChecker(root)
        checker.check(tree, {})
        for line, message in checker.problems:
            error = jinja2.TemplateSyntaxError(message, line)
            location, excerpt = locate(error, numbered, label)
            issues.append(Issue(location, message, excerpt))
    return issues
