"""``kambook new`` makes a second book, with nothing of this repository's book in it, that builds every
edition and passes ``kambook check``: proof that the book's words live in the book's files."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from kambook.cli import main

pytestmark = [pytest.mark.book, pytest.mark.builds]


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("new") / "essai"
    assert main(["new", str(folder), "--title", "Le Livre d'essai", "--author", "Ada Autrice"]) == 0
    assert main(["-C", str(folder), "build"]) == 0
    return folder


def text(pdf: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout


def test_every_edition_is_built(made: Path) -> None:
    dist = made / "dist"
    for name in ("le-livre-d-essai.pdf", "publisher/le-livre-d-essai-interior.pdf",
                 "publisher/le-livre-d-essai-cover.pdf", "publisher/le-livre-d-essai.onix.xml",
                 "publisher/le-livre-d-essai-cover.jpg", "flipbook/index.html", "site/index.html"):
        assert (dist / name).is_file(), name
    site = (dist / "site" / "index.html").read_text(encoding="utf-8")
    assert "Le Livre d’essai" in site or "Le Livre d'essai" in site


def test_it_passes_the_printers_preflight(made: Path) -> None:
    assert main(["-C", str(made), "check"]) == 0
    assert (made / "dist" / "publisher" / "preflight.json").is_file()


def test_numbers_references_and_citations_resolve(made: Path) -> None:
    screen = text(made / "dist" / "le-livre-d-essai.pdf")
    assert "Figure 1.1 – Le cycle d’un livre" in screen
    assert re.search(r"présente la figure 1\.1,\s+p\.\s*\d+", screen)  # « p. N » from the layout
    assert "(Dupont, 2020, p. 12)" in screen and "Tableau 2.1" in screen
    assert "Ada Autrice" in screen and "Key Account" not in screen  # nothing of this repository's book


def test_a_folder_in_use_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "pris").mkdir()
    (tmp_path / "pris" / "notes.txt").write_text("à garder", encoding="utf-8")
    assert main(["new", str(tmp_path / "pris")]) == 2
    assert "not an empty folder" in capsys.readouterr().err
    assert (tmp_path / "pris" / "notes.txt").read_text(encoding="utf-8") == "à garder"
