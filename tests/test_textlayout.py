"""WeasyPrint's text set-up made cheaper: the PDFs are byte for byte those of WeasyPrint's own."""

from __future__ import annotations

import threading
from contextlib import contextmanager
from importlib import metadata

import pytest
from weasyprint.text import line_break

from docgen.pdf.output import _shared, html_to_pdf
from docgen.pdf.patches import textlayout
from tests.conftest import EXAMPLES
from tests.test_converter import example_page

EXAMPLE_FILES = sorted(EXAMPLES.glob("*/*.json"))

# Everything that changes a layout between measuring and drawing, or its Pango context.
FEATURES_PAGE = (
    '<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"/></head><body>'
    '<p style="text-align:justify;width:200pt">Un texte justifié, assez long pour tenir sur '
    "plusieurs lignes, dont les espaces sont élargis au dessin seulement.</p>"
    '<p style="letter-spacing:1pt">Espacement des lettres</p>'
    '<p style="word-spacing:4pt">Espacement des mots entre eux</p>'
    '<p style="overflow-wrap:anywhere;width:40pt">Anticonstitutionnellement</p>'
    '<p style="text-decoration:underline">Souligné</p>'
    '<p style="text-decoration:line-through overline">Barré et surligné</p>'
    '<p lang="en">An English paragraph, hyphenated: extraordinarily.</p>'
    '<p lang="de" style="hyphens:auto;width:60pt">Donaudampfschifffahrtsgesellschaft</p>'
    '<p dir="rtl">مرحبا بالعالم</p>'
    '<p style="font-variant:small-caps">Petites capitales</p>'
    "<p style=\"font-feature-settings:'liga' 0\">ffi sans ligature</p>"
    '<p style="white-space:pre">Tabulation\tici\tet là</p>'
    '<p style="text-overflow:ellipsis;overflow:hidden;white-space:nowrap;width:60pt">'
    "Un texte coupé par des points de suspension</p>"
    '<p style="font-size:7pt">Petit</p><p style="font-size:20pt;font-weight:bold">Grand</p>'
    '<p style="white-space:pre-line">Première ligne\nDeuxième ligne\r\nTroisième\u2029fin</p>'
    '<p style="white-space:pre">Préformaté\n  en retrait</p>'
    '<p dir="rtl" style="width:80pt">مرحبا بالعالم مرحبا بالعالم مرحبا بالعالم</p>'
    "</body></html>"
)
LONG_PAGE = (
    '<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"/></head><body>'
    + "".join(
        f"<p>Paragraphe {n} de la mise en demeure, <b>montant</b> dû.</p>" for n in range(400)
    )
    + "</body></html>"
)


@contextmanager
def weasyprint_own(faster):
    """WeasyPrint's own code in place of a module's faster versions (``textlayout``,
    ``speedups``) for the time of a block."""
    _shared()  # where the process installs them
    faster.uninstall()
    try:
        yield
    finally:
        assert faster.install()


def both_ways(page: str) -> tuple[bytes, bytes]:
    faster = html_to_pdf(page, xml=True)
    with weasyprint_own(textlayout):
        stock = html_to_pdf(page, xml=True)
    return faster, stock


def test_checked_against_the_versions_installed():
    # a new WeasyPrint or pydyf: read its code again, then update CHECKED_WITH and the digests
    installed = {name: metadata.version(name) for name in textlayout.CHECKED_WITH}
    assert installed == textlayout.CHECKED_WITH


def test_installed_for_the_pinned_weasyprint():
    _shared()
    assert textlayout.installed()  # another WeasyPrint: its new code must be read again


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_every_example_pdf_is_the_same_as_with_weasyprint_own_setup(path):
    faster, stock = both_ways(example_page(path))
    assert faster == stock


def test_text_features_come_out_the_same():
    faster, stock = both_ways(FEATURES_PAGE)
    assert faster == stock


def laid_out(page: str) -> tuple[int, bytes]:
    """The PDF of a page, and how many Pango layouts were set up to make it."""
    _shared()
    calls = []
    setup = line_break.Layout.setup
    line_break.Layout.setup = lambda self, style: calls.append(1) or setup(self, style)
    try:
        pdf = html_to_pdf(page, xml=True)
    finally:
        line_break.Layout.setup = setup
    return len(calls), pdf


def test_drawing_reuses_the_layouts_measured():
    """Fewer Pango layouts are set up: drawing takes the measured one instead of a new one."""
    page = example_page(EXAMPLE_FILES[0])
    faster, _pdf = laid_out(page)
    with weasyprint_own(textlayout):
        stock, _pdf = laid_out(page)
    assert faster < 0.9 * stock, (faster, stock)


def test_layouts_beyond_the_bound_are_set_up_again_and_come_out_the_same(monkeypatch):
    with weasyprint_own(textlayout):
        stock, stock_pdf = laid_out(LONG_PAGE)
    kept, kept_pdf = laid_out(LONG_PAGE)
    monkeypatch.setattr(textlayout, "KEPT", 5)
    bounded, bounded_pdf = laid_out(LONG_PAGE)
    assert bounded_pdf == kept_pdf == stock_pdf
    assert kept < 0.7 * stock
    assert bounded > 0.95 * stock  # nearly every layout was dropped, then set up again to draw
    assert not textlayout._kept()  # and none is held once the document is written


def test_documents_laid_out_in_threads_come_out_as_alone():
    pages = [example_page(path) for path in EXAMPLE_FILES[:3]]
    alone = [html_to_pdf(page, xml=True) for page in pages]
    results: dict[int, list[bytes]] = {}

    def run(index: int) -> None:
        results[index] = [html_to_pdf(pages[index], xml=True) for _ in range(2)]

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(pages))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert all(results[i] == [alone[i]] * 2 for i in range(len(pages)))
