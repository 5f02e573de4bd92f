"""Citation HTML kept between the builds of one process (``kambook serve``): a rebuild after an edit
prints exactly what a fresh process would, renders no citation when none changed, and renders them all
again when the set of citations changes."""

from __future__ import annotations

from pathlib import Path

import pytest

from bookproject import ROOT, copy_project
from kambook.build import BuildOptions, build
from kambook.citations import Bibliography
from kambook.manifest import load_manifest
from kambook.transform import citations_pass
from kambook.transform.citations_pass import Citations

CHAPTER = Path("chapters") / "partie-1" / "03-centre-achat.md"


def _site(root: Path, dist: Path) -> dict[str, str]:
    build(root, BuildOptions(only=("site",), dist=dist))
    return {p.relative_to(dist).as_posix(): p.read_text(encoding="utf-8") for p in sorted(dist.rglob("*.html"))}


def _fresh(root: Path, dist: Path) -> dict[str, str]:
    citations_pass._KEPT.clear()
    return _site(root, dist)


@pytest.fixture
def cites(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many citations citeproc rendered: one entry per call."""
    calls: list[int] = []
    real = Bibliography.cite

    def counted(self: Bibliography, *args: object, **kwargs: object) -> str:
        calls.append(1)
        return real(self, *args, **kwargs)
    monkeypatch.setattr(Bibliography, "cite", counted)
    return calls


@pytest.mark.builds  # six site builds of the book: make test, not the quick loop
def test_a_prose_edit_renders_no_citation_and_prints_the_same(tmp_path: Path, cites: list[int]) -> None:
    root = copy_project(tmp_path / "book")
    _fresh(root, tmp_path / "first")
    assert cites, "the book cites works: the first build renders them"
    chapter = root / CHAPTER
    chapter.write_text(chapter.read_text(encoding="utf-8").replace("reste plus de quarante ans",
                                                                   "reste, plus de quarante ans", 1),
                       encoding="utf-8")
    cites.clear()
    warm = _site(root, tmp_path / "warm")
    assert cites == []  # every citation came from the previous build
    assert warm == _fresh(root, tmp_path / "fresh")
    assert any("Webster et Wind" in page and 'class="citation"' in page for page in warm.values())


@pytest.mark.builds
def test_a_new_citation_renders_them_all_again(tmp_path: Path, cites: list[int]) -> None:
    root = copy_project(tmp_path / "book")
    first = _fresh(root, tmp_path / "first")
    chapter = root / CHAPTER
    text = chapter.read_text(encoding="utf-8")
    chapter.write_text(text.replace("[@webster1972]", "[@webster1972; @webster1972, p. 14]", 1), encoding="utf-8")
    before = len(cites)
    warm = _site(root, tmp_path / "warm")
    assert len(cites) > before  # the set of citations changed: nothing kept applies
    assert warm == _fresh(root, tmp_path / "fresh")
    assert warm != first


def test_a_style_that_tests_position_keeps_nothing(tmp_path: Path) -> None:
    manifest = load_manifest(ROOT / "book.yaml")
    style = tmp_path / "ibid.csl"
    source = (ROOT / citations_pass.STYLE).read_text(encoding="utf-8")
    style.write_text(source.replace("<layout", '<choose><if position="ibid"><text value="ibid."/></if></choose>'
                                              "<layout", 1), encoding="utf-8")
    citations = Citations(manifest, None, style)
    assert citations._book_fingerprint() == ""
    assert Citations(manifest, None, ROOT / citations_pass.STYLE)._book_fingerprint() != ""
