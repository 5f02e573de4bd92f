"""Sanity datasets: ``sanity dataset export`` unpacked (a folder holding ``data.ndjson``) or the file itself.

A dataset is one JSON document per line, of author-defined ``_type``s, with no schema in it: which types
are posts is read from the documents' fields (``cms.types``). Bodies are Portable Text (a list of blocks of
spans), rendered here; authors and categories are references (``_ref``) to other documents of the dataset.
Editing a published document leaves a ``drafts.<id>`` copy beside it: the published one is the article.
A published document dated after the export was made (the newest ``_updatedAt`` of the dataset, not the
clock of the machine that builds, so a build gives the same book whenever it runs) is scheduled.
"""

from __future__ import annotations

import html
import re
from collections import Counter, defaultdict
from datetime import datetime
from pathlib import Path
from typing import Any, Callable, Sequence

from kambook.cms.article import Article, Export, Status
from kambook.cms.common import json_lines, make_article, markdown_to_html, parse_date, require
from kambook.cms.types import choose_types
from kambook.errors import ExportError, Location

DATA_FILE = "data.ndjson"
BODY_FIELDS = ("body", "content", "text", "portableText")
DATE_FIELDS = ("publishedAt", "publishDate", "publishedDate", "date")
_STYLES = {"normal": "p", "h1": "h2", "h2": "h2", "h3": "h3", "h4": "h4", "h5": "h5", "h6": "h6",
           "blockquote": "blockquote"}
_DECORATORS = {"strong": "strong", "em": "em", "code": "code", "underline": "u", "strike-through": "s"}
_IMAGE_REF = re.compile(r"^image-([A-Za-z0-9]+-\d+x\d+)-([a-z0-9]+)$")
_SYSTEM = ("sanity.", "system.")


def read_documents(path: Path) -> list[dict[str, Any]]:
    """Every document of the dataset; a damaged line is reported with its number."""
    file = path / DATA_FILE if path.is_dir() else path
    if not file.is_file():
        raise ExportError(f"no {DATA_FILE} in the folder: unpack the `sanity dataset export` archive here",
                          Location(str(path)))
    documents = []
    for number, document in json_lines(file, "sanity dataset export"):
        if not isinstance(document, dict) or not document.get("_id") or not document.get("_type"):
            raise ExportError(f"line {number} is not a Sanity document (no _id or _type): export the dataset "
                              "again", Location(str(file), number, 1))
        documents.append(document)
    if not documents:
        raise ExportError("the dataset holds no document: export it again", Location(str(file)))
    return documents


def _spans(block: dict[str, Any]) -> str:
    links = {d.get("_key"): d for d in block.get("markDefs") or [] if isinstance(d, dict)}
    out = []
    for span in block.get("children") or []:
        if not isinstance(span, dict):
            continue
        text = html.escape(str(span.get("text", ""))).replace("\n", "<br>")
        for mark in span.get("marks") or []:
            if mark in _DECORATORS:
                text = f"<{_DECORATORS[mark]}>{text}</{_DECORATORS[mark]}>"
            elif isinstance(links.get(mark), dict) and links[mark].get("href"):
                text = f'<a href="{html.escape(str(links[mark]["href"]))}">{text}</a>'
        out.append(text)
    return "".join(out)


def image_url(block: dict[str, Any], assets: dict[str, str]) -> str:
    """The asset's URL when the dataset holds its asset document, else its path inside the unpacked export."""
    local = str(block.get("_sanityAsset") or "")
    if "file://./" in local:
        return local.split("file://./", 1)[1]
    ref = str((block.get("asset") or {}).get("_ref") or "")
    if ref in assets:
        return assets[ref]
    match = _IMAGE_REF.match(ref)
    return f"images/{match.group(1)}.{match.group(2)}" if match else ""


def portable_text(blocks: Any, image: Callable[[dict[str, Any]], str]) -> str:
    """Render Portable Text: styled blocks, (nested) bullet and number lists, images, code."""
    out: list[str] = []
    lists: list[str] = []  # the open lists, one per level, each with an open <li>
    for block in blocks if isinstance(blocks, list) else []:
        if not isinstance(block, dict):
            continue
        kind = block.get("listItem") if block.get("_type") == "block" else None
        if kind:
            tag, level = ("ol" if kind == "number" else "ul"), max(int(block.get("level") or 1), 1)
            while len(lists) > level or (len(lists) == level and lists[-1] != tag):
                out.append(f"</li></{lists.pop()}>")
            out.append("</li><li>" if len(lists) == level else "")
            while len(lists) < level:
                out.append(f"<{tag}><li>")
                lists.append(tag)
            out.append(_spans(block))
            continue
        while lists:
            out.append(f"</li></{lists.pop()}>")
        if block.get("_type") == "block":
            tag = _STYLES.get(str(block.get("style") or "normal"), "p")
            out.append(f"<{tag}>{_spans(block)}</{tag}>")
        elif block.get("_type") == "image" and image(block):
            alt = html.escape(str(block.get("alt") or ""))
            out.append(f'<figure><img src="{html.escape(image(block))}" alt="{alt}"></figure>')
        elif block.get("_type") == "code":
            out.append(f"<pre><code>{html.escape(str(block.get('code') or ''))}</code></pre>")
    out.extend(f"</li></{tag}>" for tag in reversed(lists))
    return "".join(out)


def _first(document: dict[str, Any], fields: Sequence[str]) -> Any:
    return next((document[name] for name in fields if document.get(name)), None)


def _slug(document: dict[str, Any]) -> str:
    slug = document.get("slug")
    return str(slug.get("current") or "") if isinstance(slug, dict) else str(slug or "")


def _roles(document: dict[str, Any]) -> set[str]:
    body = _first(document, BODY_FIELDS)
    present = {"title": isinstance(document.get("title"), str), "slug": bool(_slug(document)),
               "body": isinstance(body, (list, str)), "date": _first(document, DATE_FIELDS) is not None}
    return {role for role, found in present.items() if found}


def _names(value: Any, documents: dict[str, dict[str, Any]]) -> list[str]:
    names = []
    for item in value if isinstance(value, list) else [value]:
        if isinstance(item, dict):
            item = documents.get(str(item.get("_ref")), item)
            item = item.get("name") or item.get("title") or ""
        names.append(str(item or ""))
    return names


def exported_at(documents: Sequence[dict[str, Any]]) -> datetime | None:
    """When the dataset was exported, as far as it tells: its newest ``_updatedAt``."""
    times = [t for t in (parse_date(d.get("_updatedAt")) for d in documents) if t is not None]
    return max(times, default=None)


def _status(document: dict[str, Any], published: datetime | None, now: datetime | None) -> Status:
    if document["_id"].startswith("drafts."):
        return "draft"
    return "scheduled" if published and now and published > now else "published"


def _article(document: dict[str, Any], documents: dict[str, dict[str, Any]], assets: dict[str, str],
             path: Path, now: datetime | None = None) -> Article:
    title = require(document.get("title"), "title", path, f"the Sanity document {document['_id']}")
    doc_type = str(document["_type"]).lower()
    body = _first(document, BODY_FIELDS)
    body_html = (portable_text(body, lambda block: image_url(block, assets)) if isinstance(body, list)
                 else markdown_to_html(body) if isinstance(body, str) else "")
    published = parse_date(_first(document, DATE_FIELDS))
    return make_article(
        source_id=document["_id"], slug=_slug(document), title=str(title),
        published=published, updated=parse_date(document.get("_updatedAt")),
        authors=_names(document.get("authors") or document.get("author") or [], documents),
        language_code=document.get("language") or document.get("__i18n_lang") or "",
        tags=_names(document.get("categories") or document.get("tags") or [], documents),
        status=_status(document, published, now),
        kind="page" if "page" in doc_type and "post" not in doc_type else "post",
        url=str(document.get("url") or document.get("canonicalUrl") or ""), body=body_html,
        source_format="sanity",
    )


def load(path: Path, types: Sequence[str] = ()) -> Export:
    """Read a dataset; documents of types not taken, and drafts of published documents, go to ``skipped``."""
    everything = {str(d["_id"]): d for d in read_documents(path)}
    content = [d for d in everything.values() if not str(d["_type"]).startswith(_SYSTEM)]
    assets = {i: str(d["url"]) for i, d in everything.items() if d["_type"] == "sanity.imageAsset" and d.get("url")}
    roles: dict[str, set[str]] = defaultdict(set)
    for document in content:
        roles[str(document["_type"])] |= _roles(document)
    taken = choose_types(roles, types, path)
    now = exported_at(list(everything.values()))
    articles: list[Article] = []
    skipped: Counter[str] = Counter()
    title = ""
    for document in content:
        doc_id, doc_type = str(document["_id"]), str(document["_type"])
        if "settings" in doc_type.lower() and not title:
            title = str(document.get("title") or "")
        if doc_type not in taken:
            skipped[doc_type] += 1
        elif doc_id.startswith("drafts.") and doc_id.removeprefix("drafts.") in everything:
            skipped["draft of a published document"] += 1
        else:
            articles.append(_article(document, everything, assets, path, now))
    return Export(format="sanity", path=path, title=title, articles=tuple(articles), skipped=dict(skipped))
