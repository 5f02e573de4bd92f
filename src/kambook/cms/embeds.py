"""Embedded players and link cards, turned into text a printed page can hold.

A blog embeds a YouTube video, a podcast or a link preview as an ``<iframe>``, a ``<video>`` or a CMS card
(Ghost's ``kg-embed-card``, ``kg-bookmark-card``, WordPress's ``wp-block-embed``). The sanitiser must drop
iframes (they run someone else's code), and then the sentence « regardez la vidéo ci-dessous » refers to
nothing. So, before sanitising, each embed becomes a paragraph « Vidéo : titre — URL » (« Audio : … »,
« Lien : … »), and a note says what was converted so the author can check it in the build's warnings.
"""

from __future__ import annotations

import html
import re
from urllib.parse import urlsplit

from kambook.text.markup import element_end

NBSP = "\u00a0"
_VIDEO_HOSTS = ("youtube.com", "youtu.be", "youtube-nocookie.com", "vimeo.com", "dailymotion.com", "dai.ly",
                "twitch.tv", "ted.com", "wistia.com", "wistia.net", "videopress.com", "tiktok.com")
_AUDIO_HOSTS = ("soundcloud.com", "spotify.com", "deezer.com", "bandcamp.com", "anchor.fm", "mixcloud.com",
                "podcasts.apple.com", "ausha.co", "podcloud.fr", "acast.com")
_VIDEO_FILES = (".mp4", ".m4v", ".webm", ".mov", ".ogv", ".avi", ".wmv", ".flv")
_AUDIO_FILES = (".mp3", ".m4a", ".ogg", ".oga", ".wav", ".flac", ".aac", ".wma")
LABELS = {"video": "Vidéo", "audio": "Audio", "link": "Lien"}

_ATTR = re.compile(r"""([\w:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""")
_CARD = re.compile(r"<(figure|div)\b([^>]*\bclass\s*=\s*[\"'][^\"']*\b(?:kg-(?:embed|bookmark|video|audio)-card"
                   r"|wp-block-embed)\b[^>]*)>", re.IGNORECASE)
_PLAYER = re.compile(r"<(iframe|video|audio|embed|object)\b([^>]*)>(?:(.*?)</\1\s*>)?", re.IGNORECASE | re.DOTALL)
_TAGS = re.compile(r"<[^>]+>")
_GENERIC_TITLE = re.compile(r"^(?:youtube|vimeo|dailymotion|spotify|soundcloud)?\s*(?:video |embed(?:ded)? )?"
                            r"(?:player|embed|content)?$|video player", re.IGNORECASE)


def attributes(tag_text: str) -> dict[str, str]:
    """The attributes of a start tag (or a shortcode), lower-cased names, entities decoded."""
    return {m.group(1).lower(): html.unescape(next(g for g in m.groups()[1:] if g is not None))
            for m in _ATTR.finditer(tag_text)}


def text_of(fragment: str) -> str:
    """The visible text of an HTML fragment, on one line."""
    return re.sub(r"\s+", " ", html.unescape(_TAGS.sub(" ", fragment))).strip()


def readable_url(url: str) -> str:
    """The address a reader can type: a player URL (``/embed/ID``) becomes the page that shows the video."""
    url = url.strip()
    if url.startswith("//"):
        url = "https:" + url
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    youtube = re.match(r"/embed/([\w-]+)", parts.path)
    if youtube and "youtube" in host:
        return f"https://www.youtube.com/watch?v={youtube.group(1)}"
    vimeo = re.match(r"/video/(\d+)", parts.path)
    if vimeo and host == "player.vimeo.com":
        return f"https://vimeo.com/{vimeo.group(1)}"
    return url


def kind_of(url: str, hint: str = "") -> str:
    """"video", "audio" or "link", from the element or shortcode (``hint``) and else the URL."""
    if hint in ("video", "audio"):
        return hint
    parts = urlsplit(url if "//" in url else "//" + url)
    host, path = (parts.hostname or "").lower(), parts.path.lower()
    if any(host == h or host.endswith("." + h) for h in _VIDEO_HOSTS) or path.endswith(_VIDEO_FILES):
        return "video"
    if any(host == h or host.endswith("." + h) for h in _AUDIO_HOSTS) or path.endswith(_AUDIO_FILES):
        return "audio"
    return "link"


def embed_paragraph(url: str, title: str = "", hint: str = "") -> tuple[str, str]:
    """The paragraph that stands for an embed, and its text for the build warning.

    The address is written out in full, as the text of its own link: a site's reader clicks it, a book's
    reader reads it, and print adds no footnote repeating it (``render.articles``: a link whose text is its
    own address gets no address note).
    """
    url = readable_url(url)
    title = "" if _GENERIC_TITLE.search(title.strip()) else title.strip()
    label = f"{LABELS[kind_of(url, hint)]}{NBSP}: "
    text = label + (f"{title} — {url}" if title and url else title or url)
    if not url.startswith(("http://", "https://")):
        return f"<p>{html.escape(text, quote=False)}</p>", text
    link = f'<a href="{html.escape(url)}">{html.escape(url, quote=False)}</a>'
    lead = f"{title} — " if title else ""
    return f"<p>{html.escape(label + lead, quote=False)}{link}</p>", text


def _card(inner: str, classes: str) -> tuple[str, str, str]:
    """(url, title, hint) of a Ghost or WordPress card."""
    caption = re.search(r"<figcaption\b[^>]*>(.*?)</figcaption>", inner, re.IGNORECASE | re.DOTALL)
    caption_text = text_of(caption.group(1)) if caption else ""
    if "kg-bookmark-card" in classes:
        link = re.search(r"<a\b([^>]*)>", inner, re.IGNORECASE)
        title = re.search(r"class=\"[^\"]*kg-bookmark-title[^\"]*\"[^>]*>(.*?)</", inner, re.IGNORECASE | re.DOTALL)
        return (attributes(link.group(1)).get("href", "") if link else "",
                caption_text or (text_of(title.group(1)) if title else ""), "link")
    player = _PLAYER.search(inner)
    attrs = attributes(player.group(2)) if player else {}
    url = attrs.get("src") or attrs.get("data") or ""
    if not url:
        source = re.search(r"<source\b([^>]*)>", inner, re.IGNORECASE)
        url = attributes(source.group(1)).get("src", "") if source else ""
    if not url:  # WordPress writes the URL itself as the text of the wrapper; Ghost tweets link to it
        found = re.search(r"https?://[^\s<\"']+", text_of(re.sub(r"<figcaption\b.*?</figcaption>", "", inner,
                                                                  flags=re.IGNORECASE | re.DOTALL)))
        link = re.search(r"<a\b[^>]*\bhref=\"(https?://[^\"]+)\"", inner, re.IGNORECASE)
        url = found.group(0) if found else (html.unescape(link.group(1)) if link else "")
    hint = next((k for k in ("video", "audio") if f"kg-{k}-card" in classes or f"is-type-{k}" in classes), "")
    hint = hint or (player.group(1).lower() if player and player.group(1).lower() in ("video", "audio") else "")
    title_tag = re.search(r"class=\"[^\"]*kg-(?:audio|video)-title[^\"]*\"[^>]*>(.*?)</", inner, re.IGNORECASE)
    title = caption_text or (text_of(title_tag.group(1)) if title_tag else "") or attrs.get("title", "")
    return url, title, hint


def convert_embeds(body: str) -> tuple[str, list[str]]:
    """Replace every card and player of ``body`` by its paragraph; return the body and what was converted."""
    notes: list[str] = []

    def replace(url: str, title: str, hint: str, what: str) -> str:
        if not url:
            notes.append(f"{what} without an address removed")
            return ""
        paragraph, text = embed_paragraph(url, title, hint)
        notes.append(f"{what} printed as « {text} »")
        return paragraph

    out, position = [], 0
    for match in _CARD.finditer(body):
        if match.start() < position:
            continue  # inside a card already replaced
        end = element_end(body, match.start())
        classes = attributes(match.group(2)).get("class", "")
        url, title, hint = _card(body[match.end():end], classes)
        name = next((c for c in classes.split() if c.startswith(("kg-", "wp-block-embed")) and c != "kg-card"),
                    "card")
        out += [body[position:match.start()], replace(url, title, hint, f"{name} {url}".strip())]
        position = end
    body = "".join(out) + body[position:]

    def player(match: re.Match[str]) -> str:
        tag, attrs = match.group(1).lower(), attributes(match.group(2))
        url = attrs.get("src") or attrs.get("data") or ""
        if not url and match.group(3):
            source = re.search(r"<source\b([^>]*)>", match.group(3), re.IGNORECASE)
            url = attributes(source.group(1)).get("src", "") if source else ""
        return replace(url, attrs.get("title", ""), tag if tag in ("video", "audio") else "", f"<{tag}> {url}".strip())

    return _PLAYER.sub(player, body), notes
