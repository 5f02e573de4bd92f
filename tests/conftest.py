"""Shared fixtures: the repository's own book, built once per test session."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Iterator

import pytest

from bookproject import ROOT
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


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark the tests that build the book or drive a browser (``-m "not book"`` is the quick loop)."""
    for item in items:
        fixtures = set(getattr(item, "fixturenames", ()))
        if fixtures & WHOLE_BOOK_FIXTURES or item.get_closest_marker("builds") or "browser" in item.path.parts:
            item.add_marker(pytest.mark.book)
