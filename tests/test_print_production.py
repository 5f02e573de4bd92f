"""The publisher's files for the repository's book: interior, cover, screen edition, preflight, reproducibility."""

from __future__ import annotations

import json
import re
import subprocess

import pypdf

from bookproject import ROOT
from kambook.build import BuildOptions, build
from kambook.manifest import load_manifest
from kambook.print.cover import spine_width_mm
from kambook.preflight.handover import check_outputs

MM = 72 / 25.4
SLUG = "key-account-management"


def box_mm(box) -> tuple[float, float, float, float]:  # noqa: ANN001 - a pypdf RectangleObject
    return tuple(round(float(v) / MM, 1) for v in (box.left, box.bottom, box.right, box.top))


def test_interior_boxes_signatures_and_colophon(built_book):
    result, dist = built_book
    interior = pypdf.PdfReader(dist / "publisher" / f"{SLUG}-interior.pdf")
    manifest = result.book.manifest
    assert len(interior.pages) % manifest.print.signature == 0
    assert len(interior.pages) == result.interior_pages > result.pages
    for page in interior.pages:
        assert box_mm(page.trimbox) == (0.0, 0.0, 160.0, 240.0)
        assert box_mm(page.bleedbox) == (-3.0, -3.0, 163.0, 243.0)
    last = interior.pages[-1].extract_text()
    assert "Achevé d’imprimer en janvier 2015" in last and "978-2-36778-045-0" in last
    # Same page geometry as the screen edition: the content keeps its pages.
    # The screen edition is the interior less its blank versos, and keeps its folios.
    screen_labels = pypdf.PdfReader(dist / f"{SLUG}.pdf").page_labels
    assert screen_labels == [label for label in interior.page_labels if label in set(screen_labels)]
    assert len(interior.page_labels) - len(screen_labels) > 10


def test_interior_is_pdf_x4_in_cmyk_with_metadata(built_book):
    _, dist = built_book
    path = dist / "publisher" / f"{SLUG}-interior.pdf"
    interior = pypdf.PdfReader(path)
    root = interior.trailer["/Root"]
    intent = root["/OutputIntents"][0].get_object()
    assert intent["/S"] == "/GTS_PDFX" and intent["/DestOutputProfile"].get_object()["/N"] == 4
    assert "FOGRA39" in intent["/OutputConditionIdentifier"]
    xmp = root["/Metadata"].get_object().get_data().decode("utf-8")
    assert "<pdfxid:GTS_PDFXVersion>PDF/X-4</pdfxid:GTS_PDFXVersion>" in xmp
    assert "urn:isbn:9782367780450" in xmp and "Éditions KAWA" in xmp
    assert re.search(r"xmp\.did:[0-9a-f]{8}-", xmp)
    info = interior.metadata
    assert (info["/Title"], info["/Author"], info["/ISBN"], info["/Publisher"]) == \
        ("Key Account Management", "Hubert Faucher", "978-2-36778-045-0", "Éditions KAWA")
    assert root["/Lang"] == "fr"
    qdf = subprocess.run(["qpdf", "--qdf", "--object-streams=disable", str(path), "-"], capture_output=True,
                         check=True).stdout
    operators = set(re.findall(rb"\n[-0-9. ]+ (rg|RG)\n", qdf))
    assert not operators, "an RGB colour operator is left in the print file"
    assert b"/DeviceRGB" not in qdf


def test_interior_outline_and_labels(built_book):
    _, dist = built_book
    interior = pypdf.PdfReader(dist / "publisher" / f"{SLUG}-interior.pdf")
    top = [item.title for item in interior.outline if not isinstance(item, list)]
    assert top[:3] == ["Table des matières", "Table des figures", "Avant-propos"]
    assert any(t.startswith("Partie III") for t in top) and "Index" in top and "Bibliographie" in top
    assert any(t.startswith("Annexe A.") for t in top)
    labels = interior.page_labels
    assert labels[0] == "i" and "1" in labels


def test_cover_spine_follows_the_page_count(built_book):
    result, dist = built_book
    manifest = result.book.manifest
    cover = pypdf.PdfReader(dist / "publisher" / f"{SLUG}-cover.pdf")
    spine = spine_width_mm(result.interior_pages, manifest.print)
    assert result.cover.spine_mm == spine == round(result.interior_pages / 2 * 0.1, 1)
    page = cover.pages[0]
    width = 2 * 160 + spine + 2 * 3
    bleed = [float(v) / MM for v in page["/BleedBox"]]
    assert round(bleed[2] - bleed[0], 1) == round(width, 1)
    assert box_mm(page.trimbox)[2] - box_mm(page.trimbox)[0] == round(2 * 160 + spine, 1)
    text = re.sub(r"\s+", "", page.extract_text())
    assert "9782367780450" in text and "29,00€TTC" in text


def test_screen_edition_is_rgb_tagged_and_linked(built_book):
    _, dist = built_book
    screen = pypdf.PdfReader(dist / f"{SLUG}.pdf")
    root = screen.trailer["/Root"]
    assert root["/MarkInfo"]["/Marked"] and "/StructTreeRoot" in root
    page = screen.pages[20]
    assert box_mm(page.mediabox) == (0.0, 0.0, 160.0, 240.0) and "/BleedBox" not in page or \
        box_mm(page.bleedbox) == box_mm(page.mediabox)
    links = [a.get_object() for p in screen.pages for a in p.get("/Annots", [])]
    assert any(a.get("/A", {}).get("/URI") for a in links), "external links"
    assert sum(1 for a in links if "/Dest" in a or a.get("/A", {}).get("/S") == "/GoTo") > 100


def test_preflight_passes_and_agrees_with_pdffonts(built_book):
    result, dist = built_book
    report = check_outputs(result.book.manifest, dist)
    assert not report.failures, [str(f) for f in report.failures]
    data = json.loads((dist / "publisher" / "preflight.json").read_text(encoding="utf-8"))
    assert data["facts"]["interior"]["pages"] == result.interior_pages
    sums = (dist / "publisher" / "SHA256SUMS").read_text(encoding="utf-8").splitlines()
    assert [line.split()[1] for line in sums] == [f"{SLUG}-interior.pdf", f"{SLUG}-cover.pdf", f"{SLUG}.onix.xml",
                                                  f"{SLUG}-cover.jpg", "preflight.json"]
    fonts = subprocess.run(["pdffonts", str(dist / "publisher" / f"{SLUG}-interior.pdf")], capture_output=True,
                           text=True, check=True).stdout.splitlines()[2:]
    assert fonts and all(line.split()[-5] == "yes" for line in fonts), "pdffonts: every font embedded"
    check = subprocess.run(["qpdf", "--check", str(dist / "publisher" / f"{SLUG}-interior.pdf")],
                           capture_output=True, text=True)
    assert check.returncode == 0 and "No syntax or stream encoding errors" in check.stdout


def test_builds_are_reproducible(built_book, tmp_path, monkeypatch):
    """Same sources, same SOURCE_DATE_EPOCH: byte-identical interior, cover, screen edition and ONIX feed."""
    _, dist = built_book
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1421280000")
    build(ROOT, BuildOptions(only=("pdf", "onix"), dist=tmp_path / "again"))  # onix builds print too
    for name in (f"{SLUG}.pdf", f"publisher/{SLUG}-interior.pdf", f"publisher/{SLUG}-cover.pdf",
                 f"publisher/{SLUG}.onix.xml", f"publisher/{SLUG}-cover.jpg"):
        assert (dist / name).read_bytes() == (tmp_path / "again" / name).read_bytes(), name
    assert load_manifest(ROOT / "book.yaml").print.signature == 16
