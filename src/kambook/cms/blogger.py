"""Blogger Atom backups: the classic export and the newer Google Takeout ``feed.atom``.

Classic backups say what an entry is with a ``…/g/2005#kind`` category and mark drafts with
``app:control/app:draft``; Takeout uses ``blogger:type`` and ``blogger:status``. Both put settings, the
template and comments in the same feed as the posts, so entries are sorted here and only posts and pages
become articles.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path
from urllib.parse import urljoin, urlparse

from kambook.cms.article import Article, Export, Status
from kambook.cms.common import language, make_article, parse_date, require
from kambook.text.slugs import slugify
from kambook.cms.sanitize import autop, decode_escaped_html
from kambook.cms.xmlsafe import child_text, children, local, parse_xml
from kambook.errors import ExportError, Location

KIND_SCHEME = "http://schemas.google.com/g/2005#kind"
# Blogger writes ``app:draft`` without declaring ``app``; the URI only has to be stable, not Blogger's.
PREFIXES = {"app": "http://www.w3.org/2007/app"}
_HAS_BLOCKS = re.compile(r"<(?:p|div|h[1-6]|table|blockquote)[\s>]", re.IGNORECASE)
TAKEOUT_STATUS: dict[str, Status] = {"LIVE": "published", "DRAFT": "draft", "SCHEDULED": "scheduled"}


def _entry_kind(entry: ET.Element) -> str:
    for category in children(entry, "category"):
        if category.get("scheme") == KIND_SCHEME:
            return category.get("term", "").rsplit("#", 1)[-1].lower()
    kind = child_text(entry, "type")  # Takeout: POST, PAGE, COMMENT
    return kind.lower() or "unknown"


def _content(entry: ET.Element) -> str:
    for content in children(entry, "content"):
        if content.get("type") == "xhtml":
            return "".join(ET.tostring(child, encoding="unicode") for child in content)
        body = decode_escaped_html(content.text or "")
        # Bodies typed with "convert line breaks" on have no paragraphs at all; give them some.
        return body if _HAS_BLOCKS.search(body) else autop(body)
    return ""


def _alternate(element: ET.Element) -> str:
    for link in children(element, "link"):
        if link.get("rel") == "alternate" and link.get("type", "text/html") == "text/html":
            return link.get("href", "")
    return ""


def _is_draft(entry: ET.Element) -> bool:
    for control in children(entry, "control"):
        if child_text(control, "draft").lower() == "yes":
            return True
    return False


def _slug(url: str, title: str, source_id: str) -> str:
    name = urlparse(url).path.rstrip("/").rsplit("/", 1)[-1]
    if name.endswith(".html"):
        name = name[: -len(".html")]
    return name or slugify(title) or source_id.rsplit(".", 1)[-1]


def _article(entry: ET.Element, kind: str, site: str, blog_language: str, path: Path) -> Article | None:
    source_id = require(child_text(entry, "id"), "<id>", path, f"a Blogger {kind} entry")
    takeout_status = child_text(entry, "status")
    if takeout_status:
        status = TAKEOUT_STATUS.get(takeout_status.upper())
        if status is None:  # SOFT_TRASHED, DELETED…: the author removed it
            return None
    else:
        status = "draft" if _is_draft(entry) else "published"
    url = _alternate(entry)
    filename = child_text(entry, "filename")
    if not url and filename and site:
        url = urljoin(site, filename)
    title = child_text(entry, "title")
    # Labels are every category but the kind (classic: …/atom/ns#; Takeout: the blog's tag: URI or none).
    labels = [c.get("term", "") for c in children(entry, "category") if c.get("scheme") != KIND_SCHEME]
    authors = [child_text(author, "name") for author in children(entry, "author")]
    return make_article(
        source_id=source_id, slug=_slug(url or filename, title, source_id), title=title,
        published=parse_date(child_text(entry, "published")), updated=parse_date(child_text(entry, "updated")),
        authors=authors, language_code=blog_language, tags=labels, status=status,
        kind="page" if kind == "page" else "post", url=url, body=_content(entry), source_format="blogger",
    )


def load(path: Path) -> Export:
    """Read a Blogger backup; settings and template entries are counted in ``skipped``."""
    root = parse_xml(path, prefixes=PREFIXES)
    if local(root.tag) != "feed":
        raise ExportError(f"expected a Blogger Atom <feed>, found <{local(root.tag)}>",
                          Location(str(path)))
    entries = children(root, "entry")
    settings = {child_text(e, "id").rsplit(".settings.", 1)[-1]: child_text(e, "content")
                for e in entries if _entry_kind(e) == "settings"}
    blog_language = language(settings.get("BLOG_LOCALE", ""))
    site = _alternate(root)
    articles: list[Article] = []
    skipped: Counter[str] = Counter()
    comments = 0
    for entry in entries:
        kind = _entry_kind(entry)
        if kind == "comment":
            comments += 1
        elif kind in ("post", "page"):
            article = _article(entry, kind, site, blog_language, path)
            if article is None:
                skipped["trashed"] += 1
            else:
                articles.append(article)
        else:
            skipped[kind] += 1
    return Export(format="blogger", path=path, title=child_text(root, "title"), articles=tuple(articles),
                  comments=comments, skipped=dict(skipped), site_url=site)
