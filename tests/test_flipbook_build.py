"""The symposium flipbook built from the repository's sources: booklet, excerpt pagination, images, text layer."""

from __future__ import annotations

import json
import re

import pypdf
from PIL import Image

from kambook.build import BuildOptions, build

SLUG = "key-account-management"
MM = 72 / 25.4


def flipbook_data(folder) -> dict:  # noqa: ANN001
    text = (folder / "book.js").read_text(encoding="utf-8")
    return json.loads(text.removeprefix("window.FLIPBOOK = ").rstrip().rstrip(";"))


def test_booklet_format_and_padding(built_book):
    result, dist = built_book
    booklet = pypdf.PdfReader(dist / "flipbook" / f"{SLUG}-flipbook.pdf")
    assert len(booklet.pages) % 4 == 0 and len(booklet.pages) == result.flipbook_pages
    for page in booklet.pages:
        assert round(float(page.mediabox.width) / MM) == 148 and round(float(page.mediabox.height) / MM) == 210
    first = re.sub(r"\s+", " ", booklet.pages[0].extract_text())
    assert "Symposium du Key Account Management" in first and "22 et 23 janvier 2015" in first
    assert "CNIT" in first and "ESSEC" in first.upper()
    text = re.sub(r"\s+", " ", " ".join(p.extract_text() for p in booklet.pages))
    for workshop in ("coordination des achats centraux", "compensation des responsables comptes clés",
                     "segmentation stratégique des clients", "fidélisation client",
                     "Marketing – Stratégie commerciale", "partenariats commerciaux internationaux"):
        assert workshop in text, workshop
    for company in ("TOTAL", "BNP Paribas", "Roquette", "Nestlé", "Sanofi"):
        assert company in text
    assert "interculturalité" in text and "Dîner de gala" in text
    assert "alexandra.delorme@symposiumkam-essec-halifax.com" in booklet.pages[-1].extract_text()


def test_excerpt_keeps_the_print_pagination(built_book):
    result, dist = built_book
    booklet = pypdf.PdfReader(dist / "flipbook" / f"{SLUG}-flipbook.pdf")
    screen = pypdf.PdfReader(dist / f"{SLUG}.pdf")
    chapter = result.book.registry.get("ch:orchestration")
    start = screen.page_labels.index(next(l for t, l in [(p.extract_text(), screen.page_labels[i])
                                                          for i, p in enumerate(screen.pages)]
                                          if f"CHAPITRE {chapter.number}" in t.upper() and chapter.title[:20] in t))
    labels = booklet.page_labels
    first = labels.index(screen.page_labels[start])
    # Every excerpt page carries the book's folio as its label and the same text as the book's page.
    for offset in range(3):
        book_page, booklet_page = screen.pages[start + offset], booklet.pages[first + offset]
        assert labels[first + offset] == screen.page_labels[start + offset]
        assert re.sub(r"\s+", " ", book_page.extract_text())[:200] == \
            re.sub(r"\s+", " ", booklet_page.extract_text())[:200]


def test_page_images_and_weight_budget(built_book):
    _, dist = built_book
    folder = dist / "flipbook"
    data = flipbook_data(folder)
    assert len(data["pages"]) == len(pypdf.PdfReader(folder / data["pdf"]).pages)
    for page in data["pages"]:
        for size, width in (("thumb", 200), ("read", 1200), ("zoom", 2000)):
            entry = page["images"][size]
            assert set(entry) - {"width"} == {"webp"}  # every browser in use reads WebP: no JPEG set
            with Image.open(folder / entry["webp"]) as image:
                assert image.width == width == entry["width"] and image.format == "WEBP"
        assert (folder / page["images"]["read"]["webp"]).stat().st_size < 180_000
    first_view = sum((folder / name).stat().st_size for name in ("index.html", "viewer.js", "viewer.css", "book.js"))
    first_view += (folder / data["pages"][0]["images"]["read"]["webp"]).stat().st_size
    assert first_view < 400_000, f"first view weighs {first_view} bytes"


def test_text_layer_labels_links_and_outline(built_book):
    _, dist = built_book
    data = flipbook_data(dist / "flipbook")
    words = {i: {w["s"].lower() for w in page["text"]} for i, page in enumerate(data["pages"])}
    gala_pages = [i + 1 for i, ws in words.items() if "gala" in ws]
    assert gala_pages and gala_pages[0] == 3, "the programme announces the gala dinner"
    for page in data["pages"]:
        for word in page["text"]:
            assert 0 <= word["x"] <= 1 and 0 <= word["y"] <= 1 and 0 < word["w"] <= 1 and 0 < word["h"] <= 1
    last = data["pages"][-1]
    assert any(link["href"].startswith("mailto:alexandra.delorme@") for link in last["links"])
    assert [o["title"] for o in data["outline"]][:3] == ["Couverture", "Bienvenue", "Programme"]
    assert any(o["title"].startswith("Extrait") for o in data["outline"])
    labels = [p["label"] for p in data["pages"]]
    assert len(set(labels)) == len(labels), "printed labels identify pages"


def test_a_rebuilt_booklet_is_the_same_file(built_book, tmp_path):
    """The excerpt pages are placed under fixed names: the same sources give the same booklet, so its
    page images come back from the cache instead of being rendered again."""
    result, dist = built_book
    build(result.book.manifest.root, BuildOptions(only=("flipbook",), dist=tmp_path / "again"))
    name = f"flipbook/{SLUG}-flipbook.pdf"
    assert (tmp_path / "again" / name).read_bytes() == (dist / name).read_bytes()
