"""Strapi: an unpacked ``strapi export`` folder (v4/v5), and a v4/v5 REST API JSON response.

In the export folder, entities hold no relations at all: authors and categories are joined through the
``links`` JSONL files, which is why both are read. Content types become articles when their schema has a
``title``; bodies are Markdown (``richtext``, possibly holding CKEditor HTML), Strapi blocks, or a dynamic
zone of rich-text, quote and media components.
"""

from __future__ import annotations

import html
import re
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any, Iterator, Sequence

from kambook.cms.access import field_access
from kambook.cms.article import Article, Export
from kambook.cms.common import json_lines, load_json, make_article, markdown_to_html, parse_date, require
from kambook.cms.types import choose_types
from kambook.errors import ExportError, Location

BODY_FIELDS = ("body", "content", "text", "blocks", "richText")
DATE_FIELDS = ("date", "publishDate", "publicationDate", "published", "originalDate")
URL_FIELDS = ("url", "canonicalUrl", "canonical_url", "originalUrl")
NAME_FIELDS = ("name", "title", "label", "displayName", "username", "slug")
_HTML_START = re.compile(r"^\s*<(?:p|div|h[1-6]|ul|ol|table|blockquote|figure)[\s>]", re.IGNORECASE)
_BLOCK_TAGS = {"paragraph": "p", "quote": "blockquote", "list-item": "li"}
_TEXT_MARKS = (("bold", "strong"), ("italic", "em"), ("underline", "u"), ("strikethrough", "s"),
               ("code", "code"))


def _jsonl(folder: Path, kind: str) -> Iterator[tuple[Path, int, dict[str, Any]]]:
    for file in sorted((folder / kind).glob(f"{kind}_*.jsonl")):
        for number, record in json_lines(file, "strapi export"):
            if isinstance(record, dict):
                yield file, number, record


def blocks_to_html(blocks: Any) -> str:
    """Render Strapi 5 "blocks" rich text (a JSON tree) to HTML."""
    if isinstance(blocks, list):
        return "".join(blocks_to_html(block) for block in blocks)
    if not isinstance(blocks, dict):
        return ""
    kind = blocks.get("type")
    inner = blocks_to_html(blocks.get("children") or [])
    if kind == "text":
        text = html.escape(blocks.get("text", "")).replace("\n", "<br>")
        for mark, tag in _TEXT_MARKS:
            if blocks.get(mark):
                text = f"<{tag}>{text}</{tag}>"
        return text
    if kind == "link":
        return f'<a href="{html.escape(blocks.get("url", ""))}">{inner}</a>'
    if kind == "heading":
        level = min(max(int(blocks.get("level") or 2), 2), 6)
        return f"<h{level}>{inner}</h{level}>"
    if kind == "list":
        tag = "ol" if blocks.get("format") == "ordered" else "ul"
        return f"<{tag}>{inner}</{tag}>"
    if kind == "code":
        return f"<pre><code>{inner}</code></pre>"
    if kind == "image":
        image = blocks.get("image") or {}
        return (f'<figure><img src="{html.escape(image.get("url", ""))}" '
                f'alt="{html.escape(image.get("alternativeText") or "")}"></figure>')
    if kind in _BLOCK_TAGS:
        tag = _BLOCK_TAGS[kind]
        return f"<{tag}>{inner}</{tag}>"
    return inner


def rich_text(value: Any) -> str:
    """Render any body Strapi stores: HTML from CKEditor, Markdown, or blocks."""
    if isinstance(value, list):
        return blocks_to_html(value)
    if not isinstance(value, str):
        return ""
    return value if _HTML_START.match(value) else markdown_to_html(value)


def _component(component: dict[str, Any]) -> str:
    """Render one dynamic-zone component that carries prose; layout components are dropped."""
    name = component.get("__component", "")
    if "quote" in name:
        author = component.get("author") or component.get("title") or ""
        cite = f"<p>— {html.escape(author)}</p>" if author else ""
        return f"<blockquote><p>{html.escape(component.get('body') or '')}</p>{cite}</blockquote>"
    if "video" in name and component.get("url"):
        url = html.escape(component["url"])
        return f'<p><a href="{url}">{url}</a></p>'
    return "".join(rich_text(component.get(field)) for field in BODY_FIELDS if component.get(field))


def _body(data: dict[str, Any]) -> str:
    for field in BODY_FIELDS:
        value = data.get(field)
        if isinstance(value, list) and value and isinstance(value[0], dict) and "__component" in value[0]:
            return "".join(_component(c) for c in value if isinstance(c, dict))
        if value:
            return rich_text(value)
    return ""


def _name(record: Any) -> str:
    if isinstance(record, dict):
        record = record.get("attributes", record)
        return next((str(record[f]) for f in NAME_FIELDS if record.get(f)), "")
    return str(record) if record else ""


def _first(data: dict[str, Any], fields: tuple[str, ...]) -> Any:
    return next((data[f] for f in fields if data.get(f)), None)


def _article(uid: str, ref: Any, data: dict[str, Any], authors: list[str], tags: list[str],
             default_locale: str, kind: str, path: Path) -> Article:
    title = require(data.get("title"), "title", path, f"the Strapi entry {uid} #{ref}")
    published_at = data.get("publishedAt")
    access, reason = field_access(data)
    return make_article(
        source_id=str(data.get("documentId") or f"{uid}:{ref}"), slug=data.get("slug") or "", title=title,
        published=parse_date(_first(data, DATE_FIELDS) or published_at),
        updated=parse_date(data.get("updatedAt")), authors=authors,
        language_code=data.get("locale") or default_locale, tags=tags,
        status="published" if published_at else "draft", kind="page" if kind == "page" else "post",
        url=_first(data, URL_FIELDS) or "", body=_body(data), source_format="strapi",
        access=access, access_reason=reason,
    )


def _relation_role(field: str) -> str:
    field = field.lower()
    if "author" in field or "writer" in field:
        return "authors"
    if "tag" in field or "categor" in field or "label" in field:
        return "tags"
    return ""


def _has_title(schema: dict[str, Any]) -> bool:
    return (schema.get("attributes") or {}).get("title", {}).get("type") in ("string", "text")


def _roles(schema: dict[str, Any]) -> set[str]:
    """Which of title, slug, body, date the content type's schema fills (see ``cms.types``)."""
    attributes = schema.get("attributes") or {}
    roles = {"title"} if _has_title(schema) else set()
    if "slug" in attributes or any((a or {}).get("type") == "uid" for a in attributes.values()):
        roles.add("slug")
    if any(field in attributes for field in BODY_FIELDS):
        roles.add("body")
    if any(field in attributes for field in DATE_FIELDS + ("publishedAt",)):
        roles.add("date")
    return roles


def _type_name(uid: str, schema: dict[str, Any]) -> str:
    return (schema.get("info") or {}).get("singularName") or uid.rsplit(".", 1)[-1]


def _chosen(schemas: dict[str, dict[str, Any]], uids: list[str], types: Sequence[str], path: Path) -> frozenset[str]:
    """The type names ``types`` asks for (singular names, as ``skipped`` counts them, or full uids), checked
    against the export's content types; each must have a ``title`` kambook can read."""
    names = {uid: _type_name(uid, schemas.get(uid, {})) for uid in uids if "comment" not in uid}
    wanted = [names.get(t, t) for t in types]
    roles = {name: _roles(schemas.get(uid, {})) for uid, name in names.items()}
    taken = choose_types(roles, wanted, path)
    untitled = [name for name in wanted if "title" not in roles[name]]
    if untitled:
        raise ExportError(f"the content type {untitled[0]!r} has no title field (a string or text attribute "
                          "named title): remove it from appendices.select.types", Location(str(path)))
    return taken


def load_folder(path: Path, types: Sequence[str] = ()) -> Export:
    """Read an unpacked ``strapi export`` (entities, links, schemas); ``types`` names the content types to
    take instead of every one whose schema has a ``title``."""
    if not (path / "entities").is_dir():
        raise ExportError("not an unpacked Strapi export: no entities/ folder; unpack the .tar.gz "
                          "(`tar xzf export.tar.gz`) and point kambook at the folder", Location(str(path)))
    schemas = {record.get("uid"): record for _, _, record in _jsonl(path, "schemas")}
    entities: dict[tuple[str, Any], dict[str, Any]] = {}
    order: list[tuple[str, Any]] = []
    for _, _, record in _jsonl(path, "entities"):
        key = (record.get("type", ""), record.get("id"))
        entities[key] = record.get("data") or {}
        order.append(key)
    relations: dict[tuple[str, Any], dict[str, list[tuple[int, str]]]] = defaultdict(lambda: defaultdict(list))
    for _, _, link in _jsonl(path, "links"):
        left, right = link.get("left") or {}, link.get("right") or {}
        role = _relation_role(left.get("field") or "")
        if role:
            name = _name(entities.get((right.get("type"), right.get("ref"))))
            relations[(left.get("type"), left.get("ref"))][role].append((right.get("pos") or 0, name))
    locales = [data for (uid, _), data in entities.items() if uid == "plugin::i18n.locale"]
    default_locale = next((l.get("code", "") for l in locales if l.get("isDefault")), "")
    default_locale = default_locale or (locales[0].get("code", "") if len(locales) == 1 else "")
    content_uids = sorted({uid for uid in schemas if str(uid).startswith("api::")}
                          | {uid for uid, _ in order if uid.startswith("api::")})
    taken = _chosen(schemas, content_uids, types, path) if types else None
    articles: list[Article] = []
    skipped: Counter[str] = Counter()
    comments = 0
    title = ""
    for uid, ref in order:
        data = entities[(uid, ref)]
        schema = schemas.get(uid, {})
        name = _type_name(uid, schema)
        if not uid.startswith("api::"):
            continue
        if "comment" in uid:
            comments += 1
        elif name in taken if taken is not None else _has_title(schema):
            related = relations.get((uid, ref), {})
            authors = [n for _, n in sorted(related.get("authors", []))]
            tags = [n for _, n in sorted(related.get("tags", []))]
            articles.append(_article(uid, ref, data, authors, tags, default_locale,
                                     "page" if "page" in name else "post", path))
        else:
            if schema.get("kind") == "singleType" and not title:
                title = data.get("siteName") or data.get("title") or ""
            skipped[name] += 1
    return Export(format="strapi", path=path, title=title, articles=tuple(articles), comments=comments,
                  skipped=dict(skipped))


def load_rest(path: Path, document: Any | None = None) -> Export:
    """Read a saved REST response (``GET /api/articles?populate=*``), v5 flat or v4 ``attributes``."""
    document = load_json(path) if document is None else document
    items = document.get("data") if isinstance(document, dict) else None
    if isinstance(items, dict):
        items = [items]
    if not isinstance(items, list):
        raise ExportError("not a Strapi REST response: no \"data\" list; save the output of "
                          "GET /api/<type>?populate=* as JSON", Location(str(path)))
    articles = []
    for number, item in enumerate(items, 1):
        if not isinstance(item, dict):
            continue
        data = {**item, **(item.get("attributes") or {})}
        related = {"authors": [], "tags": []}
        for field, value in data.items():
            role = _relation_role(field)
            if role and isinstance(value, (dict, list)):
                value = value.get("data", value) if isinstance(value, dict) else value
                related[role].extend(_name(v) for v in (value if isinstance(value, list) else [value]))
        articles.append(_article("rest", data.get("id", number), data, related["authors"], related["tags"],
                                 "", "post", path))
    return Export(format="strapi", path=path, title="", articles=tuple(articles))


def load(path: Path, document: Any | None = None, types: Sequence[str] = ()) -> Export:
    """Dispatch on the shape: a folder is an export, a JSON file a REST response (one content type, the
    endpoint's, so ``types`` cannot choose among them there)."""
    if path.is_dir():
        return load_folder(path, types)
    if types:
        raise ExportError("appendices.select.types chooses among the content types of an unpacked `strapi "
                          "export` folder; a saved REST response holds only the type of its endpoint: remove "
                          "`types`, or save the endpoint of the type you want", Location(str(path)))
    return load_rest(path, document)
