"""The CSL style and what citeproc-py 0.11 gets wrong with it: loading, collation, year letters, punctuation.

citeproc-py only warns about an invalid style; we refuse it with the file and line. It compares raw
code points when sorting (« Éluard » after « Zola »), ignores ``disambiguate-add-year-suffix`` and
leaves a period after a title ending in « ? ». The engine calls these helpers instead; they are kept
apart so that each patch says which citeproc-py behaviour it replaces (the version is pinned).
"""

from __future__ import annotations

import html
import re
import warnings
from functools import cmp_to_key
from pathlib import Path
from typing import Any

from citeproc import CitationItem, CitationStylesStyle
from lxml import etree

from kambook.errors import Location, SourceError, relpath
from kambook.text.collation import sort_key

__all__ = ["collation_key", "flip_nested_italics", "letters", "load_style", "sort_items", "tidy_punctuation"]


def load_style(path: Path) -> CitationStylesStyle:
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


def sort_items(style: CitationStylesStyle, items: list[CitationItem]) -> list[CitationItem]:
    """Sort with the style's bibliography keys, comparing them in French order (``collation_key``).

    citeproc-py compares raw code points, which would file « Éric » after « Zola »; we reuse its
    computation of each key and only change the comparison.
    """
    bibliography = style.root.bibliography
    sort = bibliography.find("cs:sort", bibliography.nsmap) if bibliography is not None else None
    if sort is None or not items:
        return items
    columns, descending = [], []
    for key in sort.findall("cs:key", sort.nsmap):
        columns.append([collation_key(value) for value in key.sort_keys(items, bibliography.layout)])
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


def letters(number: int) -> str:
    """0 → a, 25 → z, 26 → aa: year suffixes as CSL defines them."""
    text = ""
    number += 1
    while number:
        number, rest = divmod(number - 1, 26)
        text = chr(ord("a") + rest) + text
    return text


def collation_key(value: Any) -> tuple | None:
    """The book's French collation of the text without markup, word by word (« Martin, J. » before
    « Martinez, A. »): accents compared from the end, case, then punctuation break ties."""
    if value is None:
        return None
    return sort_key(html.unescape(re.sub(r"<[^>]+>", "", str(value))), by_word=True)


def tidy_punctuation(text: str) -> str:
    """Drop the period the style adds after a title that already ends with ? or !.

    CSL cannot test the last character of a variable; citeproc-py only merges identical marks.
    """
    return re.sub(r"([?!])((?:</[a-z]+>)*)\.", r"\1\2", text)


_ITALIC_TAG = re.compile(r"<(/?)i>")


def flip_nested_italics(text: str) -> str:
    """Emphasis inside italics prints upright: an ``<i>`` within an ``<i>`` (``\\emph{…}`` in a title the
    style sets in italics) becomes ``<span class="upright">`` (``font-style: normal`` in the print and
    web styles), and italics again one level further in.

    citeproc-py nests the markup of a value inside the style's own ``<i>``; browsers and WeasyPrint
    would show both in italics and lose the emphasis.
    """
    opened: list[str] = []

    def flip(match: re.Match[str]) -> str:
        if match.group(1):
            return "</span>" if opened and opened.pop() == "span" else "</i>"
        opened.append("span" if len(opened) % 2 else "i")
        return '<span class="upright">' if opened[-1] == "span" else "<i>"

    return _ITALIC_TAG.sub(flip, text)
