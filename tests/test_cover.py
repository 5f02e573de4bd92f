"""The printer's cover: EAN-13 barcode, spine width, sheet geometry, boxes, colours and content.

The cover PDFs are written once per session (WeasyPrint takes seconds per sheet) and then read back
with pypdf, as the printer's preflight would: these tests check the file, not our intentions.
"""

from __future__ import annotations

import re
import subprocess
import xml.etree.ElementTree as ET
from dataclasses import replace
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, StreamObject

from bookproject import ROOT
from kambook.manifest import Manifest, PrintSpec, load_manifest
from kambook.print.cover import cover_html, spine_width_mm, write_cover_pdf
from kambook.print.weasy import render_document
from kambook.transform.typography import typeset_manifest
from kambook.print.barcode import ean13_svg

#: The three covers below are laid out once per worker that runs a test of this module: one worker.
pytestmark = pytest.mark.xdist_group("covers")

PT = 72 / 25.4  # PDF points per millimetre
PX = 25.4 / 96  # millimetres per CSS pixel (WeasyPrint's layout unit)
SVG = "{http://www.w3.org/2000/svg}"
ISBN = "978-2-36778-045-0"

# ---- EAN-13, restated independently of barcode.py ---------------------------------------------
# The specification also describes each digit by the widths of its four elements (space, bar, space,
# bar for set A/L). Set C/R is the same widths starting with a bar; set B/G is set C read backwards.
WIDTHS = ("3211", "2221", "2122", "1411", "1132", "1231", "1114", "1312", "1213", "3112")
FIRST_DIGIT_SETS = {"9": "ABBABA", "0": "AAAAAA", "5": "ABBAAB"}


def _elements(widths: str, first: str) -> str:
    out, colour = "", first
    for w in widths:
        out += colour * int(w)
        colour = "1" if colour == "0" else "0"
    return out


def expected_modules(digits: str) -> str:
    left = ""
    for char_set, digit in zip(FIRST_DIGIT_SETS[digits[0]], digits[1:7]):
        widths = WIDTHS[int(digit)]
        left += _elements(widths, "0") if char_set == "A" else _elements(widths[::-1], "0")
    right = "".join(_elements(WIDTHS[int(d)], "1") for d in digits[7:])
    return "101" + left + "01010" + right + "101"


def _bars(svg: str) -> tuple[ET.Element, list[tuple[float, float, float]]]:
    tree = ET.fromstring(svg)
    group = next(g for g in tree.iter(f"{SVG}g") if g.get("class") == "ean13-bars")
    return tree, [(float(r.get("x")), float(r.get("width")), float(r.get("height")))
                  for r in group.iter(f"{SVG}rect")]


def modules_from_rects(svg: str, module_mm: float) -> str:
    """Read the drawn rectangles back into the 95-module string, as a scanner would."""
    _, bars = _bars(svg)
    cells = ["0"] * 95
    for x, width, _ in bars:
        start = round(x / module_mm) - 11
        for i in range(start, start + round(width / module_mm)):
            cells[i] = "1"
    return "".join(cells)


@pytest.mark.parametrize(("isbn", "module"), [(ISBN, 0.33), ("9780306406157", 0.33), ("978-0-306-40615-7", 0.264)])
def test_barcode_draws_the_ean13_modules_of_the_isbn(isbn: str, module: float) -> None:
    digits = isbn.replace("-", "")
    svg = ean13_svg(isbn, module_mm=module)
    assert modules_from_rects(svg, module) == expected_modules(digits)


def test_barcode_known_left_half_for_a_978_prefix() -> None:
    # By hand from the tables: 9 → parity LGGLGL; 7 in L = 0111011, 8 in G = 0001001, 2 in G = 0011011.
    modules = modules_from_rects(ean13_svg(ISBN), 0.33)
    assert modules.startswith("101" + "0111011" + "0001001" + "0011011")
    assert modules.endswith("1110010" + "101")  # check digit 0 in R, end guard


def test_barcode_width_is_95_modules_plus_quiet_zones() -> None:
    svg = ean13_svg(ISBN, module_mm=0.33)
    tree, bars = _bars(svg)
    assert tree.get("width") == "37.29mm"  # (11 + 95 + 7) × 0.33 mm
    assert tree.get("viewBox").split()[2] == "37.29"
    first = min(x for x, _, _ in bars)
    last = max(x + w for x, w, _ in bars)
    assert first == pytest.approx(11 * 0.33)  # left quiet zone
    assert last - first == pytest.approx(95 * 0.33)
    assert 37.29 - last == pytest.approx(7 * 0.33)  # right quiet zone


def test_barcode_guard_bars_are_longer_and_height_is_configurable() -> None:
    _, bars = _bars(ean13_svg(ISBN, height_mm=18))
    heights = sorted({round(h, 3) for _, _, h in bars})
    assert heights == [18.0, round(18 + 5 * 0.33, 3)]
    long_bars = [x for x, _, h in bars if h > 18]
    assert len(long_bars) == 6  # two in each of the start, middle and end guards


def test_barcode_prints_isbn_line_and_digits_in_1_6_6_groups() -> None:
    svg = ean13_svg(ISBN)
    tree, bars = _bars(svg)
    texts = {t.get("class"): t for t in tree.iter(f"{SVG}text") if t.get("class")}
    assert texts["ean13-isbn"].text == f"ISBN {ISBN}"
    assert float(texts["ean13-isbn"].get("y")) < min(float(r.get("y")) for r in tree.iter(f"{SVG}rect")
                                                     if r.get("class") is None)
    digit_group = next(g for g in tree.iter(f"{SVG}g") if g.get("class") == "ean13-digits")
    digits = [(t.text, float(t.get("x"))) for t in digit_group.iter(f"{SVG}text")]
    assert "".join(d for d, _ in digits) == "9782367780450"
    start, middle, end = 11 * 0.33, (11 + 45) * 0.33, (11 + 95) * 0.33
    assert digits[0][1] < start  # the first digit stands in the left quiet zone
    assert all(start < x < middle for _, x in digits[1:7])
    assert all(middle < x < end for _, x in digits[7:])


def test_barcode_without_hyphens_prints_plain_digits() -> None:
    assert "ISBN 9782367780450<" in ean13_svg("9782367780450")


@pytest.mark.parametrize("bad", ["978-2-36778-045-1", "978236778045", "12345678901234", "abc", "0-306-40615-2"])
def test_barcode_refuses_a_bad_isbn(bad: str) -> None:
    with pytest.raises(ValueError):
        ean13_svg(bad)


def test_barcode_colours_are_cmyk_by_default() -> None:
    svg = ean13_svg(ISBN)
    assert 'fill="device-cmyk(0 0 0 1)"' in svg
    assert "#" not in svg and "rgb" not in svg


# ---- Spine and sheet geometry --------------------------------------------------------------------

@pytest.mark.parametrize(("pages", "caliper", "ppi", "expected"), [
    (144, 0.1, None, 7.2), (320, 0.1, None, 16.0),
    (144, None, 444, 8.2), (320, None, 444, 18.3),  # 25.4 × 2 / 444 = 0.1144 mm a sheet
    (24, 0.1, None, 1.2), (146, 0.105, None, 7.7),  # 7.665 rounds half up at the 0.1 mm
])
def test_spine_width(pages: int, caliper: float | None, ppi: float | None, expected: float) -> None:
    assert spine_width_mm(pages, PrintSpec(caliper_mm=caliper, pages_per_inch=ppi)) == expected


@pytest.mark.parametrize("pages", [0, -2, 145])
def test_spine_width_needs_an_even_page_count(pages: int) -> None:
    with pytest.raises(ValueError):
        spine_width_mm(pages, PrintSpec(caliper_mm=0.1))


@pytest.fixture(scope="session")
def manifest() -> Manifest:
    """As the build hands it to the cover: its words typeset by the transform stage."""
    return typeset_manifest(load_manifest(ROOT / "book.yaml"))


@pytest.fixture(scope="session")
def covers(manifest: Manifest, tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, object]]:
    """Cover PDFs: the real book at 144 pages, a 24-page booklet, and 144 pages without bleed or marks."""
    out = tmp_path_factory.mktemp("cover")
    flat = replace(manifest, print=replace(manifest.print, bleed_mm=0.0, crop_marks=False))
    cases = {"144": (manifest, 144), "24": (manifest, 24), "flat": (flat, 144)}
    made = {}
    for name, (m, pages) in cases.items():
        target = out / f"cover-{name}.pdf"
        made[name] = (target, write_cover_pdf(m, pages, ROOT, target))
    return made


def _box(page: object, name: str) -> list[float]:
    return [float(v) / PT for v in page[name]]  # type: ignore[index]


def test_real_book_sheet_size(covers: dict) -> None:
    path, info = covers["144"]
    assert (info.spine_mm, info.width_mm, info.height_mm, info.spine_text) == (7.2, 333.2, 246.0, True)
    page = PdfReader(path).pages[0]
    bleed, media = _box(page, "/BleedBox"), _box(page, "/MediaBox")
    assert bleed[2] - bleed[0] == pytest.approx(2 * 160 + 7.2 + 2 * 3, abs=0.01)
    assert bleed[3] - bleed[1] == pytest.approx(240 + 2 * 3, abs=0.01)
    # the sheet grows for the crop marks: 3 mm of bleed, 3 mm of offset, 5 mm of mark, 1 mm of paper
    assert media[2] - media[0] == pytest.approx(2 * 160 + 7.2 + 2 * 12, abs=0.01)
    assert media[3] - media[1] == pytest.approx(240 + 2 * 12, abs=0.01)


def test_trim_and_bleed_boxes(covers: dict) -> None:
    page = PdfReader(covers["144"][0]).pages[0]
    media, trim, bleed = _box(page, "/MediaBox"), _box(page, "/TrimBox"), _box(page, "/BleedBox")
    assert trim[2] - trim[0] == pytest.approx(327.2, abs=0.01)  # the flat cover, as trimmed
    assert trim[3] - trim[1] == pytest.approx(240, abs=0.01)
    assert [t - b for t, b in zip(trim[:2], bleed[:2])] == pytest.approx([3, 3], abs=0.01)
    assert [b - t for t, b in zip(trim[2:], bleed[2:])] == pytest.approx([3, 3], abs=0.01)
    assert [t - m for t, m in zip(trim[:2], media[:2])] == pytest.approx([12, 12], abs=0.01)  # marks outside


def test_sheet_without_bleed(covers: dict) -> None:
    path, info = covers["flat"]
    assert (info.width_mm, info.height_mm) == (327.2, 240.0)
    page = PdfReader(path).pages[0]
    media = _box(page, "/MediaBox")
    assert media[2] - media[0] == pytest.approx(327.2, abs=0.01)
    assert media[3] - media[1] == pytest.approx(240, abs=0.01)
    assert _box(page, "/TrimBox") == pytest.approx(media, abs=0.01)


def test_spine_grows_with_the_book(manifest: Manifest, tmp_path: Path) -> None:
    """Measured on the PDF a printer gets: a 320-page book's spine is 16 mm, the sheet widens by it, and
    the spine's lines sit between its two folds."""
    target = tmp_path / "cover-320.pdf"
    info = write_cover_pdf(manifest, 320, ROOT, target)
    assert info.spine_mm == 16.0
    trim = _box(PdfReader(target).pages[0], "/TrimBox")
    assert trim[2] - trim[0] == pytest.approx(2 * 160 + 16.0, abs=0.01)
    runs = spine_runs(target)
    # Baselines of the quarter-turned lines, within 3 mm of the middle of the 16 mm spine (the thin spine's
    # fold is at 167.2 mm: they moved with the spine's middle, not only its width).
    assert runs and all(abs(x - (160 + 16.0 / 2)) < 3 for _, _, x, _ in runs), runs


# ---- What the PDF says and where -----------------------------------------------------------------

def _mult(m: list[float], n: list[float]) -> list[float]:
    a, b, c, d, e, f = m
    A, B, C, D, E, F = n
    return [a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F]


def placed_text(path: Path) -> list[tuple[str, list[float], float, float]]:
    """(text, matrix, x mm, y mm) of each text run in the page's own content, origin at the trim corner."""
    runs: list[tuple[str, list[float], float, float]] = []

    def visit(text: str, cm: list[float], tm: list[float], *_: object) -> None:
        if text.strip():
            m = _mult(tm, cm)
            runs.append((text.strip(), m, m[4] / PT, m[5] / PT))

    PdfReader(path).pages[0].extract_text(visitor_text=visit)
    return runs


def spine_runs(path: Path) -> list[tuple[str, list[float], float, float]]:
    # Rotated a quarter turn: the text's x axis points down the page (b < 0, a = 0).
    return [r for r in placed_text(path) if abs(r[1][0]) < 1e-6 and r[1][1] < 0]


def test_spine_text_reads_top_to_bottom_on_the_spine(covers: dict, manifest: Manifest) -> None:
    runs = spine_runs(covers["144"][0])
    texts = [t for t, *_ in runs]
    assert manifest.title in texts and manifest.author in texts
    assert manifest.publisher.upper() in texts
    assert all(160 < x < 167.2 for _, _, x, _ in runs)  # between the two folds (x from the trim corner)
    assert all(5 <= y <= 235 for _, _, _, y in runs)


def test_no_spine_text_on_a_thin_spine(covers: dict) -> None:
    path, info = covers["24"]
    assert info.spine_mm == 1.2 and not info.spine_text
    assert spine_runs(path) == []
    assert "Key Account" in PdfReader(path).pages[0].extract_text()  # the front is still there


def test_back_cover_carries_blurb_barcode_and_price(covers: dict, manifest: Manifest) -> None:
    path = covers["144"][0]
    text = PdfReader(path).pages[0].extract_text()
    assert f"ISBN {ISBN}" in text
    assert "9782367780450" in re.sub(r"\s", "", text)
    runs = placed_text(path)
    price = [x for t, _, x, _ in runs if t == manifest.print.cover.price]
    assert price and all(x < 160 for x in price)  # on the back panel
    blurb_start = manifest.print.cover.blurb.split()[0]
    assert any(t.startswith(blurb_start) and x < 160 for t, _, x, _ in runs)
    assert "clé\u00a0: plan compte" in text  # French typography: no-break space before the colon


def test_front_cover_carries_title_subtitle_author_publisher(covers: dict) -> None:
    runs = placed_text(covers["144"][0])
    front = " ".join(t for t, m, x, _ in runs if x > 167.2 and m[1] == 0)
    for words in ("Key Account", "Management", "Oser, structurer", "HUBERT FAUCHER", "ESSEC"):
        assert words in front
    assert "É D I T I O N S" in front or "ÉDITIONS" in front


def test_text_stays_in_the_safe_area(manifest: Manifest) -> None:
    """Every line of text keeps 5 mm from the trim and from the folds (spine text: from the ends)."""
    from weasyprint.formatting_structure import boxes

    document = render_document(cover_html(manifest, 144, ROOT), base_url=ROOT, roots=[ROOT])
    page = document.pages[0]._page_box
    w, s, h = 160.0, 7.2, 240.0
    panels = {"back": (0.0, w), "front": (w + s, 2 * w + s)}
    checked = 0

    def walk(box: object, panel: str | None, spine_left: float | None) -> None:
        nonlocal checked
        classes = (box.element.get("class") or "").split() if getattr(box, "element", None) is not None \
            and hasattr(box.element, "get") and box.element_tag else []
        if "back" in classes or "front" in classes:
            panel = "back" if "back" in classes else "front"
        if "spine-text" in classes:
            panel, spine_left = "spine", box.position_x * PX
        if isinstance(box, boxes.TextBox) and box.text.strip():
            x0, y0 = box.position_x * PX, box.position_y * PX
            x1, y1 = x0 + box.width * PX, y0 + box.height * PX
            if panel == "spine":
                assert spine_left is not None
                assert 5 <= x0 - spine_left and x1 - spine_left <= h - 5, box.text
            else:
                left, right = panels[panel]  # type: ignore[index]
                assert left + 5 <= x0 and x1 <= right - 5, box.text
                assert 5 <= y0 and y1 <= h - 5, box.text
            checked += 1
        for child in getattr(box, "children", []):
            walk(child, panel, spine_left)

    walk(page, None, None)
    assert checked > 20


def test_barcode_sits_on_the_back_in_the_safe_area(manifest: Manifest) -> None:
    document = render_document(cover_html(manifest, 144, ROOT), base_url=ROOT, roots=[ROOT])
    found = []

    def walk(box: object) -> None:
        element = getattr(box, "element", None)
        if element is not None and hasattr(element, "get") and element.get("class") == "barcode":
            found.append((box.position_x * PX, box.position_y * PX, box.margin_width() * PX,
                          box.margin_height() * PX))
        for child in getattr(box, "children", []):
            walk(child)

    walk(document.pages[0]._page_box)
    (x, y, width, height), = found
    assert 5 <= x and x + width <= 160 - 5 and y + height <= 240 - 5


# ---- Colours, fonts, rendering -------------------------------------------------------------------

def content_streams(path: Path) -> list[bytes]:
    """The page's content and every form XObject it draws, recursively (SVG art, backgrounds, marks)."""
    reader = PdfReader(path)
    page = reader.pages[0]
    streams = [page.get_contents().get_data()]
    seen: set[int] = set()

    def visit(resources: object) -> None:
        if not isinstance(resources, DictionaryObject) or "/XObject" not in resources:
            return
        for ref in resources["/XObject"].get_object().values():
            obj = ref.get_object()
            if id(obj) in seen or obj.get("/Subtype") != "/Form":
                continue
            seen.add(id(obj))
            streams.append(obj.get_data())
            visit(obj.get("/Resources"))

    visit(page["/Resources"].get_object())
    return streams


def _all_objects(path: Path) -> list[object]:
    reader = PdfReader(path)
    out = []
    for number in range(1, int(reader.trailer["/Size"])):
        try:
            out.append(reader.get_object(IndirectObject(number, 0, reader)))
        except Exception:  # noqa: BLE001 - free entries in the cross-reference table
            continue
    return out


@pytest.mark.parametrize("case", ["144", "flat"])
def test_no_rgb_colour_anywhere(covers: dict, case: str) -> None:
    streams = content_streams(covers[case][0])
    assert len(streams) > 3
    for data in streams:
        assert not re.search(rb"(^|\s)(rg|RG)(\s|$)", data), data[:200]
        assert b"DeviceRGB" not in data
    colour_ops = b"".join(streams).count(b"/DeviceCMYK cs")
    assert colour_ops > 10  # panels, text, rings, barcode: all set in DeviceCMYK
    for obj in _all_objects(covers[case][0]):
        if isinstance(obj, (DictionaryObject, ArrayObject)) and not isinstance(obj, StreamObject):
            assert "/DeviceRGB" not in str(obj)


def test_crop_marks_are_registration_colour(covers: dict) -> None:
    marked = b"".join(content_streams(covers["144"][0]))
    assert b"1 1 1 1 K" in marked  # WeasyPrint's marks, recoloured from RGB black
    assert b"1 1 1 1 K" not in b"".join(content_streams(covers["flat"][0]))


def test_fonts_are_embedded_and_output_intent_set(covers: dict) -> None:
    reader = PdfReader(covers["144"][0])
    fonts = [o for o in _all_objects(covers["144"][0])
             if isinstance(o, DictionaryObject) and o.get("/Type") == "/FontDescriptor"]
    assert {str(f["/FontName"]).split("+")[-1] for f in fonts} >= {"Lato", "Lato-Bold", "Gentium-Book-Plus"}
    assert all(any(k in f for k in ("/FontFile", "/FontFile2", "/FontFile3")) for f in fonts)
    intents = reader.trailer["/Root"]["/OutputIntents"]
    assert intents[0]["/S"] == "/GTS_PDFX" and "/DestOutputProfile" in intents[0]


def test_the_cover_renders(covers: dict, tmp_path: Path) -> None:
    """pdftoppm draws it, and the colour fields land where the design puts them, bleed included."""
    subprocess.run(["pdftoppm", "-r", "40", "-png", "-singlefile", str(covers["144"][0]), str(tmp_path / "c")],
                   check=True, capture_output=True)
    image = Image.open(tmp_path / "c.png").convert("RGB")
    scale = 40 / 25.4
    marks = 9  # the crop marks' zone beyond the bleed: 3 mm of offset, 5 mm of mark, 1 mm of paper
    assert image.size[0] == pytest.approx((333.2 + 2 * marks) * scale, abs=1)  # poppler rounds the size up
    assert image.size[1] == pytest.approx((246 + 2 * marks) * scale, abs=1)

    def at(x_mm: float, y_mm: float) -> tuple[int, int, int]:  # sheet coordinates, bleed included
        return image.getpixel((int((x_mm + marks) * scale), int((y_mm + marks) * scale)))

    def near(colour: tuple[int, int, int], target: str) -> bool:
        rgb = tuple(int(target[i:i + 2], 16) for i in (0, 2, 4))
        return sum(abs(a - b) for a, b in zip(colour, rgb)) < 90

    assert near(at(1, 120), "E8DCC8")  # sand back cover, in the left bleed
    assert near(at(3 + 160 + 3.6, 20), "1F3A5F")  # dark blue spine, above its text
    assert near(at(332, 60), "1F3A5F")  # dark blue front, in the right bleed
    assert near(at(332, 236), "B5542C")  # terracotta band, in the right bleed


def test_two_builds_write_the_same_bytes(covers: dict, manifest: Manifest, tmp_path: Path) -> None:
    """WeasyPrint's PDF/X document id is random; the cover's is derived, so rebuilds are identical."""
    again = tmp_path / "again.pdf"
    write_cover_pdf(manifest, 144, ROOT, again)
    assert again.read_bytes() == covers["144"][0].read_bytes()
    assert b"xmp.did:" in again.read_bytes()
