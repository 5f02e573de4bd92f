"""CSL-JSON bibliographies: checked entry by entry, with the line each entry starts on.

CSL-JSON is what citeproc-py reads most faithfully, so the BibTeX reader converts to it too. The
json module keeps no positions; an entry's line is found from where its ``"id"`` is written, which
is enough for an author to find a bad entry. citeproc-py never escapes what it pastes into HTML,
so every string is made safe here, keeping only CSL-JSON's own inline tags.
"""

from __future__ import annotations

import html
import json
import re
from typing import Any

from citeproc import VARIABLES as _CITEPROC_VARIABLES

from kambook.errors import Location, SourceError

__all__ = ["Record", "json_to_csl"]

#: A CSL-JSON entry ready for citeproc-py, and the line of the bibliography file it starts on (0: unknown).
Record = tuple[dict[str, Any], int]

_CSL_TYPES = frozenset(
    "article article-journal article-magazine article-newspaper bill book broadcast chapter "
    "dataset entry entry-dictionary entry-encyclopedia figure graphic interview legal_case "
    "legislation manuscript map motion_picture musical_score pamphlet paper-conference patent "
    "personal_communication post post-weblog report review review-book song speech thesis "
    "treaty webpage".split()
)
_NAME_FIELDS = ("family", "given", "suffix", "dropping-particle", "non-dropping-particle", "literal")
_NAME_VARIABLES = frozenset(
    "author collection-editor composer container-author editor editorial-director illustrator "
    "interviewer original-author recipient translator".split()
)
_DATE_VARIABLES = frozenset("accessed container event-date issued original-date submitted".split())
_KNOWN_VARIABLES = frozenset(name.replace("_", "-") for name in _CITEPROC_VARIABLES) | {"title-short"}
# CSL-JSON rich text: the only markup kept; everything else is escaped.
_JSON_TAG_RE = re.compile(r"(</?(?:i|b|sup|sub)>|<span class=\"nocase\">|</span>)")


def json_to_csl(text: str, file: str) -> list[Record]:
    """Validate CSL-JSON and make its strings safe HTML for citeproc-py, which never escapes.

    Duplicate keys are left to the caller, which checks both formats the same way.
    """
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise SourceError(f"invalid JSON: {error.msg}", Location(file, error.lineno, error.colno)) from error
    if not isinstance(data, list):
        raise SourceError("a CSL-JSON bibliography must be a list of entries", Location(file, 1))
    records: list[Record] = []
    for index, entry in enumerate(data):
        line = _json_entry_line(text, entry, index)
        where = Location(file, line)
        if not isinstance(entry, dict) or not isinstance(entry.get("id"), (str, int)):
            raise SourceError(f"entry {index + 1} has no \"id\"", where)
        key = str(entry["id"])
        if entry.get("type") not in _CSL_TYPES:
            raise SourceError(f"@{key}: unknown or missing CSL type {entry.get('type')!r}", where)
        record: dict[str, Any] = {"id": key, "type": entry["type"]}
        for name, value in entry.items():
            if name in ("id", "type") or name not in _KNOWN_VARIABLES:
                continue
            try:
                record[name] = _json_value(name, value)
            except (TypeError, ValueError, AttributeError) as error:
                raise SourceError(f"@{key}: invalid {name!r}: {error}", where) from error
        records.append((record, line))
    return records


def _json_value(name: str, value: Any) -> Any:
    if name in _NAME_VARIABLES:
        names = []
        for person in value:
            parts = {part: _json_rich_text(str(person[part])) for part in _NAME_FIELDS if part in person}
            names.append(parts)
            if not names[-1]:
                raise ValueError("a name needs family, given or literal")
        return names
    if name in _DATE_VARIABLES:
        if not isinstance(value, dict):
            raise TypeError("a date must be an object with date-parts or literal")
        date = {part: value[part] for part in ("date-parts", "literal", "circa", "season") if part in value}
        for parts in date.get("date-parts", []):
            [int(number) for number in parts]
        return date
    if isinstance(value, (int, float)):
        return value
    if name in ("URL", "DOI"):
        return html.escape(str(value), quote=False)
    return _json_rich_text(str(value))


def _json_rich_text(value: str) -> str:
    """Escape text but keep CSL-JSON's inline tags; ``nocase`` spans are dropped (no casing here)."""
    parts = _JSON_TAG_RE.split(value)
    return "".join(
        ("" if "span" in part else part) if index % 2 else html.escape(part, quote=False)
        for index, part in enumerate(parts)
    )


def _json_entry_line(text: str, entry: Any, index: int) -> int:
    """Best-effort line of an entry: where its ``"id"`` is written (the json module keeps no lines)."""
    if isinstance(entry, dict) and "id" in entry:
        found = re.search(r'"id"\s*:\s*' + re.escape(json.dumps(entry["id"])), text)
        if found:
            return text.count("\n", 0, found.start()) + 1
    return 0
