"""Every article of every real export in ../shared/cms-samples, and of our own edge-case exports, through the
token tree and the book's renderer: nothing raises, and every word the sanitised article shows is still shown.

The renderer adds only what a book adds (caption labels, permalinks), so the article's words, counted, must
come out as they went in: a converter that drops a cell, a caption or a list item's text fails here.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from pathlib import Path

import pytest
from cms_paths import FIXTURES, OWN_EXPORT, SAMPLES

from kambook.cms import load_export
from kambook.errors import ExportError
from kambook.manifest import load_manifest
from kambook.model import Book, Document
from kambook.render.html import RenderContext, render_document
from kambook.sources.article_tokens import article_tokens
from kambook.transform.numbering import number_book
from kambook.transform.references import resolve_references
from kambook.transform.typography import typeset_document

WORD = re.compile(r"[^\W\d_]{2,}")
ADDED = re.compile(r'<span class="caption-label">.*?</span>|<a class="permalink"[^>]*>#</a>')
SITE = RenderContext(mode="site", href=lambda t: f"#{t.anchor}", cite_html=lambda t: "",
                     asset_url=lambda t: str(t.meta.get("src") or t.attrGet("src")))


def exports() -> list[Path]:
    found = [p for p in SAMPLES.rglob("*") if (p.is_file() and p.suffix in (".xml", ".json", ".ndjson")
                                                and "malformed" not in p.parts and p.name != "README.md")
             or (p.is_dir() and (p / "content").is_dir())] if SAMPLES.is_dir() else []
    found += [p for p in FIXTURES.iterdir() if p.suffix in (".xml", ".json", ".atom", ".ndjson") or p.is_dir()]
    return sorted(found) + [OWN_EXPORT / "blog-relation-btob.blogger.xml"]


def words(html: str) -> Counter[str]:
    """The words shown, accents aside (typography gives « Etat » its « É »)."""
    text = re.sub(r"<[^>]+>", " ", ADDED.sub(" ", html))
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    found = Counter(WORD.findall(re.sub(r"&[a-z]+;|&#\d+;", " ", text)))
    for typed in ("Figure", "Fig", "Tableau", "Table"):  # a caption's typed « Figure 2 » gives way to the book's
        found.pop(typed, None)
    return found


@pytest.mark.parametrize("path", exports(), ids=lambda p: p.name)
def test_every_article_keeps_its_words(path: Path) -> None:
    try:
        export = load_export(path)
    except ExportError:
        pytest.skip("an export this adapter refuses: its own tests check the message")
    manifest = load_manifest(FIXTURES.parents[2] / "book.yaml")
    for n, article in enumerate(export.articles, 1):
        doc = Document(role="appendix", path=path, rel=path.name, slug=f"annexe-{n}", title=article.title or "x",
                       short_title="x", label=f"app:a{n}", tokens=article_tokens(article.body_html, f"annexe-{n}"),
                       env={"doc": f"annexe-{n}"}, lang=article.language or "fr")
        book = Book(manifest, [doc])
        number_book(book)
        resolve_references(book)
        typeset_document(doc, book.registry, "fr")
        html = render_document(doc, SITE)
        assert words(html) == words(article.body_html), f"{path.name}: {article.slug}"
