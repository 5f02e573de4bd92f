"""Fixtures for the flipbook viewer's browser tests: the generated 8-page folder, a local static server on
127.0.0.1, headless Chromium driven by Playwright, and an opener that records console errors and requests."""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

import pytest

from localserver import served
from make_fixture import make_fixture

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]


def _chromium() -> str | None:
    path = os.environ.get("KAMBOOK_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    return path if path and Path(path).exists() else None


@pytest.fixture(scope="session")
def flipbook_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_fixture(tmp_path_factory.mktemp("flipbook") / "flipbook")


@pytest.fixture(scope="session")
def http_root(flipbook_dir: Path) -> Iterator[str]:
    """The folder served by a static server on 127.0.0.1, stopped at the end of the session."""
    with served(flipbook_dir) as url:
        yield url


@pytest.fixture(params=["file", "http"])
def root_url(request, flipbook_dir: Path) -> str:
    """The folder's URL, from file:// and from the local server."""
    if request.param == "file":
        return flipbook_dir.as_uri() + "/"
    return request.getfixturevalue("http_root")


@dataclass
class Viewer:
    page: object
    root: str
    errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)

    def spread(self) -> str:
        return self.page.evaluate("document.getElementById('book').dataset.spread")

    def wait_spread(self, value: str, timeout: float = 5000) -> None:
        self.page.wait_for_function(
            "v => { const b = document.getElementById('book'); return b.dataset.spread === v && !b.classList.contains('turning'); }",
            arg=value, timeout=timeout)

    def hash(self) -> str:
        return self.page.evaluate("location.hash")

    def live(self) -> str:
        return self.page.evaluate("document.getElementById('live').textContent")

    def outside(self) -> list[str]:
        return [u for u in self.requests if not (u.startswith(self.root) or u.startswith("data:"))]


@pytest.fixture
def open_viewer(browser, root_url: str):
    """Opens index.html (optionally with a hash) in a fresh context; afterwards, asserts that the page logged no
    console error and requested nothing outside its folder."""
    contexts = []
    viewers: list[Viewer] = []

    def opener(hash_: str = "", width: int = 1280, height: int = 800, reduced_motion: str = "no-preference",
               touch: bool = False) -> Viewer:
        context = browser.new_context(viewport={"width": width, "height": height}, reduced_motion=reduced_motion,
                                      has_touch=touch, is_mobile=touch, device_scale_factor=1)
        contexts.append(context)
        page = context.new_page()
        viewer = Viewer(page, root_url)
        page.on("console", lambda m: m.type == "error" and viewer.errors.append(m.text))
        page.on("pageerror", lambda e: viewer.errors.append(str(e)))
        page.on("request", lambda r: viewer.requests.append(r.url))
        page.goto(root_url + "index.html" + hash_)
        page.wait_for_function("document.documentElement.classList.contains('ready')", timeout=5000)
        viewers.append(viewer)
        return viewer

    yield opener
    try:
        for viewer in viewers:
            assert viewer.errors == [], f"console errors: {viewer.errors}"
            assert viewer.outside() == [], f"requests outside the folder: {viewer.outside()}"
    finally:
        for context in contexts:
            context.close()


@pytest.fixture(scope="session")
def screenshot_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where screenshots go: $FLIPBOOK_SCREENSHOTS if set, else a temporary folder."""
    target = os.environ.get("FLIPBOOK_SCREENSHOTS")
    path = Path(target) if target else tmp_path_factory.mktemp("flipbook-screenshots")
    path.mkdir(parents=True, exist_ok=True)
    return path


@pytest.fixture(scope="session")
def real_dist(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A dist/ holding the repository's book's flipbook and the site that offers it: the whole build's when
    this run makes one anyway (``make test``), else a build of these two only (under a minute)."""
    from bookproject import ROOT
    from kambook.build import BuildOptions, build

    if any("built_book" in getattr(item, "fixturenames", ()) for item in request.session.items):
        return request.getfixturevalue("built_book")[1]
    dist = tmp_path_factory.mktemp("flip-dist")
    build(ROOT, BuildOptions(only=("flipbook", "site"), dist=dist))
    return dist


@pytest.fixture(scope="session")
def padded_flipbook(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The flipbook of ``kambook new``'s small book, whose booklet needs three blank pages (9–11 of 12)
    to fill its folded sheets: the real case of padding the viewer leaves out."""
    from kambook.build import BuildOptions, build
    from kambook.new import new_book

    folder = tmp_path_factory.mktemp("padded") / "livre"
    new_book(folder, "Mon livre", "Prénom Nom")
    build(folder, BuildOptions(only=("flipbook",), dist=folder / "dist"))
    return folder / "dist" / "flipbook"


@pytest.fixture
def open_url(browser):
    """Opens a built flipbook's page in a fresh context, once the viewer is ready; returns the Viewer."""
    contexts = []

    def opener(url: str, width: int = 1280, height: int = 800) -> Viewer:
        context = browser.new_context(viewport={"width": width, "height": height}, device_scale_factor=1,
                                      reduced_motion="reduce")
        contexts.append(context)
        page = context.new_page()
        viewer = Viewer(page, url.rsplit("/", 1)[0] + "/")
        page.on("pageerror", lambda e: viewer.errors.append(str(e)))
        page.goto(url)
        page.wait_for_function("document.documentElement.classList.contains('ready')", timeout=5000)
        return viewer

    yield opener
    for context in contexts:
        context.close()
