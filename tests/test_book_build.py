"""Whole-build tests on the repository's own book: what a reader of the PDF and of the site would check."""

from __future__ import annotations

import html
import re
import shutil
import subprocess
import sys
from functools import cache
from pathlib import Path

import pypdf
import pytest

from bookproject import ROOT, copy_project
from kambook.build import BuildOptions, build
from kambook.errors import CrossReferenceError
from kambook.print.editions import read_layouts

SLUG = "key-account-management"


def normalise(text: str) -> str:
    """PDF text as words: hyphenation joined, no-break spaces as spaces, whitespace folded."""
    text = re.sub(r"[-‐\u00ad]\s*\n\s*", "", text).replace("\u00ad", "")  # soft: the break hyphens
    text = text.replace("\u202f", " ").replace("\u00a0", " ").replace("’", "'")
    return re.sub(r"\s+", " ", text).strip()


@cache
def reader(dist: Path) -> pypdf.PdfReader:
    return pypdf.PdfReader(dist / f"{SLUG}.pdf")


@cache
def page_texts(dist: Path) -> tuple[str, ...]:
    return tuple(normalise(page.extract_text()) for page in reader(dist).pages)


def outline_entries(pdf: pypdf.PdfReader) -> list[tuple[int, str, int]]:
    """(depth, title, page index) of every bookmark."""
    out: list[tuple[int, str, int]] = []

    def walk(items: list, depth: int) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
            else:
                out.append((depth, item.title, pdf.get_destination_page_number(item)))
    walk(pdf.outline, 0)
    return out


def test_pdf_has_a_book_length(built_book):
    result, dist = built_book
    pdf = reader(dist)
    assert len(pdf.pages) == result.pages
    assert len(pdf.pages) >= 60


def test_outline_holds_parts_chapters_and_sections(built_book):
    result, dist = built_book
    entries = outline_entries(reader(dist))
    titles = [normalise(t) for _, t, _ in entries]
    chapters = result.book.chapters
    assert len(chapters) == 12 and len(result.book.parts) == 3
    for part in result.book.parts:
        assert any(t.startswith(f"Partie {part.number} – ") for t in titles), part.title
    for chapter in chapters:
        expected = normalise(f"{chapter.number}. {chapter.title}")
        matches = [e for e in entries if normalise(e[1]) == expected]
        assert matches, f"chapter {chapter.number} missing from the outline"
        assert matches[0][0] == 1, "chapters sit under their part"


def test_table_of_contents_page_numbers_are_right(built_book):
    result, dist = built_book
    pdf = reader(dist)
    labels = pdf.page_labels
    texts = page_texts(dist)
    toc_pages = [t for t in texts[:10] if "Table des matières" in t or "Bibliographie" in t][:2]
    toc = " ".join(toc_pages)
    for chapter in result.book.chapters:
        title = normalise(chapter.title)
        match = re.search(re.escape(title) + r"[ .]*?(\d+)\b", toc)
        assert match, f"chapter {chapter.number} not in the table of contents"
        index = labels.index(match.group(1))
        assert title in texts[index], f"chapter {chapter.number}: the contents say p. {match.group(1)}"


def test_front_matter_is_numbered_in_roman_and_the_body_from_one(built_book):
    result, dist = built_book
    pdf = reader(dist)
    labels = pdf.page_labels
    first_part = next(i for d, t, i in outline_entries(pdf) if t.startswith("Partie I "))
    assert labels[first_part] == "1"
    assert labels[:4] == ["i", "iii", "iv", "v"]  # the half-title's blank verso (ii) is only in print
    assert all(re.fullmatch(r"[ivxl]+", label) for label in labels[:first_part])


def test_every_font_is_embedded(built_book):
    _, dist = built_book
    seen: set[str] = set()
    for page in reader(dist).pages:
        fonts = page["/Resources"].get_object().get("/Font", {})
        for font in fonts.values():
            font = font.get_object()
            descriptor_holder = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            descriptor = descriptor_holder["/FontDescriptor"].get_object()
            assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")), font["/BaseFont"]
            seen.add(str(font["/BaseFont"]).split("+")[-1])
    assert {"Gentium-Book-Plus", "Gentium-Book-Plus-Italic", "Lato", "Lato-Bold"} <= seen
    assert not any("DejaVu" in name for name in seen), "a character fell back to a system font"


def test_running_heads_show_part_and_chapter_titles(built_book):
    result, dist = built_book
    pdf = reader(dist)
    texts = page_texts(dist)
    entries = outline_entries(pdf)
    chapter = result.book.chapters[0]
    opening = next(i for d, t, i in entries if normalise(t) == normalise(f"1. {chapter.title}"))
    part = result.book.parts[0]
    # The opening page (a right page) carries no running head, only its title once.
    assert texts[opening].count(normalise(chapter.short_title)) == 1
    assert texts[opening].endswith(f" {pdf.page_labels[opening]}"), "the opening folio sits alone at the foot"
    # The next spread: part title on the left page, chapter title on the right, each with its folio
    # (margin boxes come last in the page's text).
    left, right = texts[opening + 1], texts[opening + 2]
    assert left.endswith(f" {pdf.page_labels[opening + 1]} {normalise(part.short_title)}")
    assert right.endswith(f" {normalise(chapter.short_title)} {pdf.page_labels[opening + 2]}")


def footnotes(html_text: str) -> list[tuple[str, str]]:
    """(word before the call, note HTML) of every footnote; notes and calls may sit among other spans."""
    out = []
    for match in re.finditer(r'<span class="footnote">', html_text):
        before = re.sub(r"<[^>]+>", "", html_text[max(0, match.start() - 400):match.start()])
        words = re.findall(r"\w+", before)
        depth, i = 1, match.end()
        for tag in re.finditer(r"<(/?)span\b[^>]*>", html_text[i:]):
            depth += -1 if tag.group(1) else 1
            if depth == 0:
                out.append((words[-1], html_text[i:i + tag.start()]))
                break
    return out


def test_footnotes_sit_on_the_page_of_their_call(built_book):
    result, dist = built_book
    texts = page_texts(dist)
    notes = footnotes(result.print_html)
    assert len(notes) >= 20
    for word_before, note in notes:
        first_words = " ".join(normalise(html.unescape(re.sub(r"<[^>]+>", "", note))).split()[:14])
        pages = [i for i, t in enumerate(texts) if first_words in t]
        assert len(pages) == 1, f"note « {first_words} » found on pages {pages}"
        # The call follows the word's last letters: a word hyphenated across the page turn (« contri- /
        # buteurs² ») has its call on the page where the word ends.
        page = texts[pages[0]]
        ends_here = word_before in page or any(page.startswith(word_before[cut:]) for cut in range(2, len(word_before) - 1))
        assert ends_here, f"the call of « {first_words} » is not on its page"


def test_cross_references_print_the_page_of_their_target(built_book):
    result, dist = built_book
    pdf = reader(dist)
    labels = pdf.page_labels
    texts = page_texts(dist)
    dests = {name: pdf.get_destination_page_number(d) for name, d in pdf.named_destinations.items()}
    refs = re.findall(r'<a id="([^"]+)" class="xref xref-(\w+)( same-page)?" href="#([^"]+)"(?: data-page="[^"]*")?>([^<]+)</a>',
                      result.print_html)
    assert len(refs) > 100
    checked = omitted = 0
    for ref_id, kind, same, anchor, text in refs:
        here, there = dests[ref_id], dests[anchor]
        if kind in ("ch", "part"):
            continue  # whole chapters and parts are referred to without a page
        if same:
            assert here == there, f"{ref_id}: « {text} » omits its page but its target is on another page"
            omitted += 1
        else:
            assert here != there, f"{ref_id}: « {text} » prints a page but its target is on the same page"
            wanted = normalise(f"{html.unescape(text)}, p. {labels[there]}")
            assert wanted in texts[here], f"{ref_id}: expected « {wanted} » on page {labels[here]}"
            checked += 1
    assert checked >= 10 and omitted >= 1
    assert result.passes >= 1  # one when the last build's layout was remembered (see the test below)


@pytest.mark.builds
def test_a_rebuild_lays_out_only_what_changed_and_gives_the_cold_pdf(tmp_path, monkeypatch):
    """Cold, every unit of the book is laid out at each pass; a rebuild of the same sources lays out none
    and writes the same bytes; after a one-word edit, only the edited chapter is laid out again, and the
    file is byte for byte what a cold build of the edited sources writes."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1421280000")
    project = copy_project(tmp_path / "book")
    cold = build(project, BuildOptions(only=("pdf",), dist=tmp_path / "cold"))
    units = len(list((project / ".kambook-cache" / "units").glob("*.json")))
    # Each unit at each pass; a unit measured at the first pass and found final is written at the second.
    assert cold.passes >= 2 and units <= cold.units_laid_out <= units + 3 and units >= 2 * 20
    warm = build(project, BuildOptions(only=("pdf",), dist=tmp_path / "warm"))
    assert warm.units_laid_out == 0
    assert (tmp_path / "warm" / "key-account-management.pdf").read_bytes() == \
        (tmp_path / "cold" / "key-account-management.pdf").read_bytes()
    chapter = sorted((project / "chapters").rglob("*.md"))[3]
    text = chapter.read_text(encoding="utf-8")
    word = re.search(r"\n[A-Z][a-zé]+ [a-z]+ (le|la|les) ", text).group(1)
    chapter.write_text(text.replace(f" {word} ", " {} ".format({"le": "ce", "la": "sa", "les": "ces"}[word]), 1),
                       encoding="utf-8")
    edited = build(project, BuildOptions(only=("pdf",), dist=tmp_path / "edited"))
    assert 1 <= edited.units_laid_out <= 3
    shutil.rmtree(project / ".kambook-cache")
    build(project, BuildOptions(only=("pdf",), dist=tmp_path / "edited-cold"))
    assert (tmp_path / "edited" / "key-account-management.pdf").read_bytes() == \
        (tmp_path / "edited-cold" / "key-account-management.pdf").read_bytes()
    for damaged in ("{not json", '[{"ch-x": "12"}]', "[1, 2]"):  # a damaged record is no guess at all
        (project / ".kambook-cache").mkdir(exist_ok=True)
        (project / ".kambook-cache" / "screen-layouts.json").write_text(damaged, encoding="utf-8")
        assert read_layouts(project / ".kambook-cache" / "screen-layouts.json") is None


def test_french_typography_in_the_pdf(built_book):
    result, dist = built_book
    raw = " ".join(p.extract_text() for p in reader(dist).pages[10:30])
    assert "\u202f;" in raw or "\u202f?" in raw
    assert "«\u202f" in raw and "\u202f»" in raw
    assert re.search(r"\w\u00a0:", raw)
    body = result.print_html.split("<body>", 1)[1]
    body = re.sub(r'<(\w+)[^>]*\blang="en"[^>]*>.*?</\1>', "", body, flags=re.S)  # English keeps its spacing
    body = html.unescape(re.sub(r"<[^>]+>", "", body))
    for pattern in (r"\w[ ]?[;!?](?=\s)", r"\w[ ]?:(?=\s)", r"«[ ]?\w", r"\w[ ]?»"):
        plain = [m.group(0) for m in re.finditer(pattern, body)]
        assert not plain, f"punctuation without its no-break space: {plain[:5]}"


def test_site_links_every_chapter(built_book):
    result, dist = built_book
    site = dist / "site"
    index = (site / "index.html").read_text(encoding="utf-8")
    assert '<html lang="fr">' in index
    for doc in result.book.documents:
        page = site / f"{doc.slug}.html"
        assert page.is_file()
        assert f'href="{doc.slug}.html"' in index or doc.role != "chapter"
        text = page.read_text(encoding="utf-8")
        assert 'rel="next"' in text and 'rel="prev"' in text
    chapter = (site / "orchestration.html").read_text(encoding="utf-8")
    assert 'href="orchestration.html#fig-rituels"' in chapter
    assert 'lang="en"' in chapter
    assert 'src="assets/images/10-rituels.svg"' in chapter and (site / "assets/images/10-rituels.svg").is_file()
    assert (site / "assets/fonts/web/GentiumBookPlus-Regular.woff2").is_file()  # the cut copy (site/webfonts.py)
    assert 'href="bibliographie.html#ref-' in (site / "recherche.html").read_text(encoding="utf-8")


def test_a_broken_reference_fails_with_file_and_line(tmp_path):
    project = copy_project(tmp_path / "book")
    chapter = project / "chapters" / "partie-1" / "03-centre-achat.md"
    lines = chapter.read_text(encoding="utf-8").splitlines()
    insert_at = next(i for i, line in enumerate(lines) if line.startswith("## ")) + 2
    lines.insert(insert_at, "Voir [@fig:xyz] et [@tab:niveaux], puis [@nobody2020].")
    chapter.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(CrossReferenceError) as error:
        build(project, BuildOptions(only=("site",), dist=tmp_path / "dist"))
    messages = [str(p) for p in error.value.problems]
    where = f"chapters/partie-1/03-centre-achat.md:{insert_at + 1}"
    assert f"{where}: unknown label 'fig:xyz': define it with {{#fig:xyz}} or fix the label" in messages
    assert (f"{where}: [@tab:niveaux] refers to a tableau, but 'niveaux' is a figure (fig:niveaux): "
            "write [@fig:niveaux]") in messages
    assert f"{where}: unknown citation key '@nobody2020': it is not in references.bib" in messages
    assert not (tmp_path / "dist").exists(), "nothing is written when the book has errors"


def test_keep_going_renders_visible_marks(tmp_path):
    project = copy_project(tmp_path / "book")
    chapter = project / "chapters" / "partie-1" / "01-phenomene.md"
    chapter.write_text(chapter.read_text(encoding="utf-8") + "\nVoir [@fig:inexistante].\n", encoding="utf-8")
    result = build(project, BuildOptions(only=("site",), dist=tmp_path / "dist", keep_going=True))
    assert any("fig:inexistante" in w for w in result.warnings)
    page = (tmp_path / "dist" / "site" / "phenomene.html").read_text(encoding="utf-8")
    assert '<span class="xref unresolved" title="@fig:inexistante">??</span>' in page


def test_cli_reports_errors_without_traceback(tmp_path):
    project = copy_project(tmp_path / "book")
    manifest = project / "book.yaml"
    manifest.write_text(manifest.read_text(encoding="utf-8").replace("title: Key", "titel: Key"), encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "kambook", "-C", str(project), "build"], capture_output=True,
                         text=True, env={"PYTHONPATH": str(ROOT / "src"), "PATH": "/usr/bin:/bin"})
    assert run.returncode == 2  # book.yaml: the set-up, not the content
    assert "book.yaml:3: unknown key 'titel' in book.yaml (did you mean 'title'?)" in run.stderr
    assert "Traceback" not in run.stderr + run.stdout


@pytest.fixture(scope="module")
def interior_lines(interior_pdf) -> list[list[tuple[float, str, str]]]:
    """Per page of the printed interior, its text lines as pdfplumber reads them: (top, font, text), with
    the no-break spaces the PDF's text layer holds (a glyph without one reads as a space)."""
    pages = []
    for page in interior_pdf.pages:
        rows: dict[tuple[float, str], list[dict]] = {}
        for char in page.chars:
            font = str(char["fontname"]).split("+")[-1]
            rows.setdefault((round(char["top"], 1), f"{font} {char['size']:.1f}"), []).append(char)
        pages.append([(top, font, "".join(c["text"] for c in sorted(chars, key=lambda c: c["x0"])))
                      for (top, font), chars in sorted(rows.items())])
    return pages


def test_every_running_head_is_one_line(interior_lines):
    """The running head (italic 9 pt in the top margin, above the text block) never wraps: long titles are
    cut to the measure (kambook.print.running), appendices' from book.yaml's running_titles."""
    heads = 0
    margin_fonts = {"Lato 8.5", "Gentium-Book-Plus-Italic 9.0"}  # folio and running head
    for number, lines in enumerate(interior_lines, 1):
        block = min((top for top, font, _ in lines if font not in margin_fonts), default=float("inf"))
        margin = [(top, font, text) for top, font, text in lines if top < block - 6]
        if not any(font == "Lato 8.5" and text.strip().isdigit() for _, font, text in margin):
            continue  # no folio in the top margin: an opening page, a blank page
        head = [text for _, font, text in margin if font == "Gentium-Book-Plus-Italic 9.0"]
        assert len(head) <= 1, f"page {number}: a running head of {len(head)} lines: {head}"
        assert not head or not head[0].rstrip().endswith(("‐", "-")), f"page {number}: hyphenated {head}"
        heads += len(head)
    assert heads > 80


def test_headings_keep_their_no_break_spaces_in_the_pdf(interior_lines):
    """Headings, captions and running heads are set in Lato, whose no-break space is the space's glyph: the
    print copy of the font gives it one of its own, so the PDF's text has U+00A0 before « : » as the body."""
    found = []
    for number, lines in enumerate(interior_lines, 1):
        for _, font, text in lines:
            if font.startswith("Lato") and re.search(r" [:;!?»]|« ", text):
                found.append(f"page {number} ({font}): {text}")
    assert not found, "\n".join(found[:10])


def test_the_pdf_keywords_are_the_books(built_book):
    """Keywords come from book.yaml (they were once written into the template for every book)."""
    import pikepdf
    result, dist = built_book
    with pikepdf.open(dist / "key-account-management.pdf") as pdf:
        assert str(pdf.docinfo.get("/Keywords")) == ", ".join(result.book.manifest.keywords)
    assert result.book.manifest.keywords == ("Key Account Management", "comptes clés", "BtoB")
