"""Float placement (``print.floats``): a figure that leaves a hole at the foot of a page moves after the text
that fills it; on HTML strings, and on a page laid out by WeasyPrint."""

from __future__ import annotations


import pytest

from bookproject import ROOT
from kambook.print.floats import FLOAT_KEY, MAX_MOVE, _content_bottom, holes, merge_moves, place_floats

FIGURE = '<figure id="fig-a" class="figure"><img src="x.svg"><figcaption>Figure 1</figcaption></figure>'


def test_a_float_moves_past_paragraphs_and_is_marked() -> None:
    html = f"<section>\n<p>un</p>\n{FIGURE}\n<p>deux <em>x</em></p>\n<ul><li><ul><li>a</li></ul></li></ul>\n<p>trois</p>\n</section>"
    moved = place_floats(html, {FLOAT_KEY + "fig-a": 2, "fig-a": 3})
    assert moved.index("<p>un</p>") < moved.index("deux") < moved.index("</ul></li></ul>") < moved.index("fig-a") \
        < moved.index("trois")
    assert '<figure id="fig-a" data-moved="2" class="figure">' in moved
    assert moved.count("<figure") == 1


def test_a_float_passes_a_subsection_heading_with_its_text_but_not_a_section_heading() -> None:
    html = f"<section>{FIGURE}<h3>Sous-partie</h3><p>texte</p><h2>Partie</h2><p>suite</p></section>"
    moved = place_floats(html, {FLOAT_KEY + "fig-a": 5})
    assert moved.index("texte") < moved.index("fig-a") < moved.index("<h2>")
    assert 'data-moved="2"' in moved


def test_a_float_never_crosses_a_unit_or_moves_a_missing_element() -> None:
    html = f"<section>{FIGURE}<!-- kambook:unit --><p>ailleurs</p></section>"
    assert place_floats(html, {FLOAT_KEY + "fig-a": 1}) == html
    assert place_floats(html, {FLOAT_KEY + "fig-b": 1}) == html
    assert place_floats("<p id=\"fig-a\">x</p><p>y</p>", {FLOAT_KEY + "fig-a": 1}) == "<p id=\"fig-a\">x</p><p>y</p>"


def test_moves_only_grow_and_are_bounded() -> None:
    layout = {FLOAT_KEY + "fig-a": 3, "ch-un": 4}
    merge_moves(layout, [("fig-a", 2), ("fig-b", 50)])
    assert layout == {FLOAT_KEY + "fig-a": 3, FLOAT_KEY + "fig-b": MAX_MOVE, "ch-un": 4}


def _page(paragraphs: int) -> str:
    text = " ".join(["Le responsable du compte clé prépare la revue annuelle avec son équipe."] * 6)
    body = "".join(f"<p>{text}</p>" for _ in range(paragraphs))
    tall = '<figure id="fig-haute" style="height: 120mm; margin: 0; break-inside: avoid">Figure</figure>'
    return f"""<html lang="fr"><head><link rel="stylesheet" href="styles/fonts.css"><style>
      @page {{ size: 160mm 240mm; margin: 20mm }}
      p {{ font: 10.5pt/14pt "Gentium Book Plus"; margin: 0; text-align: justify }}
    </style></head><body><section class="chapter">{body}{tall}{body}</section></body></html>"""


@pytest.mark.builds  # several WeasyPrint layouts: make test, not the quick loop
def test_a_hole_left_by_a_tall_figure_is_found_and_filled() -> None:
    from kambook.print.weasy import render_document
    html = _page(paragraphs=4)
    before = render_document(html, ROOT, [ROOT])
    found = holes(before.pages)
    assert [ident for ident, _ in found] == ["fig-haute"]
    assert before.pages[1].anchors.get("fig-haute") is not None
    layout: dict[str, int] = {}
    merge_moves(layout, found)
    after = render_document(place_floats(html, layout), ROOT, [ROOT])
    assert holes(after.pages) == []
    assert "fig-haute" in after.pages[1].anchors  # still the next page: the text ran on before it

    def unfilled(page) -> float:  # noqa: ANN001
        root = page._page_box.children[0]
        return root.position_y + root.margin_height() - _content_bottom(root)
    line = 14 * 4 / 3
    assert unfilled(before.pages[0]) > 10 * line
    assert unfilled(after.pages[0]) < 2 * line


def test_a_moved_float_moves_on_from_where_it_stands() -> None:
    html = f"<section>{FIGURE}<p>un</p><p>deux</p><p>trois</p></section>"
    once = place_floats(html, {FLOAT_KEY + "fig-a": 1})
    assert place_floats(once, {FLOAT_KEY + "fig-a": 1}) == once
    twice = place_floats(once, {FLOAT_KEY + "fig-a": 3})
    assert twice == place_floats(html, {FLOAT_KEY + "fig-a": 3})
    assert twice.index("trois") < twice.index("fig-a") and 'data-moved="3"' in twice


@pytest.mark.builds  # several WeasyPrint layouts: make test, not the quick loop
def test_a_unit_is_laid_out_again_until_no_float_leaves_a_hole() -> None:
    from kambook.print.floats import lay_out_placing_floats
    from kambook.print.weasy import render_document
    rendered: list[str] = []

    def render(html: str):  # noqa: ANN202
        rendered.append(html)
        return render_document(html, ROOT, [ROOT]), None
    (document, _), moves = lay_out_placing_floats(_page(paragraphs=4), render)
    assert list(moves) == ["fig-haute"] and len(rendered) == 2
    assert holes(document.pages) == []
    (_, _), again = lay_out_placing_floats(rendered[-1], render)
    assert again == {} and len(rendered) == 3  # placed HTML: one layout, nothing more to move
