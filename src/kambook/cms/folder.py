"""A folder of Markdown files with YAML front matter (Decap/Netlify CMS, Hugo, Jekyll).

Git-based CMSs have no export: the repository is the export. Each ``.md`` file with front matter is an
article; translations live side by side as ``slug.fr.md`` / ``slug.en.md`` and share the slug, so the book
can pick the language it wants (``appendices.select.languages``). ``password:``, ``private: true`` or
``visibility:`` in the front matter keep an article out of the book. Jekyll's ``2016-12-17-`` file-name
prefix is not part of the slug. Hugo's section pages (``_index.md``, ``_index.fr.md``) introduce a list of
posts and are not articles.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from kambook.cms.access import field_access
from kambook.cms.article import Article, Export, Status
from kambook.cms.common import make_article, markdown_to_html, parse_date
from kambook.cms.xmlsafe import read_bytes
from kambook.errors import ExportError, Location

SUFFIXES = (".md", ".markdown")
_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.DOTALL)
_DATE_PREFIX = re.compile(r"^\d{4}-\d{2}-\d{2}-")
_LANGUAGE_SUFFIX = re.compile(r"\.([a-z]{2}(?:[-_][A-Za-z]{2})?)$")
_SECTION_INDEX = re.compile(r"^_index(?:\.[a-z]{2}(?:[-_][A-Za-z]{2})?)?\.(?:md|markdown)$", re.IGNORECASE)
_SKIPPED_DIRS = {"node_modules", ".git", "public", "dist", "_site", "resources"}


def _front_matter(file: Path, text: str) -> tuple[dict[str, Any], str] | None:
    match = _FRONT_MATTER.match(text)
    if match is None:
        return None
    try:
        meta = yaml.safe_load(match.group(1)) or {}
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line, column = (mark.line + 2, mark.column + 1) if mark else (0, 0)
        raise ExportError(f"the YAML front matter is not valid ({getattr(error, 'problem', error)}); "
                          "fix it at this place", Location(str(file), line, column)) from None
    if not isinstance(meta, dict):
        raise ExportError("the front matter must be a YAML mapping (key: value lines)",
                          Location(str(file), 2, 1))
    return meta, text[match.end():]


def _list(value: Any) -> list[str]:
    if isinstance(value, str):
        return [part.strip() for part in value.split(",")]
    return [str(v) for v in value] if isinstance(value, list) else []


def _status(meta: dict[str, Any]) -> Status:
    if meta.get("draft") is True or meta.get("published") is False or meta.get("status") == "draft":
        return "draft"
    return "scheduled" if meta.get("status") == "scheduled" else "published"


def _kind(meta: dict[str, Any]) -> str:
    marker = " ".join(str(meta.get(k, "")) for k in ("type", "layout", "templateKey", "kind")).lower()
    return "page" if "page" in marker and "post" not in marker else "post"


def _article(file: Path, root: Path) -> Article | None:
    text = read_bytes(file).decode("utf-8-sig", errors="replace")
    parsed = _front_matter(file, text)
    if parsed is None:
        return None  # a README or notes without front matter is not content
    meta, body = parsed
    stem = file.name.rsplit(".", 1)[0]
    lang_match = _LANGUAGE_SUFFIX.search(stem)
    if lang_match:
        stem = stem[: lang_match.start()]
    slug = str(meta.get("slug") or _DATE_PREFIX.sub("", stem))
    if slug == "index":  # Hugo bundles: content/posts/my-post/index.md
        slug = file.parent.name
    title = meta.get("title")
    if not title:
        raise ExportError("the front matter has no title: add `title: …`", Location(str(file), 1, 1))
    date = meta.get("date") or meta.get("publishDate")
    prefix = _DATE_PREFIX.match(file.name)
    if date is None and prefix:
        date = prefix.group(0).rstrip("-")
    if hasattr(date, "isoformat"):
        date = date.isoformat()
    updated = meta.get("lastmod") or meta.get("updated")
    access, reason = field_access(meta)
    return make_article(
        source_id=file.relative_to(root).as_posix(), slug=slug, title=str(title),
        published=parse_date(date), updated=parse_date(updated.isoformat() if hasattr(updated, "isoformat") else updated),
        authors=_list(meta.get("authors") or meta.get("author")),
        language_code=meta.get("lang") or meta.get("language") or meta.get("locale")
        or (lang_match.group(1) if lang_match else ""),
        tags=_list(meta.get("tags")) + _list(meta.get("categories")), status=_status(meta),
        kind="page" if _kind(meta) == "page" else "post", url=str(meta.get("url") or meta.get("canonical") or ""),
        body=markdown_to_html(body), source_format="folder", access=access, access_reason=reason,
    )


def load(path: Path) -> Export:
    """Read every Markdown file with front matter under ``path``, in a stable (path) order."""
    if not path.is_dir():
        raise ExportError("a Markdown export must be a folder", Location(str(path)))
    files = sorted(f for f in path.rglob("*") if f.suffix.lower() in SUFFIXES and f.is_file()
                   and not _SKIPPED_DIRS & set(f.relative_to(path).parts))
    indexes = [f for f in files if _SECTION_INDEX.match(f.name)]
    files = [f for f in files if f not in indexes]
    articles = [a for a in (_article(f, path) for f in files) if a is not None]
    if not articles:
        raise ExportError("no Markdown file with YAML front matter (--- title: … ---) found in the folder",
                          Location(str(path)))
    skipped = {"without front matter": len(files) - len(articles), "section index": len(indexes)}
    return Export(format="folder", path=path, title="", articles=tuple(articles),
                  skipped={k: n for k, n in skipped.items() if n})
