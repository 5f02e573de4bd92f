"""Numbering across the book, glossary and index, in the PDF and the site of the repository's book."""

from __future__ import annotations

import html
import re

import pypdf
import pytest

from bookproject import copy_project
from kambook.build import BuildOptions, build
from kambook.errors import CrossReferenceError
from kambook.transform.indexing import group_by_letter
from kambook.text.typography import typeset
from kambook.transform.terms import TermsError


def test_numbering_runs_across_parts(built_book):
    result, _ = built_book
    registry = result.book.registry
    assert [registry.get(label).number for label in ("part:oser", "part:structurer", "part:planifier")] == \
        ["I", "II", "III"]
    assert registry.get("ch:phenomene").number == "1"
    assert registry.get("ch:organisation").number == "5", "chapters run on across parts"
    assert registry.get("ch:performance").number == "12"
    assert registry.get("fig:rituels").number == "10.1" and registry.get("fig:initiatives").number == "10.2"
    assert registry.get("tab:jalons").number == "2.1"
    assert registry.get("enc:essentiel-plan").number == "9.1"
    assert registry.get("sec:niveaux" if registry.get("sec:niveaux") else "sec:centre-achat-niveaux").number == "3.2"
    assert registry.get("app:orchestrer-les-relations-comptes-cles").number == "A"


def _locator_lines(print_html: str) -> list[tuple[str, list[tuple[str, str]]]]:
    """(heading, [(anchor, printed pages)]) of every index line, in the order printed: one layout for all,
    the heading then a link per locator."""
    section = print_html.split('<section class="back-matter book-index"', 1)[1]
    lines = []
    pattern = r'<li class="ix-(?:paged|bare)"><span class="ix-head">(.*?)</span>(?:[^<]*<i>voir</i>[^<]*)?(?:<span class="ix-locs">(.*?)</span>)?'
    for item in re.finditer(pattern, section, re.S):
        heading, locs = item.groups()
        lines.append((html.unescape(heading), re.findall(r'<a href="#([^"]+)">([^<]+)</a>', locs or "")))
    return lines


def expand(printed: str, labels: list[str]) -> set[int]:
    first, _, last = printed.partition("-")
    start = labels.index(first)
    return set(range(start, labels.index(last) + 1 if last else start + 1))


def test_index_page_numbers_point_at_their_marks(built_book):
    result, dist = built_book
    pdf = pypdf.PdfReader(dist / "key-account-management.pdf")
    labels = pdf.page_labels
    dests = {name: pdf.get_destination_page_number(d) for name, d in pdf.named_destinations.items()}
    printed = _locator_lines(result.print_html)
    items = [item for _, entries in group_by_letter(result.book.index) for entry in entries
             for item in (entry, *entry.subs.values())]
    assert len(items) == len(printed)
    checked = 0
    for item, (heading, shown) in zip(items, printed):
        assert heading.replace("’", "'") == typeset(item.heading).replace("’", "'")
        if not item.locators:
            continue
        pages = {dests[loc.anchor] for loc in item.locators}
        covered = set().union(*(expand(text, labels) for _, text in shown))
        assert pages == covered, f"index « {heading} »: marks on {sorted(pages)}, printed {shown}"
        assert labels[dests[shown[0][0]]] == shown[0][1].split("-")[0], "the entry links to its first page"
        if len({a for a, _ in shown}) > 1:
            for anchor, text in shown:
                assert labels[dests[anchor]] == text.split("-")[0], "each locator links to its first page"
        checked += 1
    assert checked >= 40
    assert any("-" in text for _, shown in printed for _, text in shown), "some ranges merged"


def test_index_is_in_french_order_with_letters(built_book):
    result, _ = built_book
    section = result.print_html.split('<section class="back-matter book-index"', 1)[1]
    letters = re.findall(r'<h2 class="index-letter"[^>]*>(.+?)</h2>', section)
    assert letters == sorted(letters) and "E" in letters
    headings = [html.unescape(h) for h in re.findall(r'<ul class="index-list">\s*<li[^>]*><span class="ix-head">(.*?)</span>',
                                                     section)]
    assert len(headings) == len(letters)
    e_group = re.split(r'<h2 class="index-letter"[^>]*>E</h2>', section, maxsplit=1)[1].split("<h2", 1)[0]
    e_heads = [html.unescape(h) for h in re.findall(r'^<li[^>]*><span class="ix-head">(.*?)</span>', e_group, re.M)]
    assert any(h.startswith("É") for h in e_heads), "accented headings file under their letter"
    assert "<i>voir</i>" in section and "<i>Voir aussi</i>" in section


def test_headings_are_indexed_and_no_headword_is_split_by_number(built_book):
    result, _ = built_book
    headings = re.findall(r"<h[23][^>]*>(.*?)</h[23]>", result.print_html, re.S)
    assert any('<span class="ix" id="' in h for h in headings), "a heading naming an index term is indexed"
    assert not [w for w in result.warnings if "singular and plural" in w]
    printed = [h for h, _ in _locator_lines(result.print_html)]
    assert "Rituel" in printed and "Rituels" not in printed


def test_glossary_in_pdf_and_site(built_book):
    result, dist = built_book
    terms = [t.term for t in result.book.glossary.terms.values()]
    assert {"Key Account", "Key Account Management", "Key Account Manager", "Key Account Review",
            "Customer Advisory Board", "Executive Sponsor", "Global Account Management", "National Account"} <= \
        set(terms)
    pdf = pypdf.PdfReader(dist / "key-account-management.pdf")
    start = next(pdf.get_destination_page_number(o) for o in pdf.outline if not isinstance(o, list)
                 and o.title == "Glossaire")
    text = " ".join(pdf.pages[i].extract_text() for i in range(start, start + 6))
    for term in terms:
        assert term in text, f"glossary term {term} missing from the PDF"
    page = (dist / "site" / "revues.html").read_text(encoding="utf-8")
    mark = re.search(r'<a class="gloss" id="([^"]+)" href="glossaire.html#gl-([a-z-]+)"[^>]*'
                     r'aria-describedby="tip-\1">.*?<span class="gloss-tip" role="tooltip" id="tip-\1" '
                     r'aria-hidden="true">', page, re.S)
    assert mark, "a glossary mark links to its entry with a tooltip"
    glossary_page = (dist / "site" / "glossaire.html").read_text(encoding="utf-8")
    assert f'id="gl-{mark.group(2)}"' in glossary_page
    # Glossary marks appear in the index, with links to the exact spot.
    index_page = (dist / "site" / "index-analytique.html").read_text(encoding="utf-8")
    assert re.search(r'href="revues\.html#revues--g\d+"', index_page)


def test_site_index_links_land_on_existing_anchors(built_book):
    _, dist = built_book
    site = dist / "site"
    index_page = (site / "index-analytique.html").read_text(encoding="utf-8")
    links = re.findall(r'<a href="([a-z0-9-]+\.html)#([^"]+)">', index_page)
    assert len(links) > 100
    pages: dict[str, str] = {}
    for page, anchor in links:
        text = pages.setdefault(page, (site / page).read_text(encoding="utf-8"))
        assert f'id="{anchor}"' in text, f"{page}#{anchor}"


def test_unknown_glossary_term_and_index_entry_are_reported(tmp_path):
    project = copy_project(tmp_path / "book")
    chapter = project / "chapters" / "partie-1" / "01-phenomene.md"
    chapter.write_text(chapter.read_text(encoding="utf-8") + "\nUn [terme inconnu]{.g} ici.\n", encoding="utf-8")
    line = chapter.read_text(encoding="utf-8").count("\n")
    with pytest.raises(CrossReferenceError) as error:
        build(project, BuildOptions(only=("site",), dist=tmp_path / "dist"))
    assert (f"chapters/partie-1/01-phenomene.md:{line}: glossary mark: 'terme inconnu' is not in the glossary "
            "(add it to assets/glossary.yaml or give term=<id>)") in [str(p) for p in error.value.problems]

    project = copy_project(tmp_path / "book2")
    terms = project / "assets" / "index.yaml"
    terms.write_text(terms.read_text(encoding="utf-8") + "\n- entry: Fantôme\n  see: Entrée absente\n",
                     encoding="utf-8")
    with pytest.raises(TermsError) as error:
        build(project, BuildOptions(only=("site",), dist=tmp_path / "dist2"))
    assert str(error.value).startswith("1 error in the glossary or index files:\n  assets/index.yaml: ")
    assert "Entrée absente" in str(error.value)
