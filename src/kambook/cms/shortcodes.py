"""WordPress shortcodes, expanded as WordPress does at display time, or removed with a note.

The export holds ``[caption]``, ``[gallery ids="1,2"]``, ``[audio https://…/a.mp3]``, ``[embed]URL[/embed]``
and plugin shortcodes, never their rendering. What a page can show becomes HTML (a figure, a paragraph
« Vidéo : URL »); anything else is removed, because ``[contact-form-7 id="3"]`` printed raw in a book is a
defect, and a note names it so nothing is lost without a word. A bracketed word counts as a shortcode only
when it looks registered (attributes, a closing ``[/name]``, a known or plugin-style name), so a title such
as ``[Photo]`` in running text survives.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from typing import Mapping

from kambook.cms.embeds import attributes, embed_paragraph

# Core WordPress, Jetpack and the usual plugins whose shortcodes take positional arguments.
MEDIA = frozenset({"audio", "video", "embed", "youtube", "vimeo", "dailymotion", "soundcloud", "spotify", "ted",
                   "wpvideo", "videopress", "playlist"})
KNOWN = MEDIA | {"caption", "wp_caption", "gallery", "more", "nextpage", "contact-form", "contact-form-7",
                 "gravityform", "wpforms", "instagram", "tweet", "twitter", "googlemaps", "recent-posts",
                 "archives", "sitemap", "slideshow", "latex", "code", "sourcecode"}
_ENCLOSING = re.compile(r"\[([a-zA-Z][\w-]*)((?:[\s=][^\]]*)?)\](.*?)\[/\1\]", re.DOTALL)
_SINGLE = re.compile(r"\[(/?)([a-zA-Z][\w-]*)((?:[\s=][^\]]*)?|\s*/)\]")
_POSITIONAL_URL = re.compile(r"""^\s*=?\s*["']?((?:https?:)?//[^\s"'\]]+|[\w-]+)""")
_ID_URLS = {"youtube": "https://youtu.be/", "vimeo": "https://vimeo.com/",
            "dailymotion": "https://www.dailymotion.com/video/"}
_IMG_OR_LINKED_IMG = re.compile(r"^\s*((?:<a\b[^>]*>\s*)?<img\b[^>]*>(?:\s*</a>)?)\s*(.*)$",
                                re.DOTALL | re.IGNORECASE)


@dataclass(frozen=True)
class Attachment:
    """A media item of the export (WXR ``attachment`` item), which galleries name by id."""

    url: str
    title: str = ""
    parent: str = ""


@dataclass
class Context:
    """What shortcodes of one post may point at, and the notes their expansion leaves."""

    attachments: Mapping[str, Attachment] = field(default_factory=dict)
    post_id: str = ""
    site: str = ""
    notes: list[str] = field(default_factory=list)


def _caption(attrs: dict[str, str], inner: str) -> str:
    match = _IMG_OR_LINKED_IMG.match(inner)
    image, caption = (match.group(1), match.group(2).strip()) if match else (inner.strip(), "")
    caption = caption or attrs.get("caption", "")
    if image.lower().count("<a") > image.lower().count("</a>"):
        image += "</a>"  # a link left open inside [caption] would otherwise swallow what follows
    figcaption = f"<figcaption>{caption}</figcaption>" if caption else ""
    return f"<figure>{image}{figcaption}</figure>"


def _gallery(attrs: dict[str, str], context: Context) -> str:
    """A figure of the gallery's images; an id the export lacks keeps WordPress's own URL for it, so the
    build reports it as any image without a local copy instead of dropping it."""
    ids = [i.strip() for i in attrs.get("ids", attrs.get("include", "")).split(",") if i.strip()]
    if not ids:  # [gallery] alone shows the images attached to the post
        ids = [key for key, item in context.attachments.items() if item.parent and item.parent == context.post_id]
    if not ids:
        context.notes.append("shortcode [gallery] shows no image in the export: removed")
        return ""
    images, missing = [], [key for key in ids if key not in context.attachments]
    for key in ids:
        item = context.attachments.get(key) or Attachment(f"{context.site.rstrip('/')}/?attachment_id={key}")
        images.append(f'<img src="{html.escape(item.url)}" alt="{html.escape(item.title)}">')
    absent = f" (attachment {', '.join(missing)} not in the export)" if missing else ""
    context.notes.append(f"shortcode [gallery] printed as a figure of {len(images)} image(s){absent}")
    return f"<figure>{''.join(images)}</figure>"


def _media(name: str, attrs: dict[str, str], raw: str, inner: str, context: Context) -> str:
    if name == "playlist":
        ids = [i.strip() for i in attrs.get("ids", "").split(",") if i.strip()]
        items = [context.attachments[i] for i in ids if i in context.attachments]
        parts = [embed_paragraph(a.url, a.title, attrs.get("type", "audio")) for a in items]
        context.notes.append(f"shortcode [playlist] printed as {len(parts)} paragraph(s)")
        return "".join(p for p, _ in parts)
    url = (inner.strip() or attrs.get("src") or attrs.get("url") or attrs.get("mp3") or attrs.get("mp4")
           or next((v for k, v in attrs.items() if k in ("m4a", "ogg", "wav", "webm", "m4v", "ogv", "flv")), ""))
    if not url:
        found = _POSITIONAL_URL.match(raw)
        url = found.group(1) if found else ""
    if url and "/" not in url:  # [youtube ID], [vimeo 123]
        url = _ID_URLS[name] + url if name in _ID_URLS else ""
    if not url:
        context.notes.append(f"shortcode [{name}] without an address removed")
        return ""
    paragraph, text = embed_paragraph(html.unescape(url), attrs.get("title", ""),
                                      name if name in ("audio", "video") else "")
    context.notes.append(f"shortcode [{name}] printed as « {text} »")
    return paragraph


def _registered(name: str, raw: str, closing: bool) -> bool:
    """Whether ``[name raw]`` is a shortcode rather than brackets in prose."""
    return (name in KNOWN or "_" in name or "-" in name or closing or raw.strip() == "/"
            or bool(re.search(r"[\w-]+\s*=", raw)))


def convert_shortcodes(text: str, context: Context | None = None) -> tuple[str, list[str]]:
    """Expand the shortcodes of ``text``; return the text and the notes saying what was converted or removed."""
    context = context or Context()

    def expand(name: str, raw: str, inner: str) -> str:
        attrs = attributes(raw)
        if name in ("caption", "wp_caption"):
            return _caption(attrs, inner)
        if name == "gallery":
            return _gallery(attrs, context)
        if name in MEDIA:
            return _media(name, attrs, raw, inner, context)
        kept = " (its text kept)" if inner.strip() else ""
        context.notes.append(f"unknown shortcode [{name}] removed{kept}")
        return inner

    previous = None
    while previous != text:  # enclosing shortcodes may nest: expand from the inside out
        previous = text
        text = _ENCLOSING.sub(lambda m: expand(m.group(1).lower(), m.group(2), m.group(3)), text)

    def single(match: re.Match[str]) -> str:
        closing, name, raw = bool(match.group(1)), match.group(2).lower(), match.group(3)
        if not _registered(name, raw, closing):
            return match.group(0)
        if closing:
            return ""  # the end of a shortcode whose start was expanded or never there
        return expand(name, raw, "") if name not in ("more", "nextpage") else ""

    return _SINGLE.sub(single, text), context.notes


def expand_shortcodes(text: str) -> str:
    """``convert_shortcodes`` without the notes, for callers that only want the text."""
    return convert_shortcodes(text)[0]
