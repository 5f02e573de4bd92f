"""The built interior read as a proofreader reads it (issue #12): lines, hyphens and names on the printed page,
measured with pdfplumber by ``proofread``, not with kambook's own layout data."""

from __future__ import annotations


import pytest

from proofread import (hard_breaks, hyphen_ladders, hyphenated_names, read_lines, stranded_lines,
                       stretched_lines)

pytest.importorskip("pdfplumber")


@pytest.fixture(scope="module")
def interior_lines(interior_pdf) -> dict:
    return read_lines(interior_pdf)


def test_no_justified_line_is_stretched_beyond_1_2_em(interior_lines) -> None:
    assert stretched_lines(interior_lines, limit_em=1.2) == []


def test_no_word_is_stranded_mid_paragraph(built_book, interior_lines) -> None:
    result, _ = built_book
    assert stranded_lines(interior_lines, hard_breaks(result.interior_html)) == []


def test_at_most_three_hyphens_in_a_row(interior_lines) -> None:
    assert hyphen_ladders(interior_lines, longest=3) == []


def test_no_capitalised_name_is_hyphenated_unless_the_book_allows_it(built_book, interior_lines) -> None:
    result, _ = built_book
    allowed = {word.replace("-", "").lower() for word in result.book.manifest.hyphenation}
    assert hyphenated_names(interior_lines, allowed) == []


def test_hyphenated_lines_stay_a_minority(interior_lines) -> None:
    body = [line for lines in interior_lines.values() for line in lines if line.serif and len(line.words) > 3]
    hyphenated = [line for line in body if line.text.endswith("\u2010")]
    assert len(body) > 2500
    assert len(hyphenated) / len(body) < 0.10  # 8 % with hyphenate-limit-zone: 12 % (15.8 % before)


# -- the judge itself, on faults made on purpose -----------------------------------------------------------


@pytest.fixture(scope="module")
def faulty_pages(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """A page laid out by WeasyPrint with a stretched line and a stranded word, made with an unbreakable run
    and a forced break."""
    from bookproject import ROOT
    from kambook.print.weasy import render_document
    html = """<html lang="fr"><head><link rel="stylesheet" href="styles/fonts.css"><style>
      @page { size: 160mm 240mm; margin: 20mm }
      p { font: 10.5pt/14pt "Gentium Book Plus"; text-align: justify; margin: 0 0 14pt; hyphens: manual }
      span { white-space: nowrap }
    </style></head><body>
      <p>Le plan de compte <span>réunit chaque année autour du responsable toute son équipe.</span></p>
      <p>Le responsable du compte prépare la revue annuelle avec son équipe et ses clients de la
        semaine<br>passée, puis la suite du même paragraphe reprend à la ligne sans retrait.</p>
    </body></html>"""
    target = tmp_path_factory.mktemp("proof") / "faulty.pdf"
    target.write_bytes(render_document(html, ROOT, [ROOT]).write_pdf())
    return read_lines(target)


def test_the_judge_sees_a_stretched_line(faulty_pages: dict) -> None:
    assert [text for _, _, text in stretched_lines(faulty_pages)] == ["Le plan de compte"]


def test_the_judge_sees_a_stranded_word_unless_the_source_breaks_there(faulty_pages: dict) -> None:
    assert [short for _, short, _ in stranded_lines(faulty_pages, hard_breaks=set())] == ["clients de la semaine"]
    assert stranded_lines(faulty_pages, hard_breaks={"semaine"}) == []
    assert hard_breaks("<p>la <i>semaine</i><br>passée</p>") == {"semaine"}


def _lines(*texts: str) -> dict:
    from proofread import Line
    return {1: [Line(1, 14.0 * i, 50, 300, 10.5, [{"text": w, "fontname": "Gentium"} for w in t.split()], True)
                for i, t in enumerate(texts)]}


def test_the_judge_counts_hyphen_ladders() -> None:
    three = ["une organisa\u2010", "tion qui pro\u2010", "duit des ren\u2010", "contres utiles"]
    assert hyphen_ladders(_lines(*three)) == []
    four = ["une organisa\u2010", "tion qui pro\u2010", "duit des ren\u2010", "contres entre-", "prises"]
    assert [page for page, _ in hyphen_ladders(_lines(*four))] == [1]


def test_the_judge_finds_hyphenated_names() -> None:
    pages = _lines("les travaux de Sha\u2010", "piro et de Hom\u2010", "burg, puis l’orga\u2010", "nisation.")
    assert hyphenated_names(pages, allowed=set()) == [(1, "Shapiro"), (1, "Homburg")]
    assert hyphenated_names(pages, allowed={"homburg"}) == [(1, "Shapiro")]


def test_no_page_is_left_short_before_a_float(interior_pdf) -> None:
    """Issue #12: ten pages lost 14–41 % of their text block before a figure, table or box that did not fit."""
    from proofread import short_pages_before_floats
    assert short_pages_before_floats(interior_pdf, limit=0.15) == []


def test_every_index_column_opens_on_a_heading(interior_lines) -> None:
    """A column that opens on a sub-entry or a « Voir aussi » repeats its heading, « (suite) »."""
    from proofread import index_columns_opening_mid_entry
    assert index_columns_opening_mid_entry(interior_lines) == []
