"""Links, images and typography inside imported articles (appendices).

A link to another article of the book becomes a reference to its appendix; a link to an article left
out, or to the web, stays external (in print its URL goes to a footnote). Images are mapped to the
export's media folder: no network at build time, so a picture with no local copy is an error naming the
article and the URL, unless the author allows placeholders.
"""

from __future__ import annotations

import re
from html import escape, unescape
from pathlib import Path

from ..cms.article import Export
from ..cms.media import article_links, normalise_url, resolve_image
from ..errors import Location, Problem
from ..model import Book
from .typography import typeset_html

HREF = re.compile(r'<a\b([^>]*?)\bhref="([^"]*)"([^>]*)>')
SRC = re.compile(r'<img\b([^>]*?)\bsrc="([^"]*)"([^>]*)>')


def prepare_articles(book: Book, export: Export | None, allow_missing_images: bool = False) -> list[Problem]:
    if export is None:
        return []
    spec = book.manifest.appendices
    media = spec.media or spec.export.parent / "media"
    by_slug = {d.meta["article"].slug: d for d in book.documents if d.role == "appendix"}
    links = article_links(export)
    problems: list[Problem] = []
    for doc in by_slug.values():
        token = doc.tokens[0]
        article = doc.meta["article"]

        def link(match: re.Match[str]) -> str:
            before, href, after = match.groups()
            slug = links.get(normalise_url(unescape(href)))
            if slug in by_slug:
                return f'<a{before}href="kambook:{by_slug[slug].label}"{after}>'
            return f'<a{before}href="{href}" class="external"{after}>'

        images: list[Path] = []

        def image(match: re.Match[str]) -> str:
            before, src, after = match.groups()
            path = resolve_image(unescape(src), media)
            if path is None:
                if not allow_missing_images:
                    problems.append(Problem(Location(doc.rel), f"article « {article.title} »: image {unescape(src)} has "
                                                               f"no local copy in {media.name}/: add the file there"))
                    return match.group(0)
                return f'<span class="missing-image">[image manquante : {escape(unescape(src))}]</span>'
            images.append(path)
            return f'<img{before}src="kambook-asset:{len(images) - 1}"{after}>'

        html = HREF.sub(link, token.content)
        html = SRC.sub(image, html)
        token.content = typeset_html(html, doc.lang)
        doc.meta["images"] = images
    return problems
