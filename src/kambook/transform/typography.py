"""The typography pass: every text token of a document, its titles and the titles the registry lends to
references, set once by the rules of ``text.typography``, so no product prints a word the pass has not seen."""

from __future__ import annotations

from dataclasses import replace

from markdown_it.token import Token

from ..manifest import Manifest
from ..model import Book, Document, Glossary, IndexEntry, Registry
from ..sources.event import Event
from ..text.dates import french_date
from ..text.typography import typeset


def typeset_document(doc: Document, registry: Registry, lang: str) -> None:
    """Typeset a document: its text tokens, and its titles (headings, table of contents, running heads,
    PDF outline), so no output prints a title the typography pass has not seen."""
    lang = doc.lang or lang
    typeset_tokens(doc.tokens, lang)
    doc.title, doc.short_title = typeset(doc.title, lang), typeset(doc.short_title, lang)
    for label, target in registry.targets.items():
        if target.doc == doc.slug and target.title:
            registry.targets[label] = replace(target, title=typeset(target.title, lang))


def typeset_tokens(tokens: list[Token], lang: str) -> None:
    """Typeset every text token of a document in place, following ``lang`` attributes down the tree."""
    stack: list[str] = [lang]
    for token in tokens:
        if token.nesting == 1:
            stack.append(str(token.attrGet("lang") or stack[-1]))
        current = str(token.attrGet("lang") or stack[-1]) if token.nesting == 0 else stack[-1]
        if token.children:
            _typeset_inline(token.children, current)
        if token.type == "figure" and token.meta.get("description"):
            token.meta["description"] = typeset(token.meta["description"], current)
        if token.nesting == -1 and len(stack) > 1:
            stack.pop()


def _typeset_inline(children: list[Token], lang: str) -> None:
    stack: list[str] = [lang]
    prev = ""
    in_autolink = 0
    for child in children:
        if child.type == "link_open" and child.markup in ("autolink", "linkify"):
            in_autolink += 1
        elif child.type == "link_close" and in_autolink:
            in_autolink -= 1
        if child.nesting == 1:
            stack.append(str(child.attrGet("lang") or stack[-1]))
        elif child.nesting == -1 and len(stack) > 1:
            stack.pop()
        if child.type == "text" and not in_autolink:
            child.content = typeset(child.content, stack[-1], prev)
        elif child.type == "xref" and "text" in child.meta:
            child.meta["text"] = typeset(child.meta["text"], stack[-1])
        if child.type in ("text", "code_inline"):
            prev = child.content[-1:] or prev
        elif child.type in ("xref", "cite", "footnote_ref", "image"):
            prev = ")" if child.type == "cite" else "x"  # they print as words: « partie I : »
        elif child.type in ("softbreak", "hardbreak"):
            prev = " "
        elif child.children:
            _typeset_inline(child.children, stack[-1])


def typeset_manifest(m: Manifest) -> Manifest:
    """The words ``book.yaml`` gives the outputs to print — title, subtitle, names, blurbs, rights — set once
    here, so templates print them as they are (the ISBN, dates, paths and the slug are not words)."""
    lang = m.language

    def t(text: str) -> str:
        return typeset(text, lang) if text else text

    cover = replace(m.print.cover, blurb=t(m.print.cover.blurb), author_note=t(m.print.cover.author_note),
                    price=t(m.print.cover.price))
    printer = replace(m.printer, name=t(m.printer.name), address=t(m.printer.address)) if m.printer else None
    return replace(m, title=t(m.title), subtitle=t(m.subtitle), author=t(m.author), affiliation=t(m.affiliation),
                   publisher=t(m.publisher), publisher_city=t(m.publisher_city),
                   publisher_address=t(m.publisher_address), rights=t(m.rights), description=t(m.description),
                   keywords=tuple(t(k) for k in m.keywords), print=replace(m.print, cover=cover), printer=printer,
                   author_biography=t(m.author_biography), imprint=t(m.imprint))


def typeset_event(event: Event, lang: str) -> Event:
    """Every word of the event file the booklet prints: titles, notes, the programme, section headings."""
    def t(text: object) -> str:
        return typeset(str(text), lang) if text else ""

    programme = tuple({**day, "day": t(day.get("day")),
                       "items": [{key: (t(value) if key in ("time", "title", "duration", "text") else value)
                                  for key, value in item.items()} for item in day.get("items", [])]}
                      for day in event.programme)
    contact = {**event.contact, **({"role": t(event.contact["role"])} if event.contact.get("role") else {})}
    typeset_tokens(list(event.introduction_tokens), lang)  # in place, as a chapter's
    return replace(event, title=t(event.title), dates=t(event.dates), venue=t(event.venue),
                   organisers=tuple(map(t, event.organisers)), programme=programme, contact=contact,
                   edition=t(event.edition), tagline=t(event.tagline), workshops_note=t(event.workshops_note),
                   companies=tuple(map(t, event.companies)), roundtable_note=t(event.roundtable_note),
                   networking_note=t(event.networking_note), companies_note=t(event.companies_note),
                   book_note=t(event.book_note), sections={k: t(v) for k, v in event.sections.items()})


def typeset_glossary(glossary: Glossary, lang: str) -> None:
    """Definitions as the glossary page, the site's tooltips and the EPUB print them."""
    for key, term in glossary.terms.items():
        glossary.terms[key] = replace(term, definition=typeset(term.definition, lang))


def typeset_index(entries: list[IndexEntry], lang: str) -> None:
    """Index headings, sub-headings and their « voir » targets, once the entries are sorted (sorting reads
    the words, not their spaces)."""
    for entry in entries:
        entry.heading = typeset(entry.heading, lang)
        entry.see = typeset(entry.see, lang) if entry.see else entry.see
        entry.see_also = [typeset(s, lang) for s in entry.see_also]
        typeset_index(list(entry.subs.values()), lang)


def article_lines(book: Book) -> None:
    """Where each appendix comes from — « Publié le 3 mars 2014 par … », and the blog's name — written and
    typeset here, so the site and the PDF print the same line."""
    for doc in book.documents:
        article = doc.meta.get("article")
        if article is None:
            continue
        parts = []
        if article.published:
            parts.append(f"Publié le {french_date(article.published)}")
        if article.authors:
            parts.append("par " + " et ".join(article.authors))
        doc.meta["byline"] = typeset(" ".join(parts), book.manifest.language) if parts else ""
        if doc.meta.get("source_title"):
            doc.meta["source_title"] = typeset(doc.meta["source_title"], book.manifest.language)
