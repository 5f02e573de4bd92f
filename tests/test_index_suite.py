"""« (suite) » in the index (``print.index_suite``): an entry whose sub-entries run on into the next column
repeats its heading there; on HTML strings, and on an index laid out by WeasyPrint and read with pdfplumber."""

from __future__ import annotations

from pathlib import Path

import pytest

from bookproject import ROOT
from kambook.print.index_suite import lay_out_with_suites, split_entry
from proofread import index_columns_opening_mid_entry, read_lines

ENTRY = ('<li class="ix-paged"><span class="ix-head">Rituel</span><span class="ix-locs"><a href="#a">4</a></span>'
         '<ul><li class="ix-paged"><span class="ix-head">fonctions</span></li>\n'
         '<li class="ix-paged"><span class="ix-head">calendrier</span></li>\n</ul>'
         '<span class="ix-see"><i>Voir aussi</i> Orchestration</span></li>')
INDEX = (f'<section class="back-matter book-index"><ul class="index-list">\n<li class="ix-bare">Abc</li>\n'
         f'{ENTRY}\n</ul></section>')


def test_an_entry_is_cut_between_sub_entries_under_a_repeated_heading() -> None:
    cut = split_entry(INDEX, 1, 1)
    assert cut.count("<li class=\"ix-paged\"><span class=\"ix-head\">Rituel</span>") == 1
    kept, continued = cut.split('<li class="ix-cont">')
    assert "fonctions" in kept and "calendrier" not in kept and "Voir aussi" not in kept
    assert continued.startswith('<span class="ix-head">Rituel <i>(suite)</i></span><ul>')
    assert "calendrier" in continued and continued.index("calendrier") < continued.index("Voir aussi")
    assert cut.count("<li") == INDEX.count("<li") + 1


def test_only_the_see_also_may_run_on_and_nothing_else_is_cut() -> None:
    assert "(suite)</i></span><span class=\"ix-see\">" in split_entry(INDEX, 1, 2)
    assert split_entry(INDEX, 1, 3) == INDEX  # more sub-entries than the entry has
    assert split_entry(INDEX, 5, 1) == INDEX  # no such entry


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
    lay_out_with_suites(html, render)
    assert len(rendered) >= 2 and "Rituel <i>(suite)</i>" in rendered[-1]
    assert judged(rendered[-1]) == []
