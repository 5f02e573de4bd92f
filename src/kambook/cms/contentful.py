"""Contentful space exports (``contentful space export``).

Every field is keyed by locale, and the default locale is whatever the space says, not ``en-US``: a
French-only space stores everything under ``fr-BE``. Bodies are Rich Text ASTs or Markdown; links to
other entries (authors) and assets (images) are resolved against the rest of the export. Which content
types are articles is read from their fields (``cms.types``): by default the ones shaped like a blog post
(title, slug, body, date), so page-builder widgets with a title and rich text are not taken for posts.
"""

from __future__ import annotations

import html
from collections import Counter
from pathlib import Path
from typing import Any, Sequence

from kambook.cms.access import field_access
from kambook.cms.article import Article, Export
from kambook.cms.common import load_json, make_article, markdown_to_html, parse_date, require
from kambook.cms.types import choose_types
from kambook.errors import ExportError, Location

TITLE_FIELDS = ("title", "headline", "name")
BODY_FIELDS = ("body", "content", "text", "markdown", "articleBody")
DATE_FIELDS = ("publishDate", "publishedDate", "publicationDate", "date", "published", "publishedAt")
_BLOCKS = {
    "paragraph": "p", "heading-1": "h2", "heading-2": "h2", "heading-3": "h3", "heading-4": "h4",
    "heading-5": "h5", "heading-6": "h6", "unordered-list": "ul", "ordered-list": "ol", "list-item": "li",
    "blockquote": "blockquote", "table": "table", "table-row": "tr", "table-header-cell": "th",
    "table-cell": "td",
}
_MARKS = {"bold": "strong", "italic": "em", "underline": "u", "code": "code", "superscript": "sup",
          "subscript": "sub", "strikethrough": "s"}


class _Space:
    """The export's entries, assets and locales, so links can be followed while rendering."""

    def __init__(self, document: dict[str, Any], path: Path) -> None:
        locales = document.get("locales") or []
        default = next((l for l in locales if l.get("default")), locales[0] if locales else {})
        self.locale: str = default.get("code") or "en-US"
        self.fallbacks = {l.get("code"): l.get("fallbackCode") for l in locales}
        self.entries = {e["sys"]["id"]: e for e in document.get("entries") or [] if _sys_id(e)}
        self.assets = {a["sys"]["id"]: a for a in document.get("assets") or [] if _sys_id(a)}
        self.types = {t["sys"]["id"]: t for t in document.get("contentTypes") or [] if _sys_id(t)}
        self.path = path

    def value(self, item: dict[str, Any], name: str) -> Any:
        """A field in the default locale, following the locale fallback chain, then any locale."""
        field = (item.get("fields") or {}).get(name)
        if not isinstance(field, dict):
            return None
        locale: str | None = self.locale
        seen = set()
        while locale and locale not in seen:
            if locale in field:
                return field[locale]
            seen.add(locale)
            locale = self.fallbacks.get(locale)
        return next(iter(field.values()), None)

    def asset_url(self, link: Any) -> str:
        asset = self.assets.get(_link_id(link))
        file = self.value(asset, "file") if asset else None
        url = file.get("url", "") if isinstance(file, dict) else ""
        return "https:" + url if url.startswith("//") else url

    def entry_name(self, link: Any) -> str:
        entry = self.entries.get(_link_id(link))
        if entry is None:
            return str(link) if isinstance(link, str) else ""
        ctype = self.types.get(_content_type(entry), {})
        for name in (ctype.get("displayField"), *TITLE_FIELDS):
            value = self.value(entry, name) if name else None
            if isinstance(value, str) and value:
                return value
        return ""

    def rich_text(self, node: Any) -> str:
        """Render a Rich Text node; unknown node types keep their text."""
        if not isinstance(node, dict):
            return ""
        kind = node.get("nodeType", "")
        data = node.get("data") or {}
        inner = "".join(self.rich_text(child) for child in node.get("content") or [])
        if kind == "text":
            text = html.escape(node.get("value", "")).replace("\n", "<br>")
            for mark in node.get("marks") or []:
                tag = _MARKS.get(mark.get("type"))
                if tag:
                    text = f"<{tag}>{text}</{tag}>"
            return text
        if kind in _BLOCKS:
            tag = _BLOCKS[kind]
            return f"<{tag}>{inner}</{tag}>"
        if kind == "hr":
            return "<hr>"
        if kind == "hyperlink":
            return f'<a href="{html.escape(data.get("uri", ""))}">{inner}</a>'
        if kind == "asset-hyperlink":
            return f'<a href="{html.escape(self.asset_url(data.get("target")))}">{inner}</a>'
        if kind == "entry-hyperlink":
            target = self.entries.get(_link_id(data.get("target")))
            url = self.value(target, "url") if target else None
            return f'<a href="{html.escape(url)}">{inner}</a>' if isinstance(url, str) and url else inner
        if kind == "embedded-asset-block":
            target = self.assets.get(_link_id(data.get("target")))
            alt = self.value(target, "description") or self.value(target, "title") if target else ""
            src = self.asset_url(data.get("target"))
            return f'<figure><img src="{html.escape(src)}" alt="{html.escape(str(alt or ""))}"></figure>' if src else ""
        if kind in ("embedded-entry-block", "embedded-entry-inline"):
            name = html.escape(self.entry_name(data.get("target")))
            return f"<p>{name}</p>" if kind.endswith("block") and name else name
        return inner


def _sys_id(item: Any) -> str:
    return item.get("sys", {}).get("id", "") if isinstance(item, dict) else ""


def _link_id(link: Any) -> str:
    return link.get("sys", {}).get("id", "") if isinstance(link, dict) else ""


def _content_type(entry: dict[str, Any]) -> str:
    return entry.get("sys", {}).get("contentType", {}).get("sys", {}).get("id", "")


def _article_fields(ctype: dict[str, Any]) -> tuple[str, str] | None:
    """The (title, body) field ids of an article-like content type, or None for authors, assets…"""
    fields = {f.get("id"): f for f in ctype.get("fields") or [] if not f.get("disabled")}
    title = next((name for name in TITLE_FIELDS if fields.get(name, {}).get("type") in ("Symbol", "Text")), None)
    body = next((name for name in BODY_FIELDS if fields.get(name, {}).get("type") in ("RichText", "Text")), None)
    if title == "name" or not title or not body:
        return None
    return title, body


def _roles(ctype: dict[str, Any]) -> set[str]:
    """Which of title, slug, body, date the content type's fields fill (see ``cms.types``)."""
    fields = {f.get("id"): f.get("type") for f in ctype.get("fields") or [] if not f.get("disabled")}
    found = _article_fields(ctype)
    roles = {"title", "body"} if found else set()
    if fields.get("slug") in ("Symbol", "Text"):
        roles.add("slug")
    if "Date" in fields.values() or any(name in fields for name in DATE_FIELDS):
        roles.add("date")
    return roles


def _body(space: _Space, value: Any) -> str:
    if isinstance(value, dict):
        return space.rich_text(value)
    return markdown_to_html(value) if isinstance(value, str) else ""


def _names(space: _Space, value: Any) -> list[str]:
    values = value if isinstance(value, list) else [value]
    return [space.entry_name(v) if isinstance(v, dict) else str(v) for v in values if v]


def _article(space: _Space, entry: dict[str, Any], ctype: dict[str, Any], title_field: str,
             body_field: str) -> Article:
    sys = entry.get("sys", {})
    entry_id = require(sys.get("id"), "sys.id", space.path, "a Contentful entry")
    title = space.value(entry, title_field) or ""
    date = next((space.value(entry, name) for name in DATE_FIELDS if space.value(entry, name)), None)
    authors = space.value(entry, "author") or space.value(entry, "authors") or []
    tags = space.value(entry, "tags") or space.value(entry, "categories") or []
    url = space.value(entry, "url") or space.value(entry, "canonicalUrl") or ""
    type_id = _content_type(entry)
    access, reason = field_access({name: space.value(entry, name) for name in (entry.get("fields") or {})})
    return make_article(
        source_id=entry_id, slug=space.value(entry, "slug") or "", title=str(title),
        published=parse_date(date) or parse_date(sys.get("firstPublishedAt")),
        updated=parse_date(sys.get("publishedAt") or sys.get("updatedAt")),
        authors=_names(space, authors), language_code=space.locale, tags=_names(space, tags),
        status="published" if sys.get("publishedVersion") else "draft",
        kind="page" if "page" in type_id.lower() and "post" not in type_id.lower() else "post",  # pageBlogPost
        url=url if isinstance(url, str) else "",
        body=_body(space, space.value(entry, body_field)), source_format="contentful",
        access=access, access_reason=reason,
    )


def load(path: Path, document: Any | None = None, types: Sequence[str] = ()) -> Export:
    """Read a Contentful export; entries of the types not taken (``types``, or the blog-post-shaped ones by
    default) are counted by type in ``skipped``."""
    document = load_json(path) if document is None else document
    if not isinstance(document, dict) or "entries" not in document:
        raise ExportError("not a Contentful export: no \"entries\"; run `contentful space export` again",
                          Location(str(path)))
    space = _Space(document, path)
    taken = choose_types({t: _roles(c) for t, c in space.types.items() if "comment" not in t.lower()}, types, path)
    unreadable = [t for t in types if _article_fields(space.types[t]) is None]
    if unreadable:
        raise ExportError(f"the content type {unreadable[0]!r} has no title and body fields kambook can read "
                          f"({', '.join(TITLE_FIELDS)}; {', '.join(BODY_FIELDS)}): remove it from "
                          "appendices.select.types", Location(str(path)))
    articles: list[Article] = []
    skipped: Counter[str] = Counter()
    comments = 0
    for entry in space.entries.values():
        type_id = _content_type(entry)
        ctype = space.types.get(type_id, {})
        fields = _article_fields(ctype)
        if "comment" in type_id.lower():
            comments += 1
        elif entry.get("sys", {}).get("archivedVersion"):
            skipped["archived"] += 1
        elif fields is None or type_id not in taken:
            skipped[type_id or "unknown"] += 1
        else:
            articles.append(_article(space, entry, ctype, *fields))
    return Export(format="contentful", path=path, title="", articles=tuple(articles), comments=comments,
                  skipped=dict(skipped))
