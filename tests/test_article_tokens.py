"""Imported articles in, HTML out: a sanitised article body through the same passes and renderer as a chapter.

Each case of ``fixtures/articles`` is the HTML an adapter hands over (after ``cms/sanitize.py``) beside the
HTML the book prints for it, as the second appendix (« B ») of a book. A case whose name ends with
``[print]`` is rendered for the printed book, any other for the site.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from fixturefile import read_cases

from kambook.manifest import load_manifest
from kambook.model import Book, Document
from kambook.render.html import RenderContext, render_document
from kambook.sources.article_tokens import article_tokens
from kambook.transform.numbering import number_book
from kambook.transform.references import resolve_references
from kambook.markdown.tokens import walk
from kambook.transform.typography import typeset_document

from bookproject import ROOT

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "articles"


def appendices(*bodies: str, links: dict[str, str] | None = None) -> list[Document]:
    """Documents of the appendices A, B… of the repository's manifest, numbered, resolved and typeset.

    ``links`` maps an address to the label of the appendix it is, as ``sources/appendices.py`` finds them
    from the export."""
    docs = [Document(role="appendix", path=Path("export.xml"), rel=f"export.xml (a{n})", slug=f"annexe-a{n}",
                     title=f"Article {n}", short_title=f"Article {n}", label=f"app:a{n}",
                     tokens=article_tokens(body, f"annexe-{n}"), env={"doc": f"annexe-a{n}"}, lang="fr")
            for n, body in enumerate(bodies, 1)]
    for token in (t for doc in docs for t in walk(doc.tokens) if t.type == "link_open"):
        if str(token.attrGet("href")) in (links or {}):
            token.meta["label"] = links[str(token.attrGet("href"))]
    book = Book(load_manifest(ROOT / "book.yaml"), docs)
    problems = [*number_book(book), *resolve_references(book)]
    assert not problems, problems
    for doc in docs:
        typeset_document(doc, book.registry, "fr")
    return docs


def context(mode: str) -> RenderContext:
    return RenderContext(mode=mode,  # type: ignore[arg-type]
                         href=lambda t: f"{t.doc}.html#{t.anchor}" if mode == "site" else f"#{t.anchor}",
                         asset_url=lambda token: str(token.meta.get("src") or token.attrGet("src")),
                         cite_html=lambda token: "", page_of=(lambda anchor: "7") if mode == "print" else None)


def cases() -> list:
    return [pytest.param(name, "\n".join(given), "\n".join(wanted) + "\n", id=f"{path.stem}: {name}")
            for path in sorted(FIXTURES.glob("*.txt")) for name, given, wanted in read_cases(path)]


@pytest.mark.parametrize(("name", "source", "expected"), cases())
def test_article(name: str, source: str, expected: str) -> None:
    doc = appendices("<p>Premier article.</p>", source)[1]
    assert render_document(doc, context("print" if name.endswith("[print]") else "site")) == expected


def test_a_figure_the_text_mentions_is_referred_to_by_its_new_number() -> None:
    doc = appendices("", '<p>Voir (Figure 2) et la figure 3.</p><figure><img src="a.png" alt="Figure 2 - Vue">'
                         '<figcaption>Figure 2 -&nbsp; Vue</figcaption></figure>')[1]
    html = render_document(doc, context("print"))
    assert ('(<a id="annexe-a2--xr1" class="xref xref-fig" href="#fig-annexe-2-1" data-page="7">Figure B.1</a>)'
            in html), "the mention follows the number and links to its figure"
    assert "la figure 3." in html, "a number no caption typed is left alone"
    assert '<span class="caption-label">Figure B.1</span><span class="caption-sep"> – </span>Vue' in html
    assert 'alt="Vue"' in html, "the alt text loses the blog's number too"


def test_a_link_to_another_selected_article_names_its_appendix() -> None:
    _, second = appendices("<p>Un.</p>", '<p>Lire <a href="https://blog.test/un">le premier</a>.</p>',
                           links={"https://blog.test/un": "app:a1"})
    printed = render_document(second, context("print"))
    assert '<a href="#app-a1" class="applink" data-ref="annexe A" data-page="7">le premier</a>.' in printed
    assert "url-note" not in printed, "a link the book resolves needs no address"
    site = render_document(second, context("site"))
    assert '<a href="annexe-a1.html#app-a1" class="applink" data-ref="annexe A">le premier</a>' in site


def test_no_regex_path_is_left_for_articles() -> None:
    """The modules that rewrote article HTML with regular expressions are gone; nothing imports them."""
    src = ROOT / "src" / "kambook"
    assert not (src / "transform" / "articles.py").exists() and not (src / "render" / "articles.py").exists()
    assert not any("html_block" in p.read_text() for p in (src / "sources").glob("*.py"))
