"""Small conversions every adapter needs, written once so all formats agree on them.

Dates always end up tz-aware in the blog's own offset (its local day is the one readers saw), languages as a bare primary subtag ("fr"), slugs decoded and safe as file names, names and titles as plain text, and every
body goes through the same sanitiser, so two exports of the same blog compare equal.
"""

from __future__ import annotations

import html
import json
import re
import unicodedata
from datetime import datetime, timezone, tzinfo
from urllib.parse import unquote
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any, Iterable, Iterator

from markdown_it import MarkdownIt

from kambook.cms.article import Access, Article, Kind, Status
from kambook.cms.embeds import convert_embeds
from kambook.cms.language import detect_html
from kambook.cms.sanitize import image_sources, sanitize_html
from kambook.cms.xmlsafe import read_bytes
from kambook.errors import ExportError, Location
from kambook.text.slugs import slugify

_MARKDOWN = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])


def parse_date(value: Any, zone: tzinfo | None = None) -> datetime | None:
    """Read the date spellings CMSs use (ISO 8601, RFC 822, epoch milliseconds), keeping their offset.

    The offset matters: an evening post in UTC-5 is on the previous day in UTC, and the book must print
    (and select by) the day the blog showed. ``zone`` is the blog's time zone when the export has one
    (Ghost's ``timezone`` setting): dates are moved into it. A date without a zone is taken in ``zone``,
    or UTC when the export does not say which zone it meant. Placeholders such as WordPress's
    ``0000-00-00 00:00:00`` or an epoch-zero RSS date mean "no date", not 1970.
    """
    if value is None or value == "" or isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        seconds = value / 1000 if abs(value) > 10**11 else value
        return datetime.fromtimestamp(seconds, tz=zone or timezone.utc) if seconds > 0 else None
    text = str(value).strip()
    if not text or text.startswith("0000-00-00"):
        return None
    if text.isdigit():
        return parse_date(int(text), zone)
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00").replace(" ", "T", 1))
    except ValueError:
        try:
            moment = parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=zone or timezone.utc)
    elif zone is not None:
        moment = moment.astimezone(zone)
    return None if moment.timestamp() <= 0 else moment


def local_date(local: Any, utc: Any) -> datetime | None:
    """A date given twice, as local wall time and as UTC (WordPress), with the offset their gap makes."""
    wall, moment = parse_date(local), parse_date(utc)
    if wall is None or moment is None:
        return wall or moment
    offset = wall.replace(tzinfo=None) - moment.replace(tzinfo=None)
    if abs(offset.total_seconds()) > 14 * 3600:  # no zone is that far: the two disagree, trust UTC
        return moment
    return moment.astimezone(timezone(offset))


def plain_text(text: Any) -> str:
    """Titles and names as text: tags dropped, entities decoded once (exports escape them, some twice).

    Escaping for HTML happens once, where the text is rendered; an ``&#039;`` left here would be escaped
    again there and print as « O&#039;Farrell ».
    """
    return re.sub(r"\s+", " ", _TAG.sub("", html.unescape(str(text or "")))).strip()


def safe_slug(slug: str) -> str:
    """A slug as the site's file names and links can both use: percent-decoded, one path segment.

    WordPress stores non-ASCII slugs percent-encoded (``%ec%84%9c``); a file named that way cannot be
    reached by its own (decoded) link. Letters of any script and emoji stay; separators, dots and URL
    syntax become hyphens; invisible controls (a right-to-left override would disguise the name) go.
    """
    text = unicodedata.normalize("NFC", unquote(str(slug or "")).strip())
    text = "".join(c for c in text if unicodedata.category(c) not in ("Cc", "Cf"))
    return _UNSAFE.sub("-", text).strip("-_")[:120].strip("-_")


def language(code: Any) -> str:
    """``fr-BE``, ``en_US`` or ``FR`` all become the primary subtag that hyphenation needs."""
    if not isinstance(code, str):
        return ""
    return re.split(r"[-_]", code.strip(), maxsplit=1)[0].lower()


# The inline markup a CMS lets an author put in a title; « <html> » written as a word is text, not a tag.
_TAG = re.compile(r"</?(?:em|i|strong|b|sup|sub|span|small|code|s|u|mark|abbr|a|br|del|ins|q|cite|font)"
                  r"(?:\s[^<>]*)?/?>", re.IGNORECASE)
# What a slug may not hold to stay one file name and one link: separators, URL syntax, spaces, controls.
_UNSAFE = re.compile(r"[\s/\\?#%&:;<>\"'|*.]+")


def unique(values: Iterable[str]) -> tuple[str, ...]:
    """Keep order, drop blanks and repeats: tag and author lists are joined from several places."""
    return tuple(dict.fromkeys(v.strip() for v in values if v and v.strip()))


def load_json(path: Path, text: str | None = None) -> Any:
    """Parse a JSON export; a syntax error names its line and column instead of raising a traceback."""
    if text is None:
        raw = read_bytes(path)
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise ExportError(f"the export is not UTF-8 (byte {error.start}); save it as UTF-8",
                              Location(str(path))) from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        advice = ("the file is empty or truncated: export it again" if error.pos >= len(text.rstrip())
                  else "the file is not valid JSON: export it again, or fix it at this place")
        reason = error.msg.removesuffix(" at")
        raise ExportError(f"{reason} at line {error.lineno}, column {error.colno}; {advice}",
                          Location(str(path), error.lineno, error.colno)) from None
    except RecursionError:
        raise ExportError("the JSON nests too deeply to be an export", Location(str(path))) from None


def json_lines(file: Path, again: str) -> Iterator[tuple[int, Any]]:
    """The (line number, value) of each non-blank line of a JSON Lines file (Strapi, Sanity); a damaged line
    is reported with its place and ``again``, the command that exports it anew."""
    text = read_bytes(file).decode("utf-8-sig", errors="replace")
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            yield number, json.loads(line)
        except json.JSONDecodeError as error:
            raise ExportError(f"{error.msg} at line {number}, column {error.colno}; the export is truncated or "
                              f"damaged: run `{again}` again", Location(str(file), number, error.colno)) from None


def markdown_to_html(text: str) -> str:
    """Render Markdown bodies (Contentful, Strapi, folders); raw HTML inside is sanitised afterwards."""
    return _MARKDOWN.render(text or "")


def require(value: Any, what: str, path: Path, where: str) -> Any:
    """Refuse an article missing a field without which it cannot be identified."""
    if value is None or value == "" or value == []:
        raise ExportError(f"{where} has no {what}: every article needs one; fix the export or the CMS entry",
                          Location(str(path)))
    return value


def make_article(*, source_id: str, slug: str, title: str, published: datetime | None,
                 updated: datetime | None = None, authors: Iterable[str] = (), language_code: str = "",
                 tags: Iterable[str] = (), status: Status = "published", kind: Kind = "post",
                 url: str = "", body: str = "", source_format: str, access: Access = "public",
                 access_reason: str = "", notes: Iterable[str] = ()) -> Article:
    """Build an ``Article``, converting embeds, sanitising the body and cleaning names, slug and title so no
    adapter can forget to.

    A restricted article keeps no body at all: it is never printed, so nothing downstream may hold its text.
    ``notes`` are the adapter's own conversions (shortcodes); each becomes a warning naming the article. An
    export that declares no language gets the one its body is written in (``""`` when it cannot tell).
    """
    title = plain_text(title)
    body, embed_notes = convert_embeds(body) if access == "public" else ("", [])
    body_html = sanitize_html(body)
    label = title or slug or str(source_id)
    code = language(language_code) or language(detect_html(body_html) or "")
    return Article(
        source_id=str(source_id), slug=safe_slug(slug) or slugify(title) or safe_slug(str(source_id)),
        title=title, published=published, updated=updated, authors=unique(plain_text(a) for a in authors),
        language=code,
        tags=unique(tags), status=status, kind=kind, url=url, body_html=body_html,
        images=image_sources(body_html), source_format=source_format, access=access,
        access_reason=access_reason if access != "public" else "",
        warnings=tuple(f"article « {label} »: {note}" for note in (*notes, *embed_notes)) if access == "public" else (),
    )
