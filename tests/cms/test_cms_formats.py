"""Issue #13: typed CMSs (which content types are posts), translations, prefixed Atom, unsupported
formats, and Sanity as a seventh format; on small exports written for these tests."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import pytest

from cms_paths import FIXTURES

from kambook.cms import FORMATS, detect_format, load_export
from kambook.cms.select import Selection, select_articles
from kambook.cms.summary import summarize
from kambook.errors import ExportError

PAGE_BUILDER = FIXTURES / "contentful-page-builder.json"
SANITY = FIXTURES / "sanity-export"


def test_contentful_default_takes_only_the_blog_post_type() -> None:
    export = load_export(PAGE_BUILDER)
    assert sorted(a.slug for a in export.articles) == ["a-year-of-releases", "shipping-the-redesign"]
    assert dict(export.skipped) == {"componentHeroBanner": 1, "footer": 1, "jobItem": 2}
    counts = summarize(export, None)["counts"]
    assert counts["posts"] == 2 and counts["skipped"] == {"componentHeroBanner": 1, "footer": 1, "jobItem": 2}


def test_contentful_types_chosen_by_the_author() -> None:
    export = load_export(PAGE_BUILDER, types=("jobItem",))
    assert sorted(a.slug for a in export.articles) == ["junior-proofreader", "senior-typesetter"]
    assert dict(export.skipped) == {"componentHeroBanner": 1, "footer": 1, "pageBlogPost": 2}


def test_unknown_type_lists_the_export_types() -> None:
    with pytest.raises(ExportError) as caught:
        load_export(PAGE_BUILDER, types=("blogPost",))
    message = caught.value.message
    assert "'blogPost'" in message and "pageBlogPost" in message and "jobItem" in message


def test_types_refused_for_untyped_formats() -> None:
    with pytest.raises(ExportError) as caught:
        load_export(FIXTURES / "ghost-current.json", types=("post",))
    assert "types" in caught.value.message and "contentful" in caught.value.message


def test_folder_translations_selectable_by_language_and_section_indexes_skipped() -> None:
    export = load_export(FIXTURES / "folder-i18n")
    assert all(not a.slug.startswith("_index") and a.title not in ("Blog", "Carnet", "Billets")
               for a in export.articles)
    assert export.skipped.get("section index") == 3
    french = select_articles(export, Selection(languages=("fr",)))
    assert [(a.slug, a.language) for a in french] == [("premier-jour", "fr"), ("seulement-francais", "fr")]
    both = select_articles(export, Selection(slugs=("premier-jour",)))
    assert sorted(a.language for a in both) == ["en", "fr"]
    english = select_articles(export, Selection(slugs=("premier-jour",), languages=("EN",)))
    assert [a.title for a in english] == ["First day"]


@pytest.mark.parametrize("prefix", ["ns0", "atom", "a.b-c_d"])
def test_prefixed_atom_is_detected_as_blogger(tmp_path: Path, prefix: str) -> None:
    path = tmp_path / "backup.xml"
    path.write_text((FIXTURES / "blogger-prefixed.atom").read_text(encoding="utf-8").replace("ns0", prefix),
                    encoding="utf-8")
    assert detect_format(path) == "blogger"
    post = load_export(path).by_slug("reecrit")
    assert post.title == "Réécrit par un autre outil" and post.body_html == "<p>Le même billet.</p>"


def test_unknown_json_lines_is_not_called_invalid_json() -> None:
    with pytest.raises(ExportError) as caught:
        load_export(FIXTURES / "hostile" / "events.ndjson")
    message = caught.value.message
    assert "not valid JSON" not in message and "JSON Lines" in message
    assert all(fmt in message for fmt in FORMATS)


def test_sanity_is_a_known_format() -> None:
    assert "sanity" in FORMATS
    assert detect_format(SANITY) == "sanity"
    assert detect_format(SANITY / "data.ndjson") == "sanity"


def test_sanity_dataset_import_and_selection() -> None:
    export = load_export(SANITY)
    assert export.format == "sanity" and export.title == "Le carnet de Léa"
    post = export.by_slug("premier-billet")
    assert post.title == "Premier billet"  # the published document, not its draft
    assert post.published == datetime(2024, 1, 3, 9, 0, tzinfo=timezone.utc)
    assert post.authors == ("Léa Bernard",) and post.tags == ("Nouvelles",) and post.language == "fr"
    assert post.body_html == (
        "<h2>Un titre</h2><p>Du <strong>gras</strong>, de l'<em>italique</em> et "
        '<a href="https://exemple.test/?a=1&amp;b=2">un lien</a>.</p><ul><li>un</li><li>deux</li></ul>'
        "<ol><li>étape</li></ol><blockquote>Une citation &lt;pas du HTML&gt;</blockquote>"
        '<figure><img src="https://cdn.sanity.io/images/proj/production/4f2a9c-800x600.jpg" alt="Vue"></figure>'
        "<h3>Sous-titre</h3>")
    second = export.by_slug("deuxieme-billet")
    assert second.authors == ("Léa Bernard",) and second.images == ("images/77aa01-1200x800.png",)
    assert export.by_slug("en-cours").status == "draft"
    assert dict(export.skipped) == {"author": 1, "category": 1, "hero": 1, "page": 1, "siteSettings": 1,
                                    "draft of a published document": 1}
    chosen = select_articles(export, Selection())
    assert [a.slug for a in chosen] == ["premier-billet", "deuxieme-billet"]
    pages = load_export(SANITY / "data.ndjson", types=("page", "post"))
    assert pages.by_slug("a-propos").kind == "page"


def test_sanity_post_dated_after_the_export_is_scheduled(tmp_path: Path) -> None:
    export = load_export(SANITY)
    # The export was made when its newest document was saved (2024-02-12), whatever today's date.
    assert export.by_slug("billet-programme").status == "scheduled"
    assert export.by_slug("deuxieme-billet").status == "published"
    assert export.by_slug("en-cours").status == "draft"
    assert "billet-programme" not in [a.slug for a in select_articles(export, Selection())]
    summary = summarize(export, None)
    assert summary["counts"]["scheduled"] == 1
    assert [a["status"] for a in summary["articles"] if a["slug"] == "billet-programme"] == ["scheduled"]
    # Saved again later, the same dataset says the post has gone out.
    later = tmp_path / "data.ndjson"
    later.write_text((SANITY / "data.ndjson").read_text(encoding="utf-8") + '{"_id": "siteSettings-2", '
                     '"_type": "siteSettings", "_updatedAt": "2024-03-05T10:00:00Z"}\n', encoding="utf-8")
    assert load_export(later).by_slug("billet-programme").status == "published"


def test_sanity_bad_line_names_line() -> None:
    bad = FIXTURES / "hostile" / "sanity-bad-line.ndjson"
    with pytest.raises(ExportError) as caught:
        load_export(bad)
    assert caught.value.location.line == 2 and "line 2" in caught.value.message


def _book(tmp_path: Path, select: str, export: Path) -> Path:
    """The repository's book, its appendices read from (a copy of) our fixture ``export`` with ``select``."""
    import shutil
    import sys
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from bookproject import copy_project
    project = copy_project(tmp_path / "book")
    copy = shutil.copytree if export.is_dir() else shutil.copy
    copy(export, project / export.name)
    text = (project / "book.yaml").read_text(encoding="utf-8")
    start, end = text.index("appendices:\n  export:"), text.index("  order: date")
    (project / "book.yaml").write_text(text[:start] + f"appendices:\n  export: {export.name}\n  select:\n{select}"
                                       + text[end:], encoding="utf-8")
    return project / "book.yaml"


def test_manifest_types_and_languages_reach_the_selection(tmp_path: Path) -> None:
    from kambook.manifest import load_manifest
    from kambook.sources.appendices import load_appendix_export, selected_articles
    manifest = load_manifest(_book(tmp_path, "    types: [jobItem]\n    languages: [en]\n", PAGE_BUILDER))
    assert manifest.appendices.types == ("jobItem",) and manifest.appendices.languages == ("en",)
    export = load_appendix_export(manifest)
    assert [a.slug for a in selected_articles(manifest, export)] == ["junior-proofreader", "senior-typesetter"]
    manifest = load_manifest(_book(tmp_path / "fr", "    languages: [fr]\n", FIXTURES / "folder-i18n"))
    export = load_appendix_export(manifest)
    assert {a.language for a in selected_articles(manifest, export)} == {"fr"}


STRAPI = FIXTURES / "strapi-export"


def test_strapi_default_takes_every_type_with_a_title() -> None:
    export = load_export(STRAPI)
    assert sorted(a.slug for a in export.articles) == ["correcteur", "premier-billet", "second-billet"]
    assert dict(export.skipped) == {"author": 1, "hero": 1}


def test_strapi_types_chosen_by_the_author() -> None:
    export = load_export(STRAPI, types=("article",))
    assert [a.slug for a in export.articles] == ["premier-billet", "second-billet"]
    assert export.by_slug("premier-billet").authors == ("Léa Bernard",)
    assert dict(export.skipped) == {"author": 1, "hero": 1, "job-offer": 1}
    by_uid = load_export(STRAPI, types=("api::job-offer.job-offer",))
    assert [a.slug for a in by_uid.articles] == ["correcteur"]


def test_strapi_unknown_type_lists_the_export_types() -> None:
    with pytest.raises(ExportError) as caught:
        load_export(STRAPI, types=("post",))
    message = caught.value.message
    assert "'post'" in message and "article, author, hero, job-offer" in message


def test_strapi_type_without_title_is_refused() -> None:
    with pytest.raises(ExportError) as caught:
        load_export(STRAPI, types=("hero",))
    assert "'hero'" in caught.value.message and "title" in caught.value.message


def test_strapi_rest_response_has_no_types_to_choose() -> None:
    with pytest.raises(ExportError) as caught:
        load_export(FIXTURES / "strapi-v5-rest.json", types=("article",))
    assert "REST" in caught.value.message and "types" in caught.value.message
