"""Make CMS HTML safe and regular before it reaches any output.

CMS bodies are untrusted (anyone with an editor account, or a compromised plugin, wrote them), so they are
cleaned to an allow-list with nh3: scripts, iframes, forms, styles, event handlers and ``javascript:`` URLs
never survive. WordPress bodies also need two repairs that WordPress itself does at display time and
that the export does not contain: paragraphs (``wpautop``) and shortcodes (``shortcodes.py``).
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

import nh3

from kambook.cms.shortcodes import expand_shortcodes

__all__ = ["autop", "decode_escaped_html", "expand_shortcodes", "image_sources", "is_block_editor", "sanitize_html"]

ALLOWED_TAGS = frozenset({
    "p", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "dl", "dt", "dd",
    "table", "caption", "colgroup", "col", "thead", "tbody", "tfoot", "tr", "th", "td",
    "blockquote", "figure", "figcaption", "img", "a", "em", "strong", "i", "b", "u", "s",
    "sup", "sub", "br", "hr", "code", "pre", "span", "div", "abbr", "cite", "q", "small",
    "mark", "del", "ins", "kbd",
})
ALLOWED_ATTRIBUTES = {
    "*": {"lang", "dir"},
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
    "ol": {"start"},
    "abbr": {"title"},
    "col": {"span"},
    "colgroup": {"span"},
}
# Removed together with everything inside them: their content is code or controls, never prose.
DROPPED_WITH_CONTENT = frozenset({
    "script", "style", "iframe", "form", "object", "embed", "noscript", "template", "textarea",
    "select", "button", "svg", "math", "frame", "frameset", "applet", "noembed", "title", "head",
})
URL_SCHEMES = frozenset({"http", "https", "mailto"})

_BLOCK = (r"(?:p|div|h[1-6]|ul|ol|li|dl|dt|dd|table|thead|tbody|tfoot|tr|th|td|caption|colgroup|col"
          r"|blockquote|figure|figcaption|pre|hr|address|section|article|aside|header|footer|nav"
          r"|details|summary|form|fieldset|iframe|script|style|noscript|object|map|math|svg|hgroup)")
_BLOCK_OPEN = re.compile(rf"(<{_BLOCK}[\s/>])", re.IGNORECASE)
_BLOCK_CLOSE = re.compile(rf"(</{_BLOCK}>)", re.IGNORECASE)
_STARTS_BLOCK = re.compile(rf"^</?{_BLOCK}[\s/>]", re.IGNORECASE)
_PRE = re.compile(r"<pre[\s>].*?</pre>", re.IGNORECASE | re.DOTALL)
_BLOCK_EDITOR = re.compile(r"<!--\s*/?wp:")
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_TAG = re.compile(r"<[a-zA-Z/!][^>]*>")
_ESCAPED_TAG = re.compile(r"&lt;/?[a-zA-Z][a-zA-Z0-9]*(?:\s|/?&gt;)")


def decode_escaped_html(text: str) -> str:
    """Decode HTML that arrived escaped one level too many, exactly once.

    Blogger and some WXR writers escape the body twice, so after XML parsing the HTML still reads
    ``&lt;p&gt;``. The body is unescaped once, and only when it holds escaped tags and no real ones,
    so text that merely talks about ``&lt;html&gt;`` is left alone.
    """
    if _TAG.search(text) or not _ESCAPED_TAG.search(text):
        return text
    return html.unescape(text)


def is_block_editor(text: str) -> bool:
    """Gutenberg bodies carry their own paragraphs; only classic bodies need ``autop``."""
    return bool(_BLOCK_EDITOR.search(text))


def autop(text: str) -> str:
    """Give a classic-editor body its paragraphs, as WordPress does when it displays a post.

    Blank lines separate paragraphs and single newlines become ``<br>``; text already inside block
    elements is left as it is, and ``<pre>`` keeps its newlines.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        return ""
    kept: list[str] = []

    def keep(match: re.Match[str]) -> str:
        kept.append(match.group(0))
        return f"\n\n\x00pre{len(kept) - 1}\x00\n\n"

    text = _PRE.sub(keep, text)
    text = _BLOCK_OPEN.sub(r"\n\n\1", text)
    text = _BLOCK_CLOSE.sub(r"\1\n\n", text)
    chunks = []
    for chunk in re.split(r"\n\s*\n", text):
        chunk = chunk.strip()
        if not chunk:
            continue
        if _STARTS_BLOCK.match(chunk) or chunk.startswith("\x00pre"):
            chunks.append(chunk)
        else:
            chunks.append("<p>" + re.sub(r"\s*\n\s*", "<br />\n", chunk) + "</p>")
    result = "\n".join(chunks)
    return re.sub(r"\x00pre(\d+)\x00", lambda m: kept[int(m.group(1))], result)


def sanitize_html(text: str) -> str:
    """Clean ``text`` to the allow-list; the result is safe to embed in every output."""
    text = _COMMENT.sub("", text)
    # h1 is the article's own title in every output, so headings inside a body start at h2.
    text = re.sub(r"<(/?)h1(\s|>)", r"<\1h2\2", text, flags=re.IGNORECASE)
    cleaned = nh3.clean(
        text,
        tags=set(ALLOWED_TAGS),
        clean_content_tags=set(DROPPED_WITH_CONTENT),
        attributes={tag: set(attrs) for tag, attrs in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(URL_SCHEMES),
        link_rel=None,
        strip_comments=True,
    )
    return cleaned.strip()


class _ImageCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.sources: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "img":
            src = dict(attrs).get("src")
            if src:
                self.sources.append(src)


def image_sources(body_html: str) -> tuple[str, ...]:
    """Every ``<img src>`` of a body, in order, so images can be resolved to local files later."""
    collector = _ImageCollector()
    collector.feed(body_html)
    collector.close()
    return tuple(dict.fromkeys(collector.sources))
