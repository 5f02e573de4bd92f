"""The symposium booklet's HTML from the repository's book and event file, before any layout."""

from __future__ import annotations

from dataclasses import replace

from bookproject import ROOT
from kambook.flipbook.booklet import booklet_html
from kambook.sources.event import load_event
from kambook.manifest import load_manifest
from kambook.model import Book
from kambook.sources.collect import collect_documents


def booklet(contact: dict | None = None) -> str:
    manifest = load_manifest(ROOT / "book.yaml")
    event = load_event(manifest.flipbook.event, ROOT)
    if contact is not None:
        event = replace(event, contact=contact)
    return booklet_html(Book(manifest, collect_documents(manifest)), event, [], "Extrait", (148, 210))


def test_the_contact_page_prints_every_line_the_event_gives() -> None:
    html = booklet()
    event = load_event(load_manifest(ROOT / "book.yaml").flipbook.event, ROOT)
    assert f"Tél. {event.contact['phone']}" in html and f"mailto:{event.contact['email']}" in html


def test_a_contact_with_only_a_name_and_an_address_is_enough() -> None:
    html = booklet({"name": "Alexandra Delorme", "email": "contact@exemple.test"})
    assert "Alexandra Delorme" in html and "mailto:contact@exemple.test" in html
    assert "Tél." not in html


def test_the_booklets_words_about_the_event_and_the_book_come_from_the_event_file() -> None:
    """Another event, another book: nothing of this symposium or of this book is written in kambook."""
    manifest = load_manifest(ROOT / "book.yaml")
    event = replace(load_event(manifest.flipbook.event, ROOT), roundtable_note="", networking_note="",
                    companies_note="", book_note="", companies=())
    book = Book(manifest, collect_documents(manifest))
    html = booklet_html(book, event, [], "Extrait", (148, 210))
    for text in ("des dirigeants confrontent", "une large place aux rencontres", "réputation en matière", "douze chapitres",
                 "<h3>Table ronde</h3>", "Les entreprises des intervenants"):
        assert text not in html, text
    assert f"compte {len(book.chapters)} chapitres en {len(book.parts)} parties" in html


def test_the_event_file_renames_the_booklets_sections_and_their_outline(tmp_path) -> None:
    """« sections: » in the event file: the heading and the PDF outline entry change together."""
    manifest = load_manifest(ROOT / "book.yaml")
    source = manifest.flipbook.event
    text = source.read_text(encoding="utf-8").replace("introduction: motivations.md",
                                                      f"introduction: {source.parent / 'motivations.md'}")
    event_file = tmp_path / "event.yaml"
    event_file.write_text(text + "sections:\n  programme: Le déroulé des journées\n  contact: Nous écrire\n",
                          encoding="utf-8")
    event = load_event(event_file, tmp_path)
    html = booklet_html(Book(manifest, collect_documents(manifest)), event, [], "Extrait", (148, 210))
    assert "<h2>Le déroulé des journées</h2>" in html and "<h2>Nous écrire</h2>" in html
    assert 'data-outline="Le déroulé des journées"' in html and "<h2>Programme</h2>" not in html
    assert 'data-outline="Bienvenue"' in html  # the others keep their heading


def test_an_unknown_section_is_named_with_its_line(tmp_path) -> None:
    import pytest
    from kambook.sources.event import EventError
    manifest = load_manifest(ROOT / "book.yaml")
    text = manifest.flipbook.event.read_text(encoding="utf-8").replace("introduction: motivations.md\n", "")
    event_file = tmp_path / "event.yaml"
    event_file.write_text(text + "sections:\n  programe: Le déroulé\n", encoding="utf-8")
    with pytest.raises(EventError) as raised:
        load_event(event_file, tmp_path)
    message = str(raised.value)
    assert "unknown key 'programe' in 'sections' (did you mean 'programme'?)" in message
    assert f"event.yaml:{len(text.splitlines()) + 2}" in message


def test_the_introduction_is_typeset_with_the_event_words_not_by_the_booklet() -> None:
    """The « Bienvenue » page is Markdown beside the event file: read with the sources, typeset by the transform
    stage like the rest of the event; the booklet only renders it."""
    from kambook.transform.typography import typeset_event
    manifest = load_manifest(ROOT / "book.yaml")
    book = Book(manifest, collect_documents(manifest))
    event = load_event(manifest.flipbook.event, ROOT)
    assert "Key Account Management :" in event.introduction_text
    as_read = booklet_html(book, event, [], "Extrait", (148, 210))
    assert "Key Account Management : le rendez-vous" in as_read, "the booklet adds no typography of its own"
    typeset = booklet_html(book, typeset_event(event, "fr"), [], "Extrait", (148, 210))
    assert "Key Account Management\u00a0: le rendez-vous" in typeset
    assert "<strong>Des pratiques qui ont prouvé leur pertinence économique</strong>\u00a0:" in typeset


def test_an_introduction_that_is_not_utf8_is_named_at_its_line(tmp_path) -> None:
    import pytest
    from kambook.sources.event import EventError
    manifest = load_manifest(ROOT / "book.yaml")
    text = manifest.flipbook.event.read_text(encoding="utf-8")
    (tmp_path / "motivations.md").write_bytes("Café, thé : bienvenue.".encode("latin-1"))
    (tmp_path / "event.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(EventError) as raised:
        load_event(tmp_path / "event.yaml", tmp_path)
    line = next(n for n, row in enumerate(text.splitlines(), 1) if row.startswith("introduction:"))
    assert f"event.yaml:{line}: introduction 'motivations.md' is not UTF-8 text (byte 3): save it as UTF-8" \
        in str(raised.value)
