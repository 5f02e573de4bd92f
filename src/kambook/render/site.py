"""The site: one page per document, a home page, the bibliography; linked by a shared navigation."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from markdown_it.token import Token
from markupsafe import Markup

from ..model import Book, Target
from ..transform.tokens import walk
from .environment import environment
from .html import RenderContext
from .backmatter import glossary_lines, index_groups
from .views import LIST_KINDS, DocView, doc_views, list_items

STYLES = ("styles/fonts.css", "styles/web.css")


@dataclass
class SiteBundle:
    """Pages by file name and files to copy by their path in the site; written by ``outputs.site``."""

    pages: dict[str, str] = field(default_factory=dict)
    files: dict[str, Path] = field(default_factory=dict)


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


def render_site(book: Book, cite_html: Callable[[Token], str], bibliography: list[tuple[str, str]]) -> SiteBundle:
    m = book.manifest
    root = m.root.resolve()
    views = doc_views(book, site_context(book, cite_html))
    reading = [{"file": page_of(v.slug), "title": v.title, "label": v.heading_label, "view": v} for v in views]
    if bibliography:
        reading.append({"file": "bibliographie.html", "title": Markup("Bibliographie"), "label": "", "view": None})
    for entry in m.back_matter:
        if entry.kind == "glossary" and book.glossary:
            reading.append({"file": "glossaire.html", "title": Markup("Glossaire"), "label": "", "view": None,
                            "special": "glossary"})
        elif entry.kind == "index" and book.index:
            reading.append({"file": "index-analytique.html", "title": Markup("Index"), "label": "", "view": None,
                            "special": "index"})
    for entry in (*m.front_matter, *m.back_matter):
        if entry.kind in LIST_KINDS:
            title, anchor = LIST_KINDS[entry.kind][1:]
            reading.append({"file": f"{anchor}.html", "title": Markup(title), "label": "", "view": None,
                            "list": entry.kind})
    lists = [(f"{LIST_KINDS[e.kind][2]}.html", LIST_KINDS[e.kind][1])
             for e in (*m.front_matter, *m.back_matter) if e.kind in LIST_KINDS]
    lists += [(item["file"], str(item["title"])) for item in reading if item.get("special")]
    nav = _navigation(views, bibliography, lists)
    env = environment()
    bundle = SiteBundle()
    common = {"m": m, "nav": nav, "styles": STYLES}
    bundle.pages["index.html"] = env.get_template("site_index.html").render(
        **common, current="index.html", page_title=m.title, first=reading[0], parts=nav["parts"],
        prev=None, next=reading[0])
    for i, item in enumerate(reading):
        prev_item = reading[i - 1] if i else {"file": "index.html", "title": Markup(m.title), "label": ""}
        next_item = reading[i + 1] if i + 1 < len(reading) else None
        if item.get("special") == "glossary":
            html = env.get_template("site_glossary.html").render(
                **common, current=item["file"], page_title="Glossaire", glossary=glossary_lines(book),
                prev=prev_item, next=next_item)
        elif item.get("special") == "index":
            html = env.get_template("site_book_index.html").render(
                **common, current=item["file"], page_title="Index", groups=index_groups(book, "site"),
                prev=prev_item, next=next_item)
        elif item.get("list"):
            html = env.get_template("site_list.html").render(
                **common, current=item["file"], page_title=item["title"], anchor=item["file"][:-5],
                items=list_items(book, item["list"]), prev=prev_item, next=next_item)
        elif item["view"] is None:
            html = env.get_template("site_bibliography.html").render(
                **common, current=item["file"], page_title="Bibliographie", entries=[(k, Markup(h)) for k, h in bibliography],
                prev=prev_item, next=next_item, crumbs=[])
        else:
            view: DocView = item["view"]
            html = env.get_template("site_page.html").render(
                **common, current=item["file"], page_title=f"{view.title} – {m.title}", v=view,
                prev=prev_item, next=next_item, crumbs=_crumbs(view, views))
        bundle.pages[item["file"]] = html
    for doc in book.documents:
        images = [Path(t.meta["path"]) for t in walk(doc.tokens) if t.type in ("figure", "image") and "path" in t.meta]
        for path in images + list(doc.meta.get("images", [])):
            bundle.files[path.relative_to(root).as_posix()] = path
    for style in STYLES:
        bundle.files[style] = root / style
    for font in sorted((root / "assets" / "fonts").glob("*")):
        if font.suffix in (".woff2", ".ttf", ".otf", ".woff"):
            bundle.files[font.relative_to(root).as_posix()] = font
    return bundle


def _navigation(views: list[DocView], bibliography: list, lists: list[tuple[str, str]]) -> dict:
    front = [v for v in views if v.role == "front"]
    back = [v for v in views if v.role in ("back", "appendix")]
    parts = [{"view": p, "chapters": [v for v in views if v.role == "chapter" and v.doc.part_index == p.doc.part_index]}
             for p in views if p.role == "part"]
    return {"front": front, "parts": parts, "back": back, "bibliography": bool(bibliography), "lists": lists}


def _crumbs(view: DocView, views: list[DocView]) -> list[DocView]:
    if view.role == "chapter":
        return [v for v in views if v.role == "part" and v.doc.part_index == view.doc.part_index]
    return []
