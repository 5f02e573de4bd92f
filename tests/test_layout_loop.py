"""The layout loop over units: page-dependent text settles, a remembered layout never changes the result,
and a rebuild lays out only the units whose HTML changed."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pikepdf
import pypdfium2 as pdfium
import pytest
from bookproject import copy_project

from kambook.build import BuildOptions, build
from kambook.errors import RenderError
from kambook.print import layout
from kambook.print.document import (
    UNIT_MARK,
    PrintVariant,
    print_context,
    render_print_html,
)
from kambook.print.finish import FinishInfo
from kambook.print.layout import UnitLayout, WriteOptions
from kambook.print.merge import merge_units
from kambook.print.press import PressOptions, finish_for_press
from kambook.print.units import split_units

HEAD = ('<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>Essai</title>'
        '<style>@page { size: 100mm 80mm; margin: 10mm; @bottom-center { content: counter(page) } }'
        ' section { break-before: right } h1 { bookmark-level: 1 } .far { break-before: page }</style>'
        '</head><body>')
OPTIONS = WriteOptions("pdf/ua-1")


def book(words: str = "Un", far: bool = True) -> callable:
    def html_for(layout: dict[str, int] | None) -> str:
        """A reference that prints its target's page, as « p. N » does; unknown until laid out."""
        page = "00" if layout is None or "cible" not in layout else str(layout["cible"] + 1)
        return (f'{HEAD}<section id="un"><h1>{words}</h1><p><a href="#cible">Voir p. {page}.</a></p>'
                f'<p class="{"far" if far else ""}">Suite.</p></section>{UNIT_MARK}'
                '<section id="deux"><h1>Deux</h1><p id="cible">La cible.</p></section></body></html>')
    return html_for


def test_the_loop_settles_and_the_cache_lays_out_only_what_changed(tmp_path: Path) -> None:
    engine = UnitLayout(tmp_path, [tmp_path], tmp_path / "units", jobs=2)
    cold = engine.lay_out(book(), OPTIONS)
    # Unit one has two pages, so unit two opens on page 3, a recto.
    assert cold.settled and cold.passes == 2 and cold.layout["cible"] == 2 and cold.starts == [0, 2]
    assert "Voir p. 3." in cold.html and cold.laid_out == 4  # two units, two passes
    again = engine.lay_out(book(), OPTIONS, guesses=cold.history)
    assert (again.html, again.passes, again.laid_out) == (cold.html, cold.passes, 0)
    wrong = engine.lay_out(book(), OPTIONS, guesses=[{"cible": 6, "deux": 6}])
    assert (wrong.html, wrong.layout) == (cold.html, cold.layout)  # a wrong guess costs time, never the result
    edited = engine.lay_out(book("Une"), OPTIONS, guesses=cold.history)
    assert edited.settled and edited.laid_out == 2  # the edited unit, at each of its two passes
    engine.close()


def test_merged_units_keep_links_outline_and_structure(tmp_path: Path) -> None:
    engine = UnitLayout(tmp_path, [tmp_path], tmp_path / "units", jobs=1)
    laid_out = engine.lay_out(book(far=False), OPTIONS)
    assert laid_out.starts == [0, 2] and laid_out.blank_pages == (1,)  # a blank verso before unit two
    target = tmp_path / "book.pdf"
    merge_units(laid_out, target, FinishInfo(None, "0" * 36, "978-2-00-000000-0", "Éditeur", "fr"), "")
    engine.close()
    document = pdfium.PdfDocument(str(target))
    assert len(document) == 3 and "La cible." in document[2].get_textpage().get_text_range()
    assert document[1].get_textpage().get_text_range().strip() == ""
    with pikepdf.open(target) as pdf:
        links = [a for p in pdf.pages for a in p.obj.get("/Annots", [])]
        assert [str(a.Dest) for a in links] == ["cible"]  # across units: a destination again, not a URI
        names = pdf.Root.Names.Dests.Names
        dest = dict(zip([str(n) for n in names[::2]], names[1::2]))["cible"]
        assert dest[0].objgen == pdf.pages[2].obj.objgen
        with pdf.open_outline() as outline:
            assert [i.title for i in outline.root] == ["Un", "Deux"]
        keys = sorted(int(p.obj.StructParents) for p in pdf.pages if "/StructParents" in p.obj)
        assert len(keys) == len(set(keys)) == 2  # every page with content has a parent-tree key of its own
        nums = pdf.Root.StructTreeRoot.ParentTree.Nums
        assert set(keys) <= {int(k) for k in nums[::2]}
        top = pdf.Root.StructTreeRoot.K[0]
        assert top.S == "/Document" and len(top.K) >= 2
    # Merged and press-finished in one go, as the interior is, the blank verso is a page Ghostscript
    # reads without a warning.
    pressed = tmp_path / "pressed.pdf"
    press = PressOptions(bleed_mm=0, crop_marks=True, output_condition="FOGRA39")
    merge_units(laid_out, pressed, FinishInfo(None, "0" * 36, "978-2-00-000000-0", "Éditeur", "fr"), "",
                post=lambda merged, final, _version: finish_for_press(merged, final, press))
    run = subprocess.run(["gs", "-q", "-dNOPAUSE", "-dBATCH", "-dSAFER", "-dPDFSTOPONERROR", "-dPDFSTOPONWARNING",
                          "-sDEVICE=nullpage", str(pressed)], capture_output=True, text=True)
    assert run.returncode == 0 and not (run.stdout + run.stderr).strip(), run.stdout + run.stderr


def test_one_process_or_several_give_the_same_file(tmp_path: Path) -> None:
    """``--jobs 1`` (everything in this process) trades speed for memory, never the result."""
    files = []
    for jobs in (1, 2):
        engine = UnitLayout(tmp_path, [tmp_path], tmp_path / f"units-{jobs}", jobs=jobs)
        laid_out = engine.lay_out(book(far=False), OPTIONS)
        engine.close()
        target = tmp_path / f"book-{jobs}.pdf"
        merge_units(laid_out, target, FinishInfo(None, "0" * 36, "978-2-00-000000-0", "Éditeur", "fr"), "")
        files.append(target.read_bytes())
    assert files[0] == files[1]


def test_the_merged_book_does_not_carry_the_time_it_was_made(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The fonts the units share are joined into one program: its ``head`` table keeps the subsets'
    dates, so merging an hour later (no ``SOURCE_DATE_EPOCH``) writes the same bytes."""
    from fontTools.misc import timeTools
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    engine = UnitLayout(tmp_path, [tmp_path], tmp_path / "units", jobs=1)
    laid_out = engine.lay_out(book(far=False), OPTIONS)
    engine.close()
    files = []
    for shift in (0, 3600):
        now = timeTools.time.time() + shift
        monkeypatch.setattr(timeTools.time, "time", lambda now=now: now)
        target = tmp_path / f"book-{shift}.pdf"
        merge_units(laid_out, target, FinishInfo(None, "0" * 36, "978-2-00-000000-0", "Éditeur", "fr"), "")
        files.append(target.read_bytes())
    assert files[0] == files[1]


def _die(job: object) -> None:
    os._exit(3)  # a worker killed mid-layout (out of memory, a crash in Pango)


def test_a_worker_that_dies_is_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(layout, "_lay_out_unit", _die)
    engine = UnitLayout(tmp_path, [tmp_path], tmp_path / "units", jobs=2)
    with pytest.raises(RenderError, match="--jobs 1"):
        engine.lay_out(book(), OPTIONS)
    engine.close()


def test_the_cut_mark_in_a_manuscript_does_not_cut_its_chapter(tmp_path: Path) -> None:
    """Raw HTML passes through Markdown: a chapter that happens to contain the mark stays one unit."""
    project = copy_project(tmp_path / "book")

    def units() -> list:
        book = build(project, BuildOptions(only=("site",), dist=tmp_path / "dist")).book
        html = render_print_html(book, print_context(book, lambda token: ""), [], PrintVariant())
        return [unit.first_id for unit in split_units(html).units]
    before = units()
    chapter = sorted((project / "chapters").rglob("*.md"))[2]
    chapter.write_text(chapter.read_text(encoding="utf-8") + f"\n\nUn commentaire {UNIT_MARK} dans le texte.\n",
                       encoding="utf-8")
    assert units() == before and len(before) > 20


def with_index(html_for: callable) -> callable:
    """The book with a last unit that nothing links into but its opening, like the book's index."""
    def html(layout: dict[str, int] | None) -> str:
        page = "00" if layout is None or "trois" not in layout else str(layout["trois"] + 1)
        body = html_for(layout).replace("</body>", f'{UNIT_MARK}<section id="trois"><h1>Index</h1>'
                                                    '<p id="entree">Cible, 3.</p></section></body>')
        return body.replace("<h1>Deux</h1>", f'<h1>Deux</h1><p><a href="#trois">Index p. {page}</a></p>')
    return html


def test_a_last_unit_nothing_points_into_is_laid_out_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    engine = UnitLayout(tmp_path, [tmp_path], tmp_path / "units", jobs=1)
    fast = engine.lay_out(with_index(book()), OPTIONS)
    assert fast.settled and fast.laid_out == 5  # two units measured, then three written
    assert "Index p. 5" in fast.html and fast.starts == [0, 2, 4]
    monkeypatch.setattr(layout, "silent_last", lambda split: False)
    full = UnitLayout(tmp_path, [tmp_path], tmp_path / "full", jobs=1).lay_out(with_index(book()), OPTIONS)
    assert full.laid_out == 6
    assert (fast.html, fast.layout, fast.starts, fast.pages) == (full.html, full.layout, full.starts, full.pages)
    assert [u.key for u in fast.units] == [u.key for u in full.units]  # the same unit documents: the same PDFs
    engine.close()


def test_a_last_unit_is_measured_when_a_link_points_inside_it_or_it_holds_a_cross_reference() -> None:
    from kambook.print.units import silent_last
    index = '<section id="trois"><p id="entree">Cible.</p></section>'
    plain = split_units(f'{HEAD}<section id="un"><a href="#trois">Index</a></section>{UNIT_MARK}{index}</body></html>')
    assert silent_last(plain)
    inside = split_units(f'{HEAD}<section id="un"><a href="#entree">E</a></section>{UNIT_MARK}{index}</body></html>')
    assert not silent_last(inside)
    xref = index.replace("Cible.", '<a class="xref" href="#un">chapitre 1</a>')
    assert not silent_last(split_units(f'{HEAD}<section id="un">Un</section>{UNIT_MARK}{xref}</body></html>'))
    assert not silent_last(split_units(f"{HEAD}{index}</body></html>"))  # alone, it is all there is
