"""Issue #13 on built sites: a Sanity export builds appendices; protected posts never reach a page; embeds and
shortcodes arrive as lines a printed book can hold."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from bookproject import ROOT, copy_project
from kambook.build import BuildOptions, build

CMS = ROOT / "tests" / "fixtures" / "cms"


def build_site(tmp_path: Path, export: Path, select: str = "    kinds: [post]\n"):
    """The repository's book with its appendices taken from one export (a file or a folder), as a site."""
    project = copy_project(tmp_path / "book")
    target = project / "assets" / "cms" / export.name
    if export.is_dir():
        shutil.copytree(export, target)
    else:
        shutil.copy(export, target)
    for media in export.parent.glob(f"{export.stem.split('-and-')[0]}*-media"):
        shutil.copytree(media, project / "assets" / "cms" / media.name)
    manifest = project / "book.yaml"
    head, rest = manifest.read_text(encoding="utf-8").split("\nappendices:\n", 1)
    tail = rest[rest.index("\n\n"):]
    manifest.write_text(f"{head}\nappendices:\n  export: assets/cms/{export.name}\n  select:\n{select}"
                        f"  order: date\n{tail}", encoding="utf-8")
    # The chapters cite the blog's own appendices, absent here; the Sanity images live on its CDN only.
    result = build(project, BuildOptions(only=("site",), dist=tmp_path / "dist", keep_going=True,
                                         allow_missing_images=True))
    pages = {p.name: p.read_text(encoding="utf-8") for p in (tmp_path / "dist" / "site").glob("annexe-*.html")}
    return result, pages


def test_a_sanity_export_builds_appendices(tmp_path: Path) -> None:
    result, pages = build_site(tmp_path, CMS / "sanity-export")
    assert "annexe-premier-billet.html" in pages
    page = pages["annexe-premier-billet.html"]
    assert "Premier billet" in page and "Léa Bernard" in page
    assert "<strong>gras</strong>" in page and "<em>italique</em>" in page
    assert re.search(r"<h[23][^>]*>[^<]*Un titre", page)


def test_protected_posts_never_reach_a_page_and_embeds_become_lines(tmp_path: Path) -> None:
    result, pages = build_site(tmp_path, CMS / "wxr-restricted-and-embeds.xml")
    site = " ".join(pages.values())
    assert "journal-equipage" not in " ".join(pages) and "notes-privees" not in " ".join(pages)
    assert "coffre" not in site  # the protected post's text
    assert "Vidéo\u00a0:" in site or "Vidéo&nbsp;:" in site
    assert not re.search(r"\[(audio|video|embed|gallery|contact-form-7)\b", site)
    assert any("converti" in w or "Vidéo" in w or "shortcode" in w for w in result.warnings), result.warnings


def test_the_build_warns_only_for_the_articles_it_prints(tmp_path: Path) -> None:
    result, pages = build_site(tmp_path, CMS / "wxr-restricted-and-embeds.xml", "    slugs: [bloc-video]\n")
    assert list(pages) == ["annexe-bloc-video.html"]
    assert any("article « Bloc vidéo »: wp-block-embed https://vimeo.com/76979871" in w for w in result.warnings)
    assert not any("Escale en images" in w for w in result.warnings), "a note on an article left out is noise"


def test_an_embed_address_is_a_link_on_the_site_and_printed_once(tmp_path: Path) -> None:
    from kambook.render.html import RenderContext, render_document
    from kambook.sources.article_tokens import article_tokens

    url = "https://vimeo.com/76979871"
    result, pages = build_site(tmp_path, CMS / "wxr-restricted-and-embeds.xml")
    site = pages["annexe-bloc-video.html"]
    assert re.search(rf'Vidéo(?:\u00a0|&nbsp;): Le départ — <a [^>]*href="{url}"[^>]*>{url}</a>', site), site
    doc = next(d for d in result.book.documents if d.role == "appendix" and d.meta["article"].slug == "bloc-video")
    context = RenderContext(mode="print", href=lambda target: "#", asset_url=lambda token: "",
                            cite_html=lambda token: "")
    printed = render_document(doc, context)
    assert f">{url}</a>" in printed and url not in printed.split(f">{url}</a>", 1)[1]
    assert 'class="footnote url-note"' not in printed
    # A link whose text is not its address keeps its note.
    doc.tokens += article_tokens('<p><a href="https://exemple.test/page">la page</a></p>', "annexe-9")
    assert '<span class="footnote url-note">https://exemple.test/page</span>' in render_document(doc, context)


def test_an_article_in_no_language_kambook_can_tell_is_a_warning(tmp_path: Path) -> None:
    """An export without a declared language, an article of figures only: set in the book's language, said."""
    export = tmp_path / "export" / "content" / "posts"
    export.mkdir(parents=True)
    (export / "chiffres.md").write_text("---\ntitle: 2014\ndate: 2014-03-01T20:00:00-05:00\nauthor: H. F.\n---\n"
                                        "1 250 000 ; 38 ; 94 ; 2 014.\n", encoding="utf-8")
    result, pages = build_site(tmp_path, tmp_path / "export")
    assert "annexe-chiffres.html" in pages
    assert any("chiffres" in w and "cannot tell which language" in w for w in result.warnings), result.warnings
