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
from ..cms.media import article_links, link_target, resolve_image
from ..errors import Location, Problem
from ..model import Book
from .typography import typeset_html

HREF = re.compile(r'<a\b([^>]*?)\bhref="([^"]*)"([^>]*)>')
SRC = re.compile(r'<img\b([^>]*?)\bsrc="([^"]*)"([^>]*)>')
FIGURE = re.compile(r"<figure\b([^>]*)>(.*?)</figure>", re.S)
FIGCAPTION = re.compile(r"<figcaption\b[^>]*>(.*?)</figcaption>", re.S)
#: The number a blog typed at the head of its caption: « Figure 2 -&nbsp; Quatre initiatives ».
CAPTION_NUMBER = re.compile(r"^\s*(?:Figure|Fig\.)\s*(\d+)\s*(?:[-–—:.]|&nbsp;|\s)*", re.I)
FIGURE_MENTION = re.compile(r"\b([Ff]igure|[Ff]ig\.)(\s|&nbsp;)+(\d+)\b")
#: A heading that announces the article's own list of references, and the list right after it.
REFERENCES = re.compile(r"(<h[2-4]\b[^>]*>\s*(?:Références(?: citées| bibliographiques)?|Bibliographie|Sources)"
                        r"\s*(?:&nbsp;|\s)*:?\s*</h[2-4]>\s*<[ou]l)\b([^>]*)>", re.I)


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
            slug = link_target(unescape(href), export, links)
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
        html = REFERENCES.sub(lambda m: f'{m.group(1)} class="references"{m.group(2)}>', html)
        html = number_figures(html, doc.number, doc.anchor)
        token.content = typeset_html(html, doc.lang)
        doc.meta["images"] = images
    return problems


def number_figures(html: str, appendix: str, anchor: str) -> str:
    """Captions as the book sets them: « Figure A.1 – … », numbered in the appendix's own series.

    The number the blog typed at the head of a caption is dropped for the appendix's, and the article's
    mentions of that figure (« (Figure 2) ») follow it, so text and caption still agree.
    """
    renumbered: dict[str, str] = {}
    count = 0

    def figure(match: re.Match[str]) -> str:
        nonlocal count
        attrs, inner = match.groups()
        caption = FIGCAPTION.search(inner)
        if caption is None:
            return match.group(0)
        count += 1
        number = f"{appendix}.{count}" if appendix else str(count)
        typed = CAPTION_NUMBER.match(caption.group(1))
        text = caption.group(1)[typed.end():] if typed else caption.group(1).strip()
        if typed:
            renumbered[typed.group(1)] = number
        sep = '<span class="caption-sep"> – </span>' if text.strip() else ""
        label = f'<figcaption><span class="caption-label">Figure {number}</span>{sep}{text.strip()}</figcaption>'
        attrs = re.sub(r'\s(?:class|id)="[^"]*"', "", attrs)
        body = inner[:caption.start()] + label + inner[caption.end():]
        return f'<figure id="{anchor}-fig-{count}" class="figure"{attrs}>{body}</figure>'

    html = FIGURE.sub(figure, html)
    if not renumbered or not appendix:  # « Figure A.1 » is no longer « Figure » and digits: never renumbered twice
        return html

    def mention(match: re.Match[str]) -> str:
        word, space, typed = match.groups()
        return f"{word}{space}{renumbered[typed]}" if typed in renumbered else match.group(0)
    return FIGURE_MENTION.sub(mention, html)
