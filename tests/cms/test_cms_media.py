"""Images to local media files (undoing CMS size variants), and article URLs to slugs."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from cms_paths import OWN_EXPORT

from kambook.cms import load_export
from kambook.cms.media import article_links, normalise_url, resolve_image

MEDIA = OWN_EXPORT / "media"


@pytest.mark.parametrize("name", ["blog-relation-btob.blogger.xml", "blog-relation-btob.strapi"])
def test_the_survey_figures_resolve_to_the_originals(name: str) -> None:
    survey = load_export(OWN_EXPORT / name).by_slug("orchestrer-les-relations-comptes-cles")
    assert len(survey.images) == 2 and all("/s640/" in src for src in survey.images)
    found = [resolve_image(src, MEDIA) for src in survey.images]
    assert found == [(MEDIA / "typologie-rituels.png").resolve(), (MEDIA / "quatre-initiatives.png").resolve()]


@pytest.fixture
def media(tmp_path: Path) -> Path:
    root = tmp_path / "media"
    for name in ("photo.jpg", "photo-300x200.jpg", "chart.png", "mon image.png", "été.png", "big.jpg",
                 "2014/08/logo.png", "2015/01/logo.png", "deep/unique.gif"):
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(b"x")
    (tmp_path / "secret.png").write_bytes(b"x")
    return root


@pytest.mark.parametrize("src, expected", [
    ("https://example.com/wp-content/uploads/2014/08/photo.jpg", "photo.jpg"),
    ("https://example.com/wp-content/uploads/2014/08/photo-300x200.jpg", "photo-300x200.jpg"),  # exact first
    ("https://example.com/wp-content/uploads/2014/08/photo-1024x768.jpg?ver=2#top", "photo.jpg"),
    ("https://example.com/wp-content/uploads/big-scaled.jpg", "big.jpg"),
    ("http://1.bp.blogspot.com/-a/U_dP/AAAAAAAAAKc/7rJ/s320/chart.png", "chart.png"),
    ("http://1.bp.blogspot.com/-a/U_dP/AAAAAAAAAKc/7rJ/s1600-h/chart.png", "chart.png"),
    ("https://blogger.googleusercontent.com/img/b/R29v/AVvX/w640-h480/chart.png", "chart.png"),
    ("https://lh3.googleusercontent.com/-a/b/chart.png=s1600", "chart.png"),
    ("https://lh3.googleusercontent.com/-a/b/chart.png=w400-h300-rw", "chart.png"),
    ("//example.com/img/mon%20image.png", "mon image.png"),
    ("/media/%C3%A9t%C3%A9.png", "été.png"),
    ("CHART.PNG", "chart.png"),
    ("https://example.com/wp-content/uploads/2015/01/logo.png", "2015/01/logo.png"),
    ("https://example.com/files/unique-150x150.gif", "deep/unique.gif"),
])
def test_resolves_variants(media: Path, src: str, expected: str) -> None:
    assert resolve_image(src, media) == (media / expected).resolve()


@pytest.mark.parametrize("src", [
    "", "https://example.com/missing.png", "https://example.com/logo.png",  # two logos: ambiguous
    "../secret.png", "https://example.com/a/..%2Fsecret.png", "https://example.com/%2e%2e/secret.png",
    "data:image/png;base64,iVBORw0KGgo=", "https://example.com/",
])
def test_unresolvable_or_outside(media: Path, src: str) -> None:
    assert resolve_image(src, media) is None


def test_symlink_out_of_the_media_folder_is_refused(media: Path) -> None:
    try:
        os.symlink(media.parent / "secret.png", media / "link.png")
    except OSError:
        pytest.skip("symlinks not available")
    assert resolve_image("https://example.com/link.png", media) is None
    assert resolve_image("x.png", media.parent / "nowhere") is None


def test_wordpress_sample_thumbnails_map_to_originals(samples: Path, tmp_path: Path) -> None:
    export = load_export(samples / "wxr" / "alexandrerio-wp3.5-fr-bom.wordpress.xml")
    thumbs = sorted({src for a in export.articles for src in a.images if "uploads/2011/01/" in src})
    originals = ["Photos-0046.jpg", "Photos-0049.jpg", "tuto-1.png", "tuto-3.png", "tuto2.png"]
    (tmp_path / "2011" / "01").mkdir(parents=True)
    for name in originals:
        (tmp_path / "2011" / "01" / name).write_bytes(b"x")
    assert [resolve_image(src, tmp_path) for src in thumbs] == [
        (tmp_path / "2011" / "01" / name).resolve() for name in originals]


def test_normalise_url() -> None:
    same = ["http://relation-btob.blogspot.com/2014/10/x.html", "https://relation-btob.blogspot.com/2014/10/x.html/",
            "HTTP://Relation-BtoB.Blogspot.COM/2014/10/x.html?m=1#comments", "//www.relation-btob.blogspot.fr/2014/10/x.html",
            "http://relation-btob.blogspot.com:80/2014/10/x.html", "relation-btob.blogspot.com/2014/10/x.html"]
    assert {normalise_url(u) for u in same} == {"relation-btob.blogspot.com/2014/10/x.html"}
    assert normalise_url("https://example.com/Caf%C3%A9/") == "example.com/Café"
    assert normalise_url("http://example.com:8080/a") == "example.com:8080/a"
    assert normalise_url("https://example.com/a/b") != normalise_url("https://example.com/a")


def test_article_links_of_the_own_export() -> None:
    export = load_export(OWN_EXPORT / "blog-relation-btob.blogger.xml")
    links = article_links(export)
    assert len(links) == 7  # every article but the draft, which has no URL
    assert links["relation-btob.blogspot.com/2014/10/une-premiere-en-france-le-symposium.html"] == \
        "une-premiere-en-france-le-symposium"
    assert links[normalise_url("https://relation-btob.blogspot.com/p/bienvenue-welcome.html?m=1")] == "bienvenue-welcome"
    # The survey's link to January 2014 points outside the export, on purpose.
    assert normalise_url("http://relation-btob.blogspot.com/2014/01/orchestrating-key-account-relationship.html") \
        not in links
    assert load_export(OWN_EXPORT / "blog-relation-btob.strapi") and article_links(
        load_export(OWN_EXPORT / "blog-relation-btob.strapi")) == links
