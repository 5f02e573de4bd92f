"""Glossary and index, as view models for the print document and the site.

In print, index locators are page numbers merged into ranges, known only after a first layout pass
(``layout``: anchor → page index); before that, each locator is a placeholder of the same width, so the
first pass lays out an index of about the right length. On the site, locators link to the exact spot,
one link per chapter.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from markupsafe import Markup, escape

from ..model import Book, IndexEntry
from ..text.collation import sort_key
from ..text.numbers import roman
from ..transform.indexing import group_by_letter, merge_pages


@dataclass
class IndexLine:
    heading: Markup
    locators: list[tuple[str, str]]  # (text, href)
    see: Markup | None = None
    see_also: list[Markup] = field(default_factory=list)
    subs: list["IndexLine"] = field(default_factory=list)


@dataclass
class GlossaryLine:
    anchor: str
    term: Markup
    equivalent: Markup
    lang: str
    definition: Markup
    see_also: list[tuple[str, Markup]]


def _t(text: str) -> Markup:
    """Index and glossary words, typeset by the transform stage: only escaped here."""
    return Markup(escape(text))


def page_labels(layout: dict[str, int], body_anchor: str | None, count: int | None = None) -> list[str]:
    """Printed folio of every page index, as in the PDF's page labels (``count`` pages: by default up to
    the last page an anchor landed on)."""
    count = count if count is not None else max(layout.values(), default=0) + 1
    start = layout.get(body_anchor or "", 0)
    return [roman(i + 1).lower() if i < start else str(i - start + 1) for i in range(count)]


def index_groups(book: Book, mode: str, layout: dict[str, int] | None = None) -> list[tuple[str, list[IndexLine]]]:
    labels = page_labels(layout, book.parts[0].anchor if book.parts else None) if layout else []

    def locators(entry: IndexEntry) -> list[tuple[str, str]]:
        anchors = [loc.anchor for loc in entry.locators]
        if mode == "site":
            firsts: dict[str, str] = {}
            for anchor in anchors:
                firsts.setdefault(book.anchor_doc[anchor], anchor)
            docs = {d.slug: d for d in book.documents}
            return [(_doc_label(docs[slug]), f"{slug}.html#{anchor}") for slug, anchor in firsts.items()]
        if not layout:
            return [("000", f"#{a}") for a in dict.fromkeys(anchors)]
        first_on_page: dict[int, str] = {}
        for anchor in anchors:
            if anchor in layout:
                first_on_page.setdefault(layout[anchor], anchor)
        out = []
        for text in merge_pages(first_on_page, labels):
            page = labels.index(text.split("-")[0])
            out.append((text, f"#{first_on_page[page]}"))
        return out

    def line(entry: IndexEntry) -> IndexLine:
        return IndexLine(_t(entry.heading), locators(entry), _t(entry.see) if entry.see else None,
                         [_t(s) for s in entry.see_also], [line(sub) for sub in entry.subs.values()])

    return [(letter, [line(e) for e in entries]) for letter, entries in group_by_letter(book.index)]


def _doc_label(doc) -> str:  # noqa: ANN001 - a Document
    return {"chapter": f"ch. {doc.number}", "part": f"partie {doc.number}",
            "appendix": f"annexe {doc.number}"}.get(doc.role, doc.short_title)


def glossary_lines(book: Book) -> list[GlossaryLine]:
    glossary = book.glossary
    if glossary is None:
        return []
    lines = []
    for term in sorted(glossary.terms.values(), key=lambda t: sort_key(t.term)):
        equivalent, lang = (term.en, "en") if term.en else (term.fr, "fr")
        see_also = [(glossary.terms[s].anchor, _t(glossary.terms[s].term)) for s in term.see_also]
        lines.append(GlossaryLine(term.anchor, Markup(escape(term.term)), Markup(escape(equivalent)), lang,
                                  _t(term.definition), see_also))
    return lines
