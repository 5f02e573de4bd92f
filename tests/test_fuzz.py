"""Property-based tests: whatever an author or an export hands over, kambook either succeeds or raises a
``KambookError`` (which the CLI prints as a message) — never another exception, never a hang.

Hypothesis generates the inputs; each example has a deadline, so a rule that backtracks for ever fails
here. The examples are few enough for ``make check`` and the seeds are derandomized, so a run is the same
on every machine; a failure prints the input that caused it.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from kambook.cms import load_export
from kambook.errors import KambookError
from kambook.manifest import load_manifest
from kambook.markdown import make_parser
from kambook.render.html import RenderContext, render_document
from kambook.sources.article_tokens import article_tokens
from kambook.sources.chapters import read_document
from kambook.text.typography import typeset, typeset_html

from bookproject import ROOT

FIXTURES = ROOT / "tests" / "fixtures"
QUICK = settings(max_examples=200, deadline=2000, derandomize=True,
                 suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
#: Text with what matters to kambook's rules: French punctuation, quotes, spaces of every width, Markdown
#: and HTML syntax, YAML syntax, and any other character.
SYNTAX = st.sampled_from(list(" \u00a0\u202f\n\t:;!?«»\"'-–—…%#*_[]{}()<>/@|`~=&\\.,0123456789aéZ"))
TEXT = st.text(st.one_of(SYNTAX, st.characters(codec="utf-8")), max_size=200)


@QUICK
@given(TEXT, st.sampled_from(["fr", "en", "de", "ko", ""]))
@example("Il dit : « oui » ; puis... -- non !", "fr")
def test_typography_never_fails_and_is_idempotent(text: str, lang: str) -> None:
    once = typeset(text, lang)
    assert typeset(once, lang) == once


@QUICK
@given(TEXT)
def test_typesetting_html_never_fails(text: str) -> None:
    typeset_html(f"<p>{text}</p><p lang='en'>{text}</p>")


@QUICK
@given(TEXT)
@example("::: table {#tab:x} Légende\n| a |\n| - |\n| b |\n:::\n[@fig:x] [@k, p. 2] ![a](b.svg){#fig:y}")
def test_every_markdown_plugin_parses_anything(text: str) -> None:
    make_parser().parse(text, {})


MANIFEST_VALUES = st.recursive(st.one_of(st.none(), st.booleans(), st.integers(), TEXT),
                               lambda inner: st.lists(inner, max_size=3) | st.dictionaries(TEXT, inner, max_size=3),
                               max_leaves=8)
KEYS = st.sampled_from(["title", "slug", "author", "language", "date", "isbn", "parts", "chapters", "file",
                        "front_matter", "back_matter", "appendices", "print", "trim", "flipbook", "fonts", "x"])


@QUICK
@given(st.one_of(TEXT, st.dictionaries(KEYS, MANIFEST_VALUES, max_size=6).map(json.dumps)))
def test_the_manifest_loader_reports_or_loads(text: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / "book.yaml").write_text(text, encoding="utf-8")
        try:
            load_manifest(Path(folder) / "book.yaml")
        except KambookError:
            pass


@QUICK
@given(st.one_of(TEXT, st.dictionaries(st.sampled_from(["title", "label", "lang", "short_title", "x"]),
                                       MANIFEST_VALUES, max_size=3).map(json.dumps)), TEXT)
def test_a_chapter_file_reads_or_says_why(front: str, body: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "01-essai.md"
        path.write_text(f"---\n{front}\n---\n{body}", encoding="utf-8")
        try:
            read_document(path, "chapters/01-essai.md", "chapter", "essai")
        except KambookError:
            pass


HTML_TAGS = st.sampled_from(["p", "h2", "h5", "ul", "ol", "li", "table", "caption", "tr", "td", "th", "thead",
                             "figure", "figcaption", "img", "a", "em", "strong", "br", "pre", "code", "blockquote",
                             "div", "span", "sup", "dl", "dt", "dd", "hr"])
HTML = st.lists(st.one_of(TEXT, HTML_TAGS.map(lambda t: f"<{t}>"), HTML_TAGS.map(lambda t: f"</{t}>"),
                          st.just('<a href="https://exemple.test/x">'), st.just('<img src="a.png" alt="Figure 2 - x">'),
                          st.just('<figcaption>Figure 2 : légende</figcaption>'), st.just("Figure 2")),
                max_size=30).map("".join)
SITE = RenderContext(mode="site", href=lambda t: f"#{t.anchor}", cite_html=lambda t: "",
                     asset_url=lambda t: str(t.meta.get("src") or t.attrGet("src")))


@QUICK
@given(HTML)
def test_any_article_body_becomes_a_token_tree_that_renders(html: str) -> None:
    from kambook.model import Book, Document
    from kambook.sources.article_tokens import article_tokens as convert
    from kambook.transform.numbering import number_book
    from kambook.transform.references import resolve_references
    from kambook.transform.typography import typeset_document
    from kambook.cms.sanitize import sanitize_html
    doc = Document(role="appendix", path=Path("x"), rel="x", slug="annexe-x", title="X", short_title="X",
                   label="app:x", tokens=convert(sanitize_html(html), "annexe-1"), env={"doc": "annexe-x"}, lang="fr")
    book = Book(load_manifest(ROOT / "book.yaml"), [doc])
    number_book(book)
    resolve_references(book)
    typeset_document(doc, book.registry, "fr")
    render_document(doc, SITE)


#: One small export of each format kambook reads, to be damaged by the test below.
EXPORTS = {
    "wxr": FIXTURES / "cms" / "wxr-classic-and-blocks.xml",
    "blogger": FIXTURES / "cms" / "blogger-takeout.atom",
    "ghost": FIXTURES / "cms" / "ghost-current.json",
    "contentful": FIXTURES / "cms" / "contentful-fr-default.json",
    "strapi": FIXTURES / "cms" / "strapi-v5-rest.json",
    "sanity": FIXTURES / "cms" / "sanity-export" / "data.ndjson",
}


@pytest.mark.parametrize("fmt", EXPORTS)
@settings(max_examples=80, deadline=3000, derandomize=True, suppress_health_check=list(HealthCheck))
@given(cut=st.integers(0, 10_000), insert=st.binary(max_size=40), drop=st.integers(0, 60))
def test_a_damaged_export_loads_or_says_why(tmp_path_factory: pytest.TempPathFactory, fmt: str, cut: int,
                                            insert: bytes, drop: int) -> None:
    good = EXPORTS[fmt].read_bytes()
    at = cut % (len(good) + 1)
    damaged = good[:at] + insert + good[at + drop:]
    folder = tmp_path_factory.mktemp(fmt)
    target = folder / ("data.ndjson" if fmt == "sanity" else EXPORTS[fmt].name)
    target.write_bytes(damaged)
    try:
        export = load_export(folder if fmt == "sanity" else target, fmt)
    except KambookError:
        return
    for article in export.articles:  # what loads must also convert
        article_tokens(article.body_html, "annexe-1")
