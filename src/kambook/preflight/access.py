"""Screen-edition rules: what a PDF/UA checker and a reader with a screen reader or a search box meet.

The screen PDF claims PDF/UA-1. These rules look where such a reader looks: the structure element that
holds each link, the words a link is announced with, the text a copy or a search returns (a hyphen added
at a line break must not become part of a word), the language of English passages, footnotes as notes,
figures with a description, and pages with nothing on them. Same convention as ``rules``.
"""

from __future__ import annotations

import re
from collections import defaultdict

from pypdf.generic import ArrayObject, DictionaryObject

from ..text.language import detect_language
from .document import PdfDocument
from .rules import _count, _ranges, is_blank

#: What WeasyPrint (and CSS ``hyphenate-character``) adds at a line break: a hard U+2010 in the text layer.
BREAK_HYPHEN = "\u2010"
#: English lines in a row that make a passage (one line of English is a title or a quotation).
ENGLISH_RUN = 2
ID_LIKE = re.compile(r"^[a-z0-9]+(?:[-_:.][a-z0-9]+)+$")  # ch-orchestration, fig:rituels


Element = tuple[DictionaryObject, str]


def _struct_elements(doc: PdfDocument) -> list[Element]:
    """Every structure element, parents before children, each with the language it inherits or sets."""
    root = doc.reader.trailer["/Root"].get("/StructTreeRoot")
    if root is None:
        return []
    out: list[Element] = []
    stack = [(root.get_object().get("/K"), str(doc.reader.trailer["/Root"].get("/Lang", "")))]
    while stack:
        kids, lang = stack.pop()
        kids = kids.get_object() if kids is not None else None
        for kid in (kids if isinstance(kids, ArrayObject) else [kids] if kids is not None else []):
            kid = kid.get_object()
            if not isinstance(kid, DictionaryObject) or "/S" not in kid:
                continue
            own = str(kid.get("/Lang", "") or lang)
            out.append((kid, own))
            stack.append((kid.get("/K"), own))
    return out


def _parents(doc: PdfDocument) -> dict[int, DictionaryObject]:
    root = doc.reader.trailer["/Root"].get("/StructTreeRoot")
    tree = root.get_object().get("/ParentTree") if root is not None else None
    nums = tree.get_object().get("/Nums") if tree is not None else None
    nums = nums.get_object() if nums is not None else []
    return {int(nums[i]): nums[i + 1].get_object() for i in range(0, len(nums) - 1, 2)}


def _page(element: DictionaryObject, page_numbers: dict[int, int]) -> int | None:
    """The page number of an element's /Pg (read as a reference: pypdf would resolve it to the page)."""
    ref = element.raw_get("/Pg") if "/Pg" in element else None
    return page_numbers.get(ref.idnum) if hasattr(ref, "idnum") else None


def links(doc: PdfDocument) -> dict:
    """PDF/UA: a link annotation belongs to a ``Link`` element and is announced with words, not an id."""
    before = len(doc.findings)
    parents = _parents(doc)
    wrong_parent: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    raw: dict[int, list[str]] = defaultdict(list)
    total = 0
    for number, page in enumerate(doc.pages, 1):
        for annotation in page.get("/Annots") or []:
            annotation = annotation.get_object()
            if annotation.get("/Subtype") != "/Link":
                continue
            total += 1
            key = annotation.get("/StructParent")
            parent = parents.get(int(key)) if key is not None else None
            if parent is None or parent.get("/S") != "/Link":
                wrong_parent[number][str(parent.get("/S")) if parent is not None else "no element"] += 1
            words = str(annotation.get("/Contents", "") or "").strip()
            target = annotation.get("/Dest")
            if not words or (target is not None and words == str(target.get_object())) or ID_LIKE.match(words):
                raw[number].append(words or "(none)")
    for number, kinds in sorted(wrong_parent.items()):
        listing = ", ".join(f"{n} in {kind.lstrip('/')}" for kind, n in sorted(kinds.items()))
        doc.add("link-structure", "failure", f"link annotations not held by a Link element: {listing}", number)
    doc.ok_unless("link-structure", before, f"{_count(total, 'link annotation')}, each in a Link element")
    middle = len(doc.findings)
    for number, words in sorted(raw.items()):
        doc.add("link-text", "failure", f"{_count(len(words), 'link')} described by an id or nothing "
                f"(« {words[0]} »): a screen reader reads that out", number)
    doc.ok_unless("link-text", middle, "every link described in words")
    return {"links": total, "wrong_parent_pages": _ranges(list(wrong_parent)), "raw_text_pages": _ranges(list(raw))}


def break_hyphens(doc: PdfDocument) -> dict:
    """A hyphen added at a line break must not reach the text layer: copy, search and speech split the word."""
    before = len(doc.findings)
    found: dict[int, int] = {}
    for number, text in enumerate(doc.texts, 1):
        count = sum(1 for line in text.splitlines() if line.rstrip().endswith(BREAK_HYPHEN))
        if count:
            found[number] = count
    if found:
        first = min(found)
        doc.add("break-hyphens", "failure", f"{_count(sum(found.values()), 'line')} ending in a hard U+2010 hyphen "
                f"in the text layer, on pages {_ranges(list(found))}: use ActualText or a soft hyphen", first)
    doc.ok_unless("break-hyphens", before, "no line-break hyphen in the text layer")
    return {"lines": sum(found.values()), "pages": _ranges(list(found))}


def languages(doc: PdfDocument, elements: list[Element] | None = None) -> dict:
    """A passage in English inside a French book needs ``/Lang``, or it is read with French phonetics."""
    before = len(doc.findings)
    elements = _struct_elements(doc) if elements is None else elements
    page_numbers = {page.indirect_reference.idnum: n for n, page in enumerate(doc.pages, 1)}
    tagged = {_page(e, page_numbers) for e, lang in elements if lang.lower().startswith("en")}
    untagged = []
    for number, text in enumerate(doc.texts, 1):
        run = longest = 0
        for line in text.splitlines():
            run = run + 1 if detect_language(line) == "en" else 0
            longest = max(longest, run)
        if longest >= ENGLISH_RUN and number not in tagged:
            untagged.append(number)
    for number in untagged:
        doc.add("languages", "failure", "English passage with no /Lang in its structure elements", number)
    doc.ok_unless("languages", before, f"English passages marked on pages {_ranges(sorted(p for p in tagged if p))}"
                  if any(tagged) else "no English passage found")
    return {"english_untagged": _ranges(untagged), "english_tagged": _ranges(sorted(p for p in tagged if p))}


def notes_and_figures(doc: PdfDocument, elements: list[Element] | None = None) -> dict:
    """Notes need an /ID (PDF/UA 7.9) and figures an /Alt; a document with footnote calls needs Note elements."""
    before = len(doc.findings)
    elements = _struct_elements(doc) if elements is None else elements
    page_numbers = {page.indirect_reference.idnum: n for n, page in enumerate(doc.pages, 1)}
    notes = [e for e, _ in elements if e.get("/S") == "/Note"]
    figures = [e for e, _ in elements if e.get("/S") == "/Figure"]
    ids = [str(n.get("/ID", "")) for n in notes]
    for note in notes:
        if not note.get("/ID") or ids.count(str(note.get("/ID"))) > 1:
            doc.add("notes-figures", "failure", "a Note element without a unique /ID",
                    _page(note, page_numbers))
    for figure in figures:
        if not str(figure.get("/Alt", "") or "").strip():
            doc.add("notes-figures", "failure", "a Figure element without /Alt: nothing describes it",
                    _page(figure, page_numbers))
    doc.ok_unless("notes-figures", before, f"{_count(len(notes), 'note')} with ids, "
                  f"{_count(len(figures), 'figure')} with descriptions")
    return {"notes": len(notes), "figures": len(figures)}


def no_blank_pages(doc: PdfDocument) -> dict:
    """A blank verso is how print opens a chapter on a recto; on a screen it is an empty page to scroll past."""
    before = len(doc.findings)
    blank = [n for n in range(1, len(doc.pages) + 1) if is_blank(doc, n)]
    for number in blank:
        doc.add("screen-blank", "failure", "blank page in the screen edition (only print needs blank versos)",
                number)
    doc.ok_unless("screen-blank", before, "no blank page")
    return {"blank": _ranges(blank)}


def accessibility(doc: PdfDocument) -> dict:
    elements = _struct_elements(doc)
    return {"links": links(doc), "break_hyphens": break_hyphens(doc), "languages": languages(doc, elements),
            "notes_figures": notes_and_figures(doc, elements), "blank": no_blank_pages(doc)}
