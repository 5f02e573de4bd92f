"""Number everything once and record it in the registry that every output reads.

Chapters run 1–N across parts, parts I–III, appendices A, B…; sections, figures, tables and encadrés
are numbered within their chapter (3.2). Ids are derived from labels or, for unlabelled items, from the
document's slug, so they stay stable when a chapter is moved and never collide between chapters.
"""

from __future__ import annotations

import re

from ..errors import Location, Problem
from ..model import KIND_NAMES, Book, Document, Registry, Target, anchor_of
from ..text.numbers import letter, roman
from ..text.slugs import slugify
from ..markdown.tokens import plain_text

LABEL_RE = re.compile(r"^(?P<kind>[a-z]+):[a-z0-9][a-z0-9.-]*$")
BLOCK_KINDS = {"figure": "fig", "container_table_open": "tab", "container_encadre_open": "enc"}


def number_book(book: Book) -> list[Problem]:
    """Assign numbers and ids in reading order; return the label problems found (duplicates, bad kinds)."""
    registry = Registry()
    problems: list[Problem] = []
    chapter_no = part_no = appendix_no = 0
    for doc in book.documents:
        if doc.role == "part":
            part_no += 1
            doc.number = roman(part_no)
        elif doc.role == "chapter":
            chapter_no += 1
            doc.number = str(chapter_no)
        elif doc.role == "appendix":
            appendix_no += 1
            doc.number = letter(appendix_no)
        kind = {"part": "part", "appendix": "app"}.get(doc.role, "ch")
        _register(registry, problems, Target(doc.label, kind, doc.number, doc.title, doc.slug, doc.anchor,
                                             doc.rel, 1))
        _number_inside(doc, registry, problems)
    book.registry = registry
    return problems


def _register(registry: Registry, problems: list[Problem], target: Target) -> None:
    first = registry.targets.get(target.label)
    if first is not None:
        problems.append(Problem(Location(target.file, target.line),
                                f"label '{target.label}' is already used at {first.file}:{first.line}: "
                                "labels must be unique in the whole book"))
        return
    registry.targets[target.label] = target


def _number_inside(doc: Document, registry: Registry, problems: list[Problem]) -> None:
    prefix = doc.number if doc.role in ("chapter", "appendix") else ""
    counters = {"fig": 0, "tab": 0, "enc": 0}
    sections = [0, 0, 0, 0, 0]
    used_ids: set[str] = set()
    tokens = doc.tokens
    for i, token in enumerate(tokens):
        line = (token.map or [0])[0] + 1
        if token.type == "heading_open":
            level = int(token.tag[1])
            title = plain_text(tokens[i + 1].children)
            depth = max(level - 2, 0)
            sections[depth] += 1
            for d in range(depth + 1, len(sections)):
                sections[d] = 0
            # A chapter's sections are numbered; an appendix reprints an article, whose sections never were.
            numbered = prefix and level <= 3 and doc.role == "chapter"
            number = ".".join([prefix, *map(str, sections[: depth + 1])]) if numbered else ""
            token.meta["number"] = number
            label = str(token.attrGet("id") or "")
            if label:
                _check_kind(label, "sec", doc, line, problems)
                anchor = anchor_of(label)
                _register(registry, problems, Target(label, "sec", number, title, doc.slug, anchor, doc.rel, line))
            else:
                anchor = _unique(f"{doc.slug}--{slugify(title) or 'section'}", used_ids)
            used_ids.add(anchor)
            token.attrSet("id", anchor)
            token.meta["label"] = label
        elif token.type in BLOCK_KINDS:
            kind = BLOCK_KINDS[token.type]
            counters[kind] += 1
            number = f"{prefix}.{counters[kind]}" if prefix else str(counters[kind])
            token.meta["number"] = number
            token.meta["kind"] = kind
            label = str(token.attrGet("id") or "")
            line = token.meta.get("line", line)
            if label:
                _check_kind(label, kind, doc, line, problems)
                anchor = anchor_of(label)
                title = plain_text(token.children)
                _register(registry, problems, Target(label, kind, number, title, doc.slug, anchor, doc.rel, line))
            else:
                anchor = f"{doc.slug}--{kind}-{counters[kind]}"
            token.attrSet("id", anchor)
            token.meta["label"] = label


def _check_kind(label: str, kind: str, doc: Document, line: int, problems: list[Problem]) -> None:
    match = LABEL_RE.match(label)
    if not match:
        problems.append(Problem(Location(doc.rel, line), f"label '{label}' must look like {kind}:mot-cle "
                                                         "(lower case letters, digits, hyphens)"))
    elif match["kind"] != kind:
        problems.append(Problem(Location(doc.rel, line),
                                f"label '{label}' is on a {KIND_NAMES[kind]}: its prefix must be '{kind}:'"))


def _unique(anchor: str, used: set[str]) -> str:
    candidate, n = anchor, 1
    while candidate in used:
        n += 1
        candidate = f"{anchor}-{n}"
    return candidate
