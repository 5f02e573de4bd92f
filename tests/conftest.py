"""Shared fixtures: the repository's own book, built once per test session."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Iterator

import pytest

from bookproject import ROOT, copy_project
from kambook.build import BuildOptions, BuildResult, build

#: A fixed modification date, so a second build can be compared byte for byte.
SOURCE_DATE_EPOCH = "1421280000"


@pytest.fixture(scope="session")
def built_book(tmp_path_factory: pytest.TempPathFactory) -> tuple[BuildResult, Path]:
    dist = tmp_path_factory.mktemp("dist")
    previous = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = SOURCE_DATE_EPOCH
    try:
        result = build(ROOT, BuildOptions(dist=dist))
    finally:
        if previous is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = previous
    return result, dist


@pytest.fixture(scope="session")
def site_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's book's site, built alone from a copy of the project (seconds, not the PDFs'
    minutes): the many tests that read or browse it need not wait for the whole build, nor share its
    worker, and a copy takes no build lock in the repository."""
    project = copy_project(tmp_path_factory.mktemp("site-book") / "book")
    dist = tmp_path_factory.mktemp("site-dist")
    build(project, BuildOptions(only=("site",), dist=dist))
    return dist / "site"


@pytest.fixture(scope="session")
def interior_pdf(built_book: tuple[BuildResult, Path]) -> Iterator[object]:
    """The printed interior as pdfplumber reads it, open for the whole session: pdfplumber keeps each page's
    parsed objects, so the many tests that read the interior as a proofreader or a printer would parse it
    once instead of once each (a dozen seconds a parse)."""
    pdfplumber = pytest.importorskip("pdfplumber")
    result, dist = built_book
    with pdfplumber.open(dist / "publisher" / f"{result.book.manifest.slug}-interior.pdf") as pdf:
        yield pdf


CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """One headless Chromium (Debian's, driven by Playwright) for every browser test of the session:
    Playwright's sync API allows one running instance per process."""
    sync_api = pytest.importorskip("playwright.sync_api")
    executable = os.environ.get("KAMBOOK_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(executable).exists():
        pytest.skip("no Chromium on this machine (Debian package chromium, or set KAMBOOK_CHROMIUM)")
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


#: Fixtures that stand for a whole build of the book or a browser: what ``make check`` leaves out.
WHOLE_BOOK_FIXTURES = {"built_book", "browser", "flipbook_dir"}


#: Fixtures that build the repository's own book in place: two at once would meet on its build lock.
ROOT_BUILDS = {"built_book"}


@pytest.hookimpl(tryfirst=True)  # before pytest-xdist reads the groups
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark the tests that build the book or drive a browser (``-m "not book"`` is the quick loop), and group
    them for the pytest-xdist workers (``--dist loadgroup``): every test that needs a build of the repository's
    book goes to one worker, which builds it once; the other heavy tests go by module, so that a module's
    own costly fixture (a new book built, a flipbook laid out) is made once, not once per worker; the quick
    ones are dealt one by one, which keeps both workers busy to the end."""
    for item in items:
        fixtures = set(getattr(item, "fixturenames", ()))
        heavy = bool(fixtures & WHOLE_BOOK_FIXTURES or item.get_closest_marker("builds") or
                     "browser" in item.path.parts)
        if heavy:
            item.add_marker(pytest.mark.book)
        if fixtures & ROOT_BUILDS:
            item.add_marker(pytest.mark.xdist_group("own-book"))
        elif heavy:
            item.add_marker(pytest.mark.xdist_group(item.path.stem))


def pytest_configure(config: pytest.Config) -> None:
    """Refuse ``--dist loadgroup`` where pytest-xdist cannot group (pytest 9.2 ignores the node ids xdist 3.8
    marks, xdist issue #1386): both workers would build the book in place and meet on its build lock."""
    version = tuple(int(part) for part in pytest.__version__.split(".")[:2] if part.isdigit())
    if config.getoption("dist", "no") == "loadgroup" and version >= (9, 2):
        raise pytest.UsageError(f"pytest {pytest.__version__} breaks pytest-xdist's groups: run make setup, "
                                "which installs the pytest version pyproject.toml names")
