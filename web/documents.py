"""Documents sent to the browser: the preview shown in the review page, and the downloads."""

from __future__ import annotations

import io
import re
import zipfile
from typing import Any

from flask import Response, send_file, url_for

import docgen
from docgen.pdf.output import ASSET_SCHEME, ASSETS, font_faces_css
from web.metrics import timed_generation
from web.store import template_in_force

MIMETYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "zip": "application/zip",
    "json": "application/json",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}

FONTS = ASSETS / "fonts"

_SCREEN = (
    "html{background:#e6e9ee}"
    "body{background:#fff;max-width:21cm;margin:12px auto;padding:1.6cm 1.8cm;"
    "box-shadow:0 1px 4px rgba(0,0,0,.25)}"
    "@media (max-width:600px){body{padding:16px}}"
    ".dg-running{display:none}"
)
_RUNNING = re.compile(r"position\s*:\s*running\(")


def _rules_from_attributes(root: Any) -> str:
    """Move every ``style`` attribute into a class: the page's CSP allows no inline style."""
    classes: dict[str, str] = {}
    for element in root.iter():
        css = element.attrib.pop("style", None) if isinstance(element.tag, str) else None
        if css is None:
            continue
        name = (
            "dg-running" if _RUNNING.search(css) else classes.setdefault(css, f"dg-a{len(classes)}")
        )
        element.set("class", f"{element.get('class', '')} {name}".strip())
    return "".join(f".{name}{{{css}}}" for css, name in classes.items())


def preview_html(doc_type: str, case: dict[str, Any], nonce: str) -> str:
    """The document as a standalone HTML page for a sandboxed frame, styled under a nonce.

    :raise DocgenError: as ``docgen.generate`` does.
    """
    # Imported on the first preview: the web server otherwise leaves documents to the workers.
    from docx import Document
    from lxml import html as lxml_html

    from docgen.pdf.converter import docx_to_html

    with timed_generation(doc_type, "html", "preview"):
        output = docgen.generate(doc_type, case, ["docx"], template=template_in_force(doc_type))
    root = lxml_html.document_fromstring(docx_to_html(Document(io.BytesIO(output.files["docx"]))))
    extra = _rules_from_attributes(root)
    fonts = font_faces_css().replace(f"{ASSET_SCHEME}fonts/", url_for("pages.font", name=""))
    base = (ASSETS / "base.css").read_text(encoding="utf-8")
    for style in root.iter("style"):
        style.set("nonce", nonce)
    head = root.find("head")
    added = lxml_html.Element("style", nonce=nonce)
    added.text = fonts + base + extra + _SCREEN
    head.append(added)
    return lxml_html.tostring(root, encoding="unicode", doctype="<!DOCTYPE html>")


def attachment(data: bytes, filename: str, fmt: str) -> Response:
    """A download that no cache keeps."""
    response = send_file(
        io.BytesIO(data), mimetype=MIMETYPES[fmt], as_attachment=True, download_name=filename
    )
    response.headers["Cache-Control"] = "no-store"
    return response


def document_download(doc_type: str, case: dict[str, Any], fmt: str) -> Response:
    """The DOCX, the PDF, or both in a ZIP.

    :raise DocgenError: as ``docgen.generate`` does.
    """
    formats = list(docgen.FORMATS) if fmt == "zip" else [fmt]
    with timed_generation(doc_type, fmt):
        output = docgen.generate(doc_type, case, formats, template=template_in_force(doc_type))
    if fmt != "zip":
        return attachment(output.files[fmt], output.filename(fmt), fmt)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in formats:
            archive.writestr(output.filename(name), output.files[name])
    return attachment(buffer.getvalue(), f"{output.stem}.zip", "zip")
