"""The body of an appendix: the imported article's HTML, with links and images addressed for one output."""

from __future__ import annotations

import re
from html import escape, unescape

from markdown_it.token import Token

from ..model import Document, Registry
from ..transform.articles import HREF
from .html import RenderContext

ASSET = re.compile(r'src="kambook-asset:(\d+)"')
LINK = re.compile(HREF.pattern + r"(.*?)</a>", re.S)
MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
          "novembre", "décembre")


def french_date(value) -> str:  # noqa: ANN001 - a date or datetime
    return f"{value.day}{'er' if value.day == 1 else ''} {MONTHS[value.month - 1]} {value.year}"


def shows(text: str, address: str) -> bool:
    """Whether a link's text already prints its address (an embed line's URL, a pasted link), scheme and
    trailing slash aside: then a note repeating it would only say it twice."""
    def bare(value: str) -> str:
        return re.sub(r"^https?://", "", value.strip()).rstrip("/")
    visible = unescape(re.sub(r"<[^>]+>", "", text))
    return bool(visible.strip()) and bare(visible) == bare(address)


def render_article_body(doc: Document, context: RenderContext, registry: Registry) -> str:
    images = doc.meta.get("images", [])

    def asset(match: re.Match[str]) -> str:
        token = Token("image", "img", 0)
        token.meta["path"] = images[int(match.group(1))]
        return f'src="{escape(context.asset_url(token))}"'

    def link(match: re.Match[str]) -> str:
        before, href, after, text = match.groups()
        if href.startswith("kambook:"):
            target = registry.get(href.removeprefix("kambook:"))
            if target is not None:
                ref = f"annexe {target.number}"
                page = f' data-page="{escape(context.page_of(target.anchor))}"' if context.page_of else ""
                return (f'<a{before}href="{escape(context.href(target))}" class="applink" data-ref="{ref}"'
                        f'{page}{after}>{text}</a>')
        anchor = f"<a{before}href=\"{href}\"{after}>{text}</a>"
        address = unescape(href)
        if context.mode == "print" and address.startswith(("http://", "https://")) and not shows(text, address):
            return anchor + f'<span class="footnote url-note">{href}</span>'
        return anchor

    html = ASSET.sub(asset, doc.tokens[0].content)
    return LINK.sub(link, html)
