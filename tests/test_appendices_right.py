"""Issue #13 on built outputs: bylines, local dates, languages, links, titles and slugs of small exports."""

from __future__ import annotations

import re
import shutil

import pytest

from bookproject import ROOT, copy_project
from kambook.build import BuildOptions, build
from kambook.print.document import PrintVariant, print_context, render_print_html

RIGHT = ROOT / "tests" / "fixtures" / "cms" / "right"


def korean_fallback(project, export) -> str:
    """A fallback font for the export's Korean (the book's fonts have none; tests/test_glyphs.py makes it), as
    the ``fonts:`` lines of book.yaml; nothing when the export has no Korean."""
    from test_glyphs import fallback_font
    hangul = "".join(sorted({c for c in export.read_text(encoding="utf-8") if "\uac00" <= c <= "\ud7a3"}))
    if not hangul:
        return ""
    fallback_font(project / "assets" / "fonts" / "hangul.ttf", hangul)
    return "\nfonts:\n  fallback:\n    - assets/fonts/hangul.ttf\n"


def build_with(tmp_path, name: str):
    """The repository's book with its appendices taken from one of our small exports, every post selected."""
    project = copy_project(tmp_path / "book")
    shutil.copy(RIGHT / name, project / "assets" / "cms" / name)
    manifest = project / "book.yaml"
    text = manifest.read_text(encoding="utf-8")
    head, rest = text.split("\nappendices:\n", 1)
    tail = rest[rest.index("\n\n"):]
    manifest.write_text(f"{head}\nappendices:\n  export: assets/cms/{name}\n  select:\n    kinds: [post]\n"
                        f"  order: date\n{tail}{korean_fallback(project, RIGHT / name)}", encoding="utf-8")
    # The book's chapters cite the blog's own appendices, absent here: those references are let through.
    result = build(project, BuildOptions(only=("site",), dist=tmp_path / "dist", keep_going=True))
    assert not [w for w in result.warnings if "already used" in w or "annexe-" in w], result.warnings
    book = result.book
    printed = render_print_html(book, print_context(book, lambda token: ""), [], PrintVariant())
    return result, tmp_path / "dist" / "site", printed


def body(page: str) -> str:
    return page.split('<div class="doc-body">', 1)[1].split("</article>", 1)[0]


def test_wxr_appendices_are_right(tmp_path):
    result, site, printed = build_with(tmp_path, "wxr-right.xml")
    pages = {p.name: p.read_text(encoding="utf-8") for p in site.glob("annexe-*.html")}
    assert set(pages) == {"annexe-evening-task.html", "annexe-서울-봄.html", "annexe-dup-slug-13.html",
                          "annexe-dup-slug-14.html", "annexe-untitled-15.html"}
    evening = pages["annexe-evening-task.html"]
    for html in (evening, printed):  # one escaping: the name reads right, the date is the local day
        assert "O’Farrell" in html or "O&#39;Farrell" in html or "O'Farrell" in html
        assert "&amp;#" not in html and "&amp;gt;" not in html
        assert "Publié le 1er mars 2024" in html
    assert "&lt;em&gt;" not in evening and "&lt;em&gt;" not in printed
    # English text keeps English punctuation, Korean too; the article says its language.
    assert re.search(r'<section[^>]*id="app-evening-task"[^>]*lang="en"', printed)
    text = body(evening)
    assert "Task: the" in text and "94%" in text and "idea?" in text
    korean = body(pages["annexe-서울-봄.html"])
    assert "\u202f?" not in korean and "\u00a0?" not in korean
    # A relative link to a selected article becomes a reference to its appendix.
    assert 'class="applink"' in text
    untitled = pages["annexe-untitled-15.html"]
    assert "(sans titre)" in untitled and "8 mars 2024" in untitled
    assert any("sans titre" in w or "no title" in w for w in result.warnings)


def test_ghost_links_dates_and_empty_blog_title(tmp_path):
    _, site, printed = build_with(tmp_path, "ghost-right.json")
    first = (site / "annexe-linking-out.html").read_text(encoding="utf-8")
    assert 'class="applink" data-ref="annexe B"' in first
    assert "Publié le 1er mars 2024" in first
    assert "Linking out" in first and "&lt;sup&gt;" not in first
    assert "« »" not in printed and "«\u00a0»" not in printed and "«\u202f»" not in printed


def test_blogger_bylines_and_dates(tmp_path):
    _, site, printed = build_with(tmp_path, "blogger-right.atom")
    evening = (site / "annexe-soir.html").read_text(encoding="utf-8")
    assert "Publié le 1er mars 2024" in evening and "(sans titre)" in evening
    assert "&amp;#" not in printed and "&amp;gt;" not in printed
    second = (site / "annexe-renvoi.html").read_text(encoding="utf-8")
    assert 'class="applink" data-ref="annexe A"' in second
    assert "&gt;name" in second and "&amp;gt;" not in second


@pytest.mark.builds
def test_the_printed_appendices_read_right(tmp_path):
    """The same export laid out as the screen PDF, read back with pdfplumber: one escaping in the byline, the
    local day, English spacing in English, the link to another article as « annexe B, p. N »."""
    pdfplumber = pytest.importorskip("pdfplumber")
    project = copy_project(tmp_path / "book")
    shutil.copy(RIGHT / "wxr-right.xml", project / "assets" / "cms" / "wxr-right.xml")
    manifest = project / "book.yaml"
    head, rest = manifest.read_text(encoding="utf-8").split("\nappendices:\n", 1)
    # The Korean article needs a fallback font (the build says so, tests/test_glyphs.py): left out here.
    manifest.write_text(f"{head}\nappendices:\n  export: assets/cms/wxr-right.xml\n  select:\n    kinds: [post]\n"
                        f"    exclude: [서울-봄]\n  order: date\n{rest[rest.index(chr(10) + chr(10)):]}",
                        encoding="utf-8")
    build(project, BuildOptions(only=("pdf",), dist=tmp_path / "dist", keep_going=True))
    with pdfplumber.open(tmp_path / "dist" / "key-account-management.pdf") as pdf:
        text = " ".join((page.extract_text() or "") for page in pdf.pages[-40:])
    text = re.sub(r"\s+", " ", text.replace("\u2019", "'"))
    assert "O'Farrell" in text and "&#" not in text and "&gt;" not in text
    assert "Publié le 1er mars 2024" in text
    assert "Task: the" in text and "94%" in text
    assert re.search(r"annexe [A-E], p\. ?\d+", text)
