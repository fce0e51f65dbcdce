"""Pages of a converted document: sections, their @page rules, headers and footers."""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from lxml import etree

from docgen.word.wordml import R_NS, VAL, twips, w

# How a section starts: a forced break when its geometry alone would not force one.
_SECTION_BREAKS = {"nextPage": "page", "oddPage": "right", "evenPage": "left"}


@dataclass
class Section:
    """Page geometry and headers/footers of a document section."""

    width: float = 595.3
    height: float = 841.9
    margins: dict[str, float] = field(
        default_factory=lambda: {
            "top": 72,
            "right": 72,
            "bottom": 72,
            "left": 72,
            "header": 36,
            "footer": 36,
        }
    )
    headers: dict[str, str] = field(default_factory=dict)
    footers: dict[str, str] = field(default_factory=dict)
    title_page: bool = False
    start: str = "nextPage"

    @classmethod
    def read(cls, sect_pr: etree._Element | None) -> Section:
        """Read a ``w:sectPr`` (Word's defaults where it is silent)."""
        section = cls()
        if sect_pr is None:
            return section
        size = sect_pr.find(w("pgSz"))
        if size is not None:
            section.width = twips(size.get(w("w"), "11906")) or section.width
            section.height = twips(size.get(w("h"), "16838")) or section.height
        margins = sect_pr.find(w("pgMar"))
        if margins is not None:
            for key in section.margins:
                if margins.get(w(key)) is not None:
                    section.margins[key] = abs(twips(margins.get(w(key))) or 0)
        for ref in sect_pr.iterfind(w("headerReference")):
            section.headers[ref.get(w("type"), "default")] = ref.get(f"{{{R_NS}}}id")
        for ref in sect_pr.iterfind(w("footerReference")):
            section.footers[ref.get(w("type"), "default")] = ref.get(f"{{{R_NS}}}id")
        section.title_page = sect_pr.find(w("titlePg")) is not None
        start = sect_pr.find(w("type"))
        if start is not None:
            section.start = start.get(VAL, "nextPage")
        return section

    def inherit(self, previous: Section) -> None:
        """Take the headers and footers this section does not define from the previous one."""
        for own, prior in ((self.headers, previous.headers), (self.footers, previous.footers)):
            for kind, rid in prior.items():
                own.setdefault(kind, rid)


def running_name(rid: str) -> str:
    """The CSS name of a header or footer's running element, from its relationship id.

    The id comes from the template's XML: every character but a letter or a digit is written
    as ``_hex_``, so that any id gives a distinct, inert identifier.
    """
    return "r" + re.sub(r"[^A-Za-z0-9]", lambda m: f"_{ord(m.group()):x}_", rid)


def assemble(
    sections: list[tuple[Section, list[str]]],
    running_elements: Callable[[Section], str],
    props: Any,
    stylesheet: Callable[[], str],
    *,
    even_and_odd: bool,
) -> str:
    """The HTML page of a converted document: one block per section, each on its named page.

    The page is polyglot: well-formed XML that an HTML5 parser reads into the same tree (void
    elements closed with ``/>``, no ``<`` or ``&`` in the stylesheet, nothing but inline
    content in a paragraph), so that ``html_to_pdf(page, xml=True)`` may parse it with expat.
    """
    page_css: list[str] = []
    parts: list[str] = []
    names: dict[tuple[Any, ...], str] = {}
    previous = ""
    for index, (section, blocks) in enumerate(sections):
        key = (
            section.width,
            section.height,
            tuple(section.margins.items()),
            tuple(section.headers.items()),
            tuple(section.footers.items()),
            section.title_page,
        )
        if key not in names:
            names[key] = f"s{len(names) + 1}"
            page_css.append(page_rule(names[key], section, even_and_odd=even_and_odd))
        running = running_elements(section)
        style = f"page:{names[key]}"
        if index and section.start in _SECTION_BREAKS:
            style += f";break-before:{_SECTION_BREAKS[section.start]}"
        div = f'<div style="{style}">{running}{"".join(blocks)}</div>'
        if index and section.start in ("oddPage", "evenPage"):
            # a blank page inserted before this section takes the page of their parent: give
            # them one, of the previous section's page
            parts[-1] = f'<div style="page:{previous}">{parts[-1]}{div}</div>'
        else:
            parts.append(div)
        previous = names[key]
        meta = "".join(
            f'<meta name="{name}" content="{html.escape(value)}"/>'
            for name, value in (
                ("author", props.author),
                ("description", props.subject),
                ("keywords", props.keywords),
                ("identifier", props.identifier),
            )
            if value
        )
    # The stylesheet is taken last, as converting the headers and footers adds classes to it;
    # CSS escapes replace the two characters that would make it read differently as XML.
    style = ("".join(page_css) + stylesheet()).replace("&", "\\26 ").replace("<", "\\3C ")
    return (
        f'<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"/>'
        f"<title>{html.escape(props.title or '')}</title>{meta}<style>{style}</style>"
        f"</head><body>{''.join(parts)}</body></html>"
    )


def page_rule(name: str, section: Section, *, even_and_odd: bool) -> str:
    """The ``@page`` rules of a section: size, margins, and headers and footers by page."""
    m = section.margins
    variants = [("", "default")]
    if even_and_odd:
        variants.append((":left", "even"))
    if section.title_page:  # last: a first page that is a left page takes the first header
        variants.append((f":nth(1 of {name})", "first"))
    rules = []
    for selector, kind in variants:
        body = (
            ""
            if selector
            else f"size:{section.width}pt {section.height}pt;"
            f"margin:{m['top']}pt {m['right']}pt {m['bottom']}pt {m['left']}pt;"
        )
        for side, refs, distance in (
            ("top", section.headers, m["header"]),
            ("bottom", section.footers, m["footer"]),
        ):
            rid = refs.get(kind)
            if rid or selector:  # a page kind without its own header has none
                content = f"element({running_name(rid)})" if rid else "none"
                body += (
                    f"@{side}-center{{content:{content};width:100%;"
                    f"vertical-align:{side};padding-{side}:{distance}pt}}"
                )
        rules.append(f"@page {name}{selector}{{{body}}}")
    return "".join(rules)
