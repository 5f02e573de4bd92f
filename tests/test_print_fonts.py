"""The print copies of the book's fonts: decompressed once per machine, the same bytes in every project."""

from __future__ import annotations

from pathlib import Path

import pytest

from bookproject import copy_project
from kambook.print import fonts
from kambook.print.fonts import print_fonts_css


def _copies(project: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((project / ".kambook-cache" / "fonts").glob("*.ttf"))}


def test_a_second_project_takes_the_fonts_from_the_machine_cache(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("KAMBOOK_CACHE_HOME", str(tmp_path / "machine"))
    first = copy_project(tmp_path / "un")
    css = print_fonts_css(first, first / ".kambook-cache")
    made = _copies(first)
    assert len(made) >= 4 and {p.name for p in (tmp_path / "machine" / "fonts").iterdir()} == set(made)

    def no_decompression(*args: object) -> bytes:
        raise AssertionError("decompressed again")
    monkeypatch.setattr(fonts, "_decompress", no_decompression)
    second = copy_project(tmp_path / "deux")
    assert print_fonts_css(second, second / ".kambook-cache") == css
    assert _copies(second) == made, "the same bytes as the project that made them"


def test_a_machine_cache_that_cannot_be_written_costs_only_time(tmp_path: Path, monkeypatch) -> None:
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("KAMBOOK_CACHE_HOME", str(blocked))
    project = copy_project(tmp_path / "livre")
    print_fonts_css(project, project / ".kambook-cache")
    assert len(_copies(project)) >= 4


@pytest.mark.parametrize("variable", ["KAMBOOK_CACHE_HOME", "XDG_CACHE_HOME"])
def test_the_machine_cache_follows_the_environment(tmp_path: Path, monkeypatch, variable: str) -> None:
    monkeypatch.delenv("KAMBOOK_CACHE_HOME", raising=False)
    monkeypatch.setenv(variable, str(tmp_path))
    expected = tmp_path if variable == "KAMBOOK_CACHE_HOME" else tmp_path / "kambook"
    assert fonts.machine_cache() == expected
