"""The citeproc-py wrapper: one book's works, rendered with one CSL style, in two passes.

An author–date style can only tell « Ford, 1980a » from « Ford, 1980b » once it knows every work
cited in the book, so citations are all registered first, then rendered::

    bibliography = Bibliography.load(Path("assets/references.bib"), Path("assets/csl/….csl"))
    for items in every_citation_in_document_order:      # pass 1: collect
        bibliography.register(items)                     # raises UnknownCitationError
    html = bibliography.cite(items)                      # pass 2: render, « (Ford, 1980, p. 12) »
    for key, entry_html in bibliography.entries():       # reference list, in the style's order
        ...

What citeproc-py 0.11 gets wrong is patched through :mod:`.style` (sorting, year letters, punctuation).
"""

from __future__ import annotations

import html
import re
import warnings
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, Locator, formatter
from citeproc.source.json import CiteProcJSON
from citeproc.string import String

from kambook.errors import Location, SourceError, relpath
from kambook.text.language import detect_language

from .files import read_records, unknown_keys
from .style import flip_nested_italics, letters, load_style, sort_items, tidy_punctuation
from .syntax import CSL_LOCATOR_TYPES, CiteItem

__all__ = ["LANGUAGE_NAMES", "Bibliography", "UnknownCitationError"]

#: biblatex ``langid`` names and the language codes they stand for.
LANGUAGE_NAMES = {"english": "en", "american": "en", "british": "en", "french": "fr", "german": "de",
                  "ngerman": "de", "spanish": "es", "italian": "it"}


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
            # in French order (style.collation_key); our style sorts both lists the same way.
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
        records = read_records(path)
        keys = {record["id"]: record["id"].lower() for record, _line in records}
        with warnings.catch_warnings():
            # citeproc-py warns about fields it ignores; we already dropped those it cannot use.
            warnings.simplefilter("ignore")
            try:
                source = CiteProcJSON([record for record, _ in records])
            except (TypeError, ValueError, KeyError, IndexError) as error:
                raise SourceError(f"invalid entry: {error}", Location(relpath(path))) from error
        bibliography = cls(source, load_style(style), keys)
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
        return flip_nested_italics(str(rendered))

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
                result.append((self._cited[item.key], flip_nested_italics(tidy_punctuation(str(rendered[0])))))
        return result

    # -- internals -----------------------------------------------------------------------------

    def _check_known(self, items: Sequence[CiteItem]) -> None:
        unknown = unknown_keys((item.key for item in items), self._ids)
        if unknown:
            raise UnknownCitationError(list(unknown), {key: close for key, close in unknown.items() if close})

    def _citeproc_item(self, item: CiteItem, href: Callable[[str], str] | None) -> CitationItem:
        """Translate a ``CiteItem``; citeproc-py pastes prefix and suffix in raw, so escape them."""
        options: dict[str, Any] = {}
        if item.locator:
            if item.label not in CSL_LOCATOR_TYPES:
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
        self._order = sort_items(self._style, list(self._engine.items))
        self._engine.items = list(self._order)
        self._engine.keys = [item.key for item in self._order]
        citation = self._style.root.citation
        if citation is not None and citation.get("disambiguate-add-year-suffix") == "true":
            self._add_year_suffixes()

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
                    self._source[citeproc_id]["year_suffix"] = String(letters(number))


def _never_called(item: CitationItem) -> str:
    """citeproc-py's callback for unknown keys; we check keys before rendering, so this is a bug."""
    raise RuntimeError(f"citeproc-py did not find @{item.key}")

