"""Issue #13: what must never be printed (non-public articles) and what must never vanish (embeds, shortcodes)."""

from __future__ import annotations

import re

import pytest
from rich.console import Console

from cms_paths import FIXTURES

from kambook.cms import load_export
from kambook.cms.access import field_access
from kambook.cms.embeds import convert_embeds
from kambook.cms.media import resolve_image
from kambook.cms.select import Selection, select_articles
from kambook.cms.shortcodes import convert_shortcodes
from kambook.cms.summary import summarize, summary_tables

WXR = FIXTURES / "wxr-restricted-and-embeds.xml"
GHOST = FIXTURES / "ghost-restricted-and-cards.json"
FOLDER = FIXTURES / "folder-restricted"
MEDIA = FIXTURES / "wxr-safety-media"
NBSP = "\u00a0"


def linked(url: str) -> str:
    """An embed's address as the embed line shows it: the text of its own link."""
    return f'<a href="{url}">{url}</a>'

# A shortcode that looks registered: attributes, a closing tag, or a known or plugin-style name.
SHORTCODE = re.compile(r"\[/?(?:[a-z]+[_-][\w-]*|audio|video|embed|gallery|caption|playlist|soundcloud)\b[^\]]*\]")

RESTRICTED = {
    WXR: {"journal-equipage": ("protected", "mot de passe"), "notes-privees": ("private", "privé")},
    GHOST: {"pour-les-membres": ("protected", "members"), "pour-les-abonnes": ("protected", "paid"),
            "billet-prive": ("private", "privé")},
    FOLDER: {"secret": ("protected", "mot de passe"), "prive": ("private", "privé")},
}


@pytest.mark.parametrize("path", list(RESTRICTED), ids=lambda p: p.name)
def test_non_public_articles_are_listed_never_selected(path) -> None:
    export = load_export(path)
    restricted = {a.slug: a for a in export.articles if a.restricted}
    assert set(restricted) == set(RESTRICTED[path])
    for slug, (access, reason) in RESTRICTED[path].items():
        article = restricted[slug]
        assert article.access == access and reason in article.access_reason
        assert article.body_html == "" and article.images == () and article.warnings == ()
    # Every filter passes over them, even one that takes drafts and every label.
    for selection in (Selection(), Selection(labels=("Voyage",)), Selection(status=("published", "draft"))):
        picked = {a.slug for a in select_articles(export, selection)}
        assert picked and not picked & set(restricted)
    # Naming one is an error that says why and what to do.
    slug = next(iter(restricted))
    with pytest.raises(ValueError, match=rf"'{slug}' of {path.name} is .*never printed; remove it from appendices"):
        select_articles(export, Selection(slugs=(slug,)))


def test_import_listing_says_why_they_are_left_out() -> None:
    export = load_export(WXR)
    summary = summarize(export, select_articles(export, Selection(labels=("Voyage",))))
    assert (summary["counts"]["protected"], summary["counts"]["private"]) == (1, 1)
    rows = {a["slug"]: a for a in summary["articles"]}
    assert rows["journal-equipage"]["never_printed"] == "protégé par mot de passe (wp:post_password)"
    assert rows["notes-privees"]["access"] == "private" and not rows["notes-privees"]["selected"]
    assert rows["escale-en-images"]["never_printed"] is None and rows["escale-en-images"]["selected"]
    console = Console(width=250, record=True, color_system=None)
    for table in summary_tables(summary):
        console.print(table)
    text = console.export_text()
    assert "jamais imprimé : protégé par mot de passe" in text and "1 protégé(s), 1 privé(s)" in text


def test_generic_fields_for_strapi_contentful_and_folders() -> None:
    assert field_access({"title": "x"}) == ("public", "")
    assert field_access({"password": "s3cret"})[0] == "protected"
    assert field_access({"private": True})[0] == "private"
    assert field_access({"visibility": "members"})[0] == "protected"
    assert field_access({"visibility": "public", "password": None, "private": False}) == ("public", "")


def test_wordpress_media_shortcodes_become_paragraphs_and_figures() -> None:
    article = load_export(WXR).by_slug("escale-en-images")
    body = article.body_html
    assert not SHORTCODE.search(body), SHORTCODE.search(body)
    assert "Un [Photo] reste du texte." in body
    assert f"<p>Audio&nbsp;: {linked('https://carnet.example.org/wp-content/uploads/2021/03/ressac.mp3')}</p>" \
        in body
    movie = linked("https://carnet.example.org/wp-content/uploads/2021/03/manoeuvre.mp4")
    assert f"<p>Vidéo&nbsp;: {movie}</p>" in body
    assert f"<p>Vidéo&nbsp;: {linked('https://youtu.be/abcDEF12345')}</p>" in body
    assert f"<p>Vidéo&nbsp;: La tempête de mars — {linked('https://www.youtube.com/watch?v=XyZ_987')}</p>" in body
    # No heading is left empty: each gallery is a figure of its attachments.
    figures = re.findall(r"<h2>[^<]*</h2>\s*<figure>(.*?)</figure>", body)
    assert len(figures) == 3 and all("<img" in f for f in figures)
    notes = "\n".join(article.warnings)
    for name in ("[contact-form-7]", "[su_button]", "[newsletter_signup]", "[gallery]", "[audio]", "[video]",
                 "[embed]", "<iframe>", "attachment 99 not in the export"):
        assert name in notes
    assert all(w.startswith("article « Escale en images »: ") for w in article.warnings)


def test_gallery_images_are_the_exports_media_or_a_missing_image() -> None:
    images = load_export(WXR).by_slug("escale-en-images").images
    assert [resolve_image(src, MEDIA).name for src in images[:2]] == ["phare.jpg", "port.jpg"]
    # An attachment the export lacks keeps WordPress's own address: the build's missing-image error names it.
    assert images[2] == "https://carnet.example.org/?attachment_id=99"
    assert resolve_image(images[2], MEDIA) is None


def test_block_editor_embeds_and_self_closing_shortcodes() -> None:
    article = load_export(WXR).by_slug("bloc-video")
    assert f"<p>Vidéo&nbsp;: Le départ — {linked('https://vimeo.com/76979871')}</p>" in article.body_html
    assert f"<p>Audio&nbsp;: {linked('https://api.soundcloud.com/tracks/293')}</p>" in article.body_html
    assert "wp-block-embed" in article.warnings[-1] and "[soundcloud]" in article.warnings[0]


def test_ghost_cards_become_paragraphs() -> None:
    article = load_export(GHOST).by_slug("cartes-et-videos")
    assert article.body_html == (
        "<p>La traversée en vidéo :</p>"
        f"<p>Vidéo&nbsp;: Le golfe en janvier — {linked('https://www.youtube.com/watch?v=Qq9_aBc')}</p>"
        f"<p>On y voit le phare.</p><p>Lien&nbsp;: Météo du golfe — {linked('https://meteo.example.org/golfe')}</p>"
        "<p>Ce site donne les prévisions.</p><p>Audio&nbsp;: Les vagues — /content/media/2023/01/vagues.mp3</p>"
        "<p>Fin.</p>")
    assert article.images == ()  # the bookmark's icon and thumbnail are not the article's pictures
    assert [w.split(": ", 1)[1].split()[0] for w in article.warnings] == [
        "kg-embed-card", "kg-bookmark-card", "kg-audio-card"]


def test_markdown_iframe_becomes_a_paragraph() -> None:
    article = load_export(FOLDER).by_slug("ouvert")
    assert f"Vidéo&nbsp;: Traversée — {linked('https://vimeo.com/123456')}" in article.body_html
    assert "<iframe" not in article.body_html and len(article.warnings) == 1


def test_embed_conversion_edge_cases() -> None:
    body, notes = convert_embeds('<p>a</p><iframe title="YouTube video player" src="//www.youtube.com/embed/k1">'
                                 '</iframe><iframe></iframe><video><source src="v.webm"></video>')
    assert body == (f"<p>a</p><p>Vidéo{NBSP}: {linked('https://www.youtube.com/watch?v=k1')}</p>"
                    f"<p>Vidéo{NBSP}: v.webm</p>")
    assert "without an address removed" in notes[1]
    text, notes = convert_shortcodes('[youtube=https://youtu.be/zz] [vimeo 42] [gallery] [more] [/caption] [x]y[/x]')
    assert text == (f"<p>Vidéo{NBSP}: {linked('https://youtu.be/zz')}</p> "
                    f"<p>Vidéo{NBSP}: {linked('https://vimeo.com/42')}</p>    y")
    assert notes == ["unknown shortcode [x] removed (its text kept)",
                     f"shortcode [youtube] printed as « Vidéo{NBSP}: https://youtu.be/zz »",
                     f"shortcode [vimeo] printed as « Vidéo{NBSP}: https://vimeo.com/42 »",
                     "shortcode [gallery] shows no image in the export: removed"]


