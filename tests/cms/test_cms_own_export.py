"""The repository's own blog export: the Blogger backup and its Strapi copy import as the same articles."""

from __future__ import annotations

import re
from datetime import datetime, timezone

import pytest

from cms_paths import OWN_EXPORT

from kambook.cms import Export, load_export

BLOGGER = OWN_EXPORT / "blog-relation-btob.blogger.xml"
STRAPI = OWN_EXPORT / "blog-relation-btob.strapi"
BASE = "http://relation-btob.blogspot.com"


@pytest.fixture(scope="module")
def blogger() -> Export:
    return load_export(BLOGGER)


@pytest.fixture(scope="module")
def strapi() -> Export:
    return load_export(STRAPI)


def normalised(html: str) -> str:
    return re.sub(r">\s+<", "><", html).strip()


def test_formats_detected(blogger: Export, strapi: Export) -> None:
    assert (blogger.format, strapi.format) == ("blogger", "strapi")
    assert blogger.title == strapi.title == "Le Blog de la Relation BtoB"


def test_both_copies_hold_the_same_articles(blogger: Export, strapi: Export) -> None:
    by_slug = {a.slug: a for a in strapi.articles}
    assert sorted(by_slug) == sorted(a.slug for a in blogger.articles)
    for a in blogger.articles:
        b = by_slug[a.slug]
        assert (a.title, a.published, a.updated, a.authors, a.language, a.tags, a.status, a.kind, a.url,
                a.images) == (b.title, b.published, b.updated, b.authors, b.language, b.tags, b.status, b.kind,
                              b.url, b.images), a.slug
        assert normalised(a.body_html) == normalised(b.body_html), a.slug
    assert blogger.comments == strapi.comments == 3


def test_contents(blogger: Export) -> None:
    assert dict(blogger.skipped) == {"template": 1, "settings": 8}
    assert (len(blogger.posts), len(blogger.pages), len(blogger.drafts)) == (7, 1, 1)
    dates = sorted(a.published.date().isoformat() for a in blogger.posts if a.status == "published")
    assert dates == ["2014-08-22", "2014-09-04", "2014-09-29", "2014-10-27", "2014-11-27", "2014-12-13"]
    assert {a.language for a in blogger.articles} == {"fr"}
    tribune = blogger.by_slug("tribune-le-cloud-facteur-de-croissance")
    assert tribune.authors == ("Eric Lorphelin",) and "Tribune" in tribune.tags
    assert tribune.published == datetime(2014, 9, 29, 5, 15, tzinfo=timezone.utc)
    welcome = blogger.by_slug("bienvenue-welcome")
    assert welcome.kind == "page" and welcome.title == "Bienvenue - Welcome!"
    assert "<p>Welcome to the B2B Relationship Blog!</p>" in welcome.body_html
    survey = blogger.by_slug("orchestrer-les-relations-comptes-cles")
    assert survey.body_html.count("<table>") == 5 and "<th>Pratiques observée</th>" in survey.body_html
    assert [src.rsplit("/", 2)[-2:] for src in survey.images] == [["s640", "typologie-rituels.png"],
                                                                    ["s640", "quatre-initiatives.png"]]
    assert "<figcaption>Figure 1 – Typologie des rituels</figcaption>" in survey.body_html
    for image in survey.images:  # the originals ship next to the export
        assert (OWN_EXPORT / "media" / image.rsplit("/", 1)[-1]).is_file()
    draft = next(iter(blogger.drafts))
    assert draft.url == "" and draft.kind == "post"


def test_cross_links_inside_and_outside_the_export(blogger: Export) -> None:
    urls = {a.url for a in blogger.articles if a.url}
    links = {a.slug: re.findall(r'href="([^"]+)"', a.body_html) for a in blogger.articles}
    internal = {s: [u for u in hrefs if u in urls] for s, hrefs in links.items()}
    assert f"{BASE}/2014/10/une-premiere-en-france-le-symposium.html" in internal["key-account-management-1970-2010-la"]
    assert internal["le-management-des-comptes-cles-lhonneur"]
    outside = [u for u in links["orchestrer-les-relations-comptes-cles"] if u.startswith(BASE) and u not in urls]
    assert outside == [f"{BASE}/2014/01/orchestrating-key-account-relationship.html"] * 3


def test_media_originals_are_large_pngs() -> None:
    for name in ("typologie-rituels.png", "quatre-initiatives.png"):
        data = (OWN_EXPORT / "media" / name).read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR"
        assert int.from_bytes(data[16:20], "big") >= 1800  # width, read without an imaging library
