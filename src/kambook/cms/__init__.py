"""Read a blog's CMS export into ``Article`` records, whatever CMS produced it.

The author points ``book.yaml`` (or ``kambook import``) at an export file or folder; the format is detected
from the content, not the file name, because CMSs name their exports inconsistently (``feed.atom``,
``blog-10-12-2024.xml``, ``export.json``). Every failure is an ``ExportError`` that says where and what to do.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from pathlib import Path
from typing import Any, Callable

from kambook.cms import blogger, contentful, folder, ghost, strapi, wxr
from kambook.cms.article import Article, Export
from kambook.cms.common import load_json, safe_slug
from kambook.cms.xmlsafe import read_bytes
from kambook.errors import ExportError, Location

__all__ = ["Article", "Export", "FORMATS", "detect_format", "load_export"]

FORMATS: tuple[str, ...] = ("blogger", "wxr", "ghost", "contentful", "strapi", "folder")
_SNIFF = 64 * 1024


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
    if "<rss" in text and "wordpress.org/export/" in text:
        return "wxr"
    if "<feed" in text and ("blogger.com" in text or "schemas.google.com/blogger" in text):
        return "blogger"
    return None


def _detect(path: Path) -> tuple[str, Any]:
    """The format, plus the parsed JSON when detection had to parse it (so it is not parsed twice)."""
    if path.is_dir():
        if (path / "entities").is_dir() or (path / "metadata.json").is_file() and (path / "links").is_dir():
            return "strapi", None
        if any(f.suffix.lower() in folder.SUFFIXES for f in path.rglob("*")):
            return "folder", None
        raise ExportError("the folder is neither an unpacked Strapi export (entities/, links/) nor a "
                          "folder of Markdown files", Location(str(path)))
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
        raise ExportError("unknown XML export format: kambook reads Blogger Atom backups and WordPress WXR "
                          f"files; name the format in book.yaml if it is one of {', '.join(FORMATS)}",
                          Location(str(path)))
    if head[:1] in (b"{", b"["):
        document = load_json(path, data.decode("utf-8-sig", errors="replace"))
        fmt = _classify_json(document)
        if fmt:
            return fmt, document
    raise ExportError(f"unknown export format: expected one of {', '.join(FORMATS)} "
                      "(Blogger or WordPress XML, Ghost, Contentful or Strapi JSON, a Strapi export folder, "
                      "a folder of Markdown files)", Location(str(path)))


def detect_format(path: Path) -> str:
    """Name the format of ``path`` (one of ``FORMATS``), or raise ``ExportError``."""
    return _detect(Path(path))[0]


_LOADERS: dict[str, Callable[..., Export]] = {
    "blogger": lambda path, doc: blogger.load(path),
    "wxr": lambda path, doc: wxr.load(path),
    "ghost": lambda path, doc: ghost.load(path, doc),
    "contentful": lambda path, doc: contentful.load(path, doc),
    "strapi": lambda path, doc: strapi.load(path, doc),
    "folder": lambda path, doc: folder.load(path),
}


def load_export(path: Path, fmt: str | None = None) -> Export:
    """Read the export at ``path``; ``fmt`` forces a format instead of detecting it."""
    path = Path(path)
    if not path.exists():
        raise ExportError("the export does not exist: check the path in book.yaml", Location(str(path)))
    document = None
    if fmt is None:
        fmt, document = _detect(path)
    elif fmt not in _LOADERS:
        raise ExportError(f"unknown export format {fmt!r}: use one of {', '.join(FORMATS)}", Location(str(path)))
    try:
        return distinct_slugs(_LOADERS[fmt](path, document))
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
