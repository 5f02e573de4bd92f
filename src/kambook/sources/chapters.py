"""Read one Markdown source and its YAML front matter into a ``Document``.

Front matter is validated here, with the line in the chapter file, because this is where the author
is looking when it is wrong.
"""

from __future__ import annotations

import difflib
import re
from pathlib import Path

import yaml

from ..errors import Location, Problem, ProblemsError, SourceError
from ..text.yamlload import yaml_error
from ..markdown import make_parser
from ..model import Document, Role

FRONT_KEYS = {"title": True, "short_title": False, "label": False, "lang": False}
LABEL_RE = re.compile(r"^[a-z]+:[a-z0-9][a-z0-9.-]*$")


def file_slug(path: Path) -> str:
    """``01-phenomene.md`` → ``phenomene``: the number is the author's filing order, not an identity."""
    return re.sub(r"^\d+[-_]", "", path.stem) or path.stem


def read_document(path: Path, rel: str, role: Role, slug: str) -> Document:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise SourceError(f"not UTF-8 text (byte {exc.start}): save the file as UTF-8", Location(rel)) from None
    except OSError as exc:
        raise SourceError(f"cannot read the file: {exc.strerror}", Location(rel)) from None
    text = text.lstrip("\ufeff")
    if not text.strip():
        raise SourceError("the file is empty: start it with front matter ('---', 'title: …', '---'), then its text",
                          Location(rel, 1))
    env: dict = {"doc": slug, "file": rel}
    tokens = make_parser().parse(text, env)
    if text.startswith("---") and not any(t.type == "front_matter" for t in tokens):
        raise SourceError("the front matter opened on line 1 is never closed: add a '---' line after it",
                          Location(rel, 1))
    meta = _front_matter(tokens, rel)
    tokens = [t for t in tokens if t.type != "front_matter"]
    prefix = {"part": "part", "appendix": "app"}.get(role, "ch")
    label = meta.get("label") or f"{prefix}:{slug}"
    return Document(role=role, path=path, rel=rel, slug=slug, title=meta["title"],
                    short_title=meta.get("short_title") or meta["title"], label=label, tokens=tokens,
                    env=env, lang=meta.get("lang", ""))


def _front_matter(tokens: list, rel: str) -> dict[str, str]:
    """The chapter's front matter; every problem in it is reported at once, each at its line."""
    front = next((t for t in tokens if t.type == "front_matter"), None)
    if front is None:
        raise SourceError("no front matter: start the file with a '---' line, then 'title: …', then '---'",
                          Location(rel, 1))
    first = (front.map or [0])[0] + 2  # the line after the opening '---'
    try:
        node = yaml.compose(front.content, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        line, _, problem = yaml_error(exc, front.content)
        raise SourceError(f"the front matter is not valid YAML: {problem}", Location(rel, first + max(line - 1, 0))
                          ) from None
    if not isinstance(node, yaml.MappingNode):
        raise SourceError(f"the front matter must be 'key: value' lines ({', '.join(FRONT_KEYS)})",
                          Location(rel, first))
    meta: dict[str, str] = {}
    problems: list[Problem] = []
    keys = {k.value for k, _ in node.value}
    for key_node, value_node in node.value:
        where = Location(rel, first + key_node.start_mark.line)
        key = key_node.value
        if key not in FRONT_KEYS:
            close = difflib.get_close_matches(str(key), list(FRONT_KEYS), n=1)
            hint = (f" (did you mean '{close[0]}'?)" if close else "") + f": use {', '.join(FRONT_KEYS)}"
            problems.append(Problem(where, f"unknown front matter key '{key}'{hint}"))
        elif key in meta:
            problems.append(Problem(where, f"'{key}' is given twice in the front matter: keep one"))
        elif not isinstance(value_node, yaml.ScalarNode) or not value_node.value.strip():
            problems.append(Problem(where, f"'{key}' must be a non-empty text"))
        else:
            meta[key] = value_node.value.strip()
            if key == "label" and not LABEL_RE.match(meta[key]):
                problems.append(Problem(where, f"label '{meta[key]}' must look like ch:mot-cle (lower case, digits, "
                                               "hyphens)"))
    if "title" not in keys:
        problems.append(Problem(Location(rel, first), "the front matter has no 'title': add one"))
    if problems:
        raise FrontMatterError(problems)
    return meta


class FrontMatterError(ProblemsError):
    """Every problem of one chapter's front matter."""

    title = "errors in the front matter"
    singular = "error in the front matter"
