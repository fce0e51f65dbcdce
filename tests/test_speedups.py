"""docgen.pdf.patches.speedups: faster glyph drawing, box sizes and compression, same PDFs."""

from __future__ import annotations

import dataclasses
import re
import zlib
from importlib import metadata

import pydyf
import pytest
from weasyprint.formatting_structure import boxes
from weasyprint.layout import block, percent, table

from docgen.pdf.output import _shared, html_to_pdf
from docgen.pdf.patches import speedups
from tests.conftest import EXAMPLES, pdf_text
from tests.test_converter import example_page
from tests.test_textlayout import FEATURES_PAGE, LONG_PAGE, weasyprint_own

EXAMPLE_FILES = sorted(EXAMPLES.glob("*/*.json"))

# Glyphs off the baseline (combining marks placed by the font), glyphs no font has (.notdef),
# empty glyphs (zero-width space), several fonts and sizes on a line, a table and its borders.
GLYPHS_PAGE = (
    '<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"/></head><body>'
    "<p>Marques combinantes : q\u0303 n\u0323\u0303 a\u0342 x\u0301\u0327 — fin.</p>"
    "<p>Sans glyphe : \U00013000 \ue000 et \u2fff, puis du texte.</p>"
    "<p>Espace\u200bsans\u200blargeur et trait\u00addʼunion conditionnel.</p>"
    '<p>Texte <b>gras</b>, <i>italique</i>, <span style="font-family:dg-Carlito;'
    'font-size:14pt">Carlito</span> et <span style="font-size:6pt">petit</span> sur '
    "une ligne.</p>"
    '<table style="border-collapse:collapse;width:50%"><tr><td style="border:1pt solid;'
    'padding:5%">Cellule</td><td style="width:30%;min-width:auto">Autre</td></tr></table>'
    '<div style="box-sizing:border-box;width:200pt;padding:10pt;border:2pt solid;'
    'height:calc(40pt + 2%)">Boîte</div>'
    '<p style="float:left;width:60pt">Flottant à gauche</p><p>Texte qui contourne le flottant '
    "à gauche, sur plusieurs lignes pour en faire le tour.</p>"
    '<p style="position:absolute;top:300pt;left:20pt">Positionné</p>'
    '<p style="position:relative;left:10pt">Décalé</p>'
    '<p>Appel de note<span class="fn">Une note de bas de page.</span> dans le texte.</p>'
    "</body></html>"
)


def both_ways(page: str) -> tuple[bytes, bytes]:
    faster = html_to_pdf(page, xml=True)
    with weasyprint_own(speedups):
        own = html_to_pdf(page, xml=True)
    return faster, own


@pytest.fixture
def level_9(monkeypatch):
    """pydyf's compression level: PDFs then comparable byte for byte."""
    monkeypatch.setattr(speedups, "ZLIB_LEVEL", 9)


def test_checked_against_the_versions_installed():
    # a new WeasyPrint or pydyf: read its code again, then update CHECKED_WITH and the digests
    installed = {name: metadata.version(name) for name in speedups.CHECKED_WITH}
    assert installed == speedups.CHECKED_WITH


def test_installed_for_the_pinned_versions():
    _shared()
    assert speedups.installed()  # another version: its new code must be read again
    patched = [n for n, a, _ in speedups._PATCHES._applied if a == "resolve_percentages"]
    assert {percent, block, table} <= set(patched)  # every module that imported it by name
    originals = speedups._PATCHES.originals
    assert block.resolve_percentages is not originals["resolve_percentages"]
    assert boxes.Box.is_in_normal_flow is not originals["Box.is_in_normal_flow"]
    assert len(originals) == len(speedups._PATCHES.targets)


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_every_example_pdf_is_the_same(path, level_9):
    faster, own = both_ways(example_page(path))
    assert faster == own


@pytest.mark.parametrize("page", [FEATURES_PAGE, LONG_PAGE, GLYPHS_PAGE])
def test_text_features_come_out_the_same(page, level_9):
    faster, own = both_ways(page)
    assert faster == own


def streams(pdf: bytes) -> list[bytes]:
    """A PDF's streams decompressed (objects included: pydyf writes them in object streams),
    but for the cross-reference stream, whose offsets change with the other streams' size."""
    found = []
    for match in re.finditer(rb"/Length (\d+)>>\nstream\n", pdf):
        header = pdf[pdf.rfind(b"\n", 0, match.start()) : match.start()]
        data = pdf[match.end() : match.end() + int(match[1])]
        assert b"/FlateDecode" in header
        if b"/Type /XRef" not in header:
            found.append(zlib.decompress(data))
    return found


def test_streams_compressed_faster_hold_the_same_bytes(tmp_path):
    page = example_page(EXAMPLES / "protocole_transactionnel" / "b2b_echeancier_avocats.json")
    faster, own = both_ways(page)
    assert faster != own
    own_streams = streams(own)
    assert len(own_streams) > 10  # pages, fonts and their subsets, objects
    assert streams(faster) == own_streams
    assert len(faster) < 1.02 * len(own)
    assert "PROTOCOLE D'ACCORD TRANSACTIONNEL" in pdf_text(faster, tmp_path)


def test_nothing_is_replaced_over_another_version(monkeypatch):
    _shared()
    speedups.uninstall()
    first, second, *rest = speedups._PATCHES.targets  # the second's source no longer known
    changed = (first, dataclasses.replace(second, digest="0" * 64), *rest)
    monkeypatch.setattr(speedups._PATCHES, "targets", changed)
    try:
        assert not speedups.install()
        assert not speedups.installed()
        assert block.resolve_percentages is percent.resolve_percentages
        assert isinstance(pydyf.Stream.__dict__["data"], property)
        assert pydyf.Stream.__dict__["data"].fget.__module__ == "pydyf"
    finally:
        monkeypatch.undo()
        assert speedups.install()


def page_with(style: str, text: str = "Texte") -> str:
    return (
        '<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"/>'
        f'{style}</head><body><p class="c0">{text}</p></body></html>'
    )


PAGE_STYLE = (
    "<style>@page s1{size:595pt 842pt;margin:50pt;@bottom-center{content:counter(page)}}"
    ".c0{font-size:14pt;color:#365F91;page:s1}</style>"
)


def test_a_page_stylesheet_is_parsed_once_for_the_documents_that_share_it(level_9):
    _shared()
    speedups._sheets.clear()
    first = html_to_pdf(page_with(PAGE_STYLE, "Premier"), xml=True)
    assert len(speedups._sheets) == 1
    (sheet,) = speedups._sheets.values()
    second = html_to_pdf(page_with(PAGE_STYLE, "Second"), xml=True)
    assert list(speedups._sheets.values()) == [sheet]  # the same parsed stylesheet
    with weasyprint_own(speedups):
        assert first == html_to_pdf(page_with(PAGE_STYLE, "Premier"), xml=True)
        assert second == html_to_pdf(page_with(PAGE_STYLE, "Second"), xml=True)


@pytest.mark.parametrize(
    "style",
    [
        PAGE_STYLE + "<style>.c0{font-style:italic}</style>",  # two stylesheets
        PAGE_STYLE.replace("<style>", '<style media="screen">'),
        PAGE_STYLE.replace("<style>", "<style>@media print{.c0{font-weight:bold}}"),
        PAGE_STYLE.replace(
            "<style>", '<style>@font-face{font-family:x;src:url("docgen-asset:none.ttf")}'
        ),
    ],
    ids=["two", "media", "at-media", "font-face"],
)
def test_other_page_stylesheets_are_parsed_by_weasyprint(style, level_9):
    _shared()
    speedups._sheets.clear()
    faster, own = both_ways(page_with(style))
    assert faster == own
    assert not speedups._sheets


def test_the_stylesheets_kept_are_bounded(monkeypatch):
    _shared()
    speedups._sheets.clear()
    monkeypatch.setattr(speedups, "SHEETS", 3)
    for size in range(10, 16):
        html_to_pdf(page_with(PAGE_STYLE.replace("14pt", f"{size}pt")), xml=True)
    assert len(speedups._sheets) == 3
    assert "15pt" in list(speedups._sheets)[-1][0]
