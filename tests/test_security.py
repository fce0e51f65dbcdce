"""The attacks of shared/security.md on templates and PDF output, each met by a test.

Templates: sandbox escapes in every rendered part, XML injection through values, characters
XML cannot hold, StrictUndefined. PDF: WeasyPrint may fetch no local file and no network
address, whatever the HTML, the CSS or the DOCX it comes from.
"""

from __future__ import annotations

import base64
import copy
import http.server
import io
import logging
import re
import struct
import subprocess
import threading
import tracemalloc
import urllib.request
import zlib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import jinja2
import pytest
from docx import Document
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml
from docx.oxml.ns import qn
from lxml import etree
from pypdf import PdfReader

from docgen import (
    CaseValidationError,
    PdfError,
    TemplateError,
    UnsafeTemplateError,
    generate,
    load_case,
)
from docgen.pdf.converter import docx_to_html
from docgen.pdf.output import _fetcher, html_to_pdf
from docgen.word.lint import check_template
from docgen.word.package import inspect_docx
from docgen.word.render import XML_ENV, docx_bytes, render_docx
from tests.conftest import EXAMPLES, pdf_text, require_tool

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = (
    f'xmlns:w="{W_NS}" xmlns:v="urn:schemas-microsoft-com:vml" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
)
LOCATIONS = {
    "body": "corps du document",
    "header": "en-tête 1",
    "footer": "pied de page 1",
    "footnote": "notes de bas de page",
    "title": "propriétés du document",
}


# -- helpers -------------------------------------------------------------------------------
def _footnotes_part(document: Document, texts: list[str]) -> None:
    """Give a document a footnotes part (python-docx has no API for it) that it calls."""
    notes = "".join(
        f'<w:footnote w:id="{i}"><w:p><w:r><w:t xml:space="preserve">{xml_escape(t)}</w:t>'
        "</w:r></w:p></w:footnote>"
        for i, t in enumerate(texts, start=1)
    )
    xml = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:footnotes {NS}>'
        '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p>'
        '</w:footnote><w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r>'
        f"<w:continuationSeparator/></w:r></w:p></w:footnote>{notes}</w:footnotes>"
    )
    part = Part(
        PackURI("/word/footnotes.xml"), CT.WML_FOOTNOTES, xml.encode(), document.part.package
    )
    document.part.relate_to(part, RT.FOOTNOTES)
    run = document.add_paragraph("Appel de note").add_run()
    for i in range(1, len(texts) + 1):
        run._r.append(parse_xml(f'<w:footnoteReference {NS} w:id="{i}"/>'))


def xml_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def make_docx(
    *,
    body: Sequence[str] = (),
    header: Sequence[str] = (),
    footer: Sequence[str] = (),
    footnotes: Sequence[str] = (),
    title: str | None = None,
    subject: str | None = None,
    author: str | None = None,
    sections: int = 1,
    edit: Callable[[Document], None] | None = None,
) -> bytes:
    """A template built with python-docx, with text in the parts a render goes through."""
    document = Document()
    for text in body:
        document.add_paragraph(text)
    if footnotes:
        _footnotes_part(document, list(footnotes))
    for _ in range(sections - 1):
        document.add_section()
        document.add_paragraph("Section suivante")
    first = document.sections[0]
    for story, texts in ((first.header, header), (first.footer, footer)):
        for index, text in enumerate(texts):
            if index == 0:
                story.paragraphs[0].text = text
            else:
                story.add_paragraph(text)
    props = document.core_properties
    for name, value in (("title", title), ("subject", subject), ("author", author)):
        if value is not None:
            setattr(props, name, value)
    if edit is not None:
        edit(document)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def template_with(location: str, text: str) -> bytes:
    """A template holding ``text`` in one location (see ``LOCATIONS``)."""
    if location == "body":
        return make_docx(body=["Madame, Monsieur,", text])
    if location == "header":
        return make_docx(body=["Corps"], header=[text])
    if location == "footer":
        return make_docx(body=["Corps"], footer=[text])
    if location == "footnote":
        return make_docx(body=["Corps"], footnotes=[text])
    if location == "title":
        return make_docx(body=["Corps"], title=text)
    raise AssertionError(location)


@dataclass
class Opened:
    """A rendered DOCX re-opened from its bytes: the text of each part."""

    body: list[str]
    header: list[str]
    footer: list[str]
    footnotes: list[str]
    title: str
    subject: str
    author: str
    elements: set[str] = field(default_factory=set)


def reopen(data: bytes) -> Opened:
    document = Document(io.BytesIO(data))
    section = document.sections[0]
    body = [p.text for p in document.paragraphs]
    body += [c.text for t in document.tables for row in t.rows for c in row.cells]
    footnotes: list[str] = []
    elements: set[str] = set()
    for part in document.part.package.iter_parts():
        if part.content_type.endswith("+xml"):
            root = etree.fromstring(part.blob, etree.XMLParser(resolve_entities=False))
            elements |= {etree.QName(el).localname for el in root.iter(etree.Element)}
        if part.content_type == CT.WML_FOOTNOTES:
            root = etree.fromstring(part.blob)
            footnotes += [
                "".join(t.text or "" for t in p.iter(f"{{{W_NS}}}t"))
                for p in root.iter(f"{{{W_NS}}}p")
            ]
    props = document.core_properties
    return Opened(
        body=body,
        header=[p.text for p in section.header.paragraphs],
        footer=[p.text for p in section.footer.paragraphs],
        footnotes=[t for t in footnotes if t],
        title=props.title,
        subject=props.subject,
        author=props.author,
        elements=elements,
    )


def tiny_png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data)
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00"))
        + chunk(b"IEND", b"")
    )


def pdf_attachments(pdf: bytes, tmp_path: Path) -> str:
    """``pdfdetach -list`` output of a PDF."""
    tool = require_tool("pdfdetach")
    path = tmp_path / "attachments.pdf"
    path.write_bytes(pdf)
    return subprocess.run(
        [tool, "-list", str(path)], capture_output=True, check=True, text=True
    ).stdout


class LoopbackServer:
    """An HTTP server on 127.0.0.1 that counts the requests it receives."""

    def __init__(self) -> None:
        self.hits: list[str] = []
        hits = self.hits

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                hits.append(self.path)
                body = tiny_png() if self.path.endswith(".png") else b"p{color:red}"
                self.send_response(200)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> LoopbackServer:
        self.thread.start()
        # The server answers: a zero count below means nothing asked, not a dead server.
        with urllib.request.urlopen(f"{self.url}/ping", timeout=5) as reply:  # noqa: S310
            assert reply.status == 200
        assert self.hits == ["/ping"]
        self.hits.clear()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(5)


@pytest.fixture
def loopback() -> Iterator[LoopbackServer]:
    with LoopbackServer() as server:
        yield server


# -- 1. sandbox ----------------------------------------------------------------------------
GADGETS = {
    "cycler": "{{{{ cycler.__init__.__globals__.os.popen('touch {m}').read() }}}}",
    "mro_subclasses": (
        "{{% for c in ''.__class__.__mro__[1].__subclasses__() if c.__name__=='Popen' "
        "and c.__module__=='subprocess' %}}{{{{ c('touch {m}',shell=1).wait() }}}}{{% endfor %}}"
    ),
    "base_subclasses": "{{{{ ().__class__.__base__.__subclasses__() }}}}",
    "joiner": "{{{{ joiner.__init__.__globals__.os.popen('touch {m}').read() }}}}",
    "namespace": "{{{{ namespace.__init__.__globals__.os.popen('touch {m}').read() }}}}",
    "lipsum": "{{{{ lipsum.__globals__['os'].popen('touch {m}').read() }}}}",
    "self_globals": (
        "{{{{ self.__init__.__globals__.__builtins__.__import__('os')"
        ".popen('touch {m}').read() }}}}"
    ),
    "str_class": "{{{{ ''.__class__ }}}}",
    "config": ("{{{{ config.__class__.__init__.__globals__['os'].popen('touch {m}').read() }}}}"),
    "request": (
        "{{{{ request.application.__globals__.__builtins__.__import__('os')"
        ".popen('touch {m}').read() }}}}"
    ),
    "range_globals": "{{{{ range.__init__.__globals__['os'].popen('touch {m}') }}}}",
    "attr_filter": "{{{{ ''|attr('__class__')|attr('__mro__') }}}}",
    "format_string": "{{{{ '{{0.__class__.__mro__}}'.format('') }}}}",
    "format_filter": "{{{{ '%s'|format(''.__class__) }}}}",
    "dict_global": "{{{{ dict.__class__ }}}}",
    "mutation": "{{% set l = [] %}}{{{{ l.append('touch {m}') }}}}",
}


LIVE_GADGETS = ["cycler", "mro_subclasses", "joiner", "namespace", "lipsum", "self_globals"]


@pytest.mark.parametrize("gadget", LIVE_GADGETS)
def test_gadgets_are_live_outside_the_sandbox(gadget, tmp_path):
    """Control: in a plain Jinja environment these payloads do run a command.

    ``.close()`` instead of ``.read()`` waits for the command and closes its pipe.
    """
    marker = tmp_path / f"control_{gadget}"
    payload = GADGETS[gadget].format(m=marker).replace(".read()", ".close()")
    jinja2.Environment().from_string(payload).render()  # noqa: S701
    assert marker.exists()


@pytest.mark.parametrize("location", list(LOCATIONS))
@pytest.mark.parametrize("gadget", list(GADGETS))
def test_sandbox_gadget_is_refused_and_runs_nothing(gadget, location, tmp_path):
    marker = tmp_path / "pwned"
    text = GADGETS[gadget].format(m=marker)
    with pytest.raises(TemplateError) as info:
        render_docx(template_with(location, text), {"nom": "Dupont"}, name="piege.docx")
    assert not marker.exists()
    error = info.value
    assert error.template == "piege.docx"
    assert error.location.startswith(LOCATIONS[location])
    assert "bac à sable" in error.message or "inconnu" in error.message, error.message


def test_a_template_compiled_once_stays_sandboxed_and_holds_no_values(tmp_path):
    """Each part is compiled once per process and then shared: it must keep nothing of a render."""
    template = make_docx(body=["Nom : {{ nom }}"], header=["Réf. {{ ref }}"])
    before = XML_ENV._compiled.cache_info()
    for nom, ref in (("Dupont & Fils", "A-1"), ("Martin", "B-2"), ("a < b", "C-3")):
        doc = Document(io.BytesIO(docx_bytes(render_docx(template, {"nom": nom, "ref": ref}))))
        assert [p.text for p in doc.paragraphs] == [f"Nom : {nom}"]
        assert [p.text for p in doc.sections[0].header.paragraphs] == [f"Réf. {ref}"]
    after = XML_ENV._compiled.cache_info()
    assert after.misses - before.misses <= 3  # body, header and footer: once each
    assert after.hits - before.hits >= 4
    marker = tmp_path / "pwned"
    gadget = template_with("body", GADGETS["mro_subclasses"].format(m=marker))
    for _ in range(2):  # compiled, then taken from the cache: refused both times
        with pytest.raises(TemplateError, match=r"bac à sable|inconnu"):
            render_docx(gadget, {})
    assert not marker.exists()
    broken = make_docx(body=["Corps", "Cher {{ inconnu }},"])
    for _ in range(2):  # the error keeps its location when the template comes from the cache
        with pytest.raises(TemplateError) as info:
            render_docx(broken, {})
        assert info.value.location == "corps du document, paragraphe 2"


def test_sandbox_error_names_the_forbidden_attribute(tmp_path):
    marker = tmp_path / "pwned"
    with pytest.raises(TemplateError) as info:
        render_docx(template_with("body", GADGETS["str_class"].format(m=marker)), {})
    assert "accès interdit par le bac à sable" in info.value.message
    assert "__class__" in info.value.message
    assert info.value.location == "corps du document, paragraphe 2"


@pytest.mark.parametrize(
    "source",
    [
        "{{ (('x' * 1000) * 1000) * 1000 }}",
        "{{ 'x' | center(1000000000) }}",
        "{{ 'x' | indent(1000000000, true) }}",
        "{% if ('x' * 1000000) * 1000 %}a{% endif %}",
        "{{ [1] * 100000000 }}",
        "{{ 10 ** 100000000 }}",
    ],
)
def test_compiling_or_checking_a_template_computes_none_of_its_expressions(source):
    """Jinja folded constant expressions while compiling: `check TEMPLATE` and the web server's
    check of an upload allocated a gigabyte, outside the memory bound of renders (2 GB and
    35 s for the first source). Now nothing is evaluated before rendering, which runs bounded
    (``test_library.py::test_memory_bomb_is_stopped_and_reported``)."""
    tracemalloc.start()
    try:
        XML_ENV.compile(source)
        findings = check_template(template_with("body", source))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 10 * 1024 * 1024, peak
    assert findings == []  # a sound template, whose render the memory bound will stop


@pytest.mark.parametrize("location", ["body", "header", "footer", "footnote", "title"])
def test_values_are_never_evaluated_as_template_code(location, tmp_path):
    """A value holding Jinja code is printed as text, even with several sections.

    docxtpl rendered the footnotes once per section, so from the second section on a value
    was evaluated as a template (fixed in ``SafeDocxTemplate.render_footnotes``).
    """
    marker = tmp_path / "pwned_value"
    value = f"{{{{ 7*7 }}}} {{{{ cycler.__init__.__globals__.os.popen('touch {marker}') }}}}"
    story = {"body": "body", "header": "header", "footer": "footer", "footnote": "footnotes"}
    if location == "title":
        template = make_docx(sections=3, body=["Corps"], title="{{ v }}")
    else:
        template = make_docx(sections=3, **{story[location]: ["{{ v }}"]})
    opened = reopen(docx_bytes(render_docx(template, {"v": value})))
    texts = {
        "body": opened.body,
        "header": opened.header,
        "footer": opened.footer,
        "footnote": opened.footnotes,
        "title": [opened.title],
    }[location]
    assert value in texts
    assert not re.search(r"\b49\b", " ".join(texts))  # a word: pytest's tmp dir may hold "249"
    assert not marker.exists()


def test_case_value_with_template_code_is_printed_as_is(b2b_case):
    case = copy.deepcopy(b2b_case)
    case["debiteur"]["denomination"] = "{{ 7*7 }} {% if true %}oui{% endif %}"
    text = "\n".join(reopen(generate("mise_en_demeure", case, ["docx"]).docx).body)
    assert "{{ 7*7 }} {% if true %}oui{% endif %}" in text


# -- 2. escaping ---------------------------------------------------------------------------
VALUES = [
    "a < b",
    "Dupont & Fils",
    "x ]]> y",
    '"guillemets"',
    "l'apostrophe",
    '</w:t></w:r><w:fldSimple w:instr="INCLUDEPICTURE http://127.0.0.1/x">',
]
CONTEXT = {f"v{i}": value for i, value in enumerate(VALUES)}


def escaping_template() -> bytes:
    fields = [f"{{{{ v{i} }}}}" for i in range(len(VALUES))]
    return make_docx(
        body=[f"[{f}]" for f in fields],
        header=[f"[{f}]" for f in fields],
        footer=[f"[{f}]" for f in fields],
        footnotes=[f"[{f}]" for f in fields],
        title="{{ v5 }}",
        subject="{{ v1 }}",
        author="{{ v0 }} {{ v2 }} {{ v3 }} {{ v4 }}",
    )


def test_values_come_out_exactly_as_entered_in_every_part():
    opened = reopen(docx_bytes(render_docx(escaping_template(), CONTEXT)))
    expected = [f"[{value}]" for value in VALUES]
    assert opened.body[: len(VALUES)] == expected
    assert opened.header == expected
    assert opened.footer == expected
    assert opened.footnotes == expected
    assert opened.title == VALUES[5]
    assert opened.subject == "Dupont & Fils"
    assert opened.author == 'a < b x ]]> y "guillemets" l\'apostrophe'
    assert "fldSimple" not in opened.elements
    assert "instrText" not in opened.elements


def test_values_come_out_exactly_as_entered_in_the_pdf(tmp_path):
    template = make_docx(
        body=[f"[{{{{ v{i} }}}}]" for i in range(len(VALUES))],
        header=["En-tête {{ v1 }} {{ v0 }}"],
        footer=["Pied {{ v2 }} {{ v4 }}"],
        title="{{ v5 }}",
        subject="{{ v1 }}",
    )
    rendered = render_docx(template, CONTEXT)
    pdf = html_to_pdf(docx_to_html(rendered.docx))
    (tmp_path / "escaping.pdf").write_bytes(pdf)
    lines = pdf_text(pdf, tmp_path).splitlines()
    for value in VALUES:
        assert f"[{value}]" in lines, value
    assert "En-tête Dupont & Fils a < b" in lines
    assert "Pied x ]]> y l'apostrophe" in lines
    info = subprocess.run(
        [require_tool("pdfinfo"), str(tmp_path / "escaping.pdf")],
        capture_output=True,
        check=True,
        text=True,
    ).stdout
    assert f"Title:           {VALUES[5]}" in info
    assert "Subject:         Dupont & Fils" in info


def test_case_values_through_generate_are_escaped(b2b_case, tmp_path):
    case = copy.deepcopy(b2b_case)
    injected = '</w:t></w:r><w:fldSimple w:instr="INCLUDEPICTURE http://127.0.0.1/x">'
    case["debiteur"]["denomination"] = 'Dupont & Fils <x> ]]> "g" l\'a'
    case["debiteur"]["representant"] = injected
    output = generate("mise_en_demeure", case, ["docx", "pdf"])
    opened = reopen(output.docx)
    body = "\n".join(opened.body)
    assert 'Dupont & Fils <x> ]]> "g" l\'a SARL' in body
    assert injected in body
    assert "fldSimple" not in opened.elements
    text = pdf_text(output.pdf, tmp_path)
    assert 'Dupont & Fils <x> ]]> "g" l\'a' in text
    assert "Dupont & Fils" in text


# -- 3. input validation -------------------------------------------------------------------
@pytest.mark.parametrize(
    ("char", "shown"),
    [
        ("\f", "saut de page"),
        ("\a", "sonnerie"),
        ("\v", "tabulation verticale"),
        ("\x00", "U+0000"),
        ("\x1b", "U+001B"),
        ("\ufffe", "U+FFFE"),
        ("\uffff", "U+FFFF"),
        ("\ud800", "U+D800"),
        ("\udfff", "U+DFFF"),
    ],
)
def test_characters_a_document_cannot_hold_are_refused(char, shown, b2b_case):
    case = copy.deepcopy(b2b_case)
    case["debiteur"]["denomination"] = f"Dupont{char}Fils"
    with pytest.raises(CaseValidationError) as info:
        generate("mise_en_demeure", case, ["docx"])
    [error] = info.value.errors
    assert error.path == "debiteur.denomination"
    assert "caractère interdit" in error.message
    assert shown in error.message


def test_lone_surrogate_from_json_is_refused():
    text = (EXAMPLES / "mise_en_demeure" / "b2b_penalites_bce.json").read_text(encoding="utf-8")
    text = text.replace('"Dupont & Fils"', '"Dupont \\ud83d Fils"')
    with pytest.raises(CaseValidationError) as info:
        generate("mise_en_demeure", load_case(text), ["docx"])
    assert [(e.path, "caractère interdit" in e.message) for e in info.value.errors] == [
        ("debiteur.denomination", True)
    ]


def test_names_are_nfc_normalised(b2b_case):
    case = copy.deepcopy(b2b_case)
    case["debiteur"]["denomination"] = "Socie\u0301te\u0301 Ge\u0301ne\u0301rale"
    body = "\n".join(reopen(generate("mise_en_demeure", case, ["docx"]).docx).body)
    assert "Société Générale SARL" in body
    assert "\u0301" not in body


@pytest.mark.parametrize(
    ("path", "value", "limit"),
    [
        (("debiteur", "denomination"), "x" * 201, "200"),
        (("lieu",), "L" * 201, "200"),
        (("prestation",), "p" * 5001, "5000"),
        (("debiteur", "email"), "a" * 250 + "@b.fr", "254"),
    ],
)
def test_over_long_fields_are_refused(path, value, limit, b2b_case):
    case = copy.deepcopy(b2b_case)
    target = case
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    with pytest.raises(CaseValidationError) as info:
        generate("mise_en_demeure", case, ["docx"])
    [error] = info.value.errors
    assert error.path == ".".join(path)
    assert limit in error.message


def test_too_many_invoices_are_refused(b2b_case):
    case = copy.deepcopy(b2b_case)
    case["factures"] = case["factures"] * 51
    with pytest.raises(CaseValidationError) as info:
        generate("mise_en_demeure", case, ["docx"])
    assert [e.path for e in info.value.errors] == ["factures"]


# -- 4. StrictUndefined --------------------------------------------------------------------
@pytest.mark.parametrize(
    ("parts", "location", "excerpt"),
    [
        (
            {"body": ["Un", "Deux", "Cher {{ inconnu }},"]},
            "corps du document, paragraphe 3",
            "Cher {{ inconnu }},",
        ),
        (
            {"body": ["Corps"], "header": ["Réf.", "Dossier {{ inconnu }}"]},
            "en-tête 1, paragraphe 2",
            "Dossier {{ inconnu }}",
        ),
        (
            {"body": ["Corps"], "footer": ["Page {{ inconnu }}"]},
            "pied de page 1, paragraphe 1",
            "Page {{ inconnu }}",
        ),
    ],
    ids=["body", "header", "footer"],
)
def test_undefined_variable_is_located(parts, location, excerpt):
    with pytest.raises(TemplateError) as info:
        render_docx(make_docx(**parts), {"nom": "Dupont"}, name="lettre.docx")
    error = info.value
    assert error.message == "variable inconnue « inconnu »"
    assert error.location == location
    assert error.excerpt == excerpt
    assert error.template == "lettre.docx"
    assert "lettre.docx" in str(error) and location in str(error)


def test_undefined_attribute_is_named():
    with pytest.raises(TemplateError) as info:
        render_docx(make_docx(body=["{{ debiteur.inconnu }}"]), {"debiteur": {"nom": "D"}})
    assert info.value.message == "attribut inconnu « inconnu »"


@pytest.mark.parametrize("location", ["body", "header", "footer", "footnote", "title"])
def test_printed_none_is_refused(location):
    with pytest.raises(TemplateError) as info:
        render_docx(
            template_with(location, "Nom : {{ debiteur.nom }}"), {"debiteur": {"nom": None}}
        )
    assert "valeur absente (None)" in info.value.message
    assert info.value.location.startswith(LOCATIONS[location])


# -- 5. PDF: no file, no network -----------------------------------------------------------
def hostile_html(url: str) -> str:
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
        f'width="10" height="10"><image href="{url}/nested-svg.png" width="10" height="10"/>'
        '<image xlink:href="file:///etc/passwd" width="10" height="10"/></svg>'
    )
    svg_data = base64.b64encode(svg.encode()).decode()
    return f"""<!DOCTYPE html><html><head>
<link rel="attachment" href="file:///etc/passwd">
<link rel="attachment" href="{url}/attachment">
<link rel="attachment" href="docgen-asset:../../../../etc/passwd">
<link rel="attachment" href="docgen-asset:{"../" * 12}etc/passwd">
<link rel="stylesheet" href="file:///etc/passwd">
<link rel="stylesheet" href="{url}/link.css">
<link rel="stylesheet" href="data:text/css,@import url({url}/data-import.css);">
<style>
@import url("{url}/import.css");
@import "file:///etc/passwd";
@font-face {{ font-family: Piege; src: url({url}/font.ttf); }}
@font-face {{ font-family: Piege2; src: url(file:///etc/passwd); }}
body {{ font-family: Piege, Piege2; background: url({url}/background.png); }}
p {{ background-image: url(file:///etc/passwd); list-style-image: url({url}/li.png); }}
</style></head><body>
<p>Dupont &amp; Fils</p>
<img src="file:///etc/hostname">
<img src="{url}/img.png">
<img src="docgen-asset:../../../../etc/passwd">
<img src="docgen-asset:{"../" * 12}etc/passwd">
<img src="data:image/svg+xml;base64,{svg_data}">
<svg width="10" height="10"><image href="{url}/svg.png" width="10" height="10"/>
<image href="file:///etc/passwd" width="10" height="10"/></svg>
<object data="{url}/object.svg" type="image/svg+xml"></object>
<object data="file:///etc/passwd"></object>
<embed src="{url}/embed.svg">
<iframe src="{url}/iframe"></iframe>
<a rel="attachment" href="{url}/anchor">pièce jointe</a>
<a href="{url}/link">lien</a>
</body></html>"""


def assert_inert(pdf: bytes, tmp_path: Path) -> str:
    """The PDF embeds no file and shows nothing of /etc/passwd; returns its text."""
    assert "0 embedded files" in pdf_attachments(pdf, tmp_path)
    reader = PdfReader(io.BytesIO(pdf))
    assert reader.attachments == {}
    assert all(len(page.images) == 0 for page in reader.pages)
    text = pdf_text(pdf, tmp_path)
    assert "root:" not in text and "/bin/" not in text
    assert b"root:x:0:0" not in pdf
    return text


def test_pdf_fetches_no_file_and_no_network(loopback, tmp_path, caplog):
    caplog.set_level(logging.ERROR, logger="weasyprint")
    pdf = html_to_pdf(hostile_html(loopback.url))
    text = assert_inert(pdf, tmp_path)
    assert "Dupont & Fils" in text
    assert loopback.hits == []
    # The refusals come from our fetcher, not from a resource WeasyPrint skipped.
    assert "ressource externe refusée : file:///etc/passwd" in caplog.text
    assert f"ressource externe refusée : {loopback.url}/attachment" in caplog.text


def test_pdf_base_href_cannot_redirect_relative_urls(loopback, tmp_path):
    html = (
        f'<html><head><base href="{loopback.url}/"><link rel="stylesheet" href="style.css">'
        '<link rel="attachment" href="file:///etc/passwd"></head>'
        '<body><p>Texte</p><img src="image.png"></body></html>'
    )
    assert_inert(html_to_pdf(html), tmp_path)
    assert loopback.hits == []


@pytest.mark.parametrize(
    "url",
    [
        "docgen-asset:../../../../etc/passwd",
        "docgen-asset:" + "../" * 12 + "etc/passwd",
        "docgen-asset:fonts/" + "../" * 12 + "etc/passwd",
        "docgen-asset:/etc/passwd",
        "docgen-asset://etc/passwd",
        "docgen-asset:../pdf.py",
        "docgen-asset:fonts",
        "file:///etc/passwd",
        "DOCGEN-ASSET:fonts/Carlito-Regular.ttf",
        "http://127.0.0.1:1/x",
    ],
)
def test_fetcher_refuses_anything_outside_bundled_assets(url):
    with pytest.raises(ValueError, match="ressource"):
        _fetcher().fetch(url)


def test_fetcher_serves_bundled_fonts_and_data_urls():
    font = _fetcher().fetch("docgen-asset:fonts/Carlito-Regular.ttf")
    try:
        assert font.read(4) in (b"\x00\x01\x00\x00", b"true", b"OTTO")
    finally:
        font.close()
    data = _fetcher().fetch("data:text/plain,bonjour")
    try:
        assert data.read() == b"bonjour"
    finally:
        data.close()


def _external_images(url: str) -> Callable[[Document], None]:
    """Pictures whose relationship points at ``url`` with TargetMode="External"."""

    def edit(document: Document) -> None:
        rid = document.part.relate_to(f"{url}/linked.png", RT.IMAGE, is_external=True)
        document.add_picture(io.BytesIO(tiny_png()))
        document.add_picture(io.BytesIO(tiny_png()))
        embed, link = document.element.body.findall(".//" + qn("a:blip"))
        embed.set(qn("r:embed"), rid)  # r:embed naming an external target
        del link.attrib[qn("r:embed")]
        link.set(qn("r:link"), rid)  # a linked picture, as Word writes it
        vml = (
            f'<w:pict {NS}><v:shape style="width:10pt;height:10pt">'
            f'<v:imagedata r:id="{rid}"/></v:shape></w:pict>'
        )
        document.add_paragraph("Image VML").add_run()._r.append(parse_xml(vml))

    return edit


def test_docx_external_image_is_never_fetched(loopback, tmp_path):
    template = make_docx(body=["Avant {{ v }}"], edit=_external_images(loopback.url))
    assert 'TargetMode="External"' in Document(io.BytesIO(template)).part.rels.xml.decode()
    rendered = render_docx(template, {"v": "l'image"})
    html = docx_to_html(rendered.docx)
    assert "<img" not in html
    assert loopback.url not in html
    text = assert_inert(html_to_pdf(html), tmp_path)
    assert "Avant l'image" in text
    assert loopback.hits == []
    # And an uploaded template with such a link is refused before it is opened.
    with pytest.raises(UnsafeTemplateError, match="ressource externe liée"):
        inspect_docx(template)


def test_docx_hyperlink_is_a_link_not_a_fetch(loopback, tmp_path):
    def edit(document: Document) -> None:
        rid = document.part.relate_to(f"{loopback.url}/page", RT.HYPERLINK, is_external=True)
        link = parse_xml(
            f'<w:hyperlink {NS} r:id="{rid}"><w:r><w:t>notre site</w:t></w:r></w:hyperlink>'
        )
        document.add_paragraph("Voir ")._p.append(link)

    rendered = render_docx(make_docx(edit=edit), {})
    html = docx_to_html(rendered.docx)
    assert f'href="{loopback.url}/page"' in html
    assert "notre site" in assert_inert(html_to_pdf(html), tmp_path)
    assert loopback.hits == []


def _hostile_formatting(url: str) -> Callable[[Document], None]:
    """Formatting values (colours, shading, borders) that break out of the CSS and HTML."""
    escape = (
        f"FFF}}&lt;/style&gt;&lt;link rel=&quot;attachment&quot; href=&quot;{url}/injected"
        f"&quot;&gt;&lt;img src=&quot;{url}/img.png&quot;&gt;&lt;style&gt;"
    )
    css = f"000;background:url({url}/css.png)"

    def edit(document: Document) -> None:
        paragraph = document.add_paragraph()
        paragraph._p.insert(
            0,
            parse_xml(
                f'<w:pPr {NS}><w:pBdr><w:top w:val="single" w:sz="4" w:color="{css}"/>'
                f'</w:pBdr><w:shd w:val="clear" w:fill="{escape}"/></w:pPr>'
            ),
        )
        run = paragraph.add_run("texte")
        run._r.insert(
            0,
            parse_xml(
                f'<w:rPr {NS}><w:color w:val="{css}"/>'
                f'<w:shd w:val="clear" w:fill="{escape}"/></w:rPr>'
            ),
        )
        cell = document.add_table(rows=1, cols=1).cell(0, 0)
        cell.text = "cellule"
        cell._tc.get_or_add_tcPr().append(
            parse_xml(f'<w:shd {NS} w:val="clear" w:fill="{escape}"/>')
        )

    return edit


def test_docx_formatting_values_cannot_inject_css_or_html(loopback, tmp_path):
    rendered = render_docx(make_docx(edit=_hostile_formatting(loopback.url)), {})
    html = docx_to_html(rendered.docx)
    assert loopback.url not in html
    assert "<link" not in html and "<img" not in html
    text = assert_inert(html_to_pdf(html), tmp_path)
    assert "texte" in text and "cellule" in text
    assert loopback.hits == []


# -- 6. resource bounds --------------------------------------------------------------------
def test_deep_nesting_is_a_pdf_error_not_a_crash(tmp_path):
    with pytest.raises(PdfError, match="trop imbriqué"):
        html_to_pdf("<div>" * 500 + "profond" + "</div>" * 500)
    # The process is still able to lay out the next document.
    assert "après" in pdf_text(html_to_pdf("<p>après</p>"), tmp_path)
