"""Citations and bibliography: from ``[@key, p. 14]`` to HTML, through citeproc-py and a CSL style.

The Markdown plugin parses the inside of citation brackets with :func:`parse_cite`, then talks to a
:class:`Bibliography` in two passes, because an author–date style can only tell « Ford, 1980a » from
« Ford, 1980b » once it knows every work cited in the book::

    bibliography = Bibliography.load(Path("assets/references.bib"), Path("assets/csl/….csl"))
    for items in every_citation_in_document_order:      # pass 1: collect
        bibliography.register(items)                     # raises UnknownCitationError
    html = bibliography.cite(items)                      # pass 2: render, « (Ford, 1980, p. 12) »
    for key, entry_html in bibliography.entries():       # reference list, in the style's order
        ...

Errors an author can fix are reported so the caller can point at a file and line:

- :class:`~kambook.errors.SourceError` from :meth:`Bibliography.load` for an unreadable or malformed
  ``.bib``/``.json`` file or CSL style, with the line when it is known;
- :class:`UnknownCitationError` (a ``KeyError``) from :meth:`Bibliography.register` and
  :meth:`Bibliography.cite` for keys that are not in the bibliography; the caller owns the Markdown
  position, so it turns the error into a ``Problem`` (or checks ``key in bibliography.keys`` itself
  to gather every problem of a chapter at once);
- ``ValueError`` from :func:`parse_cite` for bracket text that is not a citation.

We do not use citeproc-py's own BibTeX reader: it drops ``institution`` and ``type`` (reports would
lose their publisher), has no line numbers in its errors, and relies on ``assert`` for syntax errors.
Instead BibTeX is converted here to CSL-JSON, the format citeproc-py reads most faithfully.
"""

from __future__ import annotations

import html
import json
import re
import unicodedata
import warnings
from bisect import bisect_right
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from difflib import get_close_matches
from functools import cmp_to_key
from pathlib import Path
from typing import Any

from citeproc import (
    Citation,
    CitationItem,
    CitationStylesBibliography,
    CitationStylesStyle,
    Locator,
    formatter,
)
from citeproc import VARIABLES as _CITEPROC_VARIABLES
from citeproc.source.json import CiteProcJSON
from citeproc.string import String
from lxml import etree

from kambook.errors import Location, SourceError, relpath
from kambook.text.language import detect_language

__all__ = [
    "LOCATOR_LABELS",
    "Bibliography",
    "CiteItem",
    "UnknownCitationError",
    "parse_cite",
]


# ---------------------------------------------------------------------------------------------
# Citation items and the bracket parser
# ---------------------------------------------------------------------------------------------


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
_CSL_LOCATOR_TYPES = frozenset(
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


# ---------------------------------------------------------------------------------------------
# Errors
# ---------------------------------------------------------------------------------------------


class UnknownCitationError(KeyError):
    """Keys cited in the text that the bibliography does not contain.

    A ``KeyError`` so that generic code can catch it as a failed lookup; it carries ``keys`` (in the
    order cited) and ``suggestions`` (key → close matches, for typos and case slips) so the caller
    can build one ``Problem`` per key with its Markdown location.
    """

    def __init__(self, keys: Sequence[str], suggestions: dict[str, list[str]]) -> None:
        self.keys = tuple(keys)
        self.suggestions = suggestions
        super().__init__(*self.keys)

    def __str__(self) -> str:
        parts = []
        for key in self.keys:
            hint = self.suggestions.get(key)
            parts.append(f"@{key}" + (f" (did you mean @{' or @'.join(hint)}?)" if hint else ""))
        noun = "key" if len(self.keys) == 1 else "keys"
        return f"unknown citation {noun} not in the bibliography: " + ", ".join(parts)


# ---------------------------------------------------------------------------------------------
# The bibliography
# ---------------------------------------------------------------------------------------------


class Bibliography:
    """The works of one book, rendered with one CSL style.

    Lifecycle: :meth:`register` every citation in document order, then :meth:`cite` and
    :meth:`entries`. The first render freezes the set of cited works, because sorting and the
    « 1980a/1980b » letters depend on all of them; registering a new key after that raises
    ``RuntimeError`` (registering known keys again is harmless, so a second output format may
    replay pass 1).
    """

    def __init__(
        self, source: CiteProcJSON, style: CitationStylesStyle, keys: dict[str, str]
    ) -> None:
        """Use :meth:`load`; ``keys`` maps each key as written in the file to citeproc's lowercase id."""
        self._source = source
        self._style = style
        citation = style.root.citation
        sort = citation.find("cs:sort", citation.nsmap) if citation is not None else None
        if sort is not None:
            # citeproc-py would re-sort the works of a citation comparing raw code points (« Éluard »
            # after « Zola »). Without the element it keeps the bibliography order, which we sort
            # with accent folding; our style sorts both lists the same way.
            citation.remove(sort)
        self._ids = keys
        self._engine = CitationStylesBibliography(style, source, formatter.html)
        self._cited: dict[str, str] = {}  # citeproc id -> key as written, in first-cited order
        self._order: list[CitationItem] = []
        self._frozen = False
        #: The line of each entry in the bibliography file, by key as written (0 when unknown).
        self.lines: dict[str, int] = {}
        self.path: Path | None = None

    @classmethod
    def load(cls, path: Path, style: Path) -> Bibliography:
        """Read a BibTeX (``.bib``) or CSL-JSON (``.json``) file and a CSL style.

        Raises ``SourceError`` naming the file (and the line when known) for anything an author
        can fix: unreadable file, syntax error, duplicate key, unknown entry type, invalid style.
        """
        path, style = Path(path), Path(style)
        suffix = path.suffix.lower()
        if suffix not in (".bib", ".json"):
            raise SourceError(
                f"unsupported bibliography format {path.suffix!r}: use .bib (BibTeX) or .json (CSL-JSON)",
                Location(relpath(path)),
            )
        text = _read_text(path, "bibliography")
        if suffix == ".bib":
            records = _bibtex_to_csl(text, relpath(path))
        else:
            records = _json_to_csl(text, relpath(path))
        keys: dict[str, str] = {}
        for record, _line in records:
            keys[record["id"]] = record["id"].lower()
        with warnings.catch_warnings():
            # citeproc-py warns about fields it ignores; we already dropped those it cannot use.
            warnings.simplefilter("ignore")
            try:
                source = CiteProcJSON([record for record, _ in records])
            except (TypeError, ValueError, KeyError, IndexError) as error:
                raise SourceError(f"invalid entry: {error}", Location(relpath(path))) from error
        bibliography = cls(source, _load_style(style), keys)
        bibliography.lines = {record["id"]: line or 0 for record, line in records}
        bibliography.path = path
        return bibliography

    def language(self, key: str) -> str | None:
        """The language a work is written in: its ``langid``/``language`` field (« english » or « en »),
        else what its title says; ``None`` when neither tells."""
        try:
            reference = self._source[self._ids[key]]
        except KeyError:
            return None
        declared = str(reference.get("language", "") or "").strip().lower()
        if declared:
            return LANGUAGE_NAMES.get(declared, declared.split("-")[0])
        title = re.sub(r"<[^>]+>", "", str(reference.get("title", "") or ""))
        return detect_language(title) if title else None

    @property
    def keys(self) -> frozenset[str]:
        """Every key of the bibliography file, as written there (matching is case-sensitive)."""
        return frozenset(self._ids)

    @property
    def hanging_indent(self) -> bool:
        """Whether the style asks for a hanging indent: citeproc-py only returns text, so the HTML
        and PDF templates have to apply it with CSS."""
        bibliography = self._style.root.bibliography
        return bibliography is not None and bibliography.get("hanging-indent") == "true"

    def register(self, items: Iterable[CiteItem]) -> None:
        """Record one citation, in document order, before anything is rendered.

        Raises :class:`UnknownCitationError` listing every unknown key of the citation (nothing is
        registered then), and ``RuntimeError`` for a new key after rendering has started.
        """
        items = list(items)
        self._check_known(items)
        new = [item for item in items if self._ids[item.key] not in self._cited]
        if not new:
            return
        if self._frozen:
            raise RuntimeError(
                "citations must all be registered before the first cite() or entries(): "
                + ", ".join(f"@{item.key}" for item in new)
            )
        citation = Citation([CitationItem(self._ids[item.key]) for item in new])
        self._engine.register(citation)
        for item in new:
            self._cited.setdefault(self._ids[item.key], item.key)

    def cite(
        self, items: Sequence[CiteItem], *, href: Callable[[str], str] | None = None
    ) -> str:
        """Render one in-text citation as HTML, e.g. ``(Webster et Wind, 1972, p. 14)``.

        Works appear in the style's order (author, then year), not necessarily the author's.
        ``href``, when given, maps a key to a URL and wraps each work (not its prefix or suffix)
        in ``<a href>``, since a citation of several works cannot be a single link.

        Raises :class:`UnknownCitationError` for unknown keys, ``RuntimeError`` for a known key
        that was never registered (a bug in the caller's first pass), ``ValueError`` for a locator
        label that is not a CSL locator type.
        """
        items = list(items)
        if not items:
            raise ValueError("a citation needs at least one work")
        self._check_known(items)
        missing = [item.key for item in items if self._ids[item.key] not in self._cited]
        if missing:
            raise RuntimeError(
                "cite() before register() for " + ", ".join(f"@{key}" for key in missing)
            )
        self._freeze()
        citation = Citation([self._citeproc_item(item, href) for item in items])
        citation.bibliography = self._engine
        rendered = self._engine.cite(citation, _never_called)
        return str(rendered)

    def entries(self) -> list[tuple[str, str]]:
        """Return ``(key, HTML)`` for every registered work, in the style's bibliography order."""
        self._freeze()
        bibliography = self._style.root.bibliography
        if bibliography is None:
            return []
        result = []
        for item in self._order:
            rendered = bibliography.layout.render_bibliography([item])
            if rendered:
                result.append((self._cited[item.key], _tidy_punctuation(str(rendered[0]))))
        return result

    # -- internals -----------------------------------------------------------------------------

    def _check_known(self, items: Sequence[CiteItem]) -> None:
        unknown = list(dict.fromkeys(item.key for item in items if item.key not in self._ids))
        if unknown:
            suggestions = {}
            for key in unknown:
                lowered = {known.lower(): known for known in self._ids}
                close = get_close_matches(key.lower(), list(lowered), n=2, cutoff=0.75)
                if close:
                    suggestions[key] = [lowered[match] for match in close]
            raise UnknownCitationError(unknown, suggestions)

    def _citeproc_item(self, item: CiteItem, href: Callable[[str], str] | None) -> CitationItem:
        """Translate a ``CiteItem``; citeproc-py pastes prefix and suffix in raw, so escape them."""
        options: dict[str, Any] = {}
        if item.locator:
            if item.label not in _CSL_LOCATOR_TYPES:
                raise ValueError(f"unknown locator label {item.label!r} for @{item.key}")
            options["locator"] = Locator(item.label, item.locator)
        prefix = html.escape(item.prefix, quote=False) + " " if item.prefix else ""
        suffix = html.escape(item.suffix, quote=False)
        if suffix and item.suffix[0] not in ",.;:)]!?":
            suffix = " " + suffix  # « p. 3 et passim », but « 1980, passim »
        if href is not None:
            prefix += f'<a href="{html.escape(href(item.key), quote=True)}">'
            suffix = "</a>" + suffix
        if prefix:
            options["prefix"] = prefix
        if suffix:
            options["suffix"] = suffix
        return CitationItem(self._ids[item.key], **options)

    def _freeze(self) -> None:
        """Sort the cited works and give year letters to works the text could not tell apart."""
        if self._frozen:
            return
        self._frozen = True
        self._order = self._sorted(list(self._engine.items))
        self._engine.items = list(self._order)
        self._engine.keys = [item.key for item in self._order]
        citation = self._style.root.citation
        if citation is not None and citation.get("disambiguate-add-year-suffix") == "true":
            self._add_year_suffixes()

    def _sorted(self, items: list[CitationItem]) -> list[CitationItem]:
        """Sort with the style's bibliography keys, comparing accent-folded text.

        citeproc-py compares raw code points, which would file « Éric » after « Zola »; we reuse its
        computation of each key and only change the comparison.
        """
        bibliography = self._style.root.bibliography
        sort = bibliography.find("cs:sort", bibliography.nsmap) if bibliography is not None else None
        if sort is None or not items:
            return items
        columns, descending = [], []
        for key in sort.findall("cs:key", sort.nsmap):
            columns.append([_collation_key(value) for value in key.sort_keys(items, bibliography.layout)])
            descending.append(key.get("sort", "ascending") == "descending")
        rows = [(index, [column[index] for column in columns]) for index in range(len(items))]

        def compare(left: tuple[int, list[Any]], right: tuple[int, list[Any]]) -> int:
            for a, b, desc in zip(left[1], right[1], descending):
                if a == b:
                    continue
                if a is None or b is None:  # works lacking the variable go last, as in CSL
                    return 1 if a is None else -1
                result = -1 if a < b else 1
                return -result if desc else result
            return left[0] - right[0]

        return [items[index] for index, _ in sorted(rows, key=cmp_to_key(compare))]

    def _add_year_suffixes(self) -> None:
        """Letter works whose bare citation renders identically, in bibliography order.

        citeproc-py 0.11 ignores ``disambiguate-add-year-suffix``; comparing rendered citations is
        exactly CSL's definition of ambiguity, and the style prints the ``year-suffix`` variable.
        Works are lettered even when CSL would first try adding names (not supported either).
        """
        probe = CitationStylesBibliography(self._style, self._source, formatter.html)
        groups: dict[str, list[str]] = {}
        for item in self._order:
            self._source[item.key].pop("year_suffix", None)
        for item in self._order:
            citation = Citation([CitationItem(item.key)])
            probe.register(citation)
            groups.setdefault(str(probe.cite(citation, _never_called)), []).append(item.key)
        for ids in groups.values():
            if len(ids) > 1:
                for number, citeproc_id in enumerate(ids):
                    self._source[citeproc_id]["year_suffix"] = String(_letters(number))


def _never_called(item: CitationItem) -> str:
    """citeproc-py's callback for unknown keys; we check keys before rendering, so this is a bug."""
    raise RuntimeError(f"citeproc-py did not find @{item.key}")


def _letters(number: int) -> str:
    """0 → a, 25 → z, 26 → aa: year suffixes as CSL defines them."""
    text = ""
    number += 1
    while number:
        number, rest = divmod(number - 1, 26)
        text = chr(ord("a") + rest) + text
    return text


def _collation_key(value: Any) -> str | None:
    """Fold accents and case and drop markup, so that sorting follows French dictionary order."""
    if value is None:
        return None
    text = html.unescape(re.sub(r"<[^>]+>", "", str(value)))
    decomposed = unicodedata.normalize("NFKD", text)
    folded = "".join(char for char in decomposed if not unicodedata.combining(char))
    return folded.replace("œ", "oe").replace("æ", "ae").casefold()


def _tidy_punctuation(text: str) -> str:
    """Drop the period the style adds after a title that already ends with ? or !.

    CSL cannot test the last character of a variable; citeproc-py only merges identical marks.
    """
    return re.sub(r"([?!])((?:</[a-z]+>)*)\.", r"\1\2", text)


# ---------------------------------------------------------------------------------------------
# Files
# ---------------------------------------------------------------------------------------------


def _read_text(path: Path, what: str) -> str:
    """Read UTF-8 text, reporting a bad byte by line rather than a traceback."""
    try:
        data = path.read_bytes()
    except OSError as error:
        message = f"cannot read {what}: {error.strerror or error}"
        raise SourceError(message, Location(relpath(path))) from error
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise SourceError(f"{what} is not valid UTF-8", Location(relpath(path), line)) from error


def _load_style(path: Path) -> CitationStylesStyle:
    """Load and validate a CSL style; citeproc-py only warns about invalid styles, we refuse them."""
    file = relpath(path)
    if not path.is_file():
        raise SourceError("citation style not found", Location(file))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            style = CitationStylesStyle(str(path), validate=True)
        except etree.XMLSyntaxError as error:
            message = f"citation style is not well-formed XML: {error.msg}"
            raise SourceError(message, Location(file, error.lineno or 0)) from error
        except (OSError, ValueError) as error:
            raise SourceError(f"cannot load citation style: {error}", Location(file)) from error
    for warning in caught:
        message = str(warning.message)
        if "schema validation" in message:
            detail = message.split("\n", 1)[-1].strip().splitlines()[0]
            found = re.match(r".*?:(\d+):\d+:.*?:(?:.*?:)*\s*(.*)$", detail)
            line = int(found.group(1)) if found else 0
            raise SourceError(f"citation style is not valid CSL: {detail}", Location(file, line))
    return style


# ---------------------------------------------------------------------------------------------
# CSL-JSON input
# ---------------------------------------------------------------------------------------------

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


def _json_to_csl(text: str, file: str) -> list[tuple[dict[str, Any], int]]:
    """Validate CSL-JSON and make its strings safe HTML for citeproc-py, which never escapes."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise SourceError(f"invalid JSON: {error.msg}", Location(file, error.lineno, error.colno)) from error
    if not isinstance(data, list):
        raise SourceError("a CSL-JSON bibliography must be a list of entries", Location(file, 1))
    records: list[tuple[dict[str, Any], int]] = []
    seen: dict[str, int] = {}
    for index, entry in enumerate(data):
        line = _json_entry_line(text, entry, index)
        where = Location(file, line)
        if not isinstance(entry, dict) or not isinstance(entry.get("id"), (str, int)):
            raise SourceError(f"entry {index + 1} has no \"id\"", where)
        key = str(entry["id"])
        if entry.get("type") not in _CSL_TYPES:
            raise SourceError(f"@{key}: unknown or missing CSL type {entry.get('type')!r}", where)
        _check_duplicate(seen, key, line, where)
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


def _check_duplicate(seen: dict[str, int], key: str, line: int, where: Location) -> None:
    """Keys are compared ignoring case because citeproc-py lowercases them internally."""
    previous = seen.get(key.lower())
    if previous is not None:
        raise SourceError(f"duplicate key {key!r} (already defined on line {previous})", where)
    seen[key.lower()] = line


# ---------------------------------------------------------------------------------------------
# BibTeX input
# ---------------------------------------------------------------------------------------------

_BIBTEX_TYPES = {
    "article": "article-journal",
    "book": "book",
    "mvbook": "book",
    "booklet": "pamphlet",
    "inbook": "chapter",
    "incollection": "chapter",
    "bookinbook": "chapter",
    "inproceedings": "paper-conference",
    "conference": "paper-conference",
    "proceedings": "book",
    "collection": "book",
    "manual": "book",
    "mastersthesis": "thesis",
    "phdthesis": "thesis",
    "thesis": "thesis",
    "techreport": "report",
    "report": "report",
    "misc": "article",
    "unpublished": "manuscript",
    "online": "webpage",
    "electronic": "webpage",
    "www": "webpage",
}
#: biblatex ``langid`` names and the language codes they stand for.
LANGUAGE_NAMES = {"english": "en", "american": "en", "british": "en", "french": "fr", "german": "de",
                  "ngerman": "de", "spanish": "es", "italian": "it"}
_THESIS_GENRES = {"mastersthesis": "mémoire de master", "phdthesis": "thèse de doctorat"}
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_MONTH_NAMES = {
    **{name: index + 1 for index, name in enumerate(_MONTHS)},
    **{name: index + 1 for index, name in enumerate(
        ("janv", "févr", "mars", "avr", "mai", "juin", "juil", "août", "sept", "oct", "nov", "déc")
    )},
}
# BibTeX field → CSL variable, for fields copied as (LaTeX-decoded) text.
_TEXT_FIELDS = {
    "title": "title",
    "shorttitle": "title-short",
    "journal": "container-title",
    "journaltitle": "container-title",
    "booktitle": "container-title",
    "shortjournal": "container-title-short",
    "publisher": "publisher",
    "address": "publisher-place",
    "location": "publisher-place",
    "type": "genre",
    "edition": "edition",
    "series": "collection-title",
    "chapter": "chapter-number",
    "volume": "volume",
    "issue": "issue",
    "note": "note",
    "isbn": "ISBN",
    "issn": "ISSN",
    "langid": "language",  # biblatex's name for the language of a work
    "language": "language",
}


class _BibTeXSyntaxError(Exception):
    def __init__(self, message: str, position: int) -> None:
        super().__init__(message)
        self.position = position


@dataclass
class _RawEntry:
    type: str
    key: str
    fields: dict[str, str]
    position: int


class _BibTeXReader:
    """A small BibTeX reader that remembers positions, for errors an author can find.

    Supports ``@string`` macros, ``#`` concatenation, ``{}``/``""``/bare values, ``@comment`` and
    ``@preamble`` (ignored), and ``%`` comment lines between entries.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0
        self.macros: dict[str, str] = {name: str(index + 1) for index, name in enumerate(_MONTHS)}
        self._line_starts = [0] + [match.end() for match in re.finditer("\n", text)]

    def location(self, file: str, position: int) -> Location:
        line = bisect_right(self._line_starts, position)
        return Location(file, line, position - self._line_starts[line - 1] + 1)

    def entries(self) -> list[_RawEntry]:
        result = []
        while self._next_entry():
            start = self.pos
            self.pos += 1
            kind = self._identifier().lower()
            if not kind:
                raise _BibTeXSyntaxError("expected an entry type after '@'", start)
            self._skip_space()
            opening = self._peek()
            if opening not in "{(" or not opening:
                raise _BibTeXSyntaxError(f"expected '{{' after @{kind}", self.pos)
            closing = "}" if opening == "{" else ")"
            self.pos += 1
            if kind == "comment":
                self._balanced(start, closing)
            elif kind == "preamble":
                self._value(start)
                self._expect(closing, "at the end of @preamble")
            elif kind == "string":
                name = self._identifier().lower()
                self._skip_space()
                self._expect("=", f"after @string name {name!r}")
                self.macros[name] = self._value(start)
                self._expect(closing, "at the end of @string")
            else:
                result.append(self._entry(kind, start, closing))
        return result

    def _entry(self, kind: str, start: int, closing: str) -> _RawEntry:
        self._skip_space()
        key_start = self.pos
        while self.pos < len(self.text) and self.text[self.pos] not in ",}) \t\r\n":
            self.pos += 1
        key = self.text[key_start : self.pos]
        if not key or "=" in key:
            raise _BibTeXSyntaxError(f"@{kind} entry has no key", key_start)
        fields: dict[str, str] = {}
        self._skip_space()
        if self._peek() == closing:
            self.pos += 1
            return _RawEntry(kind, key, fields, start)
        self._expect(",", f"after the key {key!r}")
        while True:
            self._skip_space()
            if self._peek() == closing:
                self.pos += 1
                return _RawEntry(kind, key, fields, start)
            name_start = self.pos
            name = self._identifier().lower()
            if not name:
                if self.pos >= len(self.text) or self._peek() == "@":
                    raise _BibTeXSyntaxError(f"entry {key!r} is not closed with '{closing}'", start)
                raise _BibTeXSyntaxError(f"expected a field name in entry {key!r}", self.pos)
            self._skip_space()
            self._expect("=", f"after field {name!r} in entry {key!r}")
            if name in fields:
                raise _BibTeXSyntaxError(f"field {name!r} given twice in entry {key!r}", name_start)
            fields[name] = self._value(name_start)
            if re.search(r"\n\s*[A-Za-z][\w-]*\s*=\s*[{\"\d]", fields[name]):
                # An unclosed brace swallows the next fields; say so instead of failing far below.
                raise _BibTeXSyntaxError(
                    f"field {name!r} of entry {key!r} runs into the next field: check its braces", name_start
                )
            self._skip_space()
            if self._peek() == ",":
                self.pos += 1
            elif self._peek() == closing:
                self.pos += 1
                return _RawEntry(kind, key, fields, start)
            else:
                raise _BibTeXSyntaxError(
                    f"expected ',' or '{closing}' after field {name!r} in entry {key!r}", self.pos
                )

    def _value(self, field_start: int) -> str:
        pieces = []
        while True:
            self._skip_space()
            char = self._peek()
            start = self.pos
            if char == "{":
                self.pos += 1
                pieces.append(self._balanced(start, "}"))
            elif char == '"':
                self.pos += 1
                pieces.append(self._quoted(start))
            elif char.isdigit():
                while self._peek().isdigit():
                    self.pos += 1
                pieces.append(self.text[start : self.pos])
            elif char.isalpha():
                name = self._identifier().lower()
                if name not in self.macros:
                    raise _BibTeXSyntaxError(f"undefined @string macro {name!r}", start)
                pieces.append(self.macros[name])
            else:
                raise _BibTeXSyntaxError("expected a value ({...}, \"...\", a number or a macro)", start)
            self._skip_space()
            if self._peek() != "#":
                return "".join(pieces)
            self.pos += 1

    def _balanced(self, start: int, closing: str) -> str:
        """Text up to the brace closing the one just read; ``start`` is where errors point."""
        depth = 0
        begin = self.pos
        while self.pos < len(self.text):
            char = self.text[self.pos]
            if char == "\\":
                self.pos += 2
                continue
            if char == "{":
                depth += 1
            elif char == "}" and depth:
                depth -= 1
            elif char == closing and depth == 0:
                self.pos += 1
                return self.text[begin : self.pos - 1]
            self.pos += 1
        raise _BibTeXSyntaxError(f"'{{' is never closed (missing '{closing}')", start)

    def _quoted(self, start: int) -> str:
        depth = 0
        begin = self.pos
        while self.pos < len(self.text):
            char = self.text[self.pos]
            if char == "\\":
                self.pos += 2
                continue
            if char == "{":
                depth += 1
            elif char == "}":
                depth -= 1
            elif char == '"' and depth == 0:
                self.pos += 1
                return self.text[begin : self.pos - 1]
            self.pos += 1
        raise _BibTeXSyntaxError("'\"' is never closed", start)

    def _next_entry(self) -> bool:
        """Move to the next '@' outside ``%`` comment lines; False at the end of the file."""
        while True:
            at = self.text.find("@", self.pos)
            if at < 0:
                self.pos = len(self.text)
                return False
            line_start = self.text.rfind("\n", 0, at) + 1
            if "%" in self.text[line_start:at]:
                end = self.text.find("\n", at)
                self.pos = len(self.text) if end < 0 else end
                continue
            self.pos = at
            return True

    def _identifier(self) -> str:
        start = self.pos
        while self.pos < len(self.text) and (self.text[self.pos].isalnum() or self.text[self.pos] in "_-:.+"):
            self.pos += 1
        return self.text[start : self.pos]

    def _skip_space(self) -> None:
        while self.pos < len(self.text) and self.text[self.pos].isspace():
            self.pos += 1

    def _peek(self) -> str:
        return self.text[self.pos] if self.pos < len(self.text) else ""

    def _expect(self, char: str, context: str) -> None:
        self._skip_space()
        if self._peek() != char:
            found = repr(self._peek()) if self._peek() else "end of file"
            raise _BibTeXSyntaxError(f"expected '{char}' {context}, found {found}", self.pos)
        self.pos += 1


def _bibtex_to_csl(text: str, file: str) -> list[tuple[dict[str, Any], int]]:
    """Read BibTeX and convert each entry to a CSL-JSON record whose strings are safe HTML."""
    reader = _BibTeXReader(text)
    try:
        raw_entries = reader.entries()
    except _BibTeXSyntaxError as error:
        raise SourceError(str(error), reader.location(file, error.position)) from error
    records: list[tuple[dict[str, Any], int]] = []
    seen: dict[str, int] = {}
    for entry in raw_entries:
        where = reader.location(file, entry.position)
        _check_duplicate(seen, entry.key, where.line, where)
        try:
            records.append((_bibtex_record(entry), where.line))
        except _LatexError as error:
            raise SourceError(f"@{entry.key}: {error}", where) from error
        except ValueError as error:
            raise SourceError(f"@{entry.key}: {error}", where) from error
    return records


def _bibtex_record(entry: _RawEntry) -> dict[str, Any]:
    if entry.type not in _BIBTEX_TYPES:
        known = ", ".join(sorted(_BIBTEX_TYPES))
        raise ValueError(f"unknown entry type @{entry.type} (known: {known})")
    fields = entry.fields
    csl_type = _BIBTEX_TYPES[entry.type]
    record: dict[str, Any] = {"id": entry.key, "type": csl_type}
    for field, variable in _TEXT_FIELDS.items():
        if field in fields and variable not in record:
            record[variable] = _latex_to_html(fields[field])
    for role in ("author", "editor"):
        if role in fields:
            record[role] = [_bibtex_name(name) for name in _split_names(fields[role])]
    if "number" in fields:
        # An article's number is its issue; elsewhere it is the report or series number.
        record["issue" if csl_type == "article-journal" else "number"] = _latex_to_html(fields["number"])
    if "pages" in fields:
        pages = re.sub(r"\s*(?:-+|–|—)\s*", "-", fields["pages"].strip())
        record["page"] = html.escape(pages, quote=False)
    for field in ("institution", "school", "organization"):
        if field in fields and "publisher" not in record:
            record["publisher"] = _latex_to_html(fields[field])
    if entry.type in _THESIS_GENRES and "genre" not in record:
        record["genre"] = _THESIS_GENRES[entry.type]
    if "doi" in fields:
        doi = re.sub(r"^(?:https?://(?:dx\.)?doi\.org/|doi:)", "", fields["doi"].strip(), flags=re.I)
        record["DOI"] = html.escape(doi, quote=False)
    if "url" in fields:
        record["URL"] = html.escape(fields["url"].strip(), quote=False)
    issued = _bibtex_date(fields)
    if issued:
        record["issued"] = issued
    if "urldate" in fields:
        record["accessed"] = _iso_date(fields["urldate"], "urldate")
    return record


def _bibtex_date(fields: dict[str, str]) -> dict[str, Any] | None:
    if "date" in fields:
        return _iso_date(fields["date"], "date")
    year = _latex_to_text(fields.get("year", "")).strip()
    if not year:
        return None
    if not year.isdigit():
        return {"literal": html.escape(year, quote=False)}
    parts = [int(year)]
    month = fields.get("month", "").strip().lower()
    if month:
        if month.isdigit() and 1 <= int(month) <= 12:
            parts.append(int(month))
        elif month[:4].rstrip(".") in _MONTH_NAMES or month[:3] in _MONTH_NAMES:
            parts.append(_MONTH_NAMES.get(month[:4].rstrip("."), _MONTH_NAMES.get(month[:3], 0)))
        else:
            raise ValueError(f"month {fields['month']!r} is not a month")
    return {"date-parts": [parts]}


def _iso_date(value: str, field: str) -> dict[str, Any]:
    """biblatex dates: ``2001``, ``2001-05``, ``2001-05-12``, ranges with ``/``."""
    ranges = []
    for part in value.strip().split("/"):
        found = re.fullmatch(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?", part.strip())
        if not found:
            raise ValueError(f"{field} {value!r} is not an ISO date (YYYY, YYYY-MM or YYYY-MM-DD)")
        ranges.append([int(number) for number in found.groups() if number])
    return {"date-parts": ranges}


def _split_names(value: str) -> list[str]:
    """Split a BibTeX name list on ``and`` outside braces."""
    names, depth, start = [], 0, 0
    for match in re.finditer(r"[{}]|\s+and\s+", value, flags=re.IGNORECASE):
        token = match.group()
        if token == "{":
            depth += 1
        elif token == "}":
            depth -= 1
        elif depth == 0:
            names.append(value[start : match.start()])
            start = match.end()
    names.append(value[start:])
    return [name.strip() for name in names if name.strip()]


def _bibtex_name(name: str) -> dict[str, str]:
    """Parse « First von Last », « von Last, First » or « von Last, Jr, First » (BibTeX's rules).

    The von part becomes a non-dropping particle, which the style demotes in the list (« Gaulle,
    C. de ») and keeps in the text (« de Gaulle »), as French usage has it. A name entirely in
    braces is an organisation and is printed as is.
    """
    if name.startswith("{") and name.endswith("}") and _balanced_group(name):
        return {"literal": _latex_to_html(name[1:-1])}
    parts = [_split_words(part) for part in _split_top(name, ",")]
    if len(parts) > 3 or not parts[0]:
        raise ValueError(f"cannot read the name {name!r}")
    jr: list[str] = []
    if len(parts) == 1:
        words = parts[0]
        # First: leading capitalised words; von: from the first lowercase word to the last one
        # before the final word; Last: the rest (at least one word).
        lower = [index for index, word in enumerate(words[:-1]) if _starts_lowercase(word)]
        if lower:
            first, von, last = words[: lower[0]], words[lower[0] : lower[-1] + 1], words[lower[-1] + 1 :]
        else:
            first, von, last = words[:-1], [], words[-1:]
    else:
        von_last = parts[0]
        first = parts[-1]
        if len(parts) == 3:
            jr = parts[1]
        lower = [index for index, word in enumerate(von_last[:-1]) if _starts_lowercase(word)]
        split = lower[-1] + 1 if lower else 0
        von, last = von_last[:split], von_last[split:]
    result = {
        "given": " ".join(first),
        "non-dropping-particle": " ".join(von),
        "family": " ".join(last),
        "suffix": " ".join(jr),
    }
    return {part: _latex_to_html(value) for part, value in result.items() if value}


def _balanced_group(text: str) -> bool:
    """True when the first brace of ``text`` closes at its very end (``{A} and {B}`` is not)."""
    depth = 0
    for index, char in enumerate(text):
        depth += {"{": 1, "}": -1}.get(char, 0)
        if depth == 0:
            return index == len(text) - 1
    return False


def _split_top(text: str, separator: str) -> list[str]:
    parts, depth, start = [], 0, 0
    for index, char in enumerate(text):
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
        elif char == separator and depth == 0:
            parts.append(text[start:index])
            start = index + 1
    parts.append(text[start:])
    return [part.strip() for part in parts]


def _split_words(text: str) -> list[str]:
    words, depth, current = [], 0, ""
    for char in text:
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
        if (char.isspace() or char == "~") and depth == 0:
            if current:
                words.append(current)
            current = ""
        else:
            current += char
    if current:
        words.append(current)
    return words


def _starts_lowercase(word: str) -> bool:
    """BibTeX's test for a von word: its first letter at brace level 0 (or in a {\\accent}) is
    lowercase; a word starting with a plain brace group is treated as capitalised."""
    if word.startswith("{") and not word.startswith("{\\"):
        return False
    for char in _latex_to_text(word):
        if char.isalpha():
            return char.islower()
    return False


# ---------------------------------------------------------------------------------------------
# LaTeX → HTML for field values
# ---------------------------------------------------------------------------------------------

_ACCENTS = {
    "'": "\u0301", "`": "\u0300", "^": "\u0302", '"': "\u0308", "~": "\u0303", "=": "\u0304",
    ".": "\u0307", "u": "\u0306", "v": "\u030c", "H": "\u030b", "c": "\u0327", "k": "\u0328",
    "r": "\u030a", "d": "\u0323", "b": "\u0331",
}
_SYMBOLS = {
    "ss": "ß", "o": "ø", "O": "Ø", "ae": "æ", "AE": "Æ", "oe": "œ", "OE": "Œ", "aa": "å", "AA": "Å",
    "l": "ł", "L": "Ł", "i": "ı", "j": "ȷ", "&": "&", "%": "%", "$": "$", "#": "#", "_": "_",
    "{": "{", "}": "}", " ": " ", ",": "\u202f", "\\": " ", "-": "", "/": "",
    "textendash": "–", "textemdash": "—", "ldots": "…", "dots": "…", "textellipsis": "…",
    "og": "«", "fg": "»", "guillemotleft": "«", "guillemotright": "»", "textquoteright": "’",
    "textquoteleft": "‘", "textdegree": "°", "euro": "€", "texteuro": "€", "copyright": "©",
    "textregistered": "®", "texttrademark": "™", "relax": "", "noopsort": "",
}
_STYLES = {"emph": "i", "textit": "i", "textsl": "i", "textbf": "b", "textsuperscript": "sup",
           "textsubscript": "sub"}


class _LatexError(ValueError):
    pass


class _Latex:
    """Turn the LaTeX found in bibliography fields into escaped HTML (accents, escapes, \\emph).

    Braces only protect case in BibTeX; the style never changes case, so they are dropped. Unknown
    commands are dropped but their argument is kept, which is what a reader would expect.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0

    def convert(self) -> str:
        result = self._until(closing=False)
        return unicodedata.normalize("NFC", re.sub(" {2,}", " ", result).strip())

    def _until(self, closing: bool) -> str:
        out: list[str] = []
        text = self.text
        while self.pos < len(text):
            char = text[self.pos]
            if char == "}":
                if closing:
                    self.pos += 1
                    return "".join(out)
                raise _LatexError("unbalanced '}'")
            if char == "{":
                self.pos += 1
                out.append(self._until(closing=True))
            elif char == "\\":
                out.append(self._command())
            elif char == "$":
                self.pos += 1
            elif char == "~":
                self.pos += 1
                out.append("\u00a0")
            elif char.isspace():
                while self.pos < len(text) and text[self.pos].isspace():
                    self.pos += 1
                out.append(" ")
            else:
                for source, target in (("---", "—"), ("--", "–"), ("``", "“"), ("''", "”")):
                    if text.startswith(source, self.pos):
                        out.append(target)
                        self.pos += len(source)
                        break
                else:
                    out.append(html.escape(char, quote=False))
                    self.pos += 1
        if closing:
            raise _LatexError("unclosed '{'")
        return "".join(out)

    def _command(self) -> str:
        text = self.text
        self.pos += 1
        if self.pos >= len(text):
            return ""
        if text[self.pos].isalpha():
            start = self.pos
            while self.pos < len(text) and text[self.pos].isalpha():
                self.pos += 1
            name = text[start : self.pos]
            while self.pos < len(text) and text[self.pos] in " \t\n":
                self.pos += 1
        else:
            name = text[self.pos]
            self.pos += 1
        if name in _ACCENTS:
            argument = self._argument()
            argument = {"ı": "i", "ȷ": "j"}.get(argument[:1], argument[:1]) + argument[1:]
            return argument[:1] + _ACCENTS[name] + argument[1:] if argument else ""
        if name in _SYMBOLS:
            return html.escape(_SYMBOLS[name], quote=False)
        if name in _STYLES:
            tag = _STYLES[name]
            return f"<{tag}>{self._argument()}</{tag}>"
        if name == "href":
            self._argument()
        return self._argument() if self._peek() == "{" else ""

    def _argument(self) -> str:
        if self._peek() == "{":
            self.pos += 1
            return self._until(closing=True)
        if self._peek() == "\\":
            return self._command()
        char = self._peek()
        self.pos += 1 if char else 0
        return html.escape(char, quote=False)

    def _peek(self) -> str:
        return self.text[self.pos] if self.pos < len(self.text) else ""


def _latex_to_html(text: str) -> str:
    return _Latex(text).convert()


def _latex_to_text(text: str) -> str:
    """Plain text, for tests on content (name case, years) rather than for output."""
    try:
        return html.unescape(re.sub(r"<[^>]+>", "", _latex_to_html(text)))
    except _LatexError:
        return text
