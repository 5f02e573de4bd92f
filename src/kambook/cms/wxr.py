"""WordPress eXtended RSS (WXR 1.0–1.2).

Namespaces are matched by local name because the ``wp:`` URI carries the WXR version
(``…/export/1.1/``, ``…/export/1.2/``) and a new WordPress must not break the import. Only posts and pages
become articles; attachments, revisions, menu items and custom post types are counted as skipped
(attachments are still read, because ``[gallery ids="…"]`` names its images by attachment id). A post with
a password or the ``private`` status is kept, listed as such, and never printed.
WordPress stores classic bodies without paragraphs and with shortcodes, adding both at display time, so
the same repairs are done here.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections import Counter
from dataclasses import replace
from pathlib import Path

from kambook.cms.article import Access, Article, Export, Status
from kambook.cms.common import local_date, make_article, require
from kambook.cms.sanitize import autop, decode_escaped_html, is_block_editor
from kambook.cms.shortcodes import Attachment, Context, convert_shortcodes
from kambook.cms.xmlsafe import child_text, children, local, parse_xml
from kambook.errors import ExportError, Location

STATUSES: dict[str, Status] = {
    "publish": "published", "future": "scheduled", "draft": "draft", "pending": "draft", "private": "published",
}
TAG_DOMAINS = ("category", "post_tag")


def _authors(channel: ET.Element) -> dict[str, str]:
    """Map logins to display names; ``dc:creator`` holds the login, in whatever case the site used."""
    names = {}
    for author in children(channel, "author"):
        login = child_text(author, "author_login")
        display = child_text(author, "author_display_name") or login
        if login:
            names[login.casefold()] = display
    return names


def _body(item: ET.Element, context: Context) -> tuple[str, list[str]]:
    content = ""
    for element in item:
        if local(element.tag) == "encoded" and element.tag.startswith("{http://purl.org/rss/1.0/modules/content/"):
            content = element.text or ""
    content = decode_escaped_html(content)
    expanded, notes = convert_shortcodes(content, context)
    # The block editor already wrote its <p>; its comments go in sanitising.
    return (expanded if is_block_editor(content) else autop(expanded)), notes


def _attachments(channel: ET.Element) -> dict[str, Attachment]:
    """Attachment id → its file URL, title and parent post, for galleries."""
    found = {}
    for item in children(channel, "item"):
        if child_text(item, "post_type") == "attachment" and child_text(item, "post_id"):
            url = child_text(item, "attachment_url") or child_text(item, "guid")
            found[child_text(item, "post_id")] = Attachment(url, child_text(item, "title"),
                                                            child_text(item, "post_parent"))
    return found


def _access(item: ET.Element) -> tuple[Access, str]:
    if child_text(item, "post_password"):
        return "protected", "protégé par mot de passe (wp:post_password)"
    if child_text(item, "status") == "private":
        return "private", "privé (wp:status private)"
    return "public", ""


def _comments(item: ET.Element) -> int:
    """Count approved reader comments, not pingbacks or spam, as the blog showed them."""
    return sum(1 for c in children(item, "comment")
               if child_text(c, "comment_approved") == "1"
               and child_text(c, "comment_type") in ("", "comment"))


def _article(item: ET.Element, kind: str, status: Status, authors: dict[str, str], site_language: str,
             path: Path, context: Context) -> Article:
    post_id = require(child_text(item, "post_id"), "<wp:post_id>", path, f"the {kind} {child_text(item, 'title')!r}")
    # ``post_date`` is the blog's wall time, ``post_date_gmt`` the same moment in UTC: together they give
    # the blog's offset, so the book prints the day its readers saw.
    published = local_date(child_text(item, "post_date"), child_text(item, "post_date_gmt"))
    updated = local_date(child_text(item, "post_modified"), child_text(item, "post_modified_gmt"))
    creator = child_text(item, "creator")
    tags = [(c.text or "").strip() for c in children(item, "category") if c.get("domain") in TAG_DOMAINS]
    link = child_text(item, "link")
    access, reason = _access(item)
    body, notes = _body(item, replace(context, post_id=post_id, notes=[])) if access == "public" else ("", [])
    return make_article(
        source_id=post_id, slug=child_text(item, "post_name"), title=child_text(item, "title"),
        published=published, updated=updated, authors=[authors.get(creator.casefold(), creator)],
        language_code=site_language, tags=tags, status=status, kind="page" if kind == "page" else "post",
        url=link if link.startswith(("http://", "https://")) else "", body=body, source_format="wxr",
        access=access, access_reason=reason, notes=notes,
    )


def load(path: Path) -> Export:
    """Read a WXR file into posts and pages; everything else is counted by post type."""
    root = parse_xml(path)
    channel = next(iter(children(root, "channel")), None)
    if local(root.tag) != "rss" or channel is None:
        raise ExportError(f"expected a WordPress <rss><channel> export, found <{local(root.tag)}>",
                          Location(str(path)))
    authors = _authors(channel)
    site_language = child_text(channel, "language")
    context = Context(_attachments(channel), site=child_text(channel, "link"))
    articles: list[Article] = []
    skipped: Counter[str] = Counter()
    comments = 0
    for item in children(channel, "item"):
        kind = child_text(item, "post_type") or "post"
        status = STATUSES.get(child_text(item, "status") or "publish")
        if kind not in ("post", "page"):
            skipped[kind] += 1
        elif status is None:  # trash, auto-draft, inherit: nothing the author meant to publish
            skipped[child_text(item, "status")] += 1
        else:
            articles.append(_article(item, kind, status, authors, site_language, path, context))
            comments += _comments(item)
    site = child_text(channel, "base_blog_url") or child_text(channel, "link")
    return Export(format="wxr", path=path, title=child_text(channel, "title"), articles=tuple(articles),
                  comments=comments, skipped=dict(skipped),
                  site_url=site if site.startswith(("http://", "https://")) else "")
