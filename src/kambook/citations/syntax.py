"""Citation syntax: the inside of ``[@key, p. 14]`` as the author typed it.

Kept apart from the engine so that the Markdown side can read a citation, and report a malformed
one at its line, without loading citeproc-py or any bibliography.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["CSL_LOCATOR_TYPES", "LOCATOR_LABELS", "CiteItem", "parse_cite"]


@dataclass(frozen=True)
class CiteItem:
    """One work cited inside a pair of brackets, as the author typed it.

    ``label`` is a CSL locator type (``page``, ``chapter``, ``section``…) so that the style, not the
    author, decides how it is abbreviated. ``prefix`` and ``suffix`` are plain text (escaped when
    rendered); ``suffix`` keeps its leading punctuation, e.g. ``", passim"``.
    """

    key: str
    locator: str = ""
    label: str = "page"
    prefix: str = ""
    suffix: str = ""


#: Locator labels an author may type, in French or in the usual English abbreviations, and the CSL
#: locator type each one means. Matching ignores case.
LOCATOR_LABELS: dict[str, str] = {
    "p.": "page",
    "pp.": "page",
    "page": "page",
    "pages": "page",
    "chap.": "chapter",
    "ch.": "chapter",
    "chapitre": "chapter",
    "chapitres": "chapter",
    "sect.": "section",
    "section": "section",
    "sections": "section",
    "§": "section",
    "§§": "section",
    "vol.": "volume",
    "volume": "volume",
    "volumes": "volume",
    "fig.": "figure",
    "figure": "figure",
    "figures": "figure",
    "n.": "note",
    "note": "note",
    "notes": "note",
}

# Locator types of CSL 1.0.1: a label outside this set would render as nothing at all.
CSL_LOCATOR_TYPES = frozenset(
    "book chapter column figure folio issue line note opus page paragraph part section "
    "sub-verbo verse volume".split()
)

# A key starts and ends with a word character; inner punctuation is allowed as in Pandoc, so that a
# sentence full stop or comma right after the key is not swallowed.
_KEY_RE = re.compile(r"(?<![\w@])(?P<suppress>-?)@(?P<key>\w(?:[\w:.#$%&+?<>~/-]*\w)?)")
_LABEL_RE = re.compile(
    "|".join(
        re.escape(label) + ("" if label.endswith((".", "§")) else r"\b")
        for label in sorted(LOCATOR_LABELS, key=len, reverse=True)
    ),
    re.IGNORECASE,
)
# A locator token is a number (« 14 », « 14a ») or a roman numeral, and must stand alone so that
# « cf. » or « note » are never mistaken for one.
_TOKEN = r"(?:\d+[a-z]?|[ivxlcdm]+|[IVXLCDM]+)(?=$|[\s,;–—-])"
_SPAN = rf"{_TOKEN}(?:\s*[-–—]\s*{_TOKEN})?"
_LOCATOR_RE = re.compile(rf"{_SPAN}(?:\s*,\s*{_SPAN})*")


def parse_cite(text: str) -> list[CiteItem]:
    """Parse the inside of citation brackets: ``"voir @ford1980, p. 340-345; @ojasalo2001"``.

    Works are separated by ``;``. Each is ``[prefix] @key [, [label] locator] [suffix]``; a bare
    number is a page. Text after the key that is not a locator becomes the suffix, so unusual
    forms (``@ford1980, passim``) are still printed verbatim rather than rejected.

    Raises ``ValueError`` (the caller knows the Markdown position) when a part has no key, several
    keys, or uses Pandoc's author suppression ``-@key``, which the style cannot render.
    """
    items: list[CiteItem] = []
    for part in text.split(";"):
        part = " ".join(part.split())
        if not part:
            raise ValueError(f"empty citation in [{text}]")
        matches = list(_KEY_RE.finditer(part))
        if not matches:
            raise ValueError(f"no citation key (@key) in [{text}]: {part!r}")
        if len(matches) > 1:
            raise ValueError(f"several keys in one citation part, separate them with ';': {part!r}")
        match = matches[0]
        if match.group("suppress"):
            raise ValueError(f"-@{match.group('key')}: hiding the author is not supported")
        prefix = part[: match.start()].strip()
        locator, label, suffix = _parse_locator(part[match.end() :].strip())
        items.append(CiteItem(match.group("key"), locator, label, prefix, suffix))
    return items


def _parse_locator(rest: str) -> tuple[str, str, str]:
    """Split what follows a key into (locator, CSL label, suffix)."""
    if not rest.startswith(","):
        return "", "page", rest
    body = rest[1:].lstrip()
    label = "page"
    labelled = _LABEL_RE.match(body)
    if labelled:
        label = LOCATOR_LABELS[labelled.group().lower()]
        value_text = body[labelled.end() :].lstrip()
    elif body[:1].isdigit():
        value_text = body
    else:
        return "", "page", rest
    value = _LOCATOR_RE.match(value_text)
    if not value:
        return "", "page", rest
    locator = re.sub(r"\s*[-–—]\s*", "-", value.group())
    return locator, label, value_text[value.end() :].strip()
