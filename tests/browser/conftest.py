"""Fixtures for the browser tests: the site built once, served on localhost, and headless Chromium.

Chromium is Debian's (/usr/bin/chromium) driven by Playwright for Python; Playwright's own browser
downloads are never used. Without that executable (or without Playwright) the tests are skipped with
the reason, not failed: the rest of the suite still runs on a machine without a browser.
"""

from __future__ import annotations

import functools
import shutil
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Iterator

import pytest


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


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


@pytest.fixture(scope="session")
def site_url(site_dir: Path) -> Iterator[str]:
    """The built site on a static server, as any host would serve it."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site_dir)))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


class PageWatch:
    """A page that records console errors and every request that leaves the site."""

    def __init__(self, page: object, base: str) -> None:
        self.page = page
        self.errors: list[str] = []
        self.outside: list[str] = []
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.on("request", lambda r: None if r.url.startswith((base, "data:", "about:")) else self.outside.append(r.url))


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


def html_pages(site_dir: Path) -> list[str]:
    return sorted(p.name for p in site_dir.glob("*.html"))


@pytest.fixture(scope="session")
def vnu_available() -> bool:
    return shutil.which("java") is not None
