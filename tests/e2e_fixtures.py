"""Fixtures of the browser tests (a plugin: ``pytest_plugins = ["tests.e2e_fixtures"]``)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.e2e_support import CHROMIUM_ARGS, Camera, new_page, require_chromium, serve


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium, headless, driven by Playwright."""
    sync_api = pytest.importorskip("playwright.sync_api")
    chromium = require_chromium()
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(chromium), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def camera(tmp_path_factory):
    """Screenshots go to ``$E2E_CAPTURES`` when set (to look at them), else to a temp folder."""
    folder = os.environ.get("E2E_CAPTURES")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        return Camera(Path(folder))
    return Camera(tmp_path_factory.mktemp("e2e-captures"))


@pytest.fixture(scope="module")
def base_url():
    """A plain app (CSRF protection on) on a free port; a module may serve its own instead."""
    yield from serve()


@pytest.fixture
def page(browser, base_url):
    """A fresh page at desktop width, checked for script errors once the test is done."""
    context, page, problems = new_page(browser, base_url)
    yield page
    context.close()
    # No script error, no resource refused by the CSP (a 422 is a page of errors, expected).
    assert [p for p in problems if "status of 422" not in p] == []
