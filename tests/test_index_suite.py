"""« (suite) » in the index (``print.index_suite``): an entry whose sub-entries run on into the next column
repeats its heading there; on HTML strings, and on an index laid out by WeasyPrint and read with pdfplumber."""

from __future__ import annotations

from pathlib import Path

import pytest

from bookproject import ROOT
from kambook.print.index_suite import (SUITE_KEY, apply_splits, lay_out_with_suites, mark_suites, number_entries,
                                       suites_of)
from proofread import index_columns_opening_mid_entry, read_lines

ENTRY = ('<li class="ix-paged"><span class="ix-head">Rituel</span><span class="ix-locs"><a href="#a">4</a></span>'
         '<ul><li class="ix-paged"><span class="ix-head">fonctions</span></li>\n'
         '<li class="ix-paged"><span class="ix-head">calendrier</span></li>\n</ul>'
         '<span class="ix-see"><i>Voir aussi</i> Orchestration</span></li>')
INDEX = (f'<section class="back-matter book-index"><ul class="index-list">\n<li class="ix-bare">Abc</li>\n'
         f'{ENTRY}\n</ul></section>')


NUMBERED = number_entries(INDEX)


def test_entries_are_numbered_in_index_order() -> None:
    assert '<li class="ix-bare" data-entry="0">' in NUMBERED
    assert '<li class="ix-paged" data-entry="1">' in NUMBERED
    assert NUMBERED.count("data-entry") == 2  # sub-entries are not entries


def test_an_entry_is_cut_between_sub_entries_under_a_repeated_heading() -> None:
    cut = apply_splits(NUMBERED, {(1, 1)})
    kept, continued = cut.split('<li class="ix-cont" data-entry="1" data-kept="1">')
    assert "fonctions" in kept and "calendrier" not in kept and "Voir aussi" not in kept
    assert continued.startswith('<span class="ix-head">Rituel <i>(suite)</i></span><ul>')
    assert "calendrier" in continued and continued.index("calendrier") < continued.index("Voir aussi")
    assert cut.count("<li") == INDEX.count("<li") + 1


def test_an_entry_may_be_cut_twice_and_only_where_it_can_be() -> None:
    twice = apply_splits(NUMBERED, {(1, 1), (1, 2)})
    assert twice.count("Rituel <i>(suite)</i>") == 2
    assert twice.index("calendrier") < twice.rindex("(suite)") < twice.index("Voir aussi")
    assert apply_splits(NUMBERED, {(1, 3)}) == NUMBERED  # more sub-entries than the entry has
    assert apply_splits(NUMBERED, {(5, 1)}) == NUMBERED  # no such entry


def test_splits_travel_through_the_layout_and_the_html() -> None:
    layout = {"ch-un": 3, f"{SUITE_KEY}1:2": 1, f"{SUITE_KEY}14:0": 1}
    assert suites_of(layout) == {(1, 2), (14, 0)}
    assert "<!-- kambook:suites 1:2 14:0 -->" in mark_suites(INDEX, layout)
    assert mark_suites(INDEX, {"ch-un": 3}) == INDEX


@pytest.mark.builds  # several WeasyPrint layouts: make test, not the quick loop
def test_a_laid_out_index_repeats_the_heading_atop_the_column(tmp_path: Path) -> None:
    from kambook.print.weasy import render_document
    subs = "".join(f'<li class="ix-paged"><span class="ix-head">aspect {i}</span><span class="ix-locs">'
                   f'<a id="x{i}" href="#x{i}">{i}</a></span></li>' for i in range(30))
    entries = "".join(f'<li class="ix-paged"><span class="ix-head">Entrée {i}</span></li>' for i in range(12))
    html = f"""<html lang="fr"><head><link rel="stylesheet" href="styles/fonts.css">
      <link rel="stylesheet" href="styles/print.css"><style>@page {{ size: 120mm 90mm; margin: 10mm }}</style>
      </head><body><section class="back-matter book-index" id="index"><div class="index-columns">
      <ul class="index-list">{entries}<li class="ix-paged"><span class="ix-head">Rituel</span><ul>{subs}</ul>
      </li><li class="ix-bare">Zèbre</li></ul></div></section></body></html>"""

    def judged(document_html: str) -> list:
        target = tmp_path / "index.pdf"
        target.write_bytes(render_document(document_html, ROOT, [ROOT]).write_pdf())
        pages = read_lines(target)
        for lines in pages.values():  # the judge finds the index by its running title
            lines.insert(0, lines[0].__class__(lines[0].page, 0, 0, 10, 9, [{"text": "Index"}], True))
        return index_columns_opening_mid_entry(pages)
    assert judged(html)  # laid out plainly, a column opens on « aspect N »
    rendered: list[str] = []

    def render(document_html: str):  # noqa: ANN202
        rendered.append(document_html)
        return render_document(document_html, ROOT, [ROOT]), None
    _, splits = lay_out_with_suites(html, render)
    assert splits and len(rendered) >= 2 and "Rituel <i>(suite)</i>" in rendered[-1]
    assert judged(rendered[-1]) == []
    # Given its splits, as the next pass gives them, the index is laid out once.
    before = len(rendered)
    _, again = lay_out_with_suites(mark_suites(html, {f"{SUITE_KEY}{e}:{k}": 1 for e, k in splits}), render)
    assert again == splits and len(rendered) == before + 1 and rendered[-1] == rendered[-2]
