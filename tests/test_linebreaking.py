"""kambook's corrections to WeasyPrint's line breaking and hyphenation (``print.weasy_linebreak``), each on a
small page laid out by WeasyPrint and read back with pdfplumber."""

from __future__ import annotations

from pathlib import Path

import pytest

from bookproject import ROOT
from proofread import hyphen_ladders, hyphenated_names, read_lines, stranded_lines, stretched_lines

pytest.importorskip("pdfplumber")


def _laid_out(tmp_path: Path, body: str, width: str = "122mm", head: str = "") -> dict:
    from kambook.print.weasy import render_document
    html = f"""<html lang="fr"><head>{head}<link rel="stylesheet" href="styles/fonts.css"><style>
      @page {{ size: 200mm 280mm; margin: 20mm }}
      p {{ width: {width}; font: 10.5pt/14pt "Gentium Book Plus"; text-align: justify; margin: 0 0 14pt;
          hyphens: auto; hyphenate-limit-chars: 6 3 3 }}
    </style></head><body>{body}</body></html>"""
    target = tmp_path / "page.pdf"
    target.write_bytes(render_document(html, ROOT, [ROOT]).write_pdf())
    return read_lines(target)


def test_a_trailing_space_before_an_index_mark_does_not_strand_a_word(tmp_path: Path) -> None:
    # The paragraph of chapter 2 that printed « dans » alone on a line: the run before « Ford » ends with a
    # space that overhung the line by less than a point.
    paragraph = ("<p>individu, mais une entreprise qui entre en relation avec une autre entreprise, dans toute sa "
                 "complexité. Le deuxième va de la transaction vers le temps\u00a0: avec <span class=\"ix\">Ford"
                 "</span>, puis Millman et Wilson, la relation devient un processus qui se construit, mûrit et peut "
                 "décliner. Le troisième va du national vers le global.</p>")
    pages = _laid_out(tmp_path, paragraph)
    assert [line.text.split()[0] for line in pages[1]][:3] == ["individu,", "dans", "Ford,"]
    assert stranded_lines(pages, hard_breaks=set()) == []
    assert stretched_lines(pages) == []


def test_a_narrow_space_before_a_mark_does_not_stretch_the_line(tmp_path: Path) -> None:
    paragraph = ("<p>chaleureusement remerciés. Beaucoup d’idées développées ici ont d’abord été mises à l’épreuve "
                 "sur le <span>Blog de la Relation BtoB</span>, que j’ai voulu comme un «\u202f<span>slow blog"
                 "</span>\u202f», un lieu où l’on s’arrête pour penser un peu. Merci à ses lecteurs.</p>")
    assert stretched_lines(_laid_out(tmp_path, paragraph)) == []


def test_capitalised_names_break_only_where_the_manifest_allows(tmp_path: Path) -> None:
    names = " ".join(["Montgomery Homburg Shapiro Villalonga"] * 12)
    body = f"<p>{names}</p>"
    assert hyphenated_names(_laid_out(tmp_path, body, width="40mm"), allowed=set()) == []
    listed = '<meta name="kambook-hyphenation" content="Vil-la-lon-ga Mont-go-me-ry">'
    broken = hyphenated_names(_laid_out(tmp_path, body, width="40mm", head=listed), allowed=set())
    assert broken and {word for _, word in broken} <= {"Villalonga", "Montgomery"}


def test_no_more_than_three_hyphenated_lines_in_a_row(tmp_path: Path) -> None:
    words = " ".join(["organisationnelle", "professionnalisation", "interdépendance", "responsabilités"] * 10)
    pages = _laid_out(tmp_path, f"<p>{words}</p>", width="38mm")
    hyphenated = sum(line.text.endswith("\u2010") for line in pages[1])
    assert hyphenated >= 6  # the column is narrow enough to want a hyphen on most lines
    assert hyphen_ladders(pages, longest=3) == []


@pytest.mark.builds  # several WeasyPrint layouts: make test, not the quick loop
def test_a_footnote_stays_on_the_page_of_its_call(tmp_path: Path) -> None:
    """WeasyPrint moved the page's notes to the next page to fit a paragraph's second line at the foot
    (orphans), whatever ``footnote-policy: line`` said: the paragraph now goes to the next page instead."""
    import pdfplumber

    from kambook.print.weasy import render_document
    words = "Le responsable du compte prépare la revue annuelle avec son équipe et le client."
    pages_apart = []
    for filler in range(10, 15):  # moves the long paragraph's first line to the foot of the page
        html = f"""<html lang="fr"><head><link rel="stylesheet" href="styles/fonts.css"><style>
          @page {{ size: 120mm 100mm; margin: 10mm; @footnote {{ margin-top: 2mm }} }}
          p {{ font: 10pt/13pt "Gentium Book Plus"; margin: 0; widows: 2; orphans: 2; text-align: justify }}
          .fn {{ float: footnote; footnote-policy: line; font-size: 8pt; line-height: 10pt }}
        </style></head><body><p>Une phrase avec un appel<span class="fn">La note de bas de page, assez longue
          pour occuper deux lignes de la zone des notes.</span> puis.</p>{"<p>Ligne.</p>" * filler}
          <p>{words} {words} {words} {words}</p><p>fin.</p></body></html>"""
        target = tmp_path / f"notes-{filler}.pdf"
        target.write_bytes(render_document(html, ROOT, [ROOT]).write_pdf())
        with pdfplumber.open(target) as pdf:
            texts = [page.extract_text() or "" for page in pdf.pages]
        call = next(i for i, text in enumerate(texts) if "un appel" in text)
        note = next(i for i, text in enumerate(texts) if "La note de bas" in text)
        pages_apart.append(note - call)
    assert pages_apart == [0] * 5


def test_english_passages_break_with_english_patterns(tmp_path: Path) -> None:
    """« management »: ma-na-ge-ment in French patterns, man-age-ment in English ones."""
    words = " ".join(["management"] * 40)
    english = _laid_out(tmp_path, f'<p lang="en">{words}</p>', width="32mm")
    french = _laid_out(tmp_path, f"<p>{words}</p>", width="32mm")

    def breaks(pages: dict) -> set[str]:
        return {line.text.split()[-1] for line in pages[1] if line.text.endswith("\u2010")}
    assert "man\u2010" in breaks(english) and "mana\u2010" not in breaks(english)
    assert "mana\u2010" in breaks(french) and "man\u2010" not in breaks(french)
