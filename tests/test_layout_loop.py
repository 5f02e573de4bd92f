"""The layout loop: page-dependent text settles, and a remembered layout never changes the result."""

from __future__ import annotations

from pathlib import Path

from kambook.outputs.pdf import lay_out_book

STYLE = "<style>@page { size: 100mm 80mm; margin: 10mm } .far { break-before: page }</style>"


def html_for(layout: dict[str, int] | None) -> str:
    """A reference that prints its target's page, as « p. N » does; unknown until laid out."""
    page = "?" if layout is None or "cible" not in layout else str(layout["cible"] + 1)
    return f'{STYLE}<p>Voir p. {page}.</p><p class="far" id="cible">La cible.</p>'


def test_the_loop_settles_and_a_wrong_guess_gives_the_cold_result(tmp_path: Path) -> None:
    _, passes, html, layout = lay_out_book(html_for, tmp_path, [tmp_path])
    assert passes == 2 and "Voir p. 2." in html and layout["cible"] == 1
    _, warm_passes, warm_html, _ = lay_out_book(html_for, tmp_path, [tmp_path], guess=layout)
    assert (warm_passes, warm_html) == (1, html)  # the remembered layout is confirmed in one pass
    _, wrong_passes, wrong_html, _ = lay_out_book(html_for, tmp_path, [tmp_path], guess={"cible": 6})
    assert (wrong_passes, wrong_html) == (passes + 1, html)  # refuted: laid out as a cold build would
