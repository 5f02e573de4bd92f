"""Titles as a French reader and a proofreader see them: running heads on one line, titles typeset by the
transform stage, the blog's figures and references set as the book's, no-break spaces kept in the PDF text."""

from __future__ import annotations

import io
import re
from dataclasses import replace
from pathlib import Path

import pytest

from bookproject import ROOT
from kambook.errors import ManifestError
from kambook.manifest import load_manifest
from kambook.model import Book, Document, Registry, Target
from kambook.print.fonts import _distinct_nbsp
from kambook.print.running import RunningHeads
from kambook.sources.appendices import collect_appendices, load_appendix_export
from kambook.render.html import RenderContext, render_document
from kambook.sources.article_tokens import article_tokens
from kambook.transform.numbering import number_book
from kambook.transform.references import resolve_references
from kambook.transform.typography import typeset_document

LONG = "Une «\u202fPremière\u202f» en France, le Symposium annuel du Key Account Management\u00a0: Motivations"


@pytest.fixture(scope="module")
def heads() -> RunningHeads:
    return RunningHeads(ROOT, 160)


def test_a_title_that_fits_is_kept(heads: RunningHeads) -> None:
    assert heads.fit("Le plan compte clé") == "Le plan compte clé"


def test_a_long_title_is_cut_after_a_word_with_an_ellipsis(heads: RunningHeads) -> None:
    cut = heads.fit(LONG)
    assert cut.endswith("…") and not cut.endswith(" …")
    assert LONG.startswith(cut[:-1]) and LONG[len(cut) - 1] in " \u00a0", "cut at a word boundary"
    assert heads.fits(cut) and not heads.fits(LONG)


def test_a_cut_never_leaves_a_quotation_open_or_a_weak_word_last(heads: RunningHeads) -> None:
    title = "Key Account Management 1970-2010 – la «\u202fLongue Marche\u202f» de la recherche académique et de ses"
    cut = heads.fit(title * 2)
    assert cut.count("«") == cut.count("»")
    assert cut.removesuffix("…").split()[-1] not in {"de", "la", "et", "des"}


def test_running_heads_are_escaped_for_the_template(heads: RunningHeads) -> None:
    assert str(heads("R&amp;D")) == "R&amp;D"


def test_titles_are_typeset_by_the_transform_stage() -> None:
    doc = Document(role="appendix", path=Path("x"), rel="x", slug="annexe-x", title="Evènement - Lancement : Paris",
                   short_title="Stay tuned !", label="app:x", tokens=[], env={}, lang="fr")
    registry = Registry({"sec:y": Target("sec:y", "sec", "1.1", "Oser : une approche", "annexe-x", "y", "x", 1)})
    typeset_document(doc, registry, "fr")
    assert doc.title == "Évènement – Lancement\u00a0: Paris"
    assert doc.short_title == "Stay tuned\u202f!"
    assert registry.targets["sec:y"].title == "Oser\u00a0: une approche"
    english = replace(doc, title="Stay tuned!", short_title="Stay tuned!", lang="en")
    typeset_document(english, Registry(), "fr")
    assert english.title == "Stay tuned!"


def _appendix(html: str) -> Document:
    doc = Document(role="appendix", path=Path("x"), rel="x", slug="annexe-x", title="X", short_title="X",
                   label="app:x", tokens=article_tokens(html, "annexe-1"), env={"doc": "annexe-x"}, lang="fr")
    book = Book(load_manifest(ROOT / "book.yaml"), [doc])
    assert not number_book(book) and not resolve_references(book)
    return doc


def _print(doc: Document) -> str:
    context = RenderContext(mode="print", href=lambda target: f"#{target.anchor}", asset_url=lambda token: "a.png",
                            cite_html=lambda token: "")
    return render_document(doc, context)


def test_blog_captions_are_numbered_as_the_appendix_figures() -> None:
    html = ('<p>Voir (Figure 2).</p><figure class="x"><img src="a.png" alt="a">'
            '<figcaption>Figure 2 -&nbsp; Quatre initiatives</figcaption></figure>'
            '<figure><img src="b.png"></figure>')
    out = _print(_appendix(html))
    assert '<figure id="fig-annexe-1-1" class="figure">' in out
    assert ('<figcaption><span class="caption-label">Figure A.1</span><span class="caption-sep"> – </span>'
            "Quatre initiatives</figcaption>") in out
    assert re.search(r'\(<a id="annexe-x--xr1" class="xref xref-fig" href="#fig-annexe-1-1"[^>]*>Figure A.1</a>\)',
                     out), "the text follows its figure's new number, and links to it"
    assert '<figure><img src="b.png" alt="" /></figure>' in out, "a figure without a caption is not numbered"


def test_a_reference_list_is_recognised_only_after_its_heading() -> None:
    def mark(html: str) -> str:
        return _print(_appendix(html))
    assert '<ul class="references">' in mark("<h2>Références citées</h2>\n<ul><li>Ford (1980)</li></ul>")
    assert 'class="references"' not in mark("<h2>Initiatives</h2><ul><li>x</li></ul>")
    assert 'class="references"' not in mark("<h2>Références</h2><p>texte</p><ul><li>x</li></ul>")


def test_appendix_running_titles_come_from_the_manifest() -> None:
    manifest = load_manifest(ROOT / "book.yaml")
    docs = collect_appendices(manifest, load_appendix_export(manifest))
    survey = next(d for d in docs if d.meta["article"].slug == "orchestrer-les-relations-comptes-cles")
    assert survey.short_title == "Orchestrer les relations comptes clés"
    assert survey.title.startswith("Orchestrer les relations comptes clés : des pratiques")


def test_a_running_title_for_an_article_not_selected_names_its_line() -> None:
    manifest = load_manifest(ROOT / "book.yaml")
    spec = replace(manifest.appendices, running_titles=(("pas-un-article", "Court", 42),))
    with pytest.raises(ManifestError) as info:
        collect_appendices(replace(manifest, appendices=spec), load_appendix_export(manifest))
    assert "book.yaml:42" in str(info.value) and "pas-un-article" in str(info.value)


def test_a_running_title_must_be_a_mapping(tmp_path: Path) -> None:
    text = (ROOT / "book.yaml").read_text(encoding="utf-8")
    text = text.replace("  running_titles:\n", "  running_titles: court\n  ignored:\n", 1)
    (tmp_path / "book.yaml").write_text(text, encoding="utf-8")
    for name in ("chapters", "assets", "styles"):
        (tmp_path / name).symlink_to(ROOT / name)
    with pytest.raises(ManifestError) as info:
        load_manifest(tmp_path / "book.yaml")
    line = text.splitlines().index("  running_titles: court") + 1
    assert f"book.yaml:{line}: 'running_titles' must map article slugs to short titles" in str(info.value)


def test_a_font_without_its_own_no_break_space_gets_one() -> None:
    from fontTools.ttLib import TTFont

    data = (ROOT / "assets" / "fonts" / "Lato-Bold.ttf").read_bytes()
    assert TTFont(io.BytesIO(data)).getBestCmap()[0xA0] == "space"
    copy = TTFont(io.BytesIO(_distinct_nbsp(data)))
    cmap = copy.getBestCmap()
    assert cmap[0xA0] != cmap[0x20] and cmap[0x41] == "A"
    assert copy["hmtx"][cmap[0xA0]] == copy["hmtx"]["space"]
    assert _distinct_nbsp(data) == _distinct_nbsp(data), "the same bytes every time"
    gentium = (ROOT / "assets" / "fonts" / "GentiumBookPlus-Regular.woff2").read_bytes()
    assert _distinct_nbsp(gentium) == gentium, "a font with its own no-break space is left as it is"
