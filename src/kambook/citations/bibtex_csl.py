"""A BibTeX entry as a CSL-JSON record, the format citeproc-py reads most faithfully.

We do not use citeproc-py's own BibTeX reader: it drops ``institution`` and ``type`` (reports would
lose their publisher), has no line numbers in its errors, and relies on ``assert`` for syntax
errors. Names are split by bibtexparser's name splitter (BibTeX's « First von Last », « von Last,
Jr, First » rules); every text goes through :mod:`.latex`, which makes it safe HTML.
"""

from __future__ import annotations

import html
import re
from typing import Any

from bibtexparser.middlewares.names import (
    InvalidNameError,
    parse_single_name_into_parts,
    split_multiple_persons_names,
)

from .bibtex import MONTH_MACROS, BibEntry
from .latex import latex_to_html, latex_to_text

__all__ = ["bibtex_record"]

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
_THESIS_GENRES = {"mastersthesis": "mémoire de master", "phdthesis": "thèse de doctorat"}
_MONTH_NAMES = {
    **{name: int(number) for name, number in MONTH_MACROS.items()},
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


def bibtex_record(entry: BibEntry) -> dict[str, Any]:
    if entry.type not in _BIBTEX_TYPES:
        known = ", ".join(sorted(_BIBTEX_TYPES))
        raise ValueError(f"unknown entry type @{entry.type} (known: {known})")
    fields = entry.fields
    csl_type = _BIBTEX_TYPES[entry.type]
    record: dict[str, Any] = {"id": entry.key, "type": csl_type}
    for field, variable in _TEXT_FIELDS.items():
        if field in fields and variable not in record:
            record[variable] = latex_to_html(fields[field])
    for role in ("author", "editor"):
        if role in fields:
            record[role] = _names(fields[role])
    if "number" in fields:
        # An article's number is its issue; elsewhere it is the report or series number.
        record["issue" if csl_type == "article-journal" else "number"] = latex_to_html(fields["number"])
    if "pages" in fields:
        pages = re.sub(r"\s*(?:-+|–|—)\s*", "-", fields["pages"].strip())
        record["page"] = html.escape(pages, quote=False)
    for field in ("institution", "school", "organization"):
        if field in fields and "publisher" not in record:
            record["publisher"] = latex_to_html(fields[field])
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
    year = latex_to_text(fields.get("year", "")).strip()
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


def _names(value: str) -> list[dict[str, str]]:
    """A BibTeX name list as CSL names.

    ``and others`` becomes a last name « al. » printed as is: the style joins the last name with its
    « et » term, so the list reads « Dupont, J., Martin, A. et al. » and a citation « (Dupont et al.) ».

    The von part becomes a non-dropping particle, which the style demotes in the list (« Gaulle,
    C. de ») and keeps in the text (« de Gaulle »), as French usage has it. A name entirely in
    braces is an organisation and is printed as is.
    """
    names = []
    for name in split_multiple_persons_names(value):
        if name == "others":
            names.append({"literal": "al."})
            continue
        if re.fullmatch(r"\{[^{}]*(?:\{[^{}]*\}[^{}]*)*\}", name):
            names.append({"literal": latex_to_html(name[1:-1])})
            continue
        try:
            parts = parse_single_name_into_parts(name, strict=True)
        except InvalidNameError as error:  # « … into parts: Too many commas »
            raise ValueError(f"cannot read the name {name!r}: {str(error).rsplit(': ', 1)[-1].lower()}") from error
        if not parts.last:
            raise ValueError(f"cannot read the name {name!r}: it has no last name")
        result = {"given": parts.first, "non-dropping-particle": parts.von, "family": parts.last,
                  "suffix": parts.jr}
        names.append({part: latex_to_html(" ".join(words)) for part, words in result.items() if words})
    return names
