"""Issue #13, content that must be right: names, local dates, languages, titles and slugs, every adapter."""

from __future__ import annotations

from datetime import date

import pytest

from cms_paths import FIXTURES
from kambook.cms import load_export
from kambook.cms.select import Selection, select_articles

RIGHT = FIXTURES / "right"
EXPORTS = ("wxr-right.xml", "ghost-right.json", "blogger-right.atom")


@pytest.mark.parametrize("name", EXPORTS)
def test_author_names_are_plain_text(name):
    authors = {a for article in load_export(RIGHT / name).articles for a in article.authors}
    assert "Seán O'Farrell" in authors and ">name" in authors


@pytest.mark.parametrize("name", EXPORTS)
def test_the_evening_post_keeps_the_blogs_local_day(name):
    first = min((a for a in load_export(RIGHT / name).articles if a.published), key=lambda a: a.published)
    assert first.published.date() == date(2024, 3, 1)
    assert first.published.utcoffset().total_seconds() == -5 * 3600


def test_date_selection_uses_the_local_day():
    export = load_export(RIGHT / "wxr-right.xml")
    picked = select_articles(export, Selection(date_from=date(2024, 3, 1), date_to=date(2024, 3, 1)))
    assert [a.source_id for a in picked] == ["11"]


def test_languages_are_detected_when_the_export_declares_none():
    by_id = {a.source_id: a for a in load_export(RIGHT / "wxr-right.xml").articles}
    assert by_id["11"].language == "en"
    assert by_id["12"].language == "ko"
    assert by_id["13"].language == "fr"


def test_html_in_titles_is_stripped_and_entities_decoded():
    titles = {a.source_id: a.title for a in load_export(RIGHT / "wxr-right.xml").articles}
    assert titles["11"] == "Evening task notes"
    assert load_export(RIGHT / "ghost-right.json").articles[0].title == "Linking out"


def test_slugs_are_decoded_and_duplicates_told_apart():
    export = load_export(RIGHT / "wxr-right.xml")
    slugs = {a.source_id: a.slug for a in export.articles}
    assert slugs["12"] == "서울-봄"
    assert slugs["13"] != slugs["14"] and {slugs["13"], slugs["14"]} == {"dup-slug-13", "dup-slug-14"}
    picked = select_articles(export, Selection(slugs=("14",), order="listed"))
    assert [a.source_id for a in picked] == ["14"]


def test_ghost_articles_get_addresses_from_their_slugs():
    from kambook.cms.media import article_links, link_target
    export = load_export(RIGHT / "ghost-right.json")
    assert link_target("/second-post/", export, article_links(export)) == "second-post"
