"""Each adapter's edge cases, on small fixtures written for them in tests/fixtures/cms."""

from __future__ import annotations

from datetime import datetime, timezone

from cms_paths import FIXTURES

from kambook.cms import detect_format, load_export


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=timezone.utc)


def test_blogger_takeout_types_statuses_and_double_escaping() -> None:
    export = load_export(FIXTURES / "blogger-takeout.atom")
    assert export.format == "blogger" and export.title == "Carnet de test"
    assert export.comments == 1 and dict(export.skipped) == {"trashed": 1}
    post = export.by_slug("echappe-deux-fois")  # slug from blogger:filename
    assert post.status == "published" and post.kind == "post"
    assert post.published == utc(2021, 3, 2, 9, 30)
    assert post.tags == ("Essai", "Digital")
    # escaped twice in the file: decoded exactly once, so "&amp;amp;" is still a literal ampersand
    assert post.body_html.startswith("<p>Un <b>corps</b> doublement échappé &amp; décodé une fois.</p>")
    assert post.images == ("https://blogger.googleusercontent.com/img/b/abc/s320/photo.jpg",)
    draft = export.by_slug("brouillon")
    assert draft.status == "draft" and draft.body_html == "<p>Première ligne<br>\nseconde ligne</p>"
    page = export.by_slug("a-propos")
    assert page.kind == "page"
    assert page.body_html == "<p>Talking about &lt;html&gt; stays text.</p>"  # escaped once only: text


def test_wxr_classic_body_shortcodes_blocks_and_statuses() -> None:
    export = load_export(FIXTURES / "wxr-classic-and-blocks.xml")  # wp namespace 1.3: not hard-coded
    assert export.format == "wxr" and export.comments == 1
    assert dict(export.skipped) == {"revision": 1, "attachment": 1, "nav_menu_item": 1, "trash": 1, "auto-draft": 1}
    classic = export.by_slug("classique")
    assert classic.authors == ("Jeanne Dupont",) and classic.language == "fr"
    assert classic.tags == ("Montagne", "Été")
    assert classic.body_html.startswith("<p>Premier paragraphe<br>\navec un retour à la ligne.</p>")
    assert "<figcaption>La vue depuis le col</figcaption>" in classic.body_html
    assert "<p>Texte gardé</p>" in classic.body_html and "[" not in classic.body_html
    assert "<ul>\n<li>un</li>" in classic.body_html
    for forbidden in ("<script", "<iframe", "<form", "<input", "<style", "onclick", "javascript:"):
        assert forbidden not in classic.body_html
    assert classic.images == ("https://exemple.test/wp-content/uploads/2020/05/vue-300x200.jpg",)
    blocks = export.by_slug("blocs")
    assert blocks.status == "scheduled"
    assert "<!--" not in blocks.body_html and blocks.body_html.startswith("<p>Un paragraphe de blocs.</p>")
    assert "<p><figure>" not in blocks.body_html
    assert export.by_slug("contact").kind == "page"
    draft = export.by_slug("ebauche")
    assert draft.status == "draft" and draft.published == utc(2020, 7, 1, 9, 30)
    assert draft.body_html == "<p>Texte <b>brut</b></p>"


def test_ghost_ghost_url_internal_tags_and_lexical() -> None:
    export = load_export(FIXTURES / "ghost-current.json")  # not wrapped in "db"
    assert export.format == "ghost" and export.title == "Carnets"
    assert dict(export.skipped) == {"sent": 1}
    post = export.by_slug("post-avec-images")
    assert "__GHOST_URL__" not in post.body_html
    assert '<a href="/autre-post/">' in post.body_html
    assert post.images == ("/content/images/2023/11/vue.jpg",)
    assert post.tags == ("Voyage", "Photo")  # sorted by sort_order, #import dropped
    assert post.authors == ("Camille Roy", "Invité Externe")
    assert post.language == "fr"
    assert export.by_slug("programme").status == "scheduled"
    lexical = export.by_slug("jamais-rendu")
    assert lexical.body_html == "<p><strong>Gras</strong> et &lt;b&gt;pas&lt;/b&gt; du HTML</p><h2>Titre</h2>"
    assert export.by_slug("a-propos").kind == "page"


def test_contentful_non_en_us_default_locale_and_links() -> None:
    # The landing page has no date, so only the blog-post type is taken unless book.yaml names both.
    assert dict(load_export(FIXTURES / "contentful-fr-default.json").skipped) == {
        "author": 1, "archived": 1, "landingPage": 1}
    export = load_export(FIXTURES / "contentful-fr-default.json", types=("blogPost", "landingPage"))
    assert export.comments == 1 and dict(export.skipped) == {"author": 1, "archived": 1}
    post = export.by_slug("bonjour-le-monde")
    assert post.title == "Bonjour le monde"  # fr-FR is the default, not en-US
    assert post.language == "fr"
    assert post.authors == ("Hélène Petit",)
    assert post.published == utc(2022, 2, 1, 8, 0)
    assert post.url == "https://blog.exemple.test/bonjour-le-monde"
    assert post.body_html.startswith("<h2>Intro</h2><p>Du <strong>gras</strong>")
    assert '<a href="https://blog.exemple.test/pas-encore">lien interne</a>' in post.body_html
    assert "&lt;script&gt;" in post.body_html and "<script" not in post.body_html
    assert post.images == ("https://images.ctfassets.net/space/img1/abc/carte.png",)  # protocol-relative fixed
    assert export.by_slug("pas-encore").status == "draft"
    page = export.by_slug("accueil")
    assert page.kind == "page" and page.body_html == "<h2>Bienvenue</h2>\n<p>Texte en <em>Markdown</em>.</p>"


def test_strapi_v5_rest_response() -> None:
    path = FIXTURES / "strapi-v5-rest.json"
    assert detect_format(path) == "strapi"
    export = load_export(path)
    post = export.by_slug("premier-article")
    assert post.source_id == "k2x8v0d1q9"
    assert post.authors == ("Léa Bernard",) and post.tags == ("Nouvelles", "Vie du site")
    assert post.language == "fr" and post.published == utc(2024, 10, 1, 9, 0)
    assert post.body_html == ('<h2>Un titre</h2><p>Du <strong>gras</strong> et <a href="https://exemple.test">un lien</a>'
                              '</p><ol><li>un</li></ol><figure><img src="/uploads/vue_4f2a.jpg" alt="Vue"></figure>')
    draft = export.by_slug("en-cours")
    assert draft.status == "draft" and draft.body_html == "<p>Du <strong>Markdown</strong> plutôt que des blocs.</p>"


def test_folder_language_pairs_drafts_and_pages() -> None:
    export = load_export(FIXTURES / "folder-pairs")
    assert export.format == "folder"
    assert dict(export.skipped) == {"without front matter": 1}
    pair = {a.language: a for a in export.articles if a.slug == "bienvenue"}
    assert set(pair) == {"fr", "en"}
    assert pair["fr"].title == "Bienvenue" and pair["en"].title == "Welcome"
    assert pair["fr"].published == utc(2014, 1, 6, 8, 0) and pair["fr"].authors == ("Hubert Faucher",)
    draft = export.by_slug("une-once-de-rituels")  # date prefix dropped from the slug, kept as date
    assert draft.status == "draft" and draft.published == utc(2015, 11, 12)
    assert draft.tags == ("Key Account Management", "Enquête")
    page = export.by_slug("a-propos")
    assert page.kind == "page" and page.language == "fr" and "<script" not in page.body_html
