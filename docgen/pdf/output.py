"""PDF output: the converted HTML laid out by WeasyPrint, which may fetch only bundled assets."""

from __future__ import annotations

import contextlib
import functools
import gc
import logging
import multiprocessing.util
import os
import re
import shutil
import tempfile
import xml.etree.ElementTree as ElementTree
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from docgen.errors import PdfError
from docgen.pdf.patches import speedups, textlayout

ASSETS = Path(__file__).parent / "assets"
ASSET_SCHEME = "docgen-asset:"
FONT_FOLDER_PREFIX = "docgen-fonts-"  # then the process id
LOGGER = logging.getLogger(__name__)
_font_folder: list[Path] = []  # this process's, once made

_FACES = {
    "Liberation Serif": "LiberationSerif",
    "Liberation Sans": "LiberationSans",
    "Liberation Mono": "LiberationMono",
    "Carlito": "Carlito",
    "Caladea": "Caladea",
}
_STYLES = {
    "Regular": ("normal", "normal"),
    "Bold": ("bold", "normal"),
    "Italic": ("normal", "italic"),
    "BoldItalic": ("bold", "italic"),
}


def css_family(family: str) -> str:
    """The name a bundled font is declared under, distinct from any font the system has."""
    return "dg-" + _FACES[family]


def font_faces_css() -> str:
    """``@font-face`` rules for every bundled font file."""
    rules = []
    for family, stem in _FACES.items():
        for suffix, (weight, style) in _STYLES.items():
            rules.append(
                f'@font-face{{font-family:"{css_family(family)}";font-weight:{weight};'
                f"font-style:{style};src:url({ASSET_SCHEME}fonts/{stem}-{suffix}.ttf)}}"
            )
    return "".join(rules)


def font_file(family: str, *, bold: bool = False, italic: bool = False) -> Path:
    """The bundled file of a font family (one of those ``font_faces_css`` declares)."""
    suffix = ("Bold" if bold else "") + ("Italic" if italic else "")
    return ASSETS / "fonts" / f"{_FACES[family]}-{suffix or 'Regular'}.ttf"


def missing_fonts() -> list[str]:
    """Bundled font files that are not on disk (an empty list when the install is complete)."""
    return [
        f"{stem}-{suffix}.ttf"
        for stem in _FACES.values()
        for suffix in _STYLES
        if not (ASSETS / "fonts" / f"{stem}-{suffix}.ttf").is_file()
    ]


@functools.cache
def _weasyprint() -> Any:
    import weasyprint  # imported once: it costs about half a second

    return weasyprint


@functools.cache
def _fetcher() -> Any:
    weasyprint = _weasyprint()

    class AssetFetcher(weasyprint.URLFetcher):
        """Serve ``data:`` URLs and bundled assets; refuse every other URL."""

        def __init__(self) -> None:
            super().__init__(allowed_protocols={"data"}, allow_redirects=False, timeout=1)

        def fetch(self, url: str, headers: Any = None) -> Any:
            if url.startswith(ASSET_SCHEME):
                path = (ASSETS / url[len(ASSET_SCHEME) :]).resolve()
                if not path.is_relative_to(ASSETS.resolve()) or not path.is_file():
                    raise ValueError(f"ressource interne introuvable : {url}")
                return weasyprint.urls.URLFetcherResponse(
                    url, body=path.read_bytes(), headers={"Content-Type": "font/ttf"}
                )
            if url.startswith("data:"):
                return super().fetch(url, headers)
            raise ValueError(f"ressource externe refusée : {url[:80]}")

    return AssetFetcher()


@functools.cache
def _shared() -> tuple[Any, Any]:
    """One font configuration and one parsed base stylesheet for the whole process."""
    weasyprint = _weasyprint()
    from weasyprint.text.fonts import FontConfiguration

    if not textlayout.install():
        version = weasyprint.__version__
        LOGGER.warning("WeasyPrint %s : mise en page du texte non accélérée", version)
    if not speedups.install():
        LOGGER.warning("WeasyPrint %s : dessin du texte non accéléré", weasyprint.__version__)
    fonts = FontConfiguration()
    fonts._folder = _make_font_folder()  # where WeasyPrint copies the @font-face files
    base = (ASSETS / "base.css").read_text(encoding="utf-8")
    stylesheet = weasyprint.CSS(
        string=font_faces_css() + base, font_config=fonts, url_fetcher=_fetcher()
    )
    return fonts, stylesheet


def _make_font_folder() -> Path:
    # WeasyPrint would make its own and remove it only when its font configuration is garbage
    # collected, which never comes in a pool worker: every worker left 7.4 MB in the temporary
    # folder. This one is removed when the process ends, whichever way it ends but a kill, and
    # ``sweep_font_folders`` removes those of killed processes.
    folder = Path(tempfile.mkdtemp(prefix=f"{FONT_FOLDER_PREFIX}{os.getpid()}-"))
    _font_folder.append(folder)
    multiprocessing.util.Finalize(None, remove_font_folder, exitpriority=0)
    return folder


def remove_font_folder() -> None:
    """Remove this process's copy of the fonts (when it ends: nothing can be laid out after)."""
    while _font_folder:
        shutil.rmtree(_font_folder.pop(), ignore_errors=True)


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)  # PermissionError: another user's, running
    except ProcessLookupError:
        return False
    except PermissionError:
        pass
    return True


def sweep_font_folders() -> list[Path]:
    """Remove the font copies of processes that no longer run (killed ones); return them."""
    removed = []
    for folder in Path(tempfile.gettempdir()).glob(f"{FONT_FOLDER_PREFIX}*"):
        pid = folder.name[len(FONT_FOLDER_PREFIX) :].partition("-")[0]
        if pid.isdigit() and not _running(int(pid)):
            with contextlib.suppress(OSError):
                shutil.rmtree(folder)
                removed.append(folder)
    return removed


#: WeasyPrint's user-agent rules for pseudo-elements of *every* element, and the elements that
#: can have them in the pages made here: list items have a marker, the converter's footnotes
#: (``.fn``) a call and a marker, and nothing is a ``float: note``. Left universal, they gave the
#: 256 elements of the benchmark contract 1,518 pseudo-element styles to compute and look up: a
#: tenth of the layout time, for a PDF that comes out byte for byte the same once they are scoped.
_PSEUDO_SCOPES = {
    "marker": "li",
    "footnote-call": ".fn",
    "footnote-marker": ".fn",
    "note-call": ".dg-note",
    "note-marker": ".dg-note",
    "note-callback": ".dg-note",
}
_UNIVERSAL_PSEUDO = re.compile(r"^::(" + "|".join(_PSEUDO_SCOPES) + r") ", re.MULTILINE)


def scoped_ua_css(css: str) -> str:
    """WeasyPrint's user-agent stylesheet with its universal pseudo-element rules scoped.

    :raise PdfError: if the stylesheet does not hold each of those rules once (another
        WeasyPrint version): the scoping would then be silently incomplete.
    """
    found = _UNIVERSAL_PSEUDO.findall(css)
    if sorted(found) != sorted(_PSEUDO_SCOPES):
        raise PdfError(f"feuille de style de WeasyPrint inattendue : {sorted(found)}")
    return _UNIVERSAL_PSEUDO.sub(lambda m: f"{_PSEUDO_SCOPES[m[1]]}::{m[1]} ", css)


@functools.cache
def _html_class() -> Any:
    weasyprint = _weasyprint()
    from weasyprint import html as ua
    from weasyprint.css.counters import CounterStyle

    # The sheet's @counter-style rules go to counter styles of its own: WeasyPrint's already
    # hold « disc » and « decimal » from its own sheet, and refuses (with a warning on every
    # document) to define them twice. They are the same rules, so the same counter styles.
    counters = CounterStyle()
    sheet = weasyprint.CSS(string=scoped_ua_css(ua.UA), counter_style=counters)

    class HTML(weasyprint.HTML):
        """A WeasyPrint document whose user-agent stylesheet has its pseudo-elements scoped."""

        def _ua_stylesheets(self, forms: bool = False) -> list[Any]:
            return [sheet, ua.UA_FORM_STYLESHEET] if forms else [sheet]

        def _ua_counter_style(self) -> list[Any]:
            return [counters.copy()]

    return HTML


@functools.cache
def _parsed_html_class() -> Any:
    import cssselect2

    class ParsedHTML(_html_class()):
        """A WeasyPrint document from an already parsed element tree."""

        def __init__(self, root: ElementTree.Element) -> None:
            self.base_url = None
            self.url_fetcher = _fetcher()
            self.media_type = "print"
            self.wrapper_element = cssselect2.ElementWrapper.from_html_root(
                root, content_language=None
            )
            self.etree_element = self.wrapper_element.etree_element

    return ParsedHTML


def _document(html: str, xml: bool) -> Any:
    # A page that opens this way has no DTD subset, hence no entity to expand or to fetch.
    if xml and html.startswith("<!DOCTYPE html><html"):
        try:
            return _parsed_html_class()(ElementTree.fromstring(html))  # noqa: S314
        except ElementTree.ParseError:
            LOGGER.warning("page annoncée XML mal formée : lecture par l'analyseur HTML")
    return _html_class()(string=html, base_url=None, url_fetcher=_fetcher())


def html_to_pdf(html: str, *, xml: bool = False) -> bytes:
    """Lay out an HTML page and return the PDF bytes.

    ``xml``: the page is polyglot, well-formed XML that reads as the same tree in HTML (the
    converter's pages are). It is then parsed by expat, in C, in about a millisecond, where
    WeasyPrint's HTML5 parser, in Python, takes a tenth of the whole layout.

    :raise PdfError: if WeasyPrint cannot lay the document out.
    """
    fonts, stylesheet = _shared()
    try:
        document = _document(html, xml)
        return document.write_pdf(stylesheets=[stylesheet], font_config=fonts, custom_metadata=True)
    except RecursionError as exc:
        raise PdfError("Document trop imbriqué pour être mis en page.") from exc
    finally:
        textlayout.release()


def html_to_pdf_within(pages: int, variants: Sequence[str]) -> bytes:
    """The PDF of the first page of ``variants`` that lays out on ``pages`` pages at most.

    The variants go from the most to the least comfortable to read; the last one is kept
    whatever its length.

    :raise PdfError: if WeasyPrint cannot lay a variant out.
    """
    fonts, stylesheet = _shared()
    try:
        for number, html in enumerate(variants, start=1):
            document = _document(html, False).render(stylesheets=[stylesheet], font_config=fonts)
            if len(document.pages) <= pages or number == len(variants):
                return document.write_pdf(custom_metadata=True)
            textlayout.release()
    except RecursionError as exc:
        raise PdfError("Document trop imbriqué pour être mis en page.") from exc
    finally:
        textlayout.release()
    raise ValueError("no variant to lay out")


_WARM_UP_PAGE = (
    '<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"/></head><body>'
    + "".join(
        f'<p style="font-family:{css_family(family)}">'
        "Mise <b>en</b> <i>demeure</i> <b><i>!</i></b></p>"
        for family in _FACES
    )
    + "</body></html>"
)


def warm_up() -> None:
    """Prepare a process that will lay out many documents (a generation worker).

    WeasyPrint is imported, the bundled fonts are loaded by laying out a page that uses them
    all, and the objects that live as long as the process are then frozen out of the garbage
    collector's reach: its full collections, which otherwise walked them every few documents,
    took a tenth of the time of a layout.
    """
    html_to_pdf(_WARM_UP_PAGE, xml=True)
    gc.collect()
    gc.freeze()
