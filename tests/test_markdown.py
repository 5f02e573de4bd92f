"""Markdown in, HTML out: one chapter through the real pipeline, compared as exact strings.

Each fixture file of ``fixtures/markdown`` holds the cases of one topic, in markdown-it-py's fixture format::

    name of the case
    .
    Markdown of the chapter (front matter ``title: Essai`` is added unless the input starts with ---)
    .
    expected HTML of render_document
    .

A case whose name ends with ``[print]`` is rendered for the printed book, any other for the site.
Invisible spaces are written ``{NNBSP}`` (U+202F) and ``{NBSP}`` (U+00A0) so the fixtures stay readable.
The chapter is ``chapters/01-essai.md``, the first of its book (chapter 1), so its figures are numbered
1.1, 1.2…; images written ``../assets/images/NAME`` are created empty so that they resolve.
"""

from __future__ import annotations

import re
from html import escape
from pathlib import Path

from fixturefile import read_cases

import pytest

from kambook.errors import Location, Problem
from kambook.manifest import load_manifest
from kambook.model import Book
from kambook.render.html import RenderContext, render_document
from kambook.sources.chapters import read_document
from kambook.transform.assets import resolve_images
from kambook.transform.links import check_links
from kambook.transform.numbering import number_book
from kambook.transform.references import resolve_references
from kambook.transform.typography import typeset_document

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "markdown"
IMAGE = re.compile(r"\]\(\.\./assets/images/([\w.-]+)\)")
FRONT_MATTER = "---\ntitle: Essai\n---\n"
CHAPTER = "chapters/01-essai.md"
MANIFEST = """\
title: Livre d'essai
slug: livre-essai
author: Jeanne Auteur
publisher: Éditions d'essai
language: fr
date: 2015-01-15
isbn: 978-2-36778-045-0
parts:
  - file: chapters/00-partie.md
    chapters:
      - chapters/01-essai.md
"""


def read_fixture_file(path: Path) -> list[tuple[str, str, str]]:
    """(name, input, expected) of every case; input and expected end with a newline, like files."""
    return [(name, "\n".join(given) + "\n", "\n".join(wanted) + "\n") for name, given, wanted in read_cases(path)]

def load_cases() -> list:
    params, seen = [], set()
    for path in sorted(FIXTURES.glob("*.txt")):
        for name, source, expected in read_fixture_file(path):
            case_id = f"{path.stem}: {name}"
            assert case_id not in seen, f"duplicate case {case_id!r}"
            seen.add(case_id)
            params.append(pytest.param(source, expected, "print" if name.endswith("[print]") else "site",
                                       id=case_id))
    return params


def build_chapter(tmp_path: Path, source: str) -> tuple[Book, list[Problem]]:
    """A one-chapter book from a temporary project, numbered and with its references resolved."""
    (tmp_path / "chapters").mkdir()
    (tmp_path / "book.yaml").write_text(MANIFEST, encoding="utf-8")
    (tmp_path / "chapters" / "00-partie.md").write_text("---\ntitle: Partie\nlabel: part:essai\n---\n",
                                                         encoding="utf-8")
    path = tmp_path / CHAPTER
    path.write_text(source if source.startswith("---\n") else FRONT_MATTER + source, encoding="utf-8")
    (tmp_path / "assets" / "images").mkdir(parents=True)
    for name in IMAGE.findall(source):  # the images the chapter shows, so that they resolve
        (tmp_path / "assets" / "images" / name).write_text("<svg xmlns='http://www.w3.org/2000/svg'/>")
    manifest = load_manifest(tmp_path / "book.yaml")
    doc = read_document(path, CHAPTER, "chapter", "essai")
    book = Book(manifest=manifest, documents=[doc])
    problems = [*number_book(book), *resolve_references(book), *check_links(book), *resolve_images(book)]
    typeset_document(doc, book.registry, manifest.language)
    return book, problems


def context(mode: str, root: Path) -> RenderContext:
    """Links and image addresses as the site (page#anchor, path in the site) and the print document do."""
    return RenderContext(
        mode=mode,  # type: ignore[arg-type]
        href=(lambda t: f"{t.doc}.html#{t.anchor}") if mode == "site" else (lambda t: f"#{t.anchor}"),
        asset_url=lambda token: Path(token.meta["path"]).relative_to(root.resolve()).as_posix(),
        cite_html=lambda token: f'<span class="citation">({escape(token.content.lstrip("@"))})</span>',
    )


def render(tmp_path: Path, source: str, mode: str) -> tuple[str, list[Problem]]:
    book, problems = build_chapter(tmp_path, source)
    return render_document(book.documents[0], context(mode, tmp_path)), problems


def test_fixtures_are_found() -> None:
    assert len(load_cases()) >= 30


@pytest.mark.parametrize(("source", "expected", "mode"), load_cases())
def test_markdown(tmp_path: Path, source: str, expected: str, mode: str) -> None:
    html, problems = render(tmp_path, source, mode)
    assert html == expected
    assert not problems or 'class="xref unresolved"' in expected, problems  # a fixture's own mistake


def test_broken_reference_is_reported_with_its_line(tmp_path: Path) -> None:
    _, problems = build_chapter(tmp_path, "Texte.\n\nVoir la [@fig:absente].\n")
    assert problems == [Problem(Location(CHAPTER, 6),
                                "unknown label 'fig:absente': define it with {#fig:absente} or fix the label")]


def test_a_target_kambook_cannot_use_is_a_located_error_never_printed_markdown(tmp_path: Path) -> None:
    """markdown-it leaves ``![x](file:///etc/passwd)`` as text; the book must neither print it nor follow it."""
    source = ("Texte.\n\nVoir ![x](file:///etc/passwd) ici.\n\n[lien](javascript:alert(1)), [chapitre](02-autre.md),\n"
              "[ancre](#plus-haut), [web](https://exemple.test/) et [courriel](mailto:a@exemple.test).\n")
    html, problems = render(tmp_path, source, "site")
    assert [str(p) for p in problems] == [
        "chapters/01-essai.md:8: link target 'javascript:alert(1)' is not allowed: link to the web with https://…, "
        "to an e-mail address with mailto:…, or to a part of the book with [@ch:label]",
        "chapters/01-essai.md:8: link target '02-autre.md' is a path, which no edition can follow: refer to a part "
        "of the book with [@ch:label], [@sec:label]…, or give a full https:// address",
        "chapters/01-essai.md:9: link target '#plus-haut' is a path, which no edition can follow: refer to a part "
        "of the book with [@ch:label], [@sec:label]…, or give a full https:// address",
        "chapters/01-essai.md:6: image 'file:///etc/passwd' is not a file of the project: download it into "
        "assets/images/ and use a relative path (no network at build time)"]
    assert "](" not in html and "passwd" not in html and "javascript" not in html and "02-autre" not in html
    assert '<a href="https://exemple.test/">web</a>' in html and '<a href="mailto:a@exemple.test">' in html


def test_label_of_the_wrong_kind_is_reported(tmp_path: Path) -> None:
    _, problems = build_chapter(tmp_path, "![Légende.](../assets/images/img.svg){#tab:mauvais}\n")
    assert [str(p) for p in problems] == [
        "chapters/01-essai.md:4: label 'tab:mauvais' is on a figure: its prefix must be 'fig:'"]


def test_registry_numbers_what_the_chapter_defines(tmp_path: Path) -> None:
    book, problems = build_chapter(tmp_path, "## Un {#sec:un}\n\n![A](../assets/images/a.svg){#fig:a}\n\n"
                                             "::: table {#tab:t} T\n| a |\n| - |\n| b |\n:::\n")
    assert problems == []
    assert {label: t.number for label, t in book.registry.targets.items()} == {
        "ch:essai": "1", "sec:un": "1.1", "fig:a": "1.1", "tab:t": "1.1"}
