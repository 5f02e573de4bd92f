"""Glossary and index sources: ``assets/glossary.yaml`` and ``assets/index.yaml``, read with their lines.

Each file's schema is checked first (every entry, every key, at its line); what a schema cannot say
(an id used twice, a form of two terms, a « voir » target that is no entry) is checked after it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from .. import yamlcheck as yc
from ..errors import ProblemsError, relpath
from ..model import Glossary, GlossaryTerm
from ..text.folding import fold
from .indexing import check_terms


class TermsError(ProblemsError):
    title = "errors in the glossary or index files"
    singular = "error in the glossary or index files"


F = yc.Field
GLOSSARY_TERM = {"id": F(yc.text, True), "term": F(yc.text, True), "fr": F(yc.text), "en": F(yc.text),
                 "aliases": F(yc.words), "definition": F(yc.text, True), "see_also": F(yc.words)}
INDEX_SUB = {"entry": F(yc.text, True), "match": F(yc.words)}
INDEX_TERM = {"entry": F(yc.text, True), "match": F(yc.words), "sub": F(yc.sequence_of(yc.mapping(INDEX_SUB))),
              "see": F(yc.text), "see_also": F(yc.words)}


def _entries(path: Path, root: Path, item: yc.Converter, name: str) -> tuple[yc.Checker, list[tuple[yaml.Node, Any]]]:
    """Each entry's node and converted value (None when it has problems, reported in the checker)."""
    c = yc.Checker(relpath(path, root), TermsError)
    node = c.read(path)
    if not isinstance(node, yaml.SequenceNode):
        c.stop("must be a list of entries ('- ' lines)", 1 if node is None else c.line(node))
    return c, [(child, item(c, child, f"entry {number} of {name}")) for number, child in enumerate(node.value, 1)]


def load_glossary(path: Path, root: Path) -> Glossary:
    c, entries = _entries(path, root, yc.mapping(GLOSSARY_TERM, GlossaryTerm, line=True), "the glossary")
    glossary = Glossary()
    nodes: dict[str, yaml.Node] = {}
    for node, term in entries:
        if not isinstance(term, GlossaryTerm):
            continue
        if term.id in glossary.terms:
            c.fail(node, f"id '{term.id}' is already used at line {glossary.terms[term.id].line}")
            continue
        glossary.terms[term.id], nodes[term.id] = term, node
        for form in (term.term, *term.aliases):
            other = glossary.forms.setdefault(fold(form), term.id)
            if other != term.id:
                c.fail(node, f"form '{form}' also belongs to '{other}'")
    for term in glossary.terms.values():
        for target in term.see_also:
            if target not in glossary.terms:
                c.fail(nodes[term.id], f"'{term.id}' refers to '{target}', which is not an id of the glossary")
    c.raise_problems()
    return glossary


def load_index_terms(path: Path, root: Path) -> list[dict]:
    """The entries of the index terms file, checked here so each problem names its line."""
    c, entries = _entries(path, root, yc.mapping(INDEX_TERM), "the index terms")
    checked = [(node, term) for node, term in entries if term is not None]
    for number, message in check_terms([term for _, term in checked]):
        c.fail(checked[number - 1][0] if number else None, message)
    c.raise_problems()
    return [term for _, term in checked]
