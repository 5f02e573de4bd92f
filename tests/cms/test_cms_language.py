"""Per-paragraph language marking: the welcome page's English paragraphs, and restraint everywhere else."""

from __future__ import annotations

import re

import pytest

from cms_paths import OWN_EXPORT

from kambook.cms import Export, load_export
from kambook.cms.language import detect_language, mark_languages


@pytest.fixture(scope="module")
def export() -> Export:
    return load_export(OWN_EXPORT / "blog-relation-btob.blogger.xml")


def paragraphs(html: str) -> list[tuple[str | None, str]]:
    return [(lang, text) for lang, text in re.findall(r'<p(?: lang="(\w+)")?>(.*?)</p>', html, re.S)]


def test_welcome_page_french_and_english_paragraphs(export: Export) -> None:
    welcome = export.by_slug("bienvenue-welcome")
    marked = mark_languages(welcome.body_html, welcome.language)
    found = paragraphs(marked)
    assert len(found) == 8
    assert [lang or "fr" for lang, _ in found] == ["fr", "en"] * 4
    assert found[1] == ("en", "Welcome to the B2B Relationship Blog!")
    assert all(detect_language(text) == "fr" for lang, text in found if not lang)
    # Only the four attributes were added: removing them gives back the original byte for byte.
    assert marked.count(' lang="en"') == 4 and marked.replace(' lang="en"', "") == welcome.body_html


def test_english_default_marks_the_french_paragraphs(export: Export) -> None:
    marked = mark_languages(export.by_slug("bienvenue-welcome").body_html, "en")
    assert [lang or "en" for lang, _ in paragraphs(marked)] == ["fr", "en"] * 4


def test_french_articles_only_get_their_english_references(export: Export) -> None:
    for article in export.articles:
        marked = mark_languages(article.body_html, article.language)
        assert marked.replace(' lang="en"', "") == article.body_html
        if article.slug != "bienvenue-welcome":
            for tag, text in re.findall(r'<(\w+) lang="en">(.{0,60})', marked):
                assert tag == "li" and re.match(r"[A-Z]\w+, [A-Z]\.", text), (article.slug, text)
    references = mark_languages(export.by_slug("key-account-management-1970-2010-la").body_html, "fr")
    assert references.count('<li lang="en">') == 4


@pytest.mark.parametrize("text", ["", "Welcome!", "Bienvenue !", "Key Account Management", "OK Paris 2014",
                                  "Figure 1 – Typologie des rituels", "Ojasalo, J. (2001)", "le the de of",
                                  "Key Account Management Meeting (Réunion de Coordination Compte Clé) on"])
def test_short_or_ambiguous_text_is_not_guessed(text: str) -> None:
    if text.startswith("Key Account Management Meeting"):
        assert detect_language(text) in (None, "fr")
    else:
        assert detect_language(text) is None


def test_detects_clear_sentences_among_candidates() -> None:
    assert detect_language("Ce blog se veut un lieu de partage pour tous.") == "fr"
    assert detect_language("This blog is a place to share ideas with all of you.") == "en"
    assert detect_language("Das ist nicht der Weg, und wir sind auch nicht da.", ("fr", "en", "de")) == "de"
    assert detect_language("This blog is a place to share ideas.", ("fr-FR", "en-GB")) == "en-GB"
    with pytest.raises(ValueError, match="no language data for 'xx'"):
        detect_language("anything at all", ("fr", "xx"))


def test_short_blocks_and_other_html_are_left_untouched() -> None:
    html = ('<h2>Welcome!</h2>\n<p class="x"  id=a>Bienvenue sur le blog de la relation.</p><!-- note -->'
            '<img src="a.png" alt="The image of the day"><br/><pre>This is the code of the day</pre>'
            '<p>Short <em>one</em></p>&nbsp;&amp;<script>var a = "<p>";</script>')
    assert mark_languages(html, "fr") == html


def test_existing_lang_is_respected_and_inherited() -> None:
    html = ('<p lang="en-GB">This one is English and says so already.</p>'
            '<div lang="en"><p>This paragraph is English like its div.</p><p>Ce paragraphe est en français.</p></div>'
            '<p>Ce texte contient <span lang="en">a quote in English that is rather long for the rest</span>.</p>')
    expected = html.replace("<p>Ce paragraphe", '<p lang="fr">Ce paragraphe')
    assert mark_languages(html, "fr") == expected


def test_nested_blocks_speak_for_themselves() -> None:
    html = ("<ul>\n  <li><p>This is the first point of the list.</p></li>\n  <li>Voici le second point de la liste."
            "\n</ul><table><tr><td\n  class=c>The cell is in English, you see.<td>Et celle-ci est en français."
            "</table><blockquote><p>A quoted English sentence with the words.</p>Et la fin est en français, avec du"
            " texte.</blockquote><dl><dt>Term<dd>It is the definition of the term.</dl>"
            "<figure><img src=x><figcaption>The figure of the article</figcaption></figure>")
    marked = mark_languages(html, "fr")
    assert '<li><p lang="en">This is the first' in marked and "<li>Voici" in marked
    assert '<td lang="en"\n  class=c>The cell' in marked and "<td>Et celle-ci" in marked
    assert '<blockquote><p lang="en">A quoted' in marked
    assert '<dd lang="en">It is' in marked and '<figcaption lang="en">The figure' in marked
    assert re.sub(r' lang="en"', "", marked) == html
