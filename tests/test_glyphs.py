"""Issue #13: every character has a glyph in a font the book chose (``kambook.fontcover``)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pdfplumber
import pytest

from bookproject import ROOT
from kambook.build import BuildOptions, build
from kambook.fontcover import GlyphError

HERE = Path(__file__).resolve().parent
PROJECT = HERE / "fixtures" / "manifest" / "project"
KOREAN = "한국어"
GREEK = "Ελληνικά"


def fallback_font(path: Path, chars: str) -> Path:
    """A font that has ``chars`` only, each a filled box: made here, so no test depends on the machine."""
    from fontTools.fontBuilder import FontBuilder
    from fontTools.pens.ttGlyphPen import TTGlyphPen

    names = [".notdef"] + [f"uni{ord(c):04X}" for c in chars]
    builder = FontBuilder(1000, isTTF=True)
    builder.setupGlyphOrder(names)
    builder.setupCharacterMap({ord(c): f"uni{ord(c):04X}" for c in chars})
    glyphs = {}
    for name in names:
        pen = TTGlyphPen(None)
        pen.moveTo((100, 0)), pen.lineTo((100, 700)), pen.lineTo((800, 700)), pen.lineTo((800, 0)), pen.closePath()
        glyphs[name] = pen.glyph()
    builder.setupGlyf(glyphs)
    builder.setupHorizontalMetrics({name: (900, 100) for name in names})
    builder.setupHorizontalHeader(ascent=800, descent=-200)
    builder.setupNameTable({"familyName": "Essai Hangul", "styleName": "Regular", "psName": "EssaiHangul-Regular"})
    builder.setupOS2(sTypoAscender=800, sTypoDescender=-200, usWinAscent=800, usWinDescent=200)
    builder.setupPost()
    path.parent.mkdir(parents=True, exist_ok=True)
    builder.save(str(path))
    return path


def small_book(tmp_path: Path, text: str, fallback: bool = True) -> Path:
    root = tmp_path / "livre"
    shutil.copytree(PROJECT, root)
    for name in ("styles", "assets/fonts"):
        shutil.copytree(ROOT / name, root / name)
    if fallback:
        fallback_font(root / "assets" / "fonts" / "EssaiHangul.ttf", KOREAN)
        with (root / "book.yaml").open("a", encoding="utf-8") as manifest:
            manifest.write("fonts:\n  fallback:\n    - assets/fonts/EssaiHangul.ttf\n")
    chapter = root / "chapters" / "partie-1" / "01-un.md"
    chapter.write_text(chapter.read_text(encoding="utf-8") + f"\n{text}\n", encoding="utf-8")
    return root


@pytest.mark.builds  # several WeasyPrint layouts: make test, not the quick loop
def test_korean_comes_from_the_fallback_and_greek_from_the_text_face(tmp_path: Path) -> None:
    root = small_book(tmp_path, f"En coréen : {KOREAN}. En grec : {GREEK}.")
    result = build(root, BuildOptions(only=("pdf", "site"), dist=tmp_path / "dist", jobs=1))
    with pdfplumber.open(tmp_path / "dist" / "livre-essai.pdf") as pdf:
        chars = [c for page in pdf.pages for c in page.chars]
    text = "".join(c["text"] for c in chars)
    assert KOREAN in text and GREEK in text
    fonts = {c["text"]: c["fontname"] for c in chars if c["text"] in KOREAN + GREEK}
    assert all("Kambook-Fallback" in fonts[c] for c in KOREAN), fonts  # the fallback, under its own family
    assert all("Gentium-Book-Plus" in fonts[c] for c in GREEK), fonts
    assert result.book.fallbacks[0].chars == tuple(sorted(map(ord, KOREAN)))
    site = tmp_path / "dist" / "site"
    css = (site / "styles" / "fonts-fallback.css").read_text(encoding="utf-8")
    assert "font-family: \"Kambook Fallback\"" in css and "unicode-range: U+AD6D, U+C5B4, U+D55C" in css
    subsets = list((site / "assets" / "fonts" / "fallback").glob("*.woff2"))
    assert len(subsets) == 1
    from fontTools.ttLib import TTFont
    assert set(TTFont(subsets[0]).getBestCmap()) == set(map(ord, KOREAN))  # cut to the three characters
    assert "styles/fonts-fallback.css" in (site / "index.html").read_text(encoding="utf-8")


def test_a_character_no_font_has_is_a_located_error(tmp_path: Path) -> None:
    root = small_book(tmp_path, f"{KOREAN} et une écriture cunéiforme : 𒀀.")
    with pytest.raises(GlyphError) as info:
        build(root, BuildOptions(only=("pdf",), dist=tmp_path / "dist", jobs=1))
    message = str(info.value)
    assert "chapters/partie-1/01-un.md:" in message
    assert "U+12000 CUNEIFORM SIGN A" in message and "fonts: fallback:" in message
    assert "U+D55C" not in message  # the fallback has the Korean


def test_without_a_fallback_korean_stops_the_build(tmp_path: Path) -> None:
    root = small_book(tmp_path, KOREAN, fallback=False)
    with pytest.raises(GlyphError) as info:
        build(root, BuildOptions(only=("site",), dist=tmp_path / "dist", jobs=1))
    assert "U+D55C HANGUL SYLLABLE HAN" in str(info.value) and "Gentium Book Plus and Lato" in str(info.value)


def test_a_fallback_that_is_not_a_font_names_its_line(tmp_path: Path) -> None:
    from kambook.errors import ManifestError
    from kambook.manifest import load_manifest
    root = small_book(tmp_path, "", fallback=False)
    with (root / "book.yaml").open("a", encoding="utf-8") as manifest:
        manifest.write("fonts:\n  fallback:\n    - book.yaml\n")
    lines = (root / "book.yaml").read_text(encoding="utf-8").splitlines()
    with pytest.raises(ManifestError) as info:
        load_manifest(root / "book.yaml")
    assert f"book.yaml:{len(lines)}:" in str(info.value) and "not a font file" in str(info.value)


CUNEIFORM = "𒀀"  # in no font of the book nor in the test's fallback


def with_glossary(root: Path, term: str, definition: str) -> Path:
    """The small book with a glossary of one entry, printed in the back matter."""
    glossary = root / "assets" / "glossary.yaml"
    glossary.write_text("# Glossaire d'essai.\n\n- id: essai\n  term: Essai\n  definition: Un mot pour les tests.\n\n"
                        f"- id: autre\n  term: {term}\n  definition: \"{definition}\"\n", encoding="utf-8")
    manifest = root / "book.yaml"
    text = manifest.read_text(encoding="utf-8").replace("  - index\n", "  - glossary\n  - index\n")
    manifest.write_text(text + "glossary: assets/glossary.yaml\n", encoding="utf-8")
    return glossary


def test_a_character_no_font_has_in_the_glossary_names_its_entry(tmp_path: Path) -> None:
    root = small_book(tmp_path, "")
    with_glossary(root, "Signe", f"Le signe {CUNEIFORM} de l'écriture cunéiforme.")
    with pytest.raises(GlyphError) as info:
        build(root, BuildOptions(only=("site",), dist=tmp_path / "dist", jobs=1))
    message = str(info.value)
    assert "assets/glossary.yaml:7:" in message and "glossary entry 'autre'" in message, message
    assert "U+12000 CUNEIFORM SIGN A" in message and "chapters/" not in message


def test_a_character_no_font_has_in_the_subtitle_names_its_line_of_book_yaml(tmp_path: Path) -> None:
    root = small_book(tmp_path, "")
    manifest = root / "book.yaml"
    text = manifest.read_text(encoding="utf-8")
    manifest.write_text(text.replace('subtitle: "Un livre pour les tests"', f'subtitle: "Le signe {CUNEIFORM}"'),
                        encoding="utf-8")
    line = next(n for n, row in enumerate(text.splitlines(), 1) if row.startswith("subtitle:"))
    with pytest.raises(GlyphError) as info:
        build(root, BuildOptions(only=("site",), dist=tmp_path / "dist", jobs=1))
    message = str(info.value)
    assert f"book.yaml:{line}: 'subtitle': « {CUNEIFORM} » U+12000 CUNEIFORM SIGN A" in message, message


def test_a_korean_glossary_term_gets_its_glyphs_from_the_fallback(tmp_path: Path) -> None:
    root = small_book(tmp_path, "")  # the chapters have no Korean: only the glossary does
    with_glossary(root, "Hangeul", f"L'écriture du coréen ({KOREAN}).")
    result = build(root, BuildOptions(only=("site",), dist=tmp_path / "dist", jobs=1))
    assert result.book.fallbacks[0].chars == tuple(sorted(map(ord, KOREAN)))
    site = tmp_path / "dist" / "site"
    css = (site / "styles" / "fonts-fallback.css").read_text(encoding="utf-8")
    assert "unicode-range: U+AD6D, U+C5B4, U+D55C" in css
    pages = "".join(p.read_text(encoding="utf-8") for p in site.rglob("*.html"))
    assert KOREAN in pages


def test_a_character_no_font_has_in_the_index_terms_names_its_file(tmp_path: Path) -> None:
    root = small_book(tmp_path, "")
    (root / "assets").mkdir(exist_ok=True)
    (root / "assets" / "index.yaml").write_text(f"# Index d'essai.\n\n- entry: Signe {CUNEIFORM}\n  match: [signe]\n",
                                                encoding="utf-8")
    manifest = root / "book.yaml"
    manifest.write_text(manifest.read_text(encoding="utf-8") + "index_terms: assets/index.yaml\n", encoding="utf-8")
    with pytest.raises(GlyphError) as info:
        build(root, BuildOptions(only=("site",), dist=tmp_path / "dist", jobs=1))
    message = str(info.value)
    assert "assets/index.yaml:3:" in message and "U+12000 CUNEIFORM SIGN A" in message, message
