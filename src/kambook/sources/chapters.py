"""Read one Markdown source and its YAML front matter into a ``Document``.

Front matter is validated here, with the line in the chapter file, because this is where the author
is looking when it is wrong.
"""

from __future__ import annotations

import re
from pathlib import Path

from .. import yamlcheck as yc
from ..errors import Location, ProblemsError, SourceError
from ..markdown import make_parser
from ..model import Document, Role

LABEL_RE = re.compile(r"^[a-z]+:[a-z0-9][a-z0-9.-]*$")
FRONT = {"title": yc.Field(yc.text, True), "short_title": yc.Field(yc.text),
         "label": yc.Field(yc.pattern(LABEL_RE, "must look like ch:mot-cle (lower case, digits, hyphens)")),
         "lang": yc.Field(yc.text)}


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
    c = yc.Checker(rel, FrontMatterError, offset=(front.map or [0])[0] + 2)  # the line after the opening '---'
    node = c.parse(front.content, "the front matter")
    return c.check(node, yc.mapping(FRONT), "the front matter",
                   empty=f"the front matter is empty: give at least its 'title' ({', '.join(FRONT)})")


class FrontMatterError(ProblemsError):
    """Every problem of one chapter's front matter."""

    title = "errors in the front matter"
    singular = "error in the front matter"
