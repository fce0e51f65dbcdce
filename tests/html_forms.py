"""Read HTML pages as a browser would: the data a form submits, the text of some elements."""

from __future__ import annotations

from lxml import html
from werkzeug.datastructures import MultiDict


def _with_class(name: str) -> str:
    return f"contains(concat(' ', normalize-space(@class), ' '), ' {name} ')"


def form_values(page: str, form_class: str = "case-form") -> MultiDict:
    """The name/value pairs a browser sends for the first form of class ``form_class``."""
    form = html.fromstring(page).xpath(f"//form[{_with_class(form_class)}]")[0]
    data: MultiDict = MultiDict()
    for element in form.iter("input", "select", "textarea"):
        if any(a.tag == "template" for a in element.iterancestors()):
            continue
        name, kind = element.get("name"), element.get("type", "text")
        if not name or element.get("disabled") is not None:
            continue
        if element.tag == "select":
            options = list(element.iter("option"))
            chosen = [o for o in options if o.get("selected") is not None] or options[:1]
            data.add(name, chosen[0].get("value"))
        elif element.tag == "textarea":
            data.add(name, element.text or "")
        elif kind in ("checkbox", "radio"):
            if element.get("checked") is not None:
                data.add(name, element.get("value", "on"))
        elif kind not in ("submit", "button", "file"):
            data.add(name, element.get("value", ""))
    return data


def texts(page: str, css_class: str) -> list[str]:
    """The text of every element of class ``css_class``, whitespace collapsed."""
    root = html.fromstring(page)
    found = root.xpath(f"//*[{_with_class(css_class)}]")
    return [" ".join(" ".join(e.itertext()).split()) for e in found]


def field_errors(page: str) -> dict[str, str]:
    """The error shown next to each field, keyed by the field id."""
    root = html.fromstring(page)
    found = root.xpath(f"//*[{_with_class('field-error')}]")
    return {e.get("id").removesuffix("-erreur"): " ".join(e.text_content().split()) for e in found}
