"""``kambook serve`` in a real browser: an edit appears in the open page; a broken file shows its error and
recovers once fixed. Runs on a copy of the project, since it edits a chapter."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path
from typing import Iterator

import pytest

from bookproject import copy_project

SRC = Path(__file__).resolve().parents[2] / "src"


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    project = copy_project(tmp_path / "book")
    env = {**os.environ, "PYTHONPATH": str(SRC) + os.pathsep + os.environ.get("PYTHONPATH", ""),
           "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen([sys.executable, "-m", "kambook", "-C", str(project), "serve", "--port", "0"],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)
    url = ""
    deadline = time.monotonic() + 60
    lines = []
    while time.monotonic() < deadline and process.poll() is None:
        line = process.stdout.readline()
        lines.append(line)
        match = re.search(r"on (http://127\.0\.0\.1:\d+/)", line)
        if match:
            url = match.group(1)
            break
    try:
        if not url:
            pytest.fail("kambook serve did not start:\n" + "".join(lines))
        yield url, project
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def test_serve_reloads_an_edited_chapter_and_shows_errors(served: tuple[str, Path], browser: object) -> None:
    url, project = served
    chapter = project / "chapters" / "partie-3" / "09-plan.md"
    original = chapter.read_text(encoding="utf-8")
    page = browser.new_page()
    page.set_default_timeout(30_000)
    page.goto(url + "plan.html")
    assert page.locator("script[src='/__kambook/reload.js']").count() == 1
    assert "Phrase ajoutée pendant la prévisualisation" not in page.content()

    chapter.write_text(original + "\n\nPhrase ajoutée pendant la prévisualisation.\n", encoding="utf-8")
    page.get_by_text("Phrase ajoutée pendant la prévisualisation").wait_for()

    chapter.write_text(original + "\n\nUn renvoi cassé vers le [@ch:nexistepas].\n", encoding="utf-8")
    error = page.locator(".kambook-error")
    error.wait_for()
    assert "09-plan.md" in error.inner_text()
    assert re.search(r"09-plan\.md:\d+", error.inner_text())
    assert "nexistepas" in error.inner_text()

    chapter.write_text(original + "\n\nLe fichier est réparé.\n", encoding="utf-8")
    page.get_by_text("Le fichier est réparé").wait_for()
    assert page.locator(".kambook-error").count() == 0
    page.close()

    built = (project / "dist" / "site" / "plan.html").read_text(encoding="utf-8")
    assert "reload.js" not in built  # only served pages carry the preview script
