"""One test per real export in ../shared/cms-samples: each imports with the counts its README promises,
or, when it is not well-formed, fails with an ExportError naming the line and column."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import pytest

from kambook.cms import detect_format, load_export
from kambook.errors import ExportError


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=timezone.utc)


def test_blogger_pelican_classic_backup(samples: Path) -> None:
    path = samples / "blogger" / "pelican-bloggerexport.xml"
    export = load_export(path)
    assert export.format == "blogger" == detect_format(path)
    assert export.title == "Notes of a Young Doctor"
    assert (len(export.posts), len(export.pages), len(export.drafts)) == (2, 2, 2)
    assert export.comments == 1
    assert dict(export.skipped) == {"settings": 58, "template": 1}
    windpipe = export.by_slug("the-steel-windpipe")
    assert windpipe.title == "The Steel Windpipe"
    assert windpipe.status == "published" and windpipe.kind == "post"
    assert windpipe.published == utc(2010, 11, 27, 15, 12)
    assert windpipe.authors == ("Mikhail Afanasyevich Bulgakov",)
    assert windpipe.language == "nl"  # from the BLOG_LOCALE setting
    assert windpipe.url == "http://youngdoctornotes.blogspot.com/2010/11/the-steel-windpipe.html"
    assert "<li>Very cold indeed.</li>" in windpipe.body_html
    draft = next(a for a in export.posts if a.status == "draft")
    assert draft.title == "Black as Egypt's Night"
    assert draft.tags == ("Interesting cases", "amputations")
    page_draft = next(a for a in export.pages if a.status == "draft")
    assert page_draft.title == "Test page 2" and "style" not in page_draft.body_html


def test_wxr_alexandrerio_french_with_bom(samples: Path) -> None:
    path = samples / "wxr" / "alexandrerio-wp3.5-fr-bom.wordpress.xml"
    export = load_export(path)
    assert export.format == "wxr" and export.title == "Alexandre Rio"
    assert (len(export.posts), len(export.pages), len(export.drafts)) == (27, 4, 0)
    assert export.comments == 32
    assert dict(export.skipped) == {"attachment": 30, "nav_menu_item": 2, "wpcf7_contact_form": 2}
    assert {a.language for a in export.articles} == {"fr"}
    assert {a.authors for a in export.articles} == {("Orbital",)}
    first = export.by_slug("il-y-a-un-debut-a-tout")
    assert first.title == "Il y a un début à tout."
    assert first.published == utc(2010, 10, 28, 14, 16, 43)
    assert first.tags == ("Blog",)
    photo = export.by_slug("photoen-allant-a-la-salle-de-sport")
    assert photo.title == "[Photo]En allant à la salle de sport."
    for article in export.articles:  # contact forms and other shortcodes never reach the body
        assert "[contact-form-7" not in article.body_html and "[caption" not in article.body_html
        assert "<script" not in article.body_html and "style=" not in article.body_html
    assert any("<figure>" in a.body_html for a in export.articles)


def test_wxr_pelican_posts_drafts_custom_types(samples: Path) -> None:
    export = load_export(samples / "wxr" / "pelican-wordpressexport.xml")
    assert export.title == "Pelican test channel"
    assert (len(export.posts), len(export.pages), len(export.drafts)) == (11, 2, 4)
    assert dict(export.skipped) == {"attachment": 4, "custom1": 2, "custom2": 1}
    assert export.comments == 3  # the trashed pingback is not a comment
    untitled = next(a for a in export.drafts if not a.title)
    assert untitled.slug  # an article without title or slug still gets an identifier
    raw = export.by_slug("post-with-raw-data")
    assert raw.published == utc(2012, 2, 16, 15, 52, 55)  # 0000-00-00 GMT date: the local date is used
    assert "<iframe" not in raw.body_html and "<h2>Pelicans are scary</h2>" in raw.body_html
    entities = export.by_slug("html-entity-test")
    assert entities.title == "A normal post with some <html> entities in the title. You can't miss them."
    caption = export.by_slug("caption-on-image")
    assert caption.body_html.count("<figcaption>") == 3
    assert "<figcaption>This is a pelican</figcaption>" in caption.body_html
    assert export.by_slug("with-tags").tags == ("Category 3", "tag 1", "Tag2", "Tag 3")
    assert export.by_slug("with-comments").authors == ("john",)


def test_wxr_utf8_challenges(samples: Path) -> None:
    export = load_export(samples / "wxr" / "wordpress-importer-wxr-utf-8-challenges.xml")
    (post,) = export.articles
    assert post.title.startswith('"The Road \u202eNot\u202c Taken"')
    assert post.slug == "hello-world-utf8-💫-test"  # the bidi overrides would disguise a file name
    assert post.published == utc(2024, 6, 5, 16, 4, 48)
    assert "🚀" in post.body_html and "السلام عليكم" in post.body_html
    assert "<!--" not in post.body_html and post.body_html.count("<p>") == 2  # block comments dropped, no autop


@pytest.mark.parametrize(("name", "line", "column"), [
    ("wordpress-importer-crazy-cdata.xml", 18, 72),
    ("tryghost-migrate-mg-wp-xml-sample.xml", 109, 106),
])
def test_wxr_malformed_names_line_and_column(samples: Path, name: str, line: int, column: int) -> None:
    path = samples / "wxr" / "malformed" / name
    with pytest.raises(ExportError) as caught:
        load_export(path)
    error = caught.value
    assert (error.location.file, error.location.line, error.location.column) == (str(path), line, column)
    assert f"line {line}, column {column}" in error.message
    assert str(error).startswith(f"{path}:{line}:{column}:")


def test_ghost_6_export(samples: Path) -> None:
    path = samples / "ghost" / "nsisongeffiong-ghost-6.26-export.json"
    export = load_export(path)
    assert export.format == "ghost" == detect_format(path)
    assert export.title == "Nsisong Effiong"
    assert (len(export.posts), len(export.pages), len(export.drafts)) == (33, 1, 6)
    lavender = export.by_slug("lavender")
    assert lavender.title == "Lavender"
    assert lavender.published == utc(2016, 1, 9, 17, 21)
    assert lavender.authors == ("Nsisong Effiong",)
    assert lavender.language == "en"
    assert lavender.tags == ("Poetry", "Reflections on Lavender")
    assert not any(t.startswith("#") for a in export.articles for t in a.tags)
    never_rendered = export.by_slug("why-do-you-comfort-me")
    assert never_rendered.status == "draft" and never_rendered.published is None


def test_ghost_legacy_wrapped_003(samples: Path) -> None:
    export = load_export(samples / "ghost" / "ghosttohugo-wrapped-v003.json")
    (post,) = export.articles
    assert post.title == "my blog post title" and post.slug == "my-blog-post-title"
    assert post.published == utc(2010, 9, 6, 13, 44, 9)  # epoch milliseconds
    assert post.authors == ("user's name",)
    assert post.language == "en"
    assert post.tags == ("Colorado Ho!",)  # rows pointing at missing posts are ignored
    assert post.body_html == "the <i>html</i> formatted post body"


def test_contentful_starter_rich_text(samples: Path) -> None:
    export = load_export(samples / "contentful" / "starter-gatsby-blog-export.json")
    assert export.format == "contentful"
    assert (len(export.posts), len(export.pages), len(export.drafts)) == (3, 0, 0)
    assert dict(export.skipped) == {"person": 1}
    webhooks = export.by_slug("automate-with-webhooks")
    assert webhooks.title == "Automate with webhooks"
    assert webhooks.published == utc(2017, 5, 11, 22, 0)
    assert webhooks.authors == ("John Doe",)  # linked entry resolved
    assert webhooks.language == "en" and webhooks.tags == ("javascript",)
    assert webhooks.body_html.startswith("<h2>What are webhooks?</h2>")


def test_contentful_fr_be_markdown(samples: Path) -> None:
    export = load_export(samples / "contentful" / "personnal-blog-fr-BE-export.json")
    assert len(export.posts) == 3
    assert {a.language for a in export.articles} == {"fr"}  # the only locale, fr-BE, is the default
    static = export.by_slug("static-sites-are-great")
    assert static.title == "Static sites are great"
    assert static.tags == ("javascript", "static-sites")
    assert "<h2>The case for the static site generator</h2>" in static.body_html


def test_strapi_v4_unpacked_export(samples: Path) -> None:
    path = samples / "strapi" / "mars-lab-blog-strapi-4.25.6"
    export = load_export(path)
    assert export.format == "strapi" == detect_format(path)
    assert (len(export.posts), len(export.pages), len(export.drafts)) == (7, 0, 0)
    first = export.by_slug("the-benefits-of-a-headless-cms-like-strapi")
    assert first.title == "The Benefits of a Headless CMS Like Strapi"
    assert first.authors == ("Megan",) and first.tags == ("strapi",)  # relations read from links/
    assert first.published == datetime(2023, 3, 22, 17, 6, 3, 589000, tzinfo=timezone.utc)
    assert first.language == "en"
    video = export.by_slug("unleashing-the-power-of-customization-with-strapi-cms")
    assert video.authors == ("Paul Brats",)
    assert "https://www.youtube.com/watch?v=vrKALFk4ULc" in video.body_html
    markdown = export.by_slug("markdown-example-post")
    assert "https://octodex.github.com/images/minion.png" in markdown.images


def test_decap_markdown_folder(samples: Path) -> None:
    path = samples / "markdown-folder" / "gatsby-starter-decap-cms"
    export = load_export(path)
    assert export.format == "folder" == detect_format(path)
    assert [a.slug for a in export.articles] == [
        "making-sense-of-the-scaas-new-flavor-wheel",
        "a-beginners-guide-to-brewing-with-chemex",
        "just-in-small-batch-of-jamaican-blue-mountain-in-store-next-week",
    ]
    chemex = export.by_slug("a-beginners-guide-to-brewing-with-chemex")
    assert chemex.title == "A beginners’ guide to brewing with Chemex"
    assert chemex.published == utc(2017, 1, 4, 15, 4, 10)
    assert chemex.tags == ("brewing", "chemex")
    assert chemex.images == ("/img/chemex.jpg",)
    assert export.by_slug("just-in-small-batch-of-jamaican-blue-mountain-in-store-next-week").tags == (
        "jamaica", "green beans", "flavor", "tasting")
