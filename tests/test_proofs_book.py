"""`kambook diff` on the repository's own book, as the author and the proofreader use it: the print interior
built, named « épreuves 1 », a word changed in one chapter, then a passage added to another.

The verdicts are checked against the PDFs themselves, read with pypdf (not PDFium, which the diff uses):
the page reported changed is the one that holds the new word, and the pages called unchanged or shifted
read the same text before and after. The copy of the book is built on its own (not on the worker of the
session's whole build, the suite's longest), then laid out again only where each edit reached."""

from __future__ import annotations

import io
import re
import shutil
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass
from pathlib import Path

import pytest
from pypdf import PdfReader

from bookproject import ROOT, copy_project
from kambook.build import BuildOptions, build
from kambook.cli import main
from kambook.manifest import load_manifest
from kambook.proofs.record import list_records

CHAPTER = "chapters/partie-2/05-organisation.md"
LINE = 44
ADDED = ("Un passage ajouté pour la deuxième épreuve : les deux années de pilotage ont montré que le plan compte "
         "clé gagne à être relu chaque trimestre avec le client, et que les revues internes préparent mieux "
         "ces rendez-vous quand elles suivent un ordre du jour commun. ")


@dataclass
class Round:
    code: int
    out: str
    pdf: Path
    report: Path


pytestmark = pytest.mark.builds


@pytest.fixture(scope="module")
def rounds(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Round]:
    project = copy_project(tmp_path_factory.mktemp("proofs-book") / "book")
    if (ROOT / ".kambook-cache").is_dir():  # a developer's earlier builds: the first round costs seconds
        shutil.copytree(ROOT / ".kambook-cache", project / ".kambook-cache")
    slug = load_manifest(project / "book.yaml").slug
    interior = project / "dist" / "publisher" / f"{slug}-interior.pdf"
    kept = tmp_path_factory.mktemp("proofs-kept")
    done: dict[str, Round] = {}

    def build_and_diff(name: str, *options: str) -> None:
        build(project, BuildOptions(only=("print",)))
        with redirect_stdout(io.StringIO()) as out, redirect_stderr(out):  # the changed pages, then the summary
            code = main(["-C", str(project), "diff", *options])
        shutil.copy(interior, kept / f"{name}.pdf")
        shutil.copytree(project / "dist" / "proofs", kept / f"{name}-report")
        done[name] = Round(code, out.getvalue(), kept / f"{name}.pdf", kept / f"{name}-report")

    build(project, BuildOptions(only=("print",)))
    shutil.copy(interior, kept / "first.pdf")
    assert main(["-C", str(project), "proofs", "--tag", "épreuves 1"]) == 0
    source = project / CHAPTER
    lines = source.read_text(encoding="utf-8").split("\n")
    assert "La solution est économique" in lines[LINE - 1]
    lines[LINE - 1] = lines[LINE - 1].replace("La solution est économique", "La solution est avantageuse")
    source.write_text("\n".join(lines), encoding="utf-8")
    build_and_diff("word")
    first = project / "chapters/partie-1/01-phenomene.md"
    text = first.read_text(encoding="utf-8").split("\n")
    text[8:8] = ["", (ADDED * 30).strip()]  # about four pages, after the chapter's second paragraph
    first.write_text("\n".join(text), encoding="utf-8")
    build_and_diff("paragraph", "--no-pdf")  # the printed report is checked on the first diff
    done["first"] = Round(0, "", kept / "first.pdf", Path())
    done["project"] = Round(0, "", project, Path())
    return done


def texts(pdf: Path) -> tuple[list[str], list[str]]:
    reader = PdfReader(pdf)
    return [" ".join((page.extract_text() or "").split()) for page in reader.pages], list(reader.page_labels)


def test_a_one_word_edit_is_one_page_changed_with_its_manuscript_line(rounds: dict[str, Round]) -> None:
    word = rounds["word"]
    assert word.code == 1  # something changed, as diff(1) says
    summary = word.out.strip().splitlines()[-1]
    assert summary == "1 page changed, 0 references renumbered", word.out
    new, labels = texts(word.pdf)
    holding = [labels[i] for i, text in enumerate(new) if "La solution est avantageuse" in text]
    assert len(holding) == 1
    assert f"page {holding[0]}: changed ← {CHAPTER}:{LINE}" in word.out
    # every other page reads as it did in the first round
    old, _ = texts(rounds["first"].pdf)
    assert len(old) == len(new)
    differing = [labels[i] for i, (a, b) in enumerate(zip(old, new)) if a != b]
    assert differing == holding


def test_the_reports_show_the_change_in_html_and_pdf(rounds: dict[str, Round]) -> None:
    report = rounds["word"].report
    html = (report / "index.html").read_text(encoding="utf-8")
    assert "avantageuse" in html and "économique" in html and f"{CHAPTER}:{LINE}" in html
    images = re.findall(r'src="(pages/[^"]+\.png)"', html)
    assert len(images) == 2 and all((report / name).stat().st_size > 10_000 for name in images)
    reader = PdfReader(report / "proofs.pdf")
    printed = " ".join(page.extract_text() or "" for page in reader.pages)
    assert len(reader.pages) >= 2 and "avantageuse" in printed and f"{CHAPTER}:{LINE}" in printed
    width, height = (float(v) for v in reader.pages[0].mediabox.upper_right)
    assert width > height  # A4 landscape: old beside new


def test_a_passage_added_shifts_the_pages_and_renumbers_the_references(rounds: dict[str, Round]) -> None:
    run = rounds["paragraph"]
    assert run.code == 1
    summary = run.out.strip().splitlines()[-1]
    found = re.fullmatch(r"(\d+) pages? changed, .*?(\d+) shifted, .*?(\d+) references? renumbered, (\d+) → (\d+) "
                         r"pages", summary)
    assert found, summary
    changed, shifted, references, before, after = (int(v) for v in found.groups())
    assert after > before and shifted >= 60 and references >= 5
    assert re.search(r"chapters/partie-1/01-phenomene.md:(9|10)\b", run.out), run.out
    # shifted pages are the same text under new folios: pages 60 to 70 of the first round are found again,
    # all moved by the same number of pages (not by the book's growth, which the signatures round up)
    old, old_labels = texts(rounds["first"].pdf)
    new, new_labels = texts(run.pdf)
    masked = [re.sub(r"\b\d+\b", "#", text) for text in new]
    moves = set()
    for i, label in enumerate(old_labels):
        if label.isdigit() and 60 <= int(label) <= 70 and len(old[i]) > 200:  # not a blank verso
            j = masked.index(re.sub(r"\b\d+\b", "#", old[i]))
            moves.add((j - i, int(new_labels[j]) - int(label)))
    (pages_moved, folios_moved), = moves
    assert pages_moved == folios_moved >= 2
    # the report lists the references and contents entries renumbered, each as the two PDFs print them,
    # and chapter 1 among the documents that grew
    html = (run.report / "index.html").read_text(encoding="utf-8")
    listed = re.search(r"« p. N » references renumbered \((\d+)\)</h3><ul>(.*?)</ul>", html)
    assert listed and int(listed.group(1)) == references
    pairs = re.findall(r"p\. (\d+) → p\. (\d+)</li>", listed.group(2))
    assert len(pairs) == references and all(int(now) > int(was) for was, now in pairs)
    old_text, new_text = " ".join(old), " ".join(new)
    assert all(f"p. {was}" in old_text and f"p. {now}" in new_text for was, now in pairs)
    assert re.search(r"Table of contents entries renumbered \((\d+)\)", html)
    grew = re.search(r"<td lang='fr'>Le phénomène compte clé</td><td><code>([^<]+)</code></td><td>(\d+)</td>"
                     r"<td>(\d+)</td>", html)
    assert grew and grew.group(1) == "chapters/partie-1/01-phenomene.md" and int(grew.group(3)) > int(grew.group(2))


def test_rounds_are_listed_with_their_tag(rounds: dict[str, Round], capsys: pytest.CaptureFixture[str]) -> None:
    project = rounds["project"].pdf
    interior = list_records(project, "interior")
    assert len(interior) == 3 and [r.tag for r in interior] == ["épreuves 1", "", ""]
    assert [r.meta["pages"] for r in interior][0] == len(texts(rounds["first"].pdf)[0])


def test_the_html_report_is_accessible_and_keyboard_navigable(rounds: dict[str, Round], browser: object) -> None:
    from axe_playwright_python.sync_playwright import Axe

    report = rounds["paragraph"].report
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    outside: list[str] = []
    page.on("request", lambda r: outside.append(r.url) if not r.url.startswith(("file:", "data:")) else None)
    page.goto((report / "index.html").as_uri())
    page.wait_for_load_state("load")
    assert page.evaluate("Array.from(document.images).every(i => i.complete && i.naturalWidth > 0)")
    violations = Axe().run(page, options={"runOnly": {"type": "tag", "values": [
        "wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]}}).response["violations"]
    assert [f"{v['id']}: {v['nodes'][0]['target']}" for v in violations] == []
    headings = page.locator("section.change h2")
    assert headings.count() >= 3
    page.keyboard.press("j")
    assert page.evaluate("document.activeElement.textContent") == headings.nth(0).text_content()
    page.keyboard.press("j")
    assert page.evaluate("document.activeElement.textContent") == headings.nth(1).text_content()
    page.keyboard.press("k")
    assert page.evaluate("document.activeElement.textContent") == headings.nth(0).text_content()
    page.keyboard.press("Tab")  # from the heading, on to its links (old and new page, next change)
    assert page.evaluate("document.activeElement.tagName") == "A"
    assert outside == []
    context.close()
