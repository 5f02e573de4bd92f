"""The site: one page per document, a home page, search, 404 and sitemap; linked by a shared navigation.

Everything a page links to is inside the site (fonts, scripts, the search index), so the folder works
from any static host and, for reading and searching, straight from the disk (``file://``).
"""

from __future__ import annotations

import hashlib
import re
from html import unescape as html_unescape
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from markdown_it.token import Token
from markupsafe import Markup

from ..model import Book, Target
from . import STATIC_FILES, STATIC_DIR, search_index_script, sitemap_xml
from .textindex import Section, sections_of
from .webfonts import preloaded, web_fonts
from ..fontcover import book_families, machine_cache, web_subsets
from ..svgfonts import svg_chars, with_fonts
from ..markdown.tokens import walk
from ..render.backmatter import glossary_lines, index_groups
from ..render.environment import environment
from ..render.html import RenderContext
from ..render.views import LIST_KINDS, DocView, doc_views, list_items

STYLES = ("styles/fonts.css", "styles/web.css")
#: The fallback fonts' rules, when the text needs some (``fontcover``); their WOFF2 subsets beside.
FALLBACK_CSS = "styles/fonts-fallback.css"
FALLBACK_DIR = "assets/fonts/fallback"
#: Where the site's cut copies of the book's fonts go (``site/webfonts.py``).
WEB_FONTS_DIR = "assets/fonts/web"
#: Built-in pages of the front matter that the home page replaces on the web.
HOME_BUILTINS = ("half-title", "title-page", "copyright", "toc")


@dataclass
class SiteBundle:
    """Pages by file name and files to copy by their path in the site; written by ``site.writer``."""

    pages: dict[str, str] = field(default_factory=dict)
    files: dict[str, Path] = field(default_factory=dict)
    #: What the author should know of the site without it being a fault of the book (printed by the CLI).
    notes: list[str] = field(default_factory=list)


@dataclass
class NavItem:
    """One entry of the sidebar: a page (``file``), or a group of pages that is not a page itself.

    The same tree gives the sidebar, the home page's contents, the reading order (prev/next) and the
    breadcrumbs, so they cannot disagree.
    """

    file: str
    title: Markup
    label: str = ""  # "Chapitre 9", "Partie III", "Annexe B"
    number: str = ""
    kind: str = "doc"  # doc, part, group, bibliography, glossary, index, list
    view: DocView | None = None
    list_kind: str = ""
    children: list["NavItem"] = field(default_factory=list)
    parent: "NavItem | None" = None

    @property
    def is_page(self) -> bool:
        return self.kind != "group"

    def contains(self, file: str) -> bool:
        return any(c.file == file or c.contains(file) for c in self.children)


def page_of(slug: str) -> str:
    return f"{slug}.html"


def site_context(book: Book, cite_html: Callable[[Token], str]) -> RenderContext:
    root = book.manifest.root.resolve()
    top_level = {d.label for d in book.documents}

    def href(target: Target) -> str:
        page = page_of(target.doc)
        return page if target.label in top_level else f"{page}#{target.anchor}"

    def asset_url(token: Token) -> str:
        return Path(token.meta["path"]).relative_to(root).as_posix()

    return RenderContext(mode="site", href=href, asset_url=asset_url, cite_html=cite_html)


def site_url(book: Book) -> str:
    """The public address of the site, from ``site_url:`` in book.yaml when the manifest has one.

    Canonical links, ``og:url`` and absolute sitemap URLs need it; without it they are left out (or
    relative) rather than guessed.
    """
    url = str(getattr(book.manifest, "site_url", "") or "").strip()
    return url.rstrip("/") + "/" if url else ""


def _navigation(book: Book, views: list[DocView], bibliography: list) -> list[NavItem]:
    """The sidebar tree, in the manifest's reading order (front matter, parts, back matter)."""
    m = book.manifest
    by_path = {v.doc.path.resolve(): v for v in views}

    def doc_item(view: DocView) -> NavItem:
        return NavItem(page_of(view.slug), view.title, view.heading_label, view.number,
                       "part" if view.role == "part" else "doc", view)

    def entries(kind_entries: tuple) -> list[NavItem]:
        items: list[NavItem] = []
        for entry in kind_entries:
            if entry.kind == "file" and entry.file is not None and entry.file.resolve() in by_path:
                items.append(doc_item(by_path[entry.file.resolve()]))
            elif entry.kind in LIST_KINDS:
                title, anchor = LIST_KINDS[entry.kind][1:]
                items.append(NavItem(f"{anchor}.html", Markup(title), kind="list", list_kind=entry.kind))
            elif entry.kind == "glossary" and book.glossary:
                items.append(NavItem("glossaire.html", Markup("Glossaire"), kind="glossary"))
            elif entry.kind == "index" and book.index:
                items.append(NavItem("index-analytique.html", Markup("Index"), kind="index"))
            elif entry.kind == "bibliography" and bibliography:
                items.append(NavItem("bibliographie.html", Markup("Bibliographie"), kind="bibliography"))
            elif entry.kind == "appendices":
                appendices = [doc_item(v) for v in views if v.role == "appendix"]
                if appendices:
                    items.append(NavItem("", Markup("Annexes"), kind="group", children=appendices))
        return items

    tree = entries(m.front_matter)
    for part in (v for v in views if v.role == "part"):
        item = doc_item(part)
        item.children = [doc_item(v) for v in views if v.role == "chapter" and v.doc.part_index == part.doc.part_index]
        tree.append(item)
    tree += entries(m.back_matter)
    placed = {i.file for i in _flatten(tree)}
    # A document the manifest does not place (should not happen) still gets a page and a link.
    tree += [doc_item(v) for v in views if page_of(v.slug) not in placed]
    for item in _flatten(tree):
        for child in item.children:
            child.parent = item
    return tree


def _flatten(items: list[NavItem]) -> list[NavItem]:
    out: list[NavItem] = []
    for item in items:
        out.append(item)
        out += _flatten(item.children)
    return out


def _crumbs(item: NavItem) -> list[NavItem]:
    chain = []
    parent = item.parent
    while parent is not None:
        chain.insert(0, parent)
        parent = parent.parent
    return chain


def _plain(html: str) -> str:
    """Text without its tags; runs of white space become one space, but the typeset no-break spaces stay."""
    return re.sub(r"[ \t\n\r\f\v]+", " ", re.sub(r"<[^>]+>", "", html)).strip(" ")


def _unescape(text: str) -> str:
    return html_unescape(text)


def render_site(book: Book, cite_html: Callable[[Token], str], bibliography: list[tuple[str, str]]) -> SiteBundle:
    m = book.manifest
    root = m.root.resolve()
    views = doc_views(book, site_context(book, cite_html))
    for view in views:
        # A table wider than a phone scrolls in its frame; keyboard users must be able to scroll it too.
        view.body = Markup(str(view.body).replace('<div class="table-wrap">', '<div class="table-wrap" tabindex="0">'))
    tree = _navigation(book, views, bibliography)
    reading = [i for i in _flatten(tree) if i.is_page]
    base_url = site_url(book)
    pdf, epub = f"{m.slug}.pdf", f"{m.slug}.epub"
    flipbook = "flipbook/index.html" if getattr(m, "flipbook", None) else ""
    description = _plain(str(m.description or m.subtitle or m.title))
    # A chapter may well be called « recherche »: the search page takes a name no document uses.
    search_page = next(n for n in ("rechercher.html", "recherche-dans-le-livre.html", "kambook-recherche.html")
                       if n not in {i.file for i in reading})
    env = environment("site")
    bundle = SiteBundle()
    styles = (STYLES[0], FALLBACK_CSS, *STYLES[1:]) if book.fallbacks else STYLES
    families = book_families(root)
    common = {"m": m, "nav": tree, "styles": styles, "static": STATIC_DIR, "pdf": pdf, "epub": epub,
              "flipbook": flipbook, "site_url": base_url, "search_page": search_page,
              "og_locale": _og_locale(m.language), "served": False, "preload": preloaded(families, WEB_FONTS_DIR)}
    home = NavItem("index.html", Markup(m.title), kind="home")
    sections: list[Section] = []

    def page(template: str, item: NavItem, title: str, **extra: object) -> str:
        i = reading.index(item) if item in reading else -1
        prev_item = reading[i - 1] if i > 0 else (home if i == 0 else None)
        next_item = reading[i + 1] if 0 <= i < len(reading) - 1 else None
        full_title = str(title) if item is home else f"{_unescape(_plain(title))} – {m.title}"
        context = {**common, "current": item.file, "item": item, "page_title": full_title,
                   "description": extra.pop("description", description),
                   "canonical": base_url + ("" if item.file == "index.html" else item.file) if base_url else "",
                   "prev": prev_item, "next": next_item, "crumbs": _crumbs(item), "outline": [], **extra}
        return env.get_template(template).render(**context)

    # « Commencer la lecture » opens the first page of the text (the foreword, else the first part or
    # chapter), not the lists of figures and tables that come before it in the sidebar.
    first = next((i for i in reading if i.kind in ("doc", "part")), reading[0] if reading else None)
    bundle.pages["index.html"] = page(
        "site_index.html", home, m.title, first=first, cover=m.print.cover,
        title_lines=_title_lines(m.title))
    for item in reading:
        if item.kind == "glossary":
            lines = glossary_lines(book)
            html = page("site_glossary.html", item, "Glossaire", glossary=lines)
            for g in lines:
                sections.append(Section(item.file, str(item.title), "", g.anchor, _unescape(_plain(str(g.term))),
                                        _unescape(_plain(f"{g.equivalent} {g.definition}")), "back"))
        elif item.kind == "index":
            html = page("site_book_index.html", item, "Index", groups=index_groups(book, "site"))
        elif item.kind == "list":
            html = page("site_list.html", item, str(item.title), anchor=item.file[:-5],
                        items=list_items(book, item.list_kind))
        elif item.kind == "bibliography":
            html = page("site_bibliography.html", item, "Bibliographie",
                        entries=[(k, Markup(h)) for k, h in bibliography])
            for key, entry in bibliography:
                text = _unescape(_plain(entry))
                sections.append(Section(item.file, "Bibliographie", "", f"ref-{key}", text[:60], text, "back"))
        else:
            view = item.view
            assert view is not None
            summary = _summary(view) or description
            html = page("site_page.html", item, str(view.title), v=view, outline=view.outline, description=summary)
            sections += sections_of(item.file, _unescape(_plain(str(view.title))), view.heading_label,
                                    view.anchor, str(view.body), "appendix" if view.role == "appendix" else "text")
        bundle.pages[item.file] = html
    bundle.pages[search_page] = page("site_search.html", NavItem(search_page, Markup("Recherche"), kind="search"),
                                     "Recherche")
    bundle.pages["404.html"] = page("site_404.html", NavItem("404.html", Markup("Page introuvable"), kind="404"),
                                    "Page introuvable")
    bundle.pages["search-index.js"] = search_index_script(sections)
    if base_url:
        bundle.pages["sitemap.xml"] = sitemap_xml(base_url, ["index.html"] + [i.file for i in reading], m.date)
    else:  # the sitemap protocol wants absolute addresses: without site_url there is none to give
        bundle.notes.append("no site_url in book.yaml: no sitemap.xml (the protocol wants absolute addresses), and "
                            "404.html takes the site to be at the root of its domain; give the site's public address "
                            "as site_url to have both right")
    bundle.pages["robots.txt"] = "User-agent: *\nAllow: /\n" + (f"Sitemap: {base_url}sitemap.xml\n" if base_url else "")

    for doc in book.documents:
        images = [Path(t.meta["path"]) for t in walk(doc.tokens) if t.type in ("figure", "image") and "path" in t.meta]
        for path in images + list(doc.meta.get("images", [])):
            bundle.files[path.relative_to(root).as_posix()] = path
    for style in STYLES[1:]:
        bundle.files[style] = root / style
    _add_web_fonts(bundle, families, root)
    if book.fallbacks:
        from ..fontcover import fallback_css
        from ..atomic import write_text
        subsets = root / ".kambook-cache" / "fonts" / "web"
        css = fallback_css(book.fallbacks, subsets, subsets, "woff2")
        for name in sorted(set(re.findall(r'url\("([^"]+)"\)', css))):
            bundle.files[f"{FALLBACK_DIR}/{name}"] = subsets / name
        css = re.sub(r'url\("([^"]+)"\)', rf'url("../{FALLBACK_DIR}/\1")', css)
        sheet = subsets / "fonts-fallback.css"
        if not sheet.is_file() or sheet.read_text(encoding="utf-8") != css:
            write_text(sheet, css)
        bundle.files[FALLBACK_CSS] = sheet
    for name, path in STATIC_FILES.items():
        bundle.files[f"{STATIC_DIR}/{name}"] = path
    return bundle


def _add_web_fonts(bundle: SiteBundle, families: dict[str, dict], root: Path) -> None:
    """The book's faces cut to the characters of the site's pages (``site/webfonts.py``), the stylesheet
    declaring them in place of ``styles/fonts.css``, and the fonts' licences beside them."""
    from ..atomic import write_text
    chars = {ord(c) for c in html_unescape("".join(bundle.pages.values()))}
    fonts = web_fonts(families, chars, machine_cache() / "fonts" / "web", WEB_FONTS_DIR)
    bundle.files.update(fonts.files)
    sheet = root / ".kambook-cache" / "fonts" / "site-fonts.css"
    if not sheet.is_file() or sheet.read_text(encoding="utf-8") != fonts.css:
        write_text(sheet, fonts.css)
    bundle.files[STYLES[0]] = sheet
    for licence in sorted((root / "assets" / "fonts").glob("OFL*.txt")):
        bundle.files[f"{WEB_FONTS_DIR}/{licence.name}"] = licence
    _fonts_into_figures(bundle, families, root)


def _fonts_into_figures(bundle: SiteBundle, families: dict[str, dict], root: Path) -> None:
    """Each SVG figure with the faces it names inside it (``svgfonts``): shown by ``<img>``, it cannot use
    the page's fonts and drew its labels in the browser's fallback, overrunning their boxes."""
    from ..atomic import write_bytes
    figures = {rel: path for rel, path in bundle.files.items() if rel.endswith(".svg") and not rel.startswith("static/")}
    if not figures:
        return
    data = {rel: path.read_bytes() for rel, path in figures.items()}
    drawn = svg_chars(list(data.values()))
    faces = [(family, style, weight, Path(path)) for family, info in families.items()
             for path, (style, weight) in zip(info["files"], info["faces"])]
    cache = machine_cache() / "fonts" / "web"
    folder = root / ".kambook-cache" / "site-figures"
    for rel, svg in data.items():
        dressed = with_fonts(svg, faces, drawn, lambda face, chars: web_subsets([(face, chars)], cache)[0].read_bytes())
        if dressed is svg:
            continue
        target = folder / f"{hashlib.sha256(dressed).hexdigest()[:16]}.svg"
        if not target.is_file():
            write_bytes(target, dressed)
        bundle.files[rel] = target


def _summary(view: DocView) -> str:
    """The first paragraph of a page, shortened: what a search engine or a link preview shows."""
    match = re.search(r"<p>(.*?)</p>", str(view.body), re.S)
    if not match:
        return ""
    text = _unescape(_plain(re.sub(r'<span class="gloss-tip".*?</span>', "", match.group(1), flags=re.S)))
    return text if len(text) <= 180 else text[:177].rsplit(" ", 1)[0] + "…"


def _og_locale(language: str) -> str:
    lang = language.split("-")[0]
    region = language.split("-")[1] if "-" in language else {"en": "GB"}.get(lang, lang.upper())
    return f"{lang}_{region}"


def _title_lines(title: str) -> list[str]:
    """The cover's title in lines of about equal length, like the printed cover (at most three)."""
    words = title.split()
    if len(words) < 3:
        return words if len(title) > 12 else [title]
    best = [title]
    target = len(title) / 2
    for i in range(1, len(words)):
        first = " ".join(words[:i])
        if abs(len(first) - target) < abs(len(best[0]) - target):
            best = [first, " ".join(words[i:])]
    return best
