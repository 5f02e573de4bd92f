"""The web edition's files, without a browser: pages, search index, sitemap, 404, and the preview server."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from bookproject import ROOT
from kambook.errors import CrossReferenceError, Location, Problem
from kambook.render.template_typography import typeset_template
from kambook.serve import Preview, describe_error
from kambook.site import search_index_script, sitemap_xml
from kambook.site.textindex import sections_of


@pytest.fixture(scope="module")
def site(site_build: Path) -> Path:
    return site_build


def _index(site: Path) -> dict:
    text = (site / "search-index.js").read_text(encoding="utf-8")
    return json.loads(text[text.index("=") + 1:].rstrip().rstrip(";"))


def test_every_page_and_site_file_is_written(site: Path) -> None:
    for name in ("index.html", "plan.html", "glossaire.html", "bibliographie.html", "index-analytique.html",
                 "rechercher.html", "404.html", "robots.txt", "search-index.js", "static/fold.js",
                 "static/site.js", "static/search.js", "static/favicon.svg", "styles/web.css", "styles/fonts.css"):
        assert (site / name).is_file(), name
    assert not (site / "static" / "reload.js").exists()  # only `kambook serve` sends it
    # The chapter called « recherche » keeps its page: the search page took another name.
    assert "Cinquante ans de recherche" in (site / "recherche.html").read_text(encoding="utf-8")


def test_pages_link_nothing_outside_the_site(site: Path) -> None:
    for page in site.glob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert not re.search(r'<(script|link|img|source|iframe)\b[^>]*\b(src|href)="(https?:)?//', html), page.name
        assert "reload.js" not in html
    for css in (site / "styles").glob("*.css"):
        assert not re.search(r"url\(\s*['\"]?(https?:)?//", css.read_text(encoding="utf-8")), css.name


def test_home_page_has_cover_contents_and_downloads(site: Path) -> None:
    html = (site / "index.html").read_text(encoding="utf-8")
    assert 'class="cover"' in html and "Éditions KAWA" in html
    assert 'href="key-account-management.pdf"' in html
    assert 'href="key-account-management.epub" type="application/epub+zip"' in html
    for chapter in ("phenomene.html", "plan.html", "performance.html"):
        assert f'href="{chapter}"' in html
    assert '<html lang="fr">' in html and 'property="og:title"' in html
    # « Commencer la lecture » opens the text (the foreword), not the list of figures before it
    assert re.search(r'<a class="button" href="avant-propos.html">Commencer la lecture</a>', html)


def test_a_list_page_is_headed_by_its_own_title(site: Path) -> None:
    html = (site / "liste-des-figures.html").read_text(encoding="utf-8")
    assert re.search(r"<h1>Table des figures</h1>", html)  # not « … – Key Account Management »


def test_pages_carry_navigation_outline_and_meta(site: Path) -> None:
    html = (site / "plan.html").read_text(encoding="utf-8")
    assert '<a href="plan.html" aria-current="page">' in html
    assert 'rel="prev" href="selection.html"' not in html  # prev of chapter 9 is the part opening
    assert 'class="pager-prev" rel="prev" href="partie-3.html"' in html
    assert 'class="pager-next" rel="next" href="orchestration.html"' in html
    assert 'class="page-toc"' in html and 'class="breadcrumbs"' in html
    assert 'class="permalink"' in html and 'role="doc-noteref"' in html
    assert '<meta name="description" content="Choisir ses comptes clés' in html
    assert 'rel="canonical"' not in html  # the manifest has no site_url


def test_imported_articles_get_section_anchors(site: Path) -> None:
    html = (site / "annexe-key-account-management-1970-2010-la.html").read_text(encoding="utf-8")
    headings = re.findall(r'<h([23])( lang="en")? id="(annexe-key-account-management-1970-2010-la--[^"]+)">(.*?)</h\1>',
                          html, re.S)
    assert len(headings) >= 3, "every section of the article is linkable, as a chapter's"
    assert all(f'href="#{anchor}"' in body for _, _, anchor, body in headings), "each with its permalink"
    assert 'class="page-toc"' in html


def test_search_index_finds_ojasalo_in_chapter_9(site: Path) -> None:
    index = _index(site)
    pages = index["pages"]
    hits = {pages[e[0]]["u"] for e in index["entries"] if "Ojasalo" in e[2] + e[3]}
    assert "plan.html" in hits
    plan = next(p for p in pages if p["u"] == "plan.html")
    assert plan["l"] == "Chapitre 9"
    anchors = [e[1] for e in index["entries"] if pages[e[0]]["u"] == "plan.html"]
    html = (site / "plan.html").read_text(encoding="utf-8")
    for anchor in anchors:
        assert f'id="{anchor}"' in html, anchor
    # Tooltip texts and permalinks are not indexed as reading text.
    assert not any(e[3].count("#") > 3 for e in index["entries"])


def test_sections_split_on_headings_and_notes() -> None:
    body = ('<p>Intro <a class="gloss" href="g.html">terme<span class="gloss-tip">définition</span></a>.</p>'
            '<h2 id="s1"><span class="num">1.1</span> Titre<a class="permalink" href="#s1">#</a></h2><p>Texte un.</p>'
            '<section class="footnotes"><ol><li id="d--fn1" class="footnote-item">Une note. '
            '<a class="footnote-back" href="#x">↩</a></li></ol></section>')
    sections = sections_of("d.html", "Doc", "Chapitre 1", "ch-d", body)
    assert [(s.anchor, s.title, s.text) for s in sections] == [
        ("ch-d", "Doc", "Intro terme."), ("s1", "1.1 Titre", "Texte un."), ("d--fn1", "Note 1", "Une note.")]
    script = search_index_script(sections)
    assert script.startswith("/*") and "window.KAMBOOK_SEARCH=" in script


def test_no_sitemap_without_an_absolute_address(site: Path) -> None:
    """This book's manifest gives no site_url: a sitemap of relative addresses is not allowed, so none."""
    assert not (site / "sitemap.xml").exists()
    assert "Sitemap:" not in (site / "robots.txt").read_text(encoding="utf-8")
    import datetime as dt
    absolute = sitemap_xml("https://livre.example/", ["index.html", "plan.html"], dt.date(2015, 1, 15))
    assert "<loc>https://livre.example/</loc>" in absolute and "<loc>https://livre.example/plan.html</loc>" in absolute


def test_preview_serves_only_the_site(tmp_path: Path, site: Path) -> None:
    preview = Preview(ROOT, port=0, log=lambda m: None)
    try:
        preview.site = site
        assert preview.file_for("/") == (site / "index.html").resolve()
        assert preview.file_for("/plan.html") == (site / "plan.html").resolve()
        assert preview.file_for("/../book.yaml") is None
        assert preview.file_for("/nothing.html") is None
        injected = preview.inject(b"<html><body><p>x</p></body></html>")
        assert injected.endswith(b'data-build="0"></script></body></html>')
    finally:
        preview.server.server_close()


def test_build_errors_are_described_with_file_and_line() -> None:
    error = CrossReferenceError([Problem(Location("chapters/a.md", 12), "unknown label « ch:x »")])
    assert describe_error(error, ROOT) == [{"file": "chapters/a.md", "line": 12, "message": "unknown label « ch:x »"}]
    try:
        raise ValueError("boom")
    except ValueError as exc:
        described = describe_error(exc, ROOT)
    assert described[0]["message"] == "ValueError: boom" and described[0]["line"] > 0


class _FrenchSpacing(HTMLParser):
    """Where French text in a page has a plain space before ; : ! ? » or after «: in text, and in the
    attributes a reader sees or hears. Scripts, styles and code are not prose; other languages keep theirs."""

    WRONG = re.compile(r"[^\s\u00a0\u202f] [;!?»:](?=\s|$)|« ")
    SHOWN = ("title", "placeholder", "aria-label", "alt", "content")
    VOID = ("meta", "link", "img", "br", "hr", "input", "col", "source", "wbr")

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, str]] = [("", "fr")]
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        lang = "" if tag in ("script", "style", "code", "pre") else values.get("lang") or self.stack[-1][1]
        if lang.startswith("fr"):
            self.found += [f"<{tag} {k}>: {values[k]}" for k in self.SHOWN
                           if self.WRONG.search(values.get(k, "")) and values.get("name") != "viewport"]
        if tag not in self.VOID:
            self.stack.append((tag, lang))

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth][0] == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data: str) -> None:
        if self.stack[-1][1].startswith("fr") and self.WRONG.search(data):
            self.found.append(f"<{self.stack[-1][0]}>: {data.strip()[:80]}")


def test_every_french_text_of_the_site_has_french_spacing(site: Path) -> None:
    """The templates' own words (search hint, page titles, navigation labels) included, not only the book's."""
    wrong = []
    for page in sorted(site.rglob("*.html")):
        checker = _FrenchSpacing()
        checker.feed(page.read_text(encoding="utf-8"))
        wrong += [f"{page.name} {found}" for found in checker.found]
    assert wrong == []


def test_a_templates_own_text_is_typeset_and_its_jinja_left_as_written() -> None:
    source = ('<html lang="{{ m.language }}"><span title="Aide : ici">Chapitres de : {{ t }} ?</span>'
              '{% if a %}<script>x = a ? b : c;</script>{% endif %}<p lang="en">Hi : "there"</p></html>')
    assert typeset_template(source) == (
        '<html lang="{{ m.language }}"><span title="Aide\u00a0: ici">Chapitres de\u00a0: {{ t }}\u202f?</span>'
        '{% if a %}<script>x = a ? b : c;</script>{% endif %}<p lang="en">Hi : “there”</p></html>')


def test_a_browser_that_stops_reading_is_no_error_of_the_preview(capfd: pytest.CaptureFixture[str]) -> None:
    """An author clicking on before a page arrived broke the transfer: the preview printed a traceback."""
    from http.server import SimpleHTTPRequestHandler

    from kambook.serve import LocalServer
    server = LocalServer(("127.0.0.1", 0), SimpleHTTPRequestHandler)
    try:
        for gone in (BrokenPipeError(32, "Broken pipe"), ConnectionResetError(104, "Connection reset by peer")):
            try:
                raise gone
            except OSError:
                server.handle_error(None, ("127.0.0.1", 50000))
        assert capfd.readouterr().err == ""
        try:
            raise ValueError("a bug of the preview's own")
        except ValueError:
            server.handle_error(None, ("127.0.0.1", 50000))
        assert "ValueError: a bug of the preview's own" in capfd.readouterr().err
    finally:
        server.server_close()


def test_preview_binds_to_this_machine_and_refuses_raw_traversals(site: Path) -> None:
    """Requests written by hand, as an attacker on the network would not be able to (only 127.0.0.1 listens)."""
    import socket
    import threading
    preview = Preview(ROOT, port=0, log=lambda m: None)
    preview.site = site
    host, port = preview.server.server_address[:2]
    assert host == "127.0.0.1"
    threading.Thread(target=preview.server.serve_forever, daemon=True).start()
    manifest = (ROOT / "book.yaml").read_text(encoding="utf-8").splitlines()[0]

    def get(target: str) -> bytes:
        with socket.create_connection((host, port), timeout=10) as connection:
            connection.sendall(f"GET {target} HTTP/1.0\r\nHost: x\r\n\r\n".encode())
            return b"".join(iter(lambda: connection.recv(65536), b""))

    try:
        assert get("/index.html").startswith(b"HTTP/1.0 200")
        for target in ("/../book.yaml", "/%2e%2e/book.yaml", "/..%2fbook.yaml", "/%2e%2e%2f%2e%2e%2fetc/passwd",
                       "//etc/passwd", "/index.html/../../book.yaml", "/./../../../../etc/passwd",
                       "/..\\book.yaml", "http://x/../book.yaml"):
            answer = get(target)
            assert answer.split(b"\r\n", 1)[0].split()[1] in (b"404", b"400"), (target, answer[:80])
            assert manifest.encode() not in answer and b"root:" not in answer, target
    finally:
        preview.stop()


@pytest.mark.builds
def test_preview_survives_a_chapter_saved_mid_edit_and_recovers(tmp_path: Path) -> None:
    """An editor saves at any keystroke: half a table, an open fence, a front matter cut short, an empty file."""
    from bookproject import copy_project
    project = copy_project(tmp_path / "livre")
    preview = Preview(project, port=0, log=lambda m: None)
    try:
        assert preview.rebuild()
        chapter = next((project / "chapters").glob("*/02-*.md"))
        original = chapter.read_text(encoding="utf-8")
        for half in (original + "\n\n| Colonne | Autre |\n| --- |", original + "\n\n```python\nprint(\"pas fini",
                     original[:25], "", "---\ntitle: [pas fermé\n---\n", original + "\n\nVoir [@fig:"):
            chapter.write_text(half, encoding="utf-8")
            if not preview.rebuild():  # never raises; a failure is shown in the page, located
                errors = preview.state.errors  # an author's mistake names the author's file, a bug kambook's
                assert errors and all((project / str(e["file"])).is_file() for e in errors), errors
        chapter.write_text(original, encoding="utf-8")
        assert preview.rebuild() and preview.state.errors == []
        assert (project / "dist" / "site" / "index.html").is_file()
    finally:
        preview.server.server_close()


def test_figures_carry_the_fonts_they_name_and_open_alone(site: Path) -> None:
    """An SVG shown by <img> cannot use the page's fonts: each figure holds the faces it names, cut to the
    characters it draws, so its labels are in Lato as in print; a tap opens it alone, to zoom."""
    import base64
    import io

    from fontTools.ttLib import TTFont
    from lxml import etree

    svg = (site / "assets" / "images" / "09-plan.svg").read_bytes()
    root = etree.fromstring(svg)
    words = "".join(e.text or "" for e in root.iter() if isinstance(e.tag, str)  # not comments
                    and e.tag != "{http://www.w3.org/2000/svg}style")
    drawn = {ord(c) for c in words if not c.isspace()}
    rules = "".join(s.text or "" for s in root.iter("{http://www.w3.org/2000/svg}style"))
    fonts = re.findall(r'font-family: "([^"]+)";[^}]*url\("data:font/woff2;base64,([^"]+)"\)', rules)
    assert "Lato" in {family for family, _ in fonts}
    for family, data in fonts:
        cmap = set(TTFont(io.BytesIO(base64.b64decode(data))).getBestCmap())
        assert {c for c in drawn if c < 0x2500} <= cmap, family  # every letter of the figure has its glyph
    assert "’" in words and "'" not in words  # typographic apostrophes
    page = (site / "plan.html").read_text(encoding="utf-8")
    assert re.search(r'<a class="figure-zoom" href="assets/images/09-plan.svg"[^>]*><img src="assets/images/09-plan.svg"',
                     page)
