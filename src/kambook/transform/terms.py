"""Glossary and index sources: ``assets/glossary.yaml`` and ``assets/index.yaml``, read with their lines."""

from __future__ import annotations

from pathlib import Path

import yaml

from ..errors import Location, Problem, ProblemsError, relpath
from ..model import Glossary, GlossaryTerm
from ..text.folding import fold
from ..text.yamlload import compose_and_load, yaml_error
from .indexing import check_terms


class TermsError(ProblemsError):
    title = "errors in the glossary or index files"
    singular = "error in the glossary or index files"


def _load_yaml(path: Path, root: Path) -> tuple[list, str]:
    rel = relpath(path, root)
    try:
        text = path.read_text(encoding="utf-8")
        node, data = compose_and_load(text)
    except UnicodeDecodeError as exc:
        raise TermsError([Problem(Location(rel), f"not UTF-8 text (byte {exc.start}): save the file as UTF-8")]
                         ) from None
    except yaml.YAMLError as exc:
        line, column, problem = yaml_error(exc, text)
        raise TermsError([Problem(Location(rel, line, column), f"not valid YAML: {problem}")]) from None
    if not isinstance(node, yaml.SequenceNode):
        raise TermsError([Problem(Location(rel, 1), "must be a list of entries ('- ' lines)")])
    data = data or []
    return list(zip(node.value, data)), rel


def load_glossary(path: Path, root: Path) -> Glossary:
    items, rel = _load_yaml(path, root)
    glossary = Glossary()
    problems: list[Problem] = []
    for node, item in items:
        line = node.start_mark.line + 1
        if not isinstance(item, dict) or not {"id", "term", "definition"} <= set(item):
            problems.append(Problem(Location(rel, line), "each entry needs 'id', 'term' and 'definition'"))
            continue
        unknown = set(item) - {"id", "term", "definition", "fr", "en", "aliases", "see_also"}
        if unknown:
            problems.append(Problem(Location(rel, line), f"unknown key(s) {', '.join(sorted(unknown))}"))
        term = GlossaryTerm(id=str(item["id"]), term=str(item["term"]), definition=str(item["definition"]),
                            fr=str(item.get("fr", "")), en=str(item.get("en", "")),
                            aliases=tuple(map(str, item.get("aliases", []))),
                            see_also=tuple(map(str, item.get("see_also", []))), line=line)
        if term.id in glossary.terms:
            problems.append(Problem(Location(rel, line), f"id '{term.id}' is already used at line "
                                                         f"{glossary.terms[term.id].line}"))
            continue
        glossary.terms[term.id] = term
        for form in (term.term, *term.aliases):
            other = glossary.forms.setdefault(fold(form), term.id)
            if other != term.id:
                problems.append(Problem(Location(rel, line), f"form '{form}' also belongs to '{other}'"))
    for term in glossary.terms.values():
        for target in term.see_also:
            if target not in glossary.terms:
                problems.append(Problem(Location(rel, term.line), f"'{term.id}' refers to '{target}', which is "
                                                                  "not an id of the glossary"))
    if problems:
        raise TermsError(problems)
    return glossary


def load_index_terms(path: Path, root: Path) -> list[dict]:
    """The entries of the index terms file, checked here so each problem names its line."""
    items, rel = _load_yaml(path, root)
    terms = [item for _, item in items]
    problems = [Problem(Location(rel, items[number - 1][0].start_mark.line + 1 if number else 1), message)
                for number, message in check_terms(terms)]
    if problems:
        raise TermsError(problems)
    return terms
