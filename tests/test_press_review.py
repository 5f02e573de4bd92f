"""The repository's book read by tools that are not kambook: what a printer's prepress and a PDF/UA reader see.

pdfplumber (pdfminer) reads paths, colours and type sizes; pikepdf (qpdf) reads the objects; poppler
extracts the text a reader copies; Ghostscript renders as a RIP would and stops at any warning; zxing-cpp
scans the barcode from a render of the cover. None of them shares code with kambook's preflight, so a
mistake the preflight shares with the writer still shows here.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pikepdf
import pytest

from bookproject import ROOT

pdfplumber = pytest.importorskip("pdfplumber")

SLUG = "key-account-management"
MM = 72 / 25.4
REGISTRATION = (1.0, 1.0, 1.0, 1.0)


def files(dist: Path) -> dict[str, Path]:
    return {"interior": dist / "publisher" / f"{SLUG}-interior.pdf",
            "cover": dist / "publisher" / f"{SLUG}-cover.pdf", "screen": dist / f"{SLUG}.pdf"}


@pytest.fixture(scope="module")
def interior_objects(built_book, interior_pdf) -> list[dict]:
    """Every page of the interior as pdfplumber sees it: boxes, chars, lines, rects and curves."""
    _, dist = built_book
    with pikepdf.open(files(dist)["interior"]) as pdf:
        boxes = [{k: [float(v) for v in page.obj[k]] for k in ("/MediaBox", "/BleedBox", "/TrimBox")}
                 for page in pdf.pages]
    return [{"number": number, "boxes": boxes[number - 1], "chars": page.chars,
             "paths": page.lines + page.rects + page.curves} for number, page in enumerate(interior_pdf.pages, 1)]


def to_pdf_space(obj: dict, media: list[float]) -> tuple[float, float, float, float]:
    """pdfplumber keeps user-space x but measures ``top`` down from the page height (not from the MediaBox's
    top edge, which differs when the MediaBox does not start at 0, as with marks beyond the bleed)."""
    height = media[3] - media[1]
    return (obj["x0"], height - obj["bottom"], obj["x1"], height - obj["top"])


def overlaps(a: tuple[float, ...], b: list[float]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def colour(value: object) -> tuple[float, ...] | None:
    return tuple(round(float(v), 3) for v in value) if isinstance(value, (list, tuple)) else None


# --- the interior: what the printer's preflight stopped ------------------------------------------------------


def test_interior_has_no_annotation_or_action(built_book):
    _, dist = built_book
    with pikepdf.open(files(dist)["interior"]) as pdf:
        assert not [n for n, page in enumerate(pdf.pages, 1) if "/Annots" in page.obj or "/AA" in page.obj]
        assert "/OpenAction" not in pdf.Root and "/AA" not in pdf.Root
        item, seen = pdf.Root.Outlines.First, 0
        stack = [item]
        while stack:
            item = stack.pop()
            while item is not None:
                assert "/A" not in item and "/Dest" in item
                seen += 1
                if "/First" in item:
                    stack.append(item.First)
                item = item.get("/Next")
        assert seen > 30  # bookmarks stay: parts, chapters, sections


def test_crop_marks_sit_outside_the_bleed_without_transparency(built_book, interior_objects):
    for page in interior_objects:
        media, bleed, trim = (page["boxes"][k] for k in ("/MediaBox", "/BleedBox", "/TrimBox"))
        assert bleed[0] - media[0] >= 8.9 * MM  # room for marks beyond the bleed
        marks = [to_pdf_space(p, media) for p in page["paths"] if not overlaps(to_pdf_space(p, media), trim)]
        assert len(marks) == 8, page["number"]
        for mark in marks:
            assert not overlaps(mark, bleed), (page["number"], mark)
            gap = max(trim[0] - mark[2], mark[0] - trim[2], trim[1] - mark[3], mark[1] - trim[3])
            assert gap >= 3 * MM + 3 * MM - 0.01  # the bleed, then at least 3 mm
    _, dist = built_book
    with pikepdf.open(files(dist)["interior"]) as pdf:
        for page in pdf.pages:  # the marks' own stream: registration colour, no graphics state, no form
            last = page.obj.Contents[-1].read_bytes()
            assert b"1 1 1 1 K" in last and b" gs" not in last and b"Do" not in last


def test_registration_colour_only_in_the_marks(interior_objects):
    offenders = []
    for page in interior_objects:
        media, trim = page["boxes"]["/MediaBox"], page["boxes"]["/TrimBox"]
        for obj in page["paths"] + page["chars"]:
            inside = overlaps(to_pdf_space(obj, media), trim)
            for key in ("non_stroking_color", "stroking_color"):
                if inside and colour(obj.get(key)) == REGISTRATION and (key == "stroking_color" or obj.get("fill", True)):
                    offenders.append((page["number"], obj["object_type"], key))
    assert not offenders, offenders[:10]


def test_text_prints_in_solid_black(interior_objects):
    tints = {}
    for page in interior_objects:
        for char in page["chars"]:
            value = colour(char["non_stroking_color"])
            if value and len(value) == 4 and value[:3] == (0, 0, 0) and 0 < value[3] < 1:
                tints.setdefault(value, []).append(page["number"])
    assert not tints, {k: sorted(set(v))[:10] for k, v in tints.items()}
    black = sum(1 for page in interior_objects for c in page["chars"]
                if colour(c["non_stroking_color"]) == (0, 0, 0, 1))
    assert black > 100_000  # the body text


def test_no_type_under_the_printable_minimum(interior_objects):
    """6.5 pt at placed size, 7.5 pt reversed (light type out of a colour); rotated glyphs pdfplumber
    sizes by their width, so they are measured by kambook's preflight instead."""
    small = []
    for page in interior_objects:
        for char in page["chars"]:
            if not char["upright"] or not char["text"].strip():
                continue
            value = colour(char["non_stroking_color"]) or (0, 0, 0, 1)
            light = len(value) == 4 and value[3] < 0.3 and sum(value[:3]) < 0.3
            if char["size"] < (7.5 if light else 6.5) - 0.05:
                small.append((page["number"], char["fontname"], round(char["size"], 1), char["text"]))
    assert not small, small[:20]


def test_cover_and_interior_share_version_pdfx_and_registered_condition(built_book):
    _, dist = built_book
    seen = []
    for name in ("interior", "cover"):
        with pikepdf.open(files(dist)[name]) as pdf:
            assert pdf.pdf_version == "1.6"
            intent = pdf.Root.OutputIntents[0]
            assert str(intent.OutputConditionIdentifier) == "FOGRA39"
            assert str(intent.RegistryName) == "http://www.color.org"
            assert intent.DestOutputProfile.N == 4
            xmp = pdf.Root.Metadata.read_bytes()
            assert b"<xmpMM:RenditionClass>default</xmpMM:RenditionClass>" in xmp
            seen.append(re.search(rb"<pdfxid:GTS_PDFXVersion>([^<]+)<", xmp).group(1))
            assert not [n for n, page in enumerate(pdf.pages, 1) if "/Annots" in page.obj]
    assert seen == [b"PDF/X-4", b"PDF/X-4"]


# --- the screen edition: what a PDF/UA checker and a reader see ----------------------------------------------


def test_links_are_link_elements_with_words(built_book):
    result, dist = built_book
    with pikepdf.open(files(dist)["screen"]) as pdf:
        nums = pdf.Root.StructTreeRoot.ParentTree.Nums
        parents = {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}
        ids = {t.anchor for t in result.book.registry.targets.values()} | {d.anchor for d in result.book.documents}
        links = 0
        for page in pdf.pages:
            for annotation in page.obj.get("/Annots", []):
                links += 1
                assert parents[int(annotation.StructParent)].S == "/Link"
                words = str(annotation.Contents)
                assert words not in ids and not words.startswith("Aller à"), words
    assert links > 900
    chapter = result.book.registry.get("ch:orchestration")
    said = {str(a.Contents) for page in pikepdf.open(files(dist)["screen"]).pages
            for a in page.obj.get("/Annots", [])}
    assert f"Chapitre {chapter.number}\u00a0: {chapter.title}" in said  # « Chapitre 10 : Orchestrer… »


def test_extracted_text_has_no_line_break_hyphens(built_book):
    _, dist = built_book
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(files(dist)["screen"]), "-"], check=True,
                          capture_output=True, text=True).stdout
    assert "\u2010" not in text
    assert text.count("\u00ad") > 100  # the break hyphens, read back as soft hyphens
    sources = " ".join(p.read_text(encoding="utf-8") for p in (ROOT / "chapters").rglob("*.md"))
    sources += (ROOT / "assets" / "cms" / "blog-relation-btob.blogger.xml").read_text(encoding="utf-8")
    lines = text.splitlines()
    for line, following in zip(lines, lines[1:]):
        if line.endswith("-") and following.strip():
            word = line.split()[-1] + following.split()[0]
            assert word.strip(".,;:»)") in sources, word  # a real compound, broken at its own hyphen


def test_english_passages_notes_and_figures_are_tagged(built_book):
    _, dist = built_book
    found: dict[str, list] = {"en": [], "/Note": [], "/Figure": []}
    with pikepdf.open(files(dist)["screen"]) as pdf:
        stack = [pdf.Root.StructTreeRoot.K[0]]
        while stack:
            element = stack.pop()
            if not isinstance(element, pikepdf.Dictionary):
                continue
            if str(element.get("/Lang", "")) == "en":
                found["en"].append(element)
            if element.get("/S") in ("/Note", "/Figure"):
                found[str(element.S)].append(element)
            kids = element.get("/K")
            stack.extend(kids if isinstance(kids, pikepdf.Array) else [kids] if kids is not None else [])
        assert len(found["en"]) >= 10
        assert len(found["/Note"]) >= 20 and all("/ID" in n for n in found["/Note"])
        assert len({str(n.ID) for n in found["/Note"]}) == len(found["/Note"])
        alts = [str(f.get("/Alt", "")) for f in found["/Figure"]]
        assert all(alts)  # the blog's images fall back to their caption: they come with no description
        written = [m.group(1) for p in (ROOT / "chapters").rglob("*.md")
                   for m in re.finditer(r'\{#fig:[^}]* alt="([^"]+)"\}', p.read_text(encoding="utf-8"))]
        assert len(written) == 6
        for description in written:  # the manuscript's descriptions, not the captions
            assert any(a.startswith(description.split()[0]) and a[:30].replace("’", "'") == description[:30]
                       .replace("’", "'").replace(" :", "\u00a0:") for a in alts), description[:40]


def test_screen_edition_has_no_blank_verso_and_keeps_print_folios(built_book):
    _, dist = built_book
    screen = files(dist)["screen"]
    count = len(pikepdf.open(screen).pages)
    for number in range(1, count + 1):
        text = subprocess.run(["pdftotext", "-f", str(number), "-l", str(number), str(screen), "-"],
                              check=True, capture_output=True, text=True).stdout
        images = subprocess.run(["pdfimages", "-list", "-f", str(number), "-l", str(number), str(screen)],
                                check=True, capture_output=True, text=True).stdout.count("\n") > 2
        assert text.strip() or images, f"page {number} is blank"
    with pikepdf.open(screen) as pdf, pikepdf.open(files(dist)["interior"]) as interior:
        def labels_by_destination(doc: pikepdf.Pdf) -> dict[str, str]:
            pages = {page.obj.objgen: page.label for page in doc.pages}
            names = pikepdf.NameTree(doc.Root.Names.Dests)
            return {k: pages.get(v[0].objgen) for k, v in names.items() if k.startswith("ch-")}
        assert labels_by_destination(pdf) == labels_by_destination(interior)


# --- independent tools: Ghostscript, qpdf, a barcode scanner ---------------------------------------------------


@pytest.mark.parametrize("name", ["interior", "cover", "screen"])
def test_ghostscript_and_qpdf_read_without_warning(built_book, name):
    _, dist = built_book
    if not shutil.which("gs"):
        pytest.fail("Ghostscript (apt ghostscript) is needed: make test installs it")
    run = subprocess.run(["gs", "-q", "-dNOPAUSE", "-dBATCH", "-dSAFER", "-dPDFSTOPONERROR", "-dPDFSTOPONWARNING",
                          "-sDEVICE=nullpage", str(files(dist)[name])], capture_output=True, text=True)
    assert run.returncode == 0 and not run.stdout.strip() and not run.stderr.strip(), run.stdout + run.stderr
    check = subprocess.run(["qpdf", "--check", str(files(dist)[name])], capture_output=True, text=True)
    assert check.returncode == 0 and "No syntax or stream encoding errors found" in check.stdout, check.stdout


def test_barcode_scans_as_the_isbn(built_book, tmp_path):
    zxingcpp = pytest.importorskip("zxingcpp")
    from PIL import Image
    result, dist = built_book
    subprocess.run(["pdftoppm", "-r", "400", "-png", "-singlefile", "-gray", str(files(dist)["cover"]),
                    str(tmp_path / "cover")], check=True)
    image = Image.open(tmp_path / "cover.png")
    back = image.crop((0, image.height // 2, image.width // 2, image.height))  # the barcode is on the back cover
    codes = zxingcpp.read_barcodes(back)
    isbn = result.book.manifest.isbn.replace("-", "")
    assert [c.text for c in codes if c.format == zxingcpp.BarcodeFormat.EAN13] == [isbn]
