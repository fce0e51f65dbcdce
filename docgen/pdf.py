"""PDF output: the converted HTML laid out by WeasyPrint, which may fetch only bundled assets."""

from __future__ import annotations

import functools
import logging
from pathlib import Path
from typing import Any

from docgen.errors import PdfError

ASSETS = Path(__file__).parent / "assets"
ASSET_SCHEME = "docgen-asset:"
LOGGER = logging.getLogger(__name__)

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

    fonts = FontConfiguration()
    base = (ASSETS / "base.css").read_text(encoding="utf-8")
    stylesheet = weasyprint.CSS(
        string=font_faces_css() + base, font_config=fonts, url_fetcher=_fetcher()
    )
    return fonts, stylesheet


def html_to_pdf(html: str) -> bytes:
    """Lay out a converted document and return the PDF bytes.

    :raise PdfError: if WeasyPrint cannot lay the document out.
    """
    weasyprint = _weasyprint()
    fonts, stylesheet = _shared()
    try:
        document = weasyprint.HTML(string=html, base_url=None, url_fetcher=_fetcher())
        return document.write_pdf(stylesheets=[stylesheet], font_config=fonts, custom_metadata=True)
    except RecursionError as exc:
        raise PdfError("Document trop imbriqué pour être mis en page.") from exc
