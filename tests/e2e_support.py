"""Browser tests' support: the app served in a thread, headless Chromium, screenshots."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from werkzeug.serving import make_server

from app import create_app

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--lang=fr-FR",
]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


def require_chromium() -> Path:
    """Debian's Chromium; skip without it, except in CI where it must be installed."""
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} est requis en CI (voir .ci/run)")
        pytest.skip(f"{CHROMIUM} n'est pas installé : tests dans le navigateur ignorés")
    return CHROMIUM


def serve(app: Any = None) -> Iterator[str]:
    """An app (by default a plain one, CSRF protection on) served on a free port of 127.0.0.1."""
    if app is None:
        app = create_app({"TESTING": True, "SECRET_KEY": os.urandom(32)})
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=10)
        server.server_close()


def new_page(browser: Any, base_url: str) -> tuple[Any, Any, list[str]]:
    """A fresh context and page at desktop width, and the script errors the page meets."""
    context = browser.new_context(
        base_url=base_url, viewport=DESKTOP, locale="fr-FR", accept_downloads=True
    )
    page = context.new_page()
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    return context, page, problems


class Camera:
    """Screenshots of each step, at desktop and phone width, into one folder."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.taken: list[Path] = []

    def shoot(self, page: Any, name: str, *, phone: bool = False, full: bool = False) -> Path:
        """Save the page as ``<name>.png`` (and ``<name>-390.png`` at phone width)."""
        path = self.folder / f"{name}.png"
        page.screenshot(path=str(path), full_page=full)
        self.taken.append(path)
        if phone:
            page.set_viewport_size(PHONE)
            narrow = self.folder / f"{name}-390.png"
            page.screenshot(path=str(narrow), full_page=full)
            self.taken.append(narrow)
            page.set_viewport_size(DESKTOP)
        return path

    def shoot_element(self, locator: Any, name: str) -> Path:
        """Save one element as ``<name>.png`` (page shots leave a sandboxed frame unpainted)."""
        path = self.folder / f"{name}.png"
        locator.screenshot(path=str(path))
        self.taken.append(path)
        return path
