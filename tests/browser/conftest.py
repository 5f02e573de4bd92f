"""Fixtures for the browser tests: the site built once, served on localhost, and headless Chromium.

Chromium is Debian's (/usr/bin/chromium) driven by Playwright for Python; Playwright's own browser
downloads are never used. Without that executable (or without Playwright) the tests are skipped with
the reason, not failed: the rest of the suite still runs on a machine without a browser.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Iterator

import pytest

from localserver import served
from sitewatch import PageWatch

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]


def _missing_browser() -> str:
    if not CHROMIUM.exists():
        return f"{CHROMIUM} is missing (Debian package chromium): browser tests need a real browser"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright for Python is not installed (pip install playwright)"
    return ""


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    reason = _missing_browser()
    if reason:
        for item in items:
            if Path(str(item.fspath)).parent == Path(__file__).parent:
                item.add_marker(pytest.mark.skip(reason=reason))


@pytest.fixture(scope="session")
def site_dir(site_build: Path) -> Path:
    return site_build


@pytest.fixture(scope="session")
def site_url(site_dir: Path) -> Iterator[str]:
    """The built site on a static server, as any host would serve it."""
    with served(site_dir) as url:
        yield url


@pytest.fixture
def watched(browser: object, site_url: str) -> Iterator[PageWatch]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield PageWatch(page, site_url)
    context.close()


@pytest.fixture
def phone(browser: object, site_url: str) -> Iterator[PageWatch]:
    context = browser.new_context(viewport={"width": 360, "height": 740}, has_touch=True)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield PageWatch(page, site_url)
    context.close()


@pytest.fixture(scope="session")
def vnu_available() -> bool:
    return shutil.which("java") is not None
