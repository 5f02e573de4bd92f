"""Map what an article points at (images, other articles) to what the book has locally.

The build never touches the network, so every image URL must become a file of the export's media folder.
CMSs serve resized copies (WordPress ``name-300x200.jpg``, Blogger ``/s640/name.png`` or ``name.png=s1600``)
while the media folder holds the originals, so the size variant is undone before giving up. Links between
articles are compared through ``normalise_url`` because the same post is linked as http or https, with or
without ``www.``, a trailing slash, ``?m=1`` or a country-specific blogspot domain.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from kambook.cms.article import Export

# WordPress thumbnails and the "big image" copies WordPress 5.3+ makes, before the extension.
_WP_VARIANT = re.compile(r"-(?:\d+x\d+|scaled|rotated)(?=\.[A-Za-z0-9]+$)|@2x(?=\.[A-Za-z0-9]+$)")
# Blogger/Googleusercontent options appended to the name: "=s1600", "=w640-h480-rw", "=s72-c".
_GOOGLE_SUFFIX = re.compile(r"=(?:[swh]\d+|[a-z]{1,2})(?:-[a-z0-9]+)*$")
_BLOGSPOT = re.compile(r"\.blogspot\.[a-z]{2,3}(?:\.[a-z]{2})?$")


def _originals(name: str) -> list[str]:
    """``name`` and, in order of preference, the names of the original it may be a resized copy of."""
    names = [name]
    bare = _GOOGLE_SUFFIX.sub("", name)
    for candidate in (bare, _WP_VARIANT.sub("", bare)):
        if candidate and candidate not in names:
            names.append(candidate)
    return names


def _inside(path: Path, root: Path) -> Path | None:
    """``path`` if it is an existing file that really lies in ``root`` (symlinks and ``..`` included)."""
    try:
        resolved = path.resolve()
    except (OSError, RuntimeError):
        return None
    return resolved if resolved.is_file() and resolved.is_relative_to(root) else None


def resolve_image(src: str, media_dir: Path) -> Path | None:
    """The local file of ``media_dir`` that image ``src`` shows, or ``None`` when there is none.

    Tries the URL's path tail (``2014/08/name.jpg``, then ``name.jpg``), then the original behind a size
    variant, then a unique case-insensitive match of the name anywhere in the folder.
    """
    root = Path(media_dir).resolve()
    if not src or not root.is_dir() or src.strip().lower().startswith("data:"):
        return None
    raw = [s for s in urlsplit(src.strip().replace("\\", "/")).path.split("/") if s]
    decoded = [unquote(s) for s in raw]
    if not raw or any(s in (".", "..") or "/" in s or "\\" in s or "\x00" in s for s in decoded):
        return None
    for segments in (decoded, raw) if decoded != raw else (decoded,):
        names = _originals(segments[-1])
        for name in names:
            for start in range(len(segments)):  # longest path tail first: 2014/08/a.jpg before a.jpg
                found = _inside(root.joinpath(*segments[start:-1], name), root)
                if found:
                    return found
    wanted = {n.casefold() for n in _originals(decoded[-1])}
    matches = [p for p in root.rglob("*") if p.name.casefold() in wanted and _inside(p, root)]
    return matches[0].resolve() if len(matches) == 1 else None


def normalise_url(url: str) -> str:
    """The form two links to the same article share: host and path only, host lower-case, no slash at the end."""
    parts = urlsplit(url.strip() if "://" in url or url.startswith("//") else "//" + url.strip())
    host = (parts.hostname or "").lower()
    if host.startswith("www."):
        host = host[4:]
    host = _BLOGSPOT.sub(".blogspot.com", host)
    try:
        port = parts.port
    except ValueError:  # "host:abc" is no port; keep the host alone
        port = None
    if port and port not in (80, 443):
        host = f"{host}:{port}"
    return host + unquote(parts.path).rstrip("/")


def article_links(export: Export) -> dict[str, str]:
    """Normalised URL → slug for every article that has a URL, so links can become appendix references."""
    links: dict[str, str] = {}
    for article in export.articles:
        if article.url:
            links.setdefault(normalise_url(article.url), article.slug)
    return links


def link_target(href: str, export: Export, links: dict[str, str]) -> str | None:
    """The slug of the article ``href`` points at, or ``None`` for any other address.

    Articles without a stored URL (Ghost without ``canonical_url``, Markdown folders) and relative links
    (Ghost's ``__GHOST_URL__/slug/``, WordPress's ``/2024/03/slug/``) are matched by the address the
    blog gives them: its site URL and the slug as the last segment of the path. Only links on the blog's
    own site, or relative ones, are matched that way, so a link to another site never becomes an appendix.
    """
    href = href.strip()
    if not href or href.startswith(("#", "mailto:", "tel:", "data:")):
        return None
    relative = not urlsplit(href).netloc and "://" not in href
    absolute = urljoin(export.site_url.rstrip("/") + "/", href) if relative and export.site_url else href
    found = links.get(normalise_url(absolute))
    if found or not (relative or normalise_url(export.site_url).split("/")[0] == normalise_url(href).split("/")[0]):
        return found
    segment = unquote(urlsplit(href).path).rstrip("/").rsplit("/", 1)[-1].removesuffix(".html")
    slugs = {a.slug for a in export.articles}
    return segment if segment in slugs else None
