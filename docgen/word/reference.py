"""The variable reference of a document type: variables, filters and snippets, as HTML or PDF."""

from __future__ import annotations

import datetime
import functools
import html
import re
import types
import typing
from collections.abc import Iterator
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Annotated, Any, Literal, get_args, get_origin

import annotated_types
from pydantic import BaseModel, TypeAdapter, ValidationError
from pydantic.fields import FieldInfo

from docgen.catalog import EXAMPLES_DIR, get_type
from docgen.formatting import FILTERS, date_longue, montant, pourcentage
from docgen.generate import build_context, load_case
from docgen.law.rates import default_rates
from docgen.pdf.output import css_family, html_to_pdf_within

MONTANT = "montant en euros (Decimal)"
TAUX = "taux en % (Decimal)"
_SCALARS = {bool: "oui / non", int: "nombre entier", datetime.date: "date", str: "texte"}
_PLURALS = {"texte": "textes", "objet": "objets", "date": "dates", MONTANT: "montants"}


def _list_of(label: str) -> str:
    plural = _PLURALS.get(label, label)
    return ("liste d'" if plural[0] in "aeiouy" else "liste de ") + plural


_ITEM_NAMES = {"echeancier": "echeance", "expose": "paragraphe"}


@dataclass(frozen=True)
class Variable:
    """One template variable: dotted name, French type, description, example, optionality.

    A list item's attributes are named after the loop variable the reference proposes, the
    list's name in the singular: ``facture.numero`` inside ``{% for facture in factures %}``.
    """

    name: str
    type: str
    description: str
    example: str | None
    optional: bool
    depth: int = 0
    computed: bool = False
    loop: str | None = None
    twin: str | None = None  # the same attribute of an earlier object of the same model


def item_name(list_name: str) -> str:
    """The loop variable the reference uses for one item of a list (``factures`` → ``facture``)."""
    last = list_name.rsplit(".", 1)[-1]
    return _ITEM_NAMES.get(last, last[:-1] if last.endswith("s") else last + "_element")


def _unwrap(annotation: Any) -> tuple[Any, list[Any], bool]:
    """The bare type of an annotation, its constraints, and whether it admits ``None``."""
    metadata: list[Any] = []
    optional = False
    while True:
        if get_origin(annotation) is Annotated:
            metadata += annotation.__metadata__
            annotation = get_args(annotation)[0]
        elif get_origin(annotation) in (typing.Union, types.UnionType):
            args = [a for a in get_args(annotation) if a is not type(None)]
            optional = optional or len(args) < len(get_args(annotation))
            annotation = args[0]
        else:
            return annotation, metadata, optional


def _is_rate(metadata: list[Any]) -> bool:
    flat = [m for f in metadata for m in (f.metadata if isinstance(f, FieldInfo) else [f])]
    return any(isinstance(m, annotated_types.Le | annotated_types.Lt) for m in flat)


def _list_item(bare: Any) -> Any:
    return _unwrap(get_args(bare)[0])[0] if get_origin(bare) is list else None


def _is_model(bare: Any) -> bool:
    return isinstance(bare, type) and issubclass(bare, BaseModel)


def _type_label(bare: Any, metadata: list[Any]) -> str:
    if get_origin(bare) is list:
        item, item_meta, _ = _unwrap(get_args(bare)[0])
        return _list_of(_type_label(item, item_meta))
    if get_origin(bare) is Literal:
        return "choix : " + ", ".join(str(a) for a in get_args(bare))
    if _is_model(bare):
        return "objet"
    if bare is Decimal:
        return TAUX if _is_rate(metadata) else MONTANT
    return _SCALARS.get(bare, "texte")


def _value_label(value: Any) -> str:
    if isinstance(value, list):
        items = {_value_label(v) for v in value}
        return _list_of(items.pop()) if len(items) == 1 and "liste" not in str(items) else "liste"
    if isinstance(value, dict):
        return "objet"
    if isinstance(value, Decimal):
        return MONTANT
    return next((label for kind, label in _SCALARS.items() if isinstance(value, kind)), "texte")


def format_example(value: Any, type_label: str) -> str | None:
    """A value as a template prints it with the usual filter (dates, amounts, rates)."""
    if value is None or isinstance(value, dict):
        return None
    if isinstance(value, list):
        shown = [format_example(v, "") for v in value[:2]]
        if not value or None in shown:
            return None
        return ", ".join(f"« {v} »" for v in shown) + (", …" if len(value) > 2 else "")
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, datetime.date):
        return date_longue(value)
    if type_label in (MONTANT, TAUX) and isinstance(value, Decimal | int):
        return montant(value) if type_label == MONTANT else pourcentage(value)
    return str(value)


def _lookup(context: Any, path: tuple[str, ...]) -> Any:
    for key in path:
        if isinstance(context, list):
            context = context[0] if context else None
        if not isinstance(context, dict):
            return None
        context = context.get(key)
    return context


def _declared_example(field: Any, annotation: Any) -> Any:
    examples = getattr(field, "examples", None)
    if not examples:
        return None
    try:
        return TypeAdapter(annotation).validate_python(examples[0])
    except ValidationError:
        return examples[0]


def _members(model: type[BaseModel]) -> Iterator[tuple[str, Any, Any, bool]]:
    for name, field in model.model_fields.items():
        yield name, field, field.annotation, False
    for name, computed in model.model_computed_fields.items():
        yield name, computed, computed.return_type, True


class _Walker:
    """Flatten a facts model into variables, with examples taken from one real context."""

    def __init__(self, context: dict[str, Any]) -> None:
        self.context = context
        self.first_prefix: dict[type, str] = {}
        self.out: list[Variable] = []

    def model(self, model: type[BaseModel], prefix: str, path: tuple[str, ...], depth: int) -> None:
        twin = self.first_prefix.setdefault(model, prefix)
        for name, field, annotation, computed in _members(model):
            bare, metadata, optional = _unwrap(annotation)
            metadata += getattr(field, "metadata", [])
            label = _type_label(bare, metadata)
            value = _lookup(self.context, (*path, name))
            if value is None:
                value = _declared_example(field, annotation)
            full = prefix + name
            item = _list_item(bare)
            loop = f"{{% for {item_name(full)} in {full} %}}" if _is_model(item) else None
            doc = (bare.__doc__ or "").strip() if _is_model(bare) else ""
            self.out.append(
                Variable(
                    full,
                    label,
                    field.description or field.title or doc,
                    format_example(value, label),
                    optional,
                    depth,
                    computed=computed,
                    loop=loop,
                    twin=twin + name if twin != prefix else None,
                )
            )
            if _is_model(bare):
                self.model(bare, f"{full}.", (*path, name), depth + 1)
            elif loop is not None:
                self.model(item, f"{item_name(full)}.", (*path, name), depth + 1)


@functools.cache
def _contexts(doc_type: str) -> tuple[dict[str, Any], ...]:
    """The template context of every example case of the type, in file-name order.

    They are computed with the shipped rates: the reference is the same on every server.
    """
    contexts = []
    for path in sorted((EXAMPLES_DIR / doc_type).glob("*.json")):
        case = load_case(path.read_text(encoding="utf-8"))
        contexts.append(build_context(doc_type, case, rates=default_rates())[1])
    return tuple(contexts)


def _computed(doc_type: str, name: str, description: str) -> Variable:
    values = [c.get(name) for c in _contexts(doc_type)]
    known = [v for v in values if v is not None and v != []]
    lists = values and all(isinstance(v, list) for v in values)
    label = _value_label(known[0]) if known else ("liste" if lists else "texte")
    example = format_example(values[0], label) if values else None
    optional = None in values or not values
    return Variable(name, label, description, example, optional, computed=True)


@functools.cache
def _variables(doc_type: str) -> tuple[Variable, ...]:
    entry = get_type(doc_type)
    contexts = _contexts(doc_type)
    walker = _Walker(contexts[0] if contexts else {})
    walker.model(entry.facts, "", (), 0)
    out = walker.out
    for name, description in entry.computed_variables.items():
        same = next((i for i, v in enumerate(out) if v.name == name), None)
        if same is None:
            out.append(_computed(doc_type, name, description))
        else:  # a facts list the context enriches
            out[same] = replace(out[same], description=f"{out[same].description}. {description}")
    return tuple(out)


def variables(doc_type: str) -> list[Variable]:
    """Every variable a template of the type may use, facts in model order, then computed ones.

    :raise UnknownDocumentTypeError: for an identifier the catalogue does not hold.
    """
    return list(_variables(doc_type))


@dataclass(frozen=True)
class FilterHelp:
    """A template filter, what it does, and one example computed by calling it."""

    name: str
    description: str
    given: str
    result: str

    @property
    def usage(self) -> str:
        """How a template applies it."""
        return f"{{{{ … |{self.name} }}}}"


_FILTER_TEXTS: dict[str, tuple[str, Any, str]] = {
    "date_longue": ("Date en toutes lettres", datetime.date(2026, 11, 1), "2026-11-01"),
    "date_courte": ("Date en chiffres", datetime.date(2026, 11, 21), "2026-11-21"),
    "montant": ("Montant en euros, à la française", Decimal("1234.5"), "1234.5"),
    "montant_en_lettres": ("Montant en toutes lettres", Decimal("1234.10"), "1234.10"),
    "pourcentage": ("Taux en pour cent", Decimal("12.15"), "12.15"),
    "nombre_en_lettres": ("Nombre entier en toutes lettres", 15, "15"),
}

FILTER_HELP: tuple[FilterHelp, ...] = tuple(
    FilterHelp(name, text, given, FILTERS[name](value))
    for name, (text, value, given) in _FILTER_TEXTS.items()
)
"""Every template filter with its French description and an example (input → output)."""


@dataclass(frozen=True)
class Snippet:
    """A ready-to-paste construct: paragraphs, then table rows (one string per cell), then more."""

    title: str
    note: str
    before: tuple[str, ...] = ()
    rows: tuple[tuple[str, ...], ...] = ()
    after: tuple[str, ...] = ()

    @property
    def text(self) -> str:
        """The construct as lines of text, a table row's cells separated by « │ »."""
        return "\n".join((*self.before, *(" │ ".join(r) for r in self.rows), *self.after))


def _row_loop(items: str, *cells: str) -> tuple[tuple[str, ...], ...]:
    return ((f"{{%tr for {item_name(items)} in {items} %}}",), cells, ("{%tr endfor %}",))


_TABLE_NOTE = "Tableau de {} colonnes : chaque balise {{%tr … %}} seule dans sa ligne ; "
_B2B_NOTE = (
    "entre_professionnels : créancier et débiteur agissent tous deux à titre professionnel ; "
    "debiteur.consommateur : le seul débiteur."
)
_B2B = (
    "{% if entre_professionnels %}Entre professionnels (B2B).{% else %}"
    "Avec un consommateur (B2C).{% endif %}"
)
_INVOICES = _row_loop("factures", "{{ facture.numero }}", "{{ facture.reste_du|montant }}")
_INVOICES_NOTE = (
    "la ligne du milieu se répète pour chaque facture ; autres cellules possibles : "
    "{{ facture.echeance|date_courte }}, {{ facture.montant_ttc|montant }}."
)
_CLAIM_WORDS = "la somme de {{ creance.total|montant_en_lettres }} ({{ creance.total|montant }})"

_SNIPPETS: dict[str, tuple[tuple[str, str, dict[str, Any]], ...]] = {
    "mise_en_demeure": (
        ("b2b", _B2B_NOTE, {"before": (_B2B,)}),
        ("factures", _INVOICES_NOTE, {"rows": _INVOICES}),
        ("optional", "", {"before": ("{% if creancier.telephone %}Tél. : "
                                     "{{ creancier.telephone }}{% endif %}",)}),
        ("words", "creance.total : principal, pénalités et indemnités.",
         {"before": (_CLAIM_WORDS,)}),
    ),
    "relance": (
        ("b2b", _B2B_NOTE, {"before": (_B2B,)}),
        ("factures", _INVOICES_NOTE, {"rows": _INVOICES}),
        ("optional", "", {"before": ("{% if creancier.telephone %}Tél. : "
                                     "{{ creancier.telephone }}{% endif %}",)}),
        ("words", "creance.total : principal, et entre professionnels pénalités et indemnités "
         "si la relance les réclame.",
         {"before": (_CLAIM_WORDS,)}),
    ),
    "injonction_de_payer": (
        ("b2b", _B2B_NOTE, {"before": (_B2B,)}),
        ("factures", _INVOICES_NOTE, {"rows": _INVOICES}),
        ("optional", "", {"before": ("{{ fondement.nature }}{% if fondement.precision %} "
                                     "{{ fondement.precision }}{% endif %} du "
                                     "{{ fondement.date|date_longue }}",)}),
        ("words", "creance.total : principal, pénalités, indemnités et intérêts.",
         {"before": (_CLAIM_WORDS,)}),
    ),
    "cgv": (
        ("b2b", "clientele peut viser les deux : consommateurs et professionnels sont alors "
         "vrais, ainsi que mixte.",
         {"before": ("{% if consommateurs %}Clients consommateurs (B2C).{% endif %}"
                     "{% if professionnels %}Clients professionnels (B2B).{% endif %}",)}),
        ("traitements", "les CGV n'ont pas de factures : la boucle porte sur les traitements de "
         "données personnelles.",
         {"rows": _row_loop("donnees_personnelles.traitements", "{{ traitement.finalite }}",
                            "{{ traitement.duree_conservation }}")}),
        ("optional", "", {"before": ("{{ vendeur.designation }}{% if vendeur.nom_commercial %}, "
                                     "enseigne {{ vendeur.nom_commercial }}{% endif %}",)}),
        ("words", "le seul montant des CGV est le capital social du vendeur, s'il en a un.",
         {"before": ("{% if vendeur.capital %}au capital de "
                     "{{ vendeur.capital|montant_en_lettres }} "
                     "({{ vendeur.capital|montant }}){% endif %}",)}),
    ),
    "protocole_transactionnel": (
        ("b2b", "pas de condition B2C/B2B d'ensemble dans un protocole : elle porte sur chaque "
         "partie (partie.consommateur).",
         {"before": ("{% for partie in parties %}{{ partie.appellation }} : "
                     "{% if partie.consommateur %}consommateur (B2C){% else %}professionnel "
                     "(B2B){% endif %}. {% endfor %}",)}),
        ("echeances", "pas de factures : la boucle porte sur l'échéancier de chaque versement, "
         "entre deux paragraphes {%p … %}.",
         {"before": ("{%p for reglement in reglements %}",
                     "Versement de {{ reglement.montant|montant }} par {{ reglement.payeur }} :"),
          "rows": _row_loop("reglement.echeancier", "{{ echeance.date|date_longue }}",
                            "{{ echeance.montant|montant }}"),
          "after": ("{%p endfor %}",)}),
        ("optional", "", {"before": ("{% if instance %}Instance : {{ instance.juridiction }}"
                                     "{% if instance.numero_rg %} (RG {{ instance.numero_rg }})"
                                     "{% endif %}.{% endif %}",)}),
        ("words", "", {"before": ("une clause pénale de {{ clause_penale|montant_en_lettres }} "
                                  "({{ clause_penale|montant }})",)}),
    ),
}  # fmt: skip

_TITLES = {
    "b2b": "Condition B2C / B2B",
    "factures": "Boucle sur les factures (ligne de tableau)",
    "traitements": "Boucle sur les traitements (ligne de tableau)",
    "echeances": "Boucle sur les échéances (ligne de tableau)",
    "optional": "Valeur facultative, dans un {% if %}",
    "words": "Montant en lettres et en chiffres",
}


def snippets(doc_type: str) -> list[Snippet]:
    """Ready-to-paste constructs valid for the type: condition, table loop, option, amount.

    :raise UnknownDocumentTypeError: for an identifier the catalogue does not hold.
    """
    get_type(doc_type)
    out = []
    for key, note, parts in _SNIPPETS.get(doc_type, ()):
        if "rows" in parts:
            note = _TABLE_NOTE.format(len(parts["rows"][1])) + note
        out.append(Snippet(_TITLES[key], note, **parts))
    return out


def _e(value: Any) -> str:
    return html.escape(str(value), quote=True)


def _unbroken(text: str) -> str:
    """Escaped text whose lines may break only at spaces (not after ``|`` or ``/``)."""
    return re.sub(r"\S+", lambda m: f'<span class="w">{m.group()}</span>', _e(text))


def _code(text: str) -> str:
    return f"<code>{_unbroken(text)}</code>"


_FILTER_INPUT = {"date": "date", "montant": MONTANT, "pourcentage": TAUX, "nombre": "nombre entier"}


def _filter_usage(doc_type: str, name: str) -> str:
    """``{{ date_lettre|date_longue }}``: the filter applied to a variable of the type it takes."""
    wanted = next((t for prefix, t in _FILTER_INPUT.items() if name.startswith(prefix)), MONTANT)
    roots = {v.name for v in _variables(doc_type) if v.depth == 0}
    found = (
        v.name
        for v in sorted(_variables(doc_type), key=lambda v: v.depth)
        if v.type == wanted and v.name.split(".")[0] in roots  # not a list item
    )
    return f"{{{{ {next(found, 'valeur')}|{name} }}}}"


def _type_cell(var: Variable, compact: bool) -> str:
    label = var.type
    if (
        compact
        and label.startswith("choix")
        and all(c in var.description for c in label.removeprefix("choix : ").split(", "))
    ):
        label = "choix"  # the description already names every value
    return _e(label) + (", <em>facultatif</em>" if var.optional else "")


def _row(var: Variable, compact: bool) -> str:
    example = var.example or ""
    if compact and len(example) > 42:
        example = example[:40].rstrip() + "…"
    loop = f" Boucle : {_code(var.loop)}" if var.loop else ""
    return (
        f'<tr class="d{var.depth}"><td class="name">{_code(var.name)}</td>'
        f'<td class="type">{_type_cell(var, compact)}</td>'
        f'<td class="desc">{_e(var.description)}{loop}</td>'
        f'<td class="ex">{_e(example)}</td></tr>'
    )


def _twins_row(run: list[Variable], owner: Variable) -> str:
    source = run[0].twin[: len(run[0].twin) - len(run[0].name) + len(owner.name)]  # type: ignore[index]
    names = ", ".join(_code(v.name) for v in run)
    return (
        f'<tr class="twins d{run[0].depth}"><td colspan="4">Mêmes attributs que '
        f"{_code(source)} : {names}</td></tr>"
    )


def _variable_rows(doc_type: str, compact: bool) -> Iterator[str]:
    run: list[Variable] = []
    owner: Variable | None = None
    grouped = False
    for var in (*_variables(doc_type), None):
        if compact and var is not None and var.twin is not None:
            run.append(var)
            continue
        if run and owner is not None:
            yield _twins_row(run, owner)
            run = []
        if var is None:
            return
        if var.computed and var.depth == 0 and not grouped:
            grouped = True
            yield '<tr class="group"><th colspan="4">Variables calculées</th></tr>'
        owner = var
        yield _row(var, compact)


_CSS = """
.reference code { font-family: inherit; }
.reference table { border-collapse: collapse; }
.reference td, .reference th { text-align: left; vertical-align: top; padding: 1px 4px; }
.reference .name code, .reference .filters code { font-weight: bold; }
.reference .twins code { font-weight: normal; }
@media print {
  @page { size: A4 landscape; margin: 6mm 7mm; }
  html { font-family: "FONT"; font-size: 6.5pt; line-height: 1.12; }
  .reference { columns: 4; column-gap: 4mm; column-fill: auto; hyphens: manual;
    font-variant-ligatures: none; overflow-wrap: normal; }
  .reference h1 { column-span: all; font-size: 11pt; font-weight: bold; margin-bottom: 1mm; }
  .reference h2 { font-size: 8pt; font-weight: bold; margin: 1.2mm 0 0.4mm;
    border-bottom: 0.4pt solid #888; }
  .reference h3 { font-size: 6.5pt; font-weight: bold; margin-top: 0.8mm; }
  .reference .intro { column-span: all; margin-bottom: 1mm; }
  .reference section > table, .reference section > table > tbody,
  .reference section > table tr { display: block; }
  .reference thead { display: none; }
  .reference section > table td, .reference section > table th { display: inline; padding: 0; }
  .reference .cells { margin: 0.3mm 0 0 2mm; width: calc(100% - 2mm); table-layout: auto; }
  .reference .cells td { border: 0.4pt solid #888; padding: 0.3mm 1mm; }
  .reference section > table tr { break-inside: avoid; padding-left: 2.5mm;
    text-indent: -2.5mm; }
  .reference tr.d1 { margin-left: 2mm; } .reference tr.d2 { margin-left: 4mm; }
  .reference tr.d3 { margin-left: 6mm; }
  .reference tr.group { margin-top: 0.6mm; }
  .reference tr.group th { font-weight: bold; font-style: italic; }
  .reference .w { white-space: nowrap; }
  .reference .filters td + td::before { content: " — "; }
  .reference .type { color: #444; font-style: italic; }
  .reference .type::before { content: " — "; }
  .reference .desc::before { content: " — "; }
  .reference .ex:not(:empty)::before { content: " ex. : "; font-style: italic; }
  .reference .ex { color: #333; }
  .reference pre { font-family: inherit; white-space: pre-wrap; margin: 0.3mm 0 0 2mm;
    background: #f0f0f0; padding: 0.5mm 1mm; }
  .reference .note { font-style: italic; color: #444; }
  .reference .snippet { break-inside: avoid; }
}
"""


def _filter_rows(doc_type: str) -> str:
    return "".join(
        f"<tr><td>{_code(f.name)}</td><td>{_e(f.description)}</td>"
        f"<td>{_code(_filter_usage(doc_type, f.name))}</td>"
        f"<td>{_e(f.given)} → {_e(f.result)}</td></tr>"
        for f in FILTER_HELP
    )


def _snippet_block(snippet: Snippet) -> str:
    note = f'<p class="note">{_e(snippet.note)}</p>' if snippet.note else ""
    width = max((len(row) for row in snippet.rows), default=0)
    rows = "".join(
        "<tr>"
        + "".join(f"<td>{_unbroken(cell)}</td>" for cell in row[:-1])
        + f'<td colspan="{width - len(row) + 1}">{_unbroken(row[-1])}</td></tr>'
        for row in snippet.rows
    )
    parts = [
        f"<pre>{_unbroken(chr(10).join(snippet.before))}</pre>" if snippet.before else "",
        f'<table class="cells">{rows}</table>' if rows else "",
        f"<pre>{_unbroken(chr(10).join(snippet.after))}</pre>" if snippet.after else "",
    ]
    return f'<div class="snippet"><h3>{_e(snippet.title)}</h3>{note}{"".join(parts)}</div>'


def _snippet_blocks(doc_type: str) -> str:
    return "".join(_snippet_block(s) for s in snippets(doc_type))


def _intro(doc_type: str) -> str:
    listed = next((v for v in _variables(doc_type) if v.loop), None)
    loop = ""
    if listed is not None:
        item = next(v.name for v in _variables(doc_type) if v.depth == listed.depth + 1
                    and v.name.startswith(item_name(listed.name) + "."))  # fmt: skip
        loop = f" Dans une boucle {listed.loop}, chaque élément s'écrit au singulier : {item}."
    return (
        "Dans Word : {{ variable }} affiche une valeur, {{ variable|filtre }} la met en forme."
        f"{loop} « facultatif » : la valeur peut manquer, l'entourer de "
        "{% if variable %} … {% endif %}."
    )


def reference_html(doc_type: str, *, standalone: bool = True, compact: bool = False) -> str:
    """The reference as HTML: a full page (styled to print on one page) or a fragment.

    ``compact`` lists the attributes an earlier object of the same kind already described by
    name only, as the one-page PDF does.

    :raise UnknownDocumentTypeError: for an identifier the catalogue does not hold.
    """
    title = f"Variables du modèle — {get_type(doc_type).label}"
    rows = "".join(_variable_rows(doc_type, compact))
    intro = _e(_intro(doc_type))
    body = (
        f'<article class="reference"><h1>{_e(title)}</h1><p class="intro">{intro}</p>'
        '<section class="variables"><h2>Variables</h2><table><thead><tr><th>Variable</th>'
        f"<th>Type</th><th>Description</th><th>Exemple</th></tr></thead><tbody>{rows}</tbody>"
        '</table></section><section class="filters"><h2>Filtres</h2><table><tbody>'
        f'{_filter_rows(doc_type)}</tbody></table></section><section class="snippets">'
        f"<h2>Modèles à copier-coller</h2>{_snippet_blocks(doc_type)}</section></article>"
    )
    if not standalone:
        return body
    css = _CSS.replace("FONT", css_family("Carlito"))
    return (
        f'<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>{_e(title)}'
        f"</title><style>{css}</style></head><body>{body}</body></html>"
    )


DENSER = (("6.5pt", 4), ("6.2pt", 4), ("6pt", 5))
"""Font sizes and columns the one-page PDF tries in turn, until the reference fits."""


def reference_pdf(doc_type: str) -> bytes:
    """The reference as a one-page PDF (A4 landscape, four columns) for the lawyer's desk.

    A reference too long for the page at 6,5 points is set smaller, then on five columns.

    :raise UnknownDocumentTypeError: for an identifier the catalogue does not hold.
    """
    page = reference_html(doc_type, standalone=True, compact=True)
    variants = [
        page.replace("font-size: 6.5pt; line-height", f"font-size: {size}; line-height").replace(
            "columns: 4;", f"columns: {columns};"
        )
        for size, columns in DENSER
    ]
    return html_to_pdf_within(1, variants)
