"""The synthetic book of ``make bench`` (bench/synthetic.py) must be a valid kambook project.

A benchmark on a book whose references do not resolve would time a failing build, so the generated
project goes through the same reading and checking stages as ``kambook build`` (manifest, sources,
numbering, references, citations, images, marks) — everything but the WeasyPrint layout, which keeps
this test to a few seconds. A smaller ``pages`` than the bench's 400 still creates a new part and
dozens of chapters recombined from the real ones.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from bookproject import ROOT

if str(ROOT) not in sys.path:  # bench/ is a folder of the repository, not an installed package
    sys.path.insert(0, str(ROOT))

from bench.synthetic import chapters_for, make_synthetic_book  # noqa: E402
from kambook.manifest import load_manifest  # noqa: E402
from kambook.model import Book  # noqa: E402
from kambook.sources.appendices import collect_appendices, load_appendix_export  # noqa: E402
from kambook.sources.collect import collect_documents  # noqa: E402
from kambook.transform.assets import resolve_images  # noqa: E402
from kambook.transform.citations_pass import Citations  # noqa: E402
from kambook.transform.links import check_links  # noqa: E402
from kambook.transform.marks import MarkState, resolve_marks  # noqa: E402
from kambook.transform.numbering import number_book  # noqa: E402
from kambook.transform.references import resolve_references  # noqa: E402
from kambook.transform.terms import load_glossary, load_index_terms  # noqa: E402
from kambook.markdown.tokens import walk  # noqa: E402

PAGES = 280  # 31 chapters in 4 parts: enough to recombine every kind of section, fast to parse


def check(root: Path) -> tuple[Book, list[str], Citations]:
    """The checks of ``kambook.build._build`` up to its CrossReferenceError, in the same order."""
    manifest = load_manifest(root / "book.yaml")
    export = load_appendix_export(manifest)
    book = Book(manifest, collect_documents(manifest) + collect_appendices(manifest, export))
    citations = Citations.load(manifest)
    book.glossary = load_glossary(manifest.glossary, root) if manifest.glossary else None
    index_terms = load_index_terms(manifest.index_terms, root) if manifest.index_terms else []
    problems = [*number_book(book), *resolve_references(book), *check_links(book), *citations.resolve(book),
                *resolve_images(book),
                *resolve_marks(book, book.glossary, index_terms, MarkState())]
    return book, [str(p) for p in problems], citations


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_synthetic_book(tmp_path_factory.mktemp("synthetic") / "livre", pages=PAGES)


def count(book: Book, role: str, token_type: str, kind: str | None = None) -> int:
    return sum(1 for doc in book.documents if doc.role == role for t in walk(doc.tokens)
               if t.type == token_type and (kind is None or t.meta.get("kind") == kind))


def test_every_reference_resolves(synthetic: Path) -> None:
    book, problems, citations = check(synthetic)
    assert problems == []
    chapters = [d for d in book.documents if d.role == "chapter"]
    parts = [d for d in book.documents if d.role == "part"]
    assert len(chapters) == chapters_for(PAGES) == 31
    assert len(parts) == 4
    assert [d.number for d in chapters] == [str(n) for n in range(1, 32)]
    # Real proportions: the real book has ~10 references, 2.4 footnotes, 0.8 table, 0.5 figure and
    # 4.3 citations per chapter; a generated chapter must not lose any kind of them.
    xrefs = count(book, "chapter", "xref")
    assert xrefs >= 8 * len(chapters)
    assert count(book, "chapter", "footnote_ref") >= 2 * len(chapters)
    assert count(book, "chapter", "figure") >= 0.3 * len(chapters)
    assert count(book, "chapter", "container_table_open") >= 0.6 * len(chapters)
    assert len(citations.tokens) >= 3 * len(chapters)
    # The PDF prints « p. N » after a reference to a section, figure, table, encadré or appendix on
    # another page (not after chapters and parts): the bench needs hundreds of them at 400 pages.
    paged = sum(1 for doc in chapters for t in walk(doc.tokens) if t.type == "xref"
                and t.meta["target"].kind not in ("ch", "part") and t.meta["target"].doc != doc.slug)
    assert paged >= 3 * len(chapters)
    # Every footnote call has its note (an orphan would stay as literal « [^key] » text).
    assert not [doc.rel for doc in book.documents for t in walk(doc.tokens)
                if t.type == "text" and re.search(r"\[\^[^\]]+\]", t.content)]


def test_same_seed_same_book(synthetic: Path, tmp_path: Path) -> None:
    again = make_synthetic_book(tmp_path / "again", pages=PAGES)
    files = sorted(p.relative_to(synthetic) for p in (synthetic / "chapters").rglob("*.md"))
    assert files == sorted(p.relative_to(again) for p in (again / "chapters").rglob("*.md"))
    assert all((synthetic / f).read_bytes() == (again / f).read_bytes() for f in files)
    assert (synthetic / "book.yaml").read_text() == (again / "book.yaml").read_text()


def test_a_duplicated_label_is_caught(synthetic: Path, tmp_path: Path) -> None:
    """The check above can fail: copy one generated section's label onto another chapter's section."""
    broken = make_synthetic_book(tmp_path / "broken", pages=PAGES)
    first, second = sorted((broken / "chapters").rglob("*-g*.md"))[:2]
    label = re.search(r"\{#(sec:[a-z0-9.-]+)\}", first.read_text(encoding="utf-8"))[1]
    text = second.read_text(encoding="utf-8")
    second.write_text(re.sub(r"\{#sec:[a-z0-9.-]+\}", "{#" + label + "}", text, count=1), encoding="utf-8")
    _, problems, _ = check(broken)
    assert any(f"label '{label}' is already used" in p for p in problems)
