"""Read a blog's CMS export into ``Article`` records, whatever CMS produced it.

The author points ``book.yaml`` (or ``kambook import``) at an export file or folder; the format is detected
from the content, not the file name, because CMSs name their exports inconsistently (``feed.atom``,
``blog-10-12-2024.xml``, ``export.json``), and tools that re-serialise XML rename its prefixes (``ns0:feed``).
Every failure is an ``ExportError`` that says where and what to do; anything unrecognised gets one message
listing what kambook reads.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import replace
from pathlib import Path
from typing import Any, Callable, Sequence

from kambook.cms import blogger, contentful, folder, ghost, sanity, strapi, wxr
from kambook.cms.article import Article, Export
from kambook.cms.common import load_json, safe_slug
from kambook.cms.xmlsafe import read_bytes
from kambook.errors import ExportError, Location

__all__ = ["Article", "Export", "FORMATS", "detect_format", "load_export"]

FORMATS: tuple[str, ...] = ("blogger", "wxr", "ghost", "contentful", "strapi", "sanity", "folder")
#: The formats whose entries have author-defined content types, which ``appendices.select.types`` names.
TYPED: tuple[str, ...] = ("contentful", "sanity", "strapi")
READS = ("kambook reads Blogger Atom backups, WordPress WXR files, Ghost JSON, Contentful JSON (`contentful space "
         "export`), Strapi (an unpacked `strapi export` folder or REST JSON), Sanity NDJSON (`sanity dataset "
         "export`, unpacked) and folders of Markdown files with front matter; if the file is one of these, name "
         f"its format in book.yaml (format: one of {', '.join(FORMATS)})")
_SNIFF = 64 * 1024
# The root element, whatever prefix a tool gave the namespace (``<feed``, ``<ns0:feed``, ``<atom:feed``).
_ROOT = re.compile(r"<(?:[A-Za-z_][\w.-]*:)?(feed|rss)[\s>/]")


def _unsupported(path: Path, what: str) -> ExportError:
    return ExportError(f"unknown export format: {what}. {READS}", Location(str(path)))


def _classify_json(document: Any) -> str | None:
    if isinstance(document, list) and document and isinstance(document[0], dict):
        document = document[0]
    if not isinstance(document, dict):
        return None
    if "db" in document or ("meta" in document and isinstance(document.get("data"), dict)
                            and "posts" in document["data"]):
        return "ghost"
    if "entries" in document and ("contentTypes" in document or "locales" in document):
        return "contentful"
    if "data" in document and isinstance(document.get("data"), (list, dict)):
        return "strapi"
    return None


def _classify_xml(head: bytes) -> str | None:
    text = head.decode("utf-8", errors="replace")
    root = _ROOT.search(text)
    if root and root.group(1) == "rss" and "wordpress.org/export/" in text:
        return "wxr"
    if root and root.group(1) == "feed" and ("blogger.com" in text or "schemas.google.com/blogger" in text):
        return "blogger"
    return None


def _classify_lines(head: bytes, path: Path) -> str | None:
    """``sanity`` for a Sanity dataset; None when the file is not JSON Lines (one document per line)."""
    lines = [line for line in head.splitlines() if line.strip()]
    if len(lines) < 2 or not lines[1].lstrip().startswith(b"{"):
        return None
    try:
        first = json.loads(lines[0])
    except ValueError:
        return None
    if isinstance(first, dict) and first.get("_id") and first.get("_type"):
        return "sanity"
    raise _unsupported(path, "a JSON Lines file (one JSON document per line) that no CMS kambook knows wrote")


def _detect(path: Path) -> tuple[str, Any]:
    """The format, plus the parsed JSON when detection had to parse it (so it is not parsed twice)."""
    if path.is_dir():
        if (path / "entities").is_dir() or (path / "metadata.json").is_file() and (path / "links").is_dir():
            return "strapi", None
        if (path / sanity.DATA_FILE).is_file():
            return "sanity", None
        if any(f.suffix.lower() in folder.SUFFIXES for f in path.rglob("*")):
            return "folder", None
        raise _unsupported(path, "the folder is neither an unpacked Strapi or Sanity export nor a folder of "
                                 "Markdown files")
    name = path.name.lower()
    if name.endswith((".tar.gz", ".tgz", ".tar", ".zip")):
        raise ExportError("the export is an archive: unpack it first and point kambook at the folder",
                          Location(str(path)))
    data = read_bytes(path)
    head = data[:_SNIFF].lstrip(b"\xef\xbb\xbf \t\r\n")
    if not head:
        raise ExportError("the export file is empty: export it again from the CMS", Location(str(path)))
    if head.startswith(b"<"):
        fmt = _classify_xml(head)
        if fmt:
            return fmt, None
        raise _unsupported(path, "an XML file that is neither a Blogger Atom backup nor a WordPress WXR file")
    if head[:1] == b"{" and _classify_lines(head, path):
        return "sanity", None
    if head[:1] in (b"{", b"["):
        document = load_json(path, data.decode("utf-8-sig", errors="replace"))
        fmt = _classify_json(document)
        if fmt:
            return fmt, document
    raise _unsupported(path, "a file that no CMS kambook knows wrote")


def detect_format(path: Path) -> str:
    """Name the format of ``path`` (one of ``FORMATS``), or raise ``ExportError``."""
    return _detect(Path(path))[0]


_LOADERS: dict[str, Callable[..., Export]] = {
    "blogger": lambda path, doc, types: blogger.load(path),
    "wxr": lambda path, doc, types: wxr.load(path),
    "ghost": lambda path, doc, types: ghost.load(path, doc),
    "contentful": lambda path, doc, types: contentful.load(path, doc, types),
    "strapi": lambda path, doc, types: strapi.load(path, doc, types),
    "sanity": lambda path, doc, types: sanity.load(path, types),
    "folder": lambda path, doc, types: folder.load(path),
}


#: The largest export read: parsing holds the whole text and its tree in memory, several times its size.
#: A blog whose export is larger is exported in parts (WordPress: by date range or category) for a book.
MAX_EXPORT_MB = 100


def _check_size(path: Path) -> None:
    texts = {".json", ".ndjson", ".jsonl", ".md", ".markdown", ".mdx", ".xml", ".html", ".yaml", ".yml", ".txt"}
    files = [path] if path.is_file() else [p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in texts]
    size = sum(p.stat().st_size for p in files)
    if size > MAX_EXPORT_MB * 1024 * 1024:
        raise ExportError(f"the export is {size / 1024 / 1024:.0f} MB, over the {MAX_EXPORT_MB} MB kambook reads (its "
                          "memory grows to several times an export's size): export only what the book selects, "
                          "e.g. WordPress's Tools › Export › Posts with a category or a date range",
                          Location(str(path)))


def load_export(path: Path, fmt: str | None = None, types: Sequence[str] = ()) -> Export:
    """Read the export at ``path``; ``fmt`` forces a format instead of detecting it; ``types`` names the
    content types to take from a typed CMS (``TYPED``) instead of its blog-post-shaped ones."""
    path = Path(path)
    if not path.exists():
        raise ExportError("the export does not exist: check the path in book.yaml", Location(str(path)))
    _check_size(path)
    document = None
    if fmt is None:
        fmt, document = _detect(path)
    elif fmt not in _LOADERS:
        raise ExportError(f"unknown export format {fmt!r}: use one of {', '.join(FORMATS)}", Location(str(path)))
    if types and fmt not in TYPED:
        typed = f"{', '.join(TYPED[:-1])} and {TYPED[-1]}"
        raise ExportError(f"appendices.select.types names content types, which only {typed} exports have; "
                          f"this {fmt} export has none: remove `types`", Location(str(path)))
    try:
        return distinct_slugs(_LOADERS[fmt](path, document, tuple(types)))
    except ExportError:
        raise
    except (KeyError, TypeError, AttributeError, ValueError, IndexError, RecursionError) as error:
        # Shapes no adapter expected: report them as a bad export, never as a traceback.
        raise ExportError(f"the {fmt} export has an unexpected structure ({type(error).__name__}: {error}); "
                          "check that it is a complete, unmodified export", Location(str(path))) from None



def distinct_slugs(export: Export) -> Export:
    """Tell apart articles that share a slug (two WordPress posts both ``dup``) by adding their id.

    A slug names the appendix's label and site page, which must be unique; ``book.yaml`` can then select
    either by its new slug or by its id. Translations (``bienvenue.fr.md``, ``bienvenue.en.md``) share
    their slug on purpose, so only articles of the same slug *and* language are renamed.
    """
    counts = Counter((a.slug, a.language) for a in export.articles)
    if all(n == 1 for n in counts.values()):
        return export
    articles = tuple(replace(a, slug=f"{a.slug}-{safe_slug(a.source_id)}") if counts[a.slug, a.language] > 1
                     else a for a in export.articles)
    return replace(export, articles=articles)
