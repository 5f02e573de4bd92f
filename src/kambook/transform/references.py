"""Resolve ``[@kind:label]`` references against the registry; report every broken one with its line.

With ``keep_going`` a broken reference renders as a visible « ?? » instead of failing the build, so an
author can still look at a draft; the preflight refuses any PDF that still contains one.
"""

from __future__ import annotations

import difflib

from ..errors import Location, Problem
from ..model import KIND_NAMES, Book, Target
from ..markdown.tokens import walk

UNRESOLVED = "??"


def reference_text(target: Target, capital: bool = False, form: str = "") -> str:
    """« figure 3.2 », « Chapitre 7 », or the title in guillemets when the author asks for ``|titre``."""
    if form == "titre":
        return f"« {target.title} »"
    name = KIND_NAMES[target.kind]
    text = f"{name} {target.number}".strip() if target.number else target.title
    return text[:1].upper() + text[1:] if capital else text


def resolve_references(book: Book) -> list[Problem]:
    problems: list[Problem] = []
    labels = list(book.registry.targets)
    for doc in book.documents:
        count = 0
        for token in walk(doc.tokens):
            if token.type == "link_open" and "label" in token.meta:  # an article's link to another appendix
                token.meta["target"] = book.registry.get(token.meta["label"])
                continue
            if token.type != "xref":
                continue
            count += 1
            token.meta["id"] = f"{doc.slug}--xr{count}"  # where the reference itself lands, for page checks
            label, form = token.meta["label"], token.meta["form"]
            where = Location(doc.rel, token.meta.get("line", 0))
            target = book.registry.get(label)
            if form and form != "titre":
                problems.append(Problem(where, f"unknown reference form '|{form}' in [{token.content}]: "
                                               "the only form is '|titre'"))
            if target is None:
                problems.append(Problem(where, _unknown(label, labels, book)))
                token.meta["text"] = UNRESOLVED
                token.meta["target"] = None
                continue
            token.meta["target"] = target
            token.meta["text"] = reference_text(target, token.meta["capital"], form)
    return problems


def _unknown(label: str, labels: list[str], book: Book) -> str:
    kind, _, name = label.partition(":")
    same_name = [t for t in book.registry.targets.values() if t.label.partition(":")[2] == name]
    if same_name:
        other = same_name[0]
        return (f"[@{label}] refers to a {KIND_NAMES.get(kind, kind)}, but '{name}' is a "
                f"{KIND_NAMES[other.kind]} ({other.label}): write [@{other.label}]")
    close = difflib.get_close_matches(label, labels, n=1, cutoff=0.7)
    hint = f": did you mean [@{close[0]}]?" if close else ": define it with {#" + label + "} or fix the label"
    return f"unknown label '{label}'{hint}"
