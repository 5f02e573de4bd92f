"""Proof rounds and their comparison on small documents laid out by WeasyPrint: what `kambook diff` calls a
changed, shifted or renumbered page, the rounds kept and named, the manuscript lines found for a change.

The whole-book cases (one word edited, a paragraph added, on the repository's book) are in
test_proofs_book.py."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from weasyprint import HTML

from kambook.cli import main
from kambook.proofs.compare import Side, compare, _renumbering
from kambook.proofs.record import find, keep, list_records, set_tag
from kambook.proofs.report import write_report
from kambook.proofs.sources import place_hunks, source_hunks

#: A6 pages, a folio at the foot, a few paragraphs a page: enough to see words move from page to page.
STYLE = """@page { size: 105mm 148mm; margin: 15mm 12mm; @bottom-center { content: counter(page) } }
body { font: 10pt/1.3 serif; } p { margin: 0 0 0.6em; } .fig { height: 20mm; background: #333; }
h1 { break-before: page; font-size: 14pt; }"""

LOREM = ("Le responsable du compte clé prépare chaque année un plan qui fixe les objectifs, les moyens et "
         "les rendez-vous avec le client stratégique, puis il en rend compte à la direction commerciale.")


def paragraphs(count: int, first: int = 0) -> list[str]:
    return [f"<p>Paragraphe {first + n} : {LOREM}</p>" for n in range(count)]


def pdf(folder: Path, name: str, body: list[str]) -> Path:
    path = folder / name
    HTML(string=f"<html lang='fr'><style>{STYLE}</style><body>{''.join(body)}</body></html>").write_pdf(path)
    return path


def chapters(first: list[str], second: list[str]) -> list[str]:
    return ["<h1 id='ch1'>Premier chapitre</h1>", *first, "<h1 id='ch2'>Second chapitre</h1>", *second]


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str], list[str]]:
    folder = tmp_path_factory.mktemp("proofs")
    one, two = paragraphs(12), paragraphs(12, 100)
    pdf(folder, "base.pdf", chapters(one, two))
    pdf(folder, "word.pdf", chapters(one, [p.replace("stratégique", "essentiel") if p.startswith(
        "<p>Paragraphe 103 ") else p for p in two]))  # one word edited: a state several tests compare
    return folder, one, two


def diff_of(old: Path, new: Path):  # noqa: ANN201
    return compare(Side.read(old), Side.read(new))


def test_the_same_pdf_twice_is_the_same(base: tuple[Path, list[str], list[str]]) -> None:
    folder = base[0]
    diff = diff_of(folder / "base.pdf", folder / "base.pdf")
    assert diff.same and diff.count("unchanged") == len(diff.new.pages) >= 4
    assert diff.summary() == "0 pages changed, 0 references renumbered"


def test_one_word_edited_marks_its_page_only(base: tuple[Path, list[str], list[str]]) -> None:
    folder = base[0]
    diff = diff_of(folder / "base.pdf", folder / "word.pdf")
    changed = [p for p in diff.pages if p.status == "changed"]
    assert len(changed) == 1 and changed[0].words == [("stratégique,", "essentiel,")]
    holding = [i for i, page in enumerate(diff.new.pages) if "essentiel," in (w.text for w in page.words)]
    assert [changed[0].new] == holding
    # the highlight sits on the new word: inside the page, on the line that holds it
    (x0, top, x1, bottom), = changed[0].new_marks
    word = next(w for w in diff.new.pages[changed[0].new].words if w.text == "essentiel,")
    assert (x0, top, x1, bottom) == word.box and 0 < x0 < x1 < diff.new.pages[0].width
    assert {p.status for p in diff.pages if p is not changed[0]} <= {"unchanged", "reflowed"}
    assert not diff.same and diff.summary().startswith("1 page changed")


def test_a_paragraph_added_shifts_the_pages_after_it(base: tuple[Path, list[str], list[str]]) -> None:
    folder, one, two = base
    longer = one[:2] + paragraphs(5, 50) + one[2:]
    new = pdf(folder, "longer.pdf", chapters(longer, two))
    diff = diff_of(folder / "base.pdf", new)
    assert len(diff.new.pages) > len(diff.old.pages)
    assert diff.count("changed") >= 1 and diff.count("shifted") >= 2
    # the second chapter's pages hold the same words under new folios: shifted, not changed
    start = diff.new.anchors["ch2"]
    assert all(p.status == "shifted" for p in diff.pages[start:]), [p.status for p in diff.pages]
    assert [(c.anchor, c.was, c.now) for c in diff.locators if c.anchor == "ch2"] == [
        ("ch2", str(diff.old.anchors["ch2"] + 1), str(start + 1))]
    assert f"{len(diff.old.pages)} → {len(diff.new.pages)} pages" in diff.summary()


def test_a_figure_redrawn_is_seen_by_the_pixels(base: tuple[Path, list[str], list[str]]) -> None:
    folder, one, two = base
    old = pdf(folder, "figure-a.pdf", chapters(one[:2] + ["<div class='fig'></div>"] + one[2:], two))
    new = pdf(folder, "figure-b.pdf", chapters(one[:2] + ["<div class='fig' style='width: 50%'></div>"] + one[2:],
                                              two))
    diff = diff_of(old, new)
    changed = [p for p in diff.pages if p.status == "changed"]
    assert len(changed) == 1 and changed[0].words == [] and changed[0].pixels is not None
    assert changed[0].new == 0  # the first chapter's first page
    x0, top, x1, bottom = changed[0].pixels  # around the half of the figure taken away, not its kept edge
    assert x0 > diff.new.pages[0].width * 0.4 and 150 < top < bottom < 300


def test_a_footnote_carried_to_the_next_page_is_a_move_not_an_edit(base: tuple[Path, list[str], list[str]]) -> None:
    """The same words taken out in one place and set again in another are twins: no page is « changed »."""
    folder, one, two = base
    block = "<p>Une note de lecture assez longue pour être reconnue quand elle change de place.</p>"
    old = pdf(folder, "move-a.pdf", chapters(one[:3] + [block] + one[3:], two))
    new = pdf(folder, "move-b.pdf", chapters(one[:5] + [block] + one[5:], two))
    diff = diff_of(old, new)
    assert diff.count("changed") == 0, [(p.new, p.words) for p in diff.pages if p.words]


@pytest.mark.parametrize(("was", "now", "moved", "expected"), [
    ("12", "14", True, True),                       # a folio in a table of contents
    ("….. 31", "….. 33", True, True),               # leader dots and a number
    ("(annexe C, p. 131)", "(annexe C, p. 133)", True, True),
    ("12", "14", False, False),                     # no locator moved: a real edit
    ("p. 13", "p. 900", True, False),               # no page of a 140-page book bears 900
    ("stratégique", "essentiel", True, False),
    ("2014", "2015", True, False),                  # a year, beyond the book's pages
])
def test_what_counts_as_renumbering(was: str, now: str, moved: bool, expected: bool) -> None:
    assert _renumbering(was, now, moved, 140) is expected


def test_source_lines_are_named_for_the_changed_page(base: tuple[Path, list[str], list[str]]) -> None:
    folder, one, two = base
    edited = [p.replace("stratégique", "essentiel") if p.startswith("<p>Paragraphe 103 ") else p for p in two]
    diff = diff_of(folder / "base.pdf", pdf(folder, "word-2.pdf", chapters(one, edited)))
    before = "\n".join(["# Second chapitre", ""] + [f"Paragraphe {n} : {LOREM}\n" for n in range(100, 112)])
    after = before.replace(f"Paragraphe 103 : {LOREM}", f"Paragraphe 103 : {LOREM}".replace("stratégique",
                                                                                            "essentiel"))
    hunks = source_hunks({"chapters/deux.md": before}, {"chapters/deux.md": after})
    assert [h.where for h in hunks] == ["chapters/deux.md:9"]
    place_hunks(diff, hunks)
    changed = [p for p in diff.pages if p.status == "changed"]
    assert changed[0].lines == ["chapters/deux.md:9"]


def test_rounds_are_kept_once_named_and_found(tmp_path: Path, base: tuple[Path, list[str], list[str]]) -> None:
    folder = base[0]
    root = tmp_path / "book"
    root.mkdir()
    facts = {"pages": 6, "kinds": {"ch1": "toc"}, "titles": {"ch1": "Premier chapitre"}, "documents": []}
    first = keep(root, folder / "base.pdf", "screen", facts, {"a.md": "un"})
    again = keep(root, folder / "base.pdf", "screen", facts, {"a.md": "un"})
    assert again.folder == first.folder and len(list_records(root, "screen")) == 1  # the same PDF is one round
    time.sleep(1.1)  # rounds are named by the second they were made
    second = keep(root, folder / "word.pdf", "screen", facts, {"a.md": "deux"})
    assert [r.name for r in list_records(root, "screen")] == [first.name, second.name]
    assert second.sources() == {"a.md": "deux"} and second.pdf.read_bytes() == (folder / "word.pdf").read_bytes()
    tagged = set_tag(first, "épreuves 1", root)
    assert find(root, "épreuves 1", "screen").name == first.name == tagged.name
    assert find(root, second.name[-8:], "screen").name == second.name  # by its hash
    set_tag(second, "épreuves 1", root)  # a tag names one round: it moves
    assert [r.tag for r in list_records(root, "screen")] == ["", "épreuves 1"]
    assert json.loads((second.folder / "record.json").read_text(encoding="utf-8"))["pages"] == 6


def test_cli_lists_tags_and_diffs_rounds_with_its_exit_status(tmp_path: Path, capsys: pytest.CaptureFixture,
                                                               base: tuple[Path, list[str], list[str]]) -> None:
    folder = base[0]
    root = tmp_path / "book"
    root.mkdir()
    facts = {"pages": 6, "kinds": {}, "titles": {}, "documents": []}
    keep(root, folder / "base.pdf", "screen", facts, {})
    assert main(["--project", str(root), "proofs", "--tag", "épreuves 1"]) == 0
    assert main(["--project", str(root), "diff", "--no-pdf"]) == 2  # only one round: nothing to compare
    time.sleep(1.1)
    keep(root, folder / "word.pdf", "screen", facts, {})
    capsys.readouterr()
    assert main(["--project", str(root), "proofs"]) == 0
    listing = capsys.readouterr().out
    assert "épreuves 1" in listing and listing.count("screen") == 2
    assert main(["--project", str(root), "diff", "--no-pdf"]) == 1  # something changed: as diff(1)
    out = capsys.readouterr().out
    assert out.strip().splitlines()[-1].startswith("1 page changed")
    assert (root / "dist" / "proofs" / "index.html").is_file()
    assert main(["--project", str(root), "diff", "--no-pdf", str(folder / "base.pdf"), str(folder / "base.pdf")]) == 0
    assert capsys.readouterr().out.strip().splitlines()[-1] == "0 pages changed, 0 references renumbered"


def test_report_shows_old_beside_new_and_keeps_dist(tmp_path: Path, base: tuple[Path, list[str], list[str]]) -> None:
    folder = base[0]
    diff = diff_of(folder / "base.pdf", folder / "word.pdf")
    out = tmp_path / "dist" / "proofs"
    report = write_report(diff, out, None)
    html = report.html.read_text(encoding="utf-8")
    page = next(p for p in diff.pages if p.status == "changed")
    assert f'pages/new-{page.new + 1:04d}.png' in html and f'pages/old-{page.old + 1:04d}.png' in html
    assert (out / "pages" / f"new-{page.new + 1:04d}.png").is_file() and report.pdf is None
    assert "essentiel" in html and "http" not in html.split("</head>")[0]  # offline: nothing fetched


@pytest.mark.builds
def test_two_git_revisions_are_built_aside_and_compared(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    """`kambook diff REV1 REV2` builds each revision in a temporary git worktree, leaves none behind, and
    names the line the second commit changed."""
    import subprocess

    book = tmp_path / "livre"
    assert main(["new", str(book), "--title", "Le Livre d'essai", "--author", "Ada Autrice"]) == 0
    git = ["git", "-C", str(book), "-c", "user.name=Essai", "-c", "user.email=essai@example.org"]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "commit", "-qm", "premier état"], check=True)
    chapter = book / "chapters" / "partie-1" / "01-premier-chapitre.md"
    text = chapter.read_text(encoding="utf-8")
    line = text[:text.index("Un chapitre commence")].count("\n") + 1
    chapter.write_text(text.replace("Un chapitre commence par", "Un chapitre commence toujours par"), encoding="utf-8")
    subprocess.run([*git, "commit", "-qam", "un mot"], check=True)
    capsys.readouterr()
    assert main(["-C", str(book), "diff", "HEAD~1", "HEAD", "--no-pdf"]) == 1
    captured = capsys.readouterr()
    assert captured.out.strip().splitlines()[-1] == "1 page changed, 0 references renumbered"
    assert f"chapters/partie-1/01-premier-chapitre.md:{line}" in captured.err
    html = (book / "dist" / "proofs" / "index.html").read_text(encoding="utf-8")
    assert "toujours" in html and "HEAD~1" in html
    worktrees = subprocess.run([*git, "worktree", "list"], capture_output=True, text=True, check=True).stdout
    assert len(worktrees.strip().splitlines()) == 1  # the temporary worktrees are gone
    assert main(["-C", str(book), "diff", "HEAD", "nulle-part", "--no-pdf"]) == 2  # a clear error, no traceback
    assert "neither a round" in capsys.readouterr().err
