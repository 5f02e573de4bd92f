"""Ghost JSON exports, from the legacy "003" format (integer ids, epoch dates) to Ghost 6.

Ghost keeps a rendered ``html`` next to its editor formats; that rendering is what readers saw, so it is
the body used here. Drafts that were never rendered carry only ``lexical``, which is rendered by a small
walker. Tags whose name starts with ``#`` are Ghost's internal tags and never reach the book. Posts for
members or paid tiers (``visibility``) and private ones are listed but never printed.
"""

from __future__ import annotations

import html
import json
from collections import defaultdict
from datetime import tzinfo
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from kambook.cms.access import visibility_access
from kambook.cms.article import Access, Article, Export, Status
from kambook.cms.common import load_json, make_article, markdown_to_html, parse_date, require
from kambook.errors import ExportError, Location

STATUSES: dict[str, Status] = {"published": "published", "draft": "draft", "scheduled": "scheduled",
                               "private": "published"}
GHOST_URL = "__GHOST_URL__"
_LEXICAL_TAGS = {"paragraph": "p", "quote": "blockquote", "listitem": "li", "aside": "blockquote"}
_FORMAT_BITS = ((1, "strong"), (2, "em"), (4, "s"), (8, "u"), (16, "code"), (32, "sub"), (64, "sup"))


def unwrap(document: Any, path: Path) -> dict[str, Any]:
    """Return the ``data`` object whether the export is wrapped in ``db`` (and a list) or not."""
    if isinstance(document, dict) and "db" in document:
        document = document["db"]
    if isinstance(document, list) and document:
        document = document[0]
    if not isinstance(document, dict) or not isinstance(document.get("data"), dict):
        raise ExportError("not a Ghost export: no \"data\" object with posts; export again from "
                          "Ghost Admin → Settings → Labs → Export", Location(str(path)))
    return document["data"]


def _lexical(node: dict[str, Any]) -> str:
    """Render the Lexical nodes that hold prose; cards without text are dropped."""
    kind = node.get("type")
    inner = "".join(_lexical(child) for child in node.get("children", []) if isinstance(child, dict))
    if kind == "text":
        text = html.escape(node.get("text", ""))
        for bit, tag in _FORMAT_BITS:
            if node.get("format", 0) & bit:
                text = f"<{tag}>{text}</{tag}>"
        return text
    if kind == "linebreak":
        return "<br>"
    if kind == "link":
        return f'<a href="{html.escape(node.get("url", ""))}">{inner}</a>'
    if kind in ("heading", "extended-heading"):
        tag = node.get("tag", "h2")
        return f"<{tag}>{inner}</{tag}>"
    if kind == "list":
        tag = "ol" if node.get("listType") == "number" else "ul"
        return f"<{tag}>{inner}</{tag}>"
    if kind == "image":
        return f'<figure><img src="{html.escape(node.get("src", ""))}" alt="{html.escape(node.get("alt", ""))}"></figure>'
    if kind in ("html", "markdown"):
        return node.get("html") or markdown_to_html(node.get("markdown", ""))
    if kind in _LEXICAL_TAGS:
        tag = _LEXICAL_TAGS[kind]
        return f"<{tag}>{inner}</{tag}>" if inner else ""
    return inner


def _body(post: dict[str, Any]) -> str:
    if post.get("html"):
        body = post["html"]
    elif post.get("lexical"):
        try:
            body = _lexical(json.loads(post["lexical"]).get("root", {}))
        except (ValueError, AttributeError, TypeError):
            body = ""
    elif post.get("markdown"):
        body = markdown_to_html(post["markdown"])
    else:
        body = ""
    # Ghost writes links to its own site as __GHOST_URL__/…; the site root is what they mean.
    return body.replace(GHOST_URL + "/", "/").replace(GHOST_URL, "/")


def _access(post: dict[str, Any]) -> tuple[Access, str]:
    if post.get("status") == "private":
        return "private", "privé (Ghost status private)"
    visibility = str(post.get("visibility") or "public")
    return ("public", "") if visibility == "public" else visibility_access(visibility)


def _zone(name: Any) -> tzinfo | None:
    """The blog's ``timezone`` setting: Ghost stores UTC dates and shows them in this zone."""
    try:
        return ZoneInfo(name) if isinstance(name, str) and name else None
    except (ZoneInfoNotFoundError, ValueError):
        return None


def _joined(rows: list[dict[str, Any]], key: str, target: str, names: dict[Any, str]) -> dict[Any, list[str]]:
    joined: dict[Any, list[tuple[int, str]]] = defaultdict(list)
    for row in rows:
        name = names.get(row.get(target))
        if name:
            joined[row.get(key)].append((row.get("sort_order") or 0, name))
    return {post: [name for _, name in sorted(pairs)] for post, pairs in joined.items()}


def load(path: Path, document: Any | None = None) -> Export:
    """Read a Ghost export; posts and pages with an unknown status are counted as skipped."""
    data = unwrap(load_json(path) if document is None else document, path)
    settings = {row.get("key"): row.get("value") for row in data.get("settings") or [] if isinstance(row, dict)}
    site_language = settings.get("locale") or settings.get("lang") or ""
    zone = _zone(settings.get("timezone"))
    site = str(settings.get("url") or "").rstrip("/")  # rarely exported: links stay relative without it
    users = {u.get("id"): u.get("name") for u in data.get("users") or []}
    tags = {t.get("id"): t.get("name") for t in data.get("tags") or []
            if t.get("visibility") != "internal" and not str(t.get("name", "")).startswith("#")}
    post_tags = _joined(data.get("posts_tags") or [], "post_id", "tag_id", tags)
    post_authors = _joined(data.get("posts_authors") or [], "post_id", "author_id", users)
    articles: list[Article] = []
    skipped: dict[str, int] = defaultdict(int)
    for post in data.get("posts") or []:
        if not isinstance(post, dict):
            continue
        post_id = require(post.get("id"), "id", path, f"the Ghost post {post.get('title')!r}")
        status = STATUSES.get(post.get("status", ""))
        if status is None:
            skipped[str(post.get("status"))] += 1
            continue
        kind = post.get("type") or ("page" if post.get("page") in (1, True) else "post")
        authors = post_authors.get(post_id) or [users.get(post.get("author_id")) or ""]
        canonical = (post.get("canonical_url") or "").replace(GHOST_URL, site)
        access, reason = _access(post)
        articles.append(make_article(
            source_id=str(post_id), slug=post.get("slug") or "", title=post.get("title") or "",
            published=parse_date(post.get("published_at"), zone), updated=parse_date(post.get("updated_at"), zone),
            authors=authors, language_code=post.get("locale") or post.get("language") or site_language,
            tags=post_tags.get(post_id, []), status=status, kind="page" if kind == "page" else "post",
            url=canonical if canonical.startswith(("http://", "https://")) else "", body=_body(post),
            source_format="ghost", access=access, access_reason=reason,
        ))
    return Export(format="ghost", path=path, title=settings.get("title") or "", articles=tuple(articles),
                  comments=len(data.get("comments") or []), skipped=dict(skipped), site_url=site)
