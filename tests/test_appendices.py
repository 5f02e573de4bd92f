"""The blog's articles as appendices: selection, letters, links, images, languages, bad exports."""

from __future__ import annotations

import re
import subprocess
import sys

import pypdf
import pytest

from bookproject import ROOT, copy_project
from kambook.build import BuildOptions, build
from kambook.errors import CrossReferenceError

SURVEY = "orchestrer-les-relations-comptes-cles"


def text_of(page: pypdf.PageObject) -> str:
    text = re.sub(r"[-‐]\s*\n\s*", "", page.extract_text())
    return re.sub(r"\s+", " ", text.replace("\u202f", " ").replace("\u00a0", " "))


def test_selected_articles_are_lettered_in_date_order(built_book):
    result, _ = built_book
    appendices = [d for d in result.book.documents if d.role == "appendix"]
    assert [d.number for d in appendices] == list("ABCDEF")
    dates = [d.meta["article"].published for d in appendices]
    assert dates == sorted(dates)
    assert appendices[0].meta["article"].slug == SURVEY
    assert "bienvenue-welcome" not in {d.meta["article"].slug for d in appendices}, "pages are not selected"
    tribune = next(d for d in appendices if "Tribune" in d.title)
    assert tribune.meta["article"].authors == ("Eric Lorphelin",)


def test_appendices_in_the_pdf_with_their_links_and_pages(built_book):
    result, dist = built_book
    pdf = pypdf.PdfReader(dist / "key-account-management.pdf")
    labels = pdf.page_labels
    texts = [text_of(p) for p in pdf.pages]
    titles = {e.title: pdf.get_destination_page_number(e) for e in pdf.outline if not isinstance(e, list)}
    assert "Annexes" in titles
    for doc in (d for d in result.book.documents if d.role == "appendix"):
        assert any(t.startswith(f"Annexe {doc.number}. ") for t in titles)
    # A link from one article to another reads « (annexe E, p. N) », and page N is that appendix.
    refs = [(m.group(1), m.group(2)) for t in texts for m in re.finditer(r"\(annexe ([A-F]), p\. (\d+)\)", t)]
    assert refs
    for letter, page in refs:
        doc = next(d for d in result.book.documents if d.role == "appendix" and d.number == letter)
        assert f"ANNEXE {letter}" in texts[labels.index(page)].upper()
        assert doc.title.split()[0] in texts[labels.index(page)]
    # A link to an article left out of the book keeps its URL, printed in a footnote.
    assert any("http://relation-btob.blogspot.com/2014/01/" in t for t in texts)
    # The byline: original date, author, URL.
    survey_page = next(i for i, t in enumerate(texts) if "ANNEXE A" in t.upper() and "Publié le 22 août 2014" in t)
    assert "Hubert Faucher" in texts[survey_page]


def test_appendices_in_the_site(built_book):
    _, dist = built_book
    site = dist / "site"
    page = (site / "annexe-key-account-management-1970-2010-la.html").read_text(encoding="utf-8")
    assert re.search(r'<a href="annexe-[a-z0-9-]+\.html" class="applink" data-ref="annexe [A-F]"', page)
    assert 'lang="en"' in page, "the English references of the article keep their language"
    survey = (site / f"annexe-{SURVEY}.html").read_text(encoding="utf-8")
    assert 'src="assets/cms/media/typologie-rituels.png"' in survey
    assert (site / "assets/cms/media/typologie-rituels.png").is_file()
    body = survey.split('<div class="doc-body">', 1)[1].split("</article>", 1)[0]
    assert "<script" not in body and "onclick" not in body, "imported HTML is sanitised"
    index = (site / "index.html").read_text(encoding="utf-8")
    assert f'href="annexe-{SURVEY}.html"' in index


def test_welcome_page_paragraphs_keep_their_language(tmp_path):
    project = copy_project(tmp_path / "book")
    manifest = project / "book.yaml"
    text = manifest.read_text(encoding="utf-8").replace("    kinds: [post]\n", "    kinds: [post, page]\n")
    text = text.replace("labels: [Key Account Management,", "slugs: [bienvenue-welcome]\n    labels: [Key Account Management,")
    manifest.write_text(text, encoding="utf-8")
    build(project, BuildOptions(only=("site",), dist=tmp_path / "dist"))
    page = (tmp_path / "dist" / "site" / "annexe-bienvenue-welcome.html").read_text(encoding="utf-8")
    untag = lambda html: re.sub(r"<[^>]+>", "", html)  # noqa: E731 - index anchors sit inside the text
    english = [untag(p) for p in re.findall(r'<p lang="en">(.*?)</p>', page, re.S)]
    french = [untag(p) for p in re.findall(r"<p>(.*?)</p>", page, re.S)]
    assert any("Welcome to the B2B Relationship Blog" in p for p in english)
    assert any("Bienvenue sur le blog" in p for p in french)
    assert not any("\u202f!" in p or "\u00a0:" in p for p in english), "English keeps English punctuation"


def test_headless_copy_builds_the_same_appendices(tmp_path):
    """The Strapi copy of the blog gives the same appendix pages as the Blogger backup."""
    project = copy_project(tmp_path / "book")
    build(project, BuildOptions(only=("site",), dist=tmp_path / "blogger"))
    manifest = project / "book.yaml"
    manifest.write_text(manifest.read_text(encoding="utf-8").replace(
        "export: assets/cms/blog-relation-btob.blogger.xml", "export: assets/cms/blog-relation-btob.strapi"),
        encoding="utf-8")
    build(project, BuildOptions(only=("site",), dist=tmp_path / "strapi"))
    pages = sorted(p.name for p in (tmp_path / "blogger" / "site").glob("annexe-*.html"))
    assert len(pages) == 6
    assert pages == sorted(p.name for p in (tmp_path / "strapi" / "site").glob("annexe-*.html"))
    for name in pages:
        assert (tmp_path / "blogger" / "site" / name).read_text() == (tmp_path / "strapi" / "site" / name).read_text()


def test_a_missing_image_fails_unless_placeholders_are_allowed(tmp_path):
    project = copy_project(tmp_path / "book")
    (project / "assets" / "cms" / "media" / "quatre-initiatives.png").unlink()
    with pytest.raises(CrossReferenceError) as error:
        build(project, BuildOptions(only=("site",), dist=tmp_path / "dist"))
    message = str(error.value)
    assert "Orchestrer les relations comptes clés" in message and "s640/quatre-initiatives.png" in message
    assert not (tmp_path / "dist").exists()
    build(project, BuildOptions(only=("site",), dist=tmp_path / "dist", allow_missing_images=True))
    page = (tmp_path / "dist" / "site" / f"annexe-{SURVEY}.html").read_text(encoding="utf-8")
    assert '<span class="missing-image">[image manquante' in page


BAD_EXPORTS = {
    "truncated": lambda good: good[: len(good) // 2],
    "entity bomb": lambda good: ('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
                                 '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
                                 '<feed xmlns="http://www.w3.org/2005/Atom"><title>&lol2;</title></feed>'),
    "unknown format": lambda good: "Ceci n'est pas un export.\n",
}


@pytest.mark.parametrize("kind", BAD_EXPORTS)
def test_a_bad_export_fails_cleanly_and_keeps_dist(tmp_path, kind):
    project = copy_project(tmp_path / "book")
    export = project / "assets" / "cms" / "blog-relation-btob.blogger.xml"
    export.write_text(BAD_EXPORTS[kind](export.read_text(encoding="utf-8")), encoding="utf-8")
    previous = project / "dist" / "site" / "index.html"
    previous.parent.mkdir(parents=True)
    previous.write_text("previous build", encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "kambook", "-C", str(project), "build"], capture_output=True,
                         text=True, env={"PYTHONPATH": str(ROOT / "src"), "PATH": "/usr/bin:/bin"})
    assert run.returncode == 1
    assert "\nerror: " in run.stderr and "blog-relation-btob.blogger.xml" in run.stderr
    assert "Traceback" not in run.stderr
    assert previous.read_text(encoding="utf-8") == "previous build"
    assert sorted(p.name for p in (project / "dist").iterdir()) == ["site"]


def test_import_command_lists_the_export_and_the_selection():
    run = subprocess.run([sys.executable, "-m", "kambook", "-C", str(ROOT), "import",
                          str(ROOT / "assets" / "cms" / "blog-relation-btob.blogger.xml"), "--json"],
                         capture_output=True, text=True, env={"PYTHONPATH": str(ROOT / "src"), "PATH": "/usr/bin:/bin"})
    assert run.returncode == 0, run.stderr
    import json
    summary = json.loads(run.stdout)
    assert summary["counts"]["posts"] == 7 and summary["counts"]["pages"] == 1
    assert summary["counts"]["drafts"] == 1 and summary["counts"]["comments"] == 3
    assert summary["counts"]["selected"] == 6
    selected = [a["slug"] for a in summary["articles"] if a["selected"]]
    assert selected[0] == SURVEY and "bienvenue-welcome" not in selected
