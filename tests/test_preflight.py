"""Preflight rules on real PDFs: WeasyPrint builds good and deliberately broken books, pypdf breaks them further.

Each broken file is broken in one way, so each test shows one rule catching one thing a printer would
reject, and the good file shows the rules stay quiet on what kambook means to produce. pdffonts and qpdf
read the same files to prove the report agrees with independent tools.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import weasyprint
from PIL import Image
from pypdf import PdfReader, PdfWriter
from pypdf.generic import ArrayObject, DecodedStreamObject, DictionaryObject, FloatObject, NameObject

from kambook.errors import PreflightError
from kambook.print.press import PressOptions, finish_for_press
from kambook.print.screen import ScreenOptions, finish_screen
from kambook.preflight import (Finding, PreflightReport, check_cover, check_interior, check_screen, run_preflight,
                               spine_width)

FIXTURES = Path(__file__).parent / "fixtures" / "preflight"
CMYK_PROFILE = Path("/usr/share/color/icc/ghostscript/default_cmyk.icc")  # Debian's libgs-common
TRIM = (160.0, 240.0)
BLEED = 3.0
MM = 72 / 25.4

needs_cmyk_profile = pytest.mark.skipif(not CMYK_PROFILE.is_file(), reason="no CMYK ICC profile (libgs-common)")
needs_tools = pytest.mark.skipif(not (shutil.which("pdffonts") and shutil.which("qpdf")),
                                 reason="pdffonts (poppler-utils) and qpdf are needed for cross-checks")


# --- building the fixtures -----------------------------------------------------------------------------------


def text_pages(count: int, start: int = 1) -> str:
    return "".join(f'<div class="blank"><p>Page de texte {start + i}. Lorem ipsum dolor sit amet.</p></div>'
                   for i in range(count))


def blank_pages(count: int) -> str:
    return '<div class="blank"></div>' * count


def image(folder: Path, name: str, pixels: int, mode: str = "CMYK") -> Path:
    """A flat-colour image: JPEG for CMYK (how kambook's print assets are written), PNG for RGB."""
    if mode == "CMYK":
        path = folder / f"{name}.jpg"
        Image.new("CMYK", (pixels, pixels), (0, 60, 90, 10)).save(path, quality=90)
    else:
        path = folder / f"{name}.png"
        Image.new("RGB", (pixels, pixels), (200, 40, 40)).save(path)
    return path


def write_book(target: Path, body: str, *, print_css: bool = True, cmyk: bool = True, title: str = "Essai",
               author: str = "Anne Autrice", variant: str | None = None) -> Path:
    """A small book as kambook writes one: PDF/X-4 with a CMYK output intent, crop marks beyond the bleed."""
    profile = (f"@color-profile device-cmyk {{ src: url({CMYK_PROFILE.as_uri()}); components: c, m, y, k }}"
               if cmyk else "")
    meta = (f"<title>{title}</title>" if title else "") + (f'<meta name="author" content="{author}">' if author else "")
    html = f'<html lang="fr"><head>{meta}<style>{profile}</style></head><body>{body}</body></html>'
    stylesheets = [weasyprint.CSS(filename=str(FIXTURES / ("print.css" if print_css else "screen.css")))]
    options = {"pdf_variant": "pdf/x-4"} if cmyk else {"pdf_variant": variant} if variant else {}
    weasyprint.HTML(string=html, base_url=str(target.parent) + "/").write_pdf(target, stylesheets=stylesheets,
                                                                               **options)
    if cmyk:
        press_finish(target)
    return target


def press_finish(path: Path) -> None:
    """kambook's press pass: crop marks outside the bleed, no annotations, registered output condition."""
    raw = path.with_name(path.name + ".raw")
    path.replace(raw)
    # Ghostscript's default CMYK profile is a SWOP profile: its registered characterisation is CGATS TR 001.
    finish_for_press(raw, path, PressOptions(bleed_mm=BLEED, crop_marks=True, output_condition="CGATS TR 001"))
    raw.unlink()


def screen_finish(path: Path, descriptions: dict[str, str]) -> Path:
    """kambook's screen clean-up: links in Link elements, described in words, soft break hyphens."""
    raw = path.with_name(path.name + ".raw")
    path.replace(raw)
    finish_screen(raw, path, ScreenOptions(descriptions=descriptions))
    raw.unlink()
    return path


def edit(source: Path, target: Path, change) -> Path:  # noqa: ANN001 - change(writer) breaks the copy
    writer = PdfWriter(clone_from=PdfReader(source))
    change(writer)
    writer.write(target)
    return target


def drop_font_file(writer: PdfWriter) -> None:
    """Unembed the first font: delete its FontFile2 reference, as a careless post-processor would."""
    for page in writer.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            owner = font["/DescendantFonts"][0].get_object() if font["/Subtype"] == "/Type0" else font
            descriptor = owner["/FontDescriptor"].get_object()
            for key in ("/FontFile", "/FontFile2", "/FontFile3"):
                descriptor.pop(key, None)
            return


def standard_font_pdf(target: Path) -> Path:
    """A hand-made page whose text is set in Helvetica, not embedded, inside a form XObject (as WeasyPrint nests)."""
    writer = PdfWriter()
    page = writer.add_blank_page(width=TRIM[0] * MM, height=TRIM[1] * MM)
    font = writer._add_object(DictionaryObject({
        NameObject("/Type"): NameObject("/Font"), NameObject("/Subtype"): NameObject("/Type1"),
        NameObject("/BaseFont"): NameObject("/Helvetica"), NameObject("/Encoding"): NameObject("/WinAnsiEncoding")}))
    form = DecodedStreamObject()
    form.set_data(b"BT /F1 12 Tf 0 0 0 1 k 72 600 Td (Bonjour) Tj ET")
    form.update({NameObject("/Type"): NameObject("/XObject"), NameObject("/Subtype"): NameObject("/Form"),
                 NameObject("/BBox"): ArrayObject(FloatObject(v) for v in (0, 0, 453, 680)),
                 NameObject("/Resources"): DictionaryObject({NameObject("/Font"): DictionaryObject(
                     {NameObject("/F1"): font})})})
    page[NameObject("/Resources")] = DictionaryObject({NameObject("/XObject"): DictionaryObject(
        {NameObject("/Fm1"): writer._add_object(form)})})
    content = DecodedStreamObject()
    content.set_data(b"q /Fm1 Do Q")
    page[NameObject("/Contents")] = writer._add_object(content)
    writer.write(target)
    return target


@pytest.fixture(scope="session")
def pdfs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Every fixture PDF, built once: ``good`` is a clean 16-page print interior, the others break one rule."""
    if not CMYK_PROFILE.is_file():
        pytest.skip("no CMYK ICC profile (libgs-common)")
    folder = tmp_path_factory.mktemp("preflight")
    sharp = image(folder, "sharp", 600)  # 600 px over 40 mm: 381 ppi
    low = image(folder, "low", 100)  # 100 px over 40 mm: 64 ppi -> failure
    medium = image(folder, "medium", 400)  # 400 px over 40 mm: 254 ppi -> warning
    photo = image(folder, "photo", 600, mode="RGB")
    pic = '<img src="{}" style="width: 40mm; height: 40mm">'.format
    # p. 1 title, p. 2 blank verso, p. 3 chapter opening (recto), pp. 4-14 text, pp. 15-16 padding.
    good_body = "<p>Essai</p><h1>Chapitre un</h1>" + pic(sharp.name) + text_pages(11) + blank_pages(2)
    built = {
        "good": write_book(folder / "good.pdf", good_body),
        "images": write_book(folder / "images.pdf", "<p>Images</p>" + pic(low.name) + pic(medium.name)
                             + text_pages(15, 2)),
        "rgb": write_book(folder / "rgb.pdf", '<p style="color: rgb(200, 0, 0)">Rouge</p>' + pic(photo.name)
                          + text_pages(15, 2)),
        "odd": write_book(folder / "odd.pdf", "<p>Impair</p>" + text_pages(14, 2)),
        "unresolved": write_book(folder / "unresolved.pdf", "<p>Début</p>" + text_pages(3, 2)
                                 + '<div class="blank"><p>Voir la figure ?? page ??.</p></div>' + text_pages(11, 6)),
        # p. 1 title, p. 2 blank verso, p. 3 chapter, p. 4 text, p. 5 a stray blank recto, p. 6 text,
        # pp. 7-32: 26 blank pages, more than a 16-page signature can need.
        "blanks": write_book(folder / "blanks.pdf", "<p>Titre</p><h1>Un</h1><p>texte</p>" + text_pages(1, 4)
                             + blank_pages(1) + text_pages(1, 6) + blank_pages(26)),
        "no-bleed": write_book(folder / "no-bleed.pdf", "<p>Sans fond perdu</p>" + text_pages(15, 2),
                               print_css=False, cmyk=False, title="", author=""),
        "screen": screen_finish(write_book(
            folder / "screen.pdf", '<h1 id="un">Un</h1><p><a href="#deux">vers deux</a> '
            '<a href="https://example.org/">dehors</a></p><h1 id="deux">Deux</h1>'
            '<img src="' + photo.name + '" alt="Un aplat rouge" style="width: 60mm">', print_css=False, cmyk=False,
            variant="pdf/ua-1"), {"deux": "Section Deux"}),
        "helvetica": standard_font_pdf(folder / "helvetica.pdf"),
    }
    built["no-trim"] = edit(built["good"], folder / "no-trim.pdf", lambda w: w.pages[1].pop("/TrimBox"))
    built["unembedded"] = edit(built["good"], folder / "unembedded.pdf", drop_font_file)
    built["cover"] = write_cover(folder / "cover.pdf", spine_mm=8.0)
    return built


def write_cover(target: Path, spine_mm: float) -> Path:
    width = 2 * TRIM[0] + spine_mm
    css = f"@page {{ size: {width}mm {TRIM[1]}mm; bleed: {BLEED}mm; marks: none; margin: 0 }}"
    return write_book(target, f"<style>{css}</style><p>Couverture</p>")


def interior(pdf: Path, **options) -> tuple[list[Finding], dict]:  # noqa: ANN003
    facts: dict = {}
    settings = {"trim_mm": TRIM, "bleed_mm": BLEED, "signature": 16} | options
    return check_interior(pdf, facts=facts, **settings), facts


def of(findings: list[Finding], rule: str, level: str | None = None) -> list[Finding]:
    return [f for f in findings if f.rule == rule and (level is None or f.level == level)]


# --- the good interior ---------------------------------------------------------------------------------------


def test_good_interior_passes_every_rule(pdfs: dict[str, Path]) -> None:
    findings, facts = interior(pdfs["good"])
    assert [f for f in findings if f.level != "ok"] == []
    assert {f.rule for f in findings} == {"signature", "boxes", "fonts", "colour-spaces", "resolution",
                                          "output-intent", "metadata", "unresolved", "blank-pages",
                                          "annotations", "bleed-zone", "registration", "text-black", "type-size",
                                          "pdf-version", "output-condition", "glyphs", "ink-coverage"}
    assert facts["pages"] == 16
    assert facts["output_intent"]["profile_components"] == 4
    assert facts["metadata"]["xmp_title"] == "Essai" and facts["metadata"]["author"] == "Anne Autrice"
    assert facts["blank_pages"] == {"blank": "2,15-16", "padding_at_end": "15-16", "verso_before_opening": "2",
                                    "unaccounted": ""}
    assert all(not any(s in ("DeviceRGB", "ICCBased(RGB)") for s in p["colour_spaces"])
               for p in facts["page_details"])
    (sharp,) = facts["images"]
    assert sharp["page"] == 3 and sharp["pixels"] == [600, 600] and sharp["placed_mm"] == [40.0, 40.0]
    assert sharp["ppi"] == [381, 381] and sharp["colour_space"] == "DeviceCMYK"


# --- one broken thing per file -------------------------------------------------------------------------------


def test_low_and_medium_resolution_images(pdfs: dict[str, Path]) -> None:
    findings, _ = interior(pdfs["images"])
    (failure,) = of(findings, "resolution", "failure")
    (warning,) = of(findings, "resolution", "warning")
    assert failure.page == warning.page == 1
    assert "(100 × 100 px)" in failure.message and "64 × 64 ppi, under 200" in failure.message
    assert "(400 × 400 px)" in warning.message and "254 × 254 ppi, under 300" in warning.message
    assert "40.0 × 40.0 mm" in failure.message


def test_rgb_text_and_image_fail_in_the_print_file(pdfs: dict[str, Path]) -> None:
    findings, facts = interior(pdfs["rgb"])
    failures = of(findings, "colour-spaces", "failure")
    assert {f.page for f in failures} == {1}
    messages = " | ".join(f.message for f in failures)
    assert "DeviceRGB in the print file: text in" in messages
    assert re.search(r"DeviceRGB in the print file: image /\S+ \(600 × 600 px\)", messages)
    assert facts["colour_spaces"]["rgb_pages"] == "1"
    assert "DeviceRGB" in facts["page_details"][0]["colour_spaces"]
    # The same file is fine where RGB is expected.
    findings, _ = interior(pdfs["rgb"], cmyk=False)
    assert of(findings, "colour-spaces", "failure") == []


def test_weasyprint_crop_marks_are_what_a_printer_rejects(tmp_path: Path) -> None:
    """Why kambook draws its own marks: WeasyPrint's are RGB, inside the bleed and in a transparency group."""
    raw = tmp_path / "raw.pdf"
    profile = f"@color-profile device-cmyk {{ src: url({CMYK_PROFILE.as_uri()}); components: c, m, y, k }}"
    weasyprint.HTML(string=f"<style>{profile} @page {{ marks: crop }}</style><p>x</p>").write_pdf(
        raw, stylesheets=[weasyprint.CSS(filename=str(FIXTURES / "print.css"))], pdf_variant="pdf/x-4")
    findings = interior(raw, signature=1)[0]
    assert sorted(f.message for f in of(findings, "colour-spaces", "failure")) == [
        "DeviceRGB in the print file: form XObject /x0 › vector fill (outside the trim: printer's marks or bleed)",
        "DeviceRGB in the print file: form XObject /x0 › vector stroke (outside the trim: printer's marks or bleed)"]
    messages = " ".join(f.message for f in of(findings, "bleed-zone", "failure"))
    assert "in the bleed" in messages and "transparency" in messages


def test_odd_page_count_says_how_many_pages_are_missing(pdfs: dict[str, Path]) -> None:
    findings, facts = interior(pdfs["odd"])
    (failure,) = of(findings, "signature", "failure")
    assert facts["pages"] == 15
    assert failure.message == "15 pages do not fill 16-page signatures: add 1 blank page to reach 16"


def test_missing_trimbox_and_missing_bleed(pdfs: dict[str, Path]) -> None:
    (missing,) = of(interior(pdfs["no-trim"])[0], "boxes", "failure")
    assert missing.page == 2 and "no TrimBox" in missing.message
    failures = of(interior(pdfs["no-bleed"])[0], "boxes", "failure")
    assert [f.page for f in failures] == list(range(1, 17))
    assert failures[0].message == "BleedBox is 160.0 × 240.0 mm, expected 166.0 × 246.0 mm (trim + 2 × 3 mm bleed)"


def test_wrong_trim_size_is_reported_in_mm(pdfs: dict[str, Path]) -> None:
    failures = of(interior(pdfs["good"], trim_mm=(155.0, 230.0))[0], "boxes", "failure")
    assert "TrimBox is 160.0 × 240.0 mm, expected 155.0 × 230.0 mm" in failures[0].message


def test_unembedded_fonts_are_named(pdfs: dict[str, Path]) -> None:
    (failure,) = of(interior(pdfs["unembedded"])[0], "fonts", "failure")
    assert re.fullmatch(r"font [A-Z]{6}\+\S+ \(Type0/CIDFontType2\) is not embedded \(\d+ pages, first 1\)",
                        failure.message)
    (helvetica,) = of(interior(pdfs["helvetica"], signature=1)[0], "fonts", "failure")
    assert helvetica.message == "font Helvetica (Type1) is not embedded (page 1)" and helvetica.page == 1


def test_unresolved_references_are_found_by_page(pdfs: dict[str, Path]) -> None:
    (failure,) = of(interior(pdfs["unresolved"])[0], "unresolved", "failure")
    assert failure.page == 5 and "Voir la figure ?? page ??" in failure.message


def test_missing_output_intent_and_metadata(pdfs: dict[str, Path]) -> None:
    findings, facts = interior(pdfs["no-bleed"])
    assert [f.message for f in of(findings, "output-intent", "failure")] == [
        "no /OutputIntents in the catalog (PDF/X needs the press condition)"]
    assert {f.message for f in of(findings, "metadata", "failure")} == {
        "no Info /Title", "no Info /Author", "no XMP metadata stream in the catalog"}
    assert facts["output_intent"] is None


def test_blank_pages_accounted_for_or_not(pdfs: dict[str, Path]) -> None:
    findings, facts = interior(pdfs["blanks"])
    assert facts["pages"] == 32
    assert facts["blank_pages"] == {"blank": "2,5,7-32", "padding_at_end": "7-32", "verso_before_opening": "2",
                                    "unaccounted": "5"}
    (failure,) = of(findings, "blank-pages", "failure")
    assert failure.page == 7
    assert failure.message == ("26 blank pages at the end (pages 7-32): 16-page signatures never need more "
                               "than 15")
    (stray,) = of(findings, "blank-pages", "warning")
    assert stray.page == 5 and "neither padding at the end nor a left-hand page" in stray.message
    assert [p["page"] for p in facts["page_details"] if p["blank"]] == [2, 5, *range(7, 33)]


# --- cover, screen edition, the whole run ------------------------------------------------------------------------


def test_cover_size_and_spine(pdfs: dict[str, Path]) -> None:
    common = {"interior_pages": 160, "trim_mm": TRIM, "bleed_mm": BLEED}
    facts: dict = {}
    good = check_cover(pdfs["cover"], expected_spine_mm=8.0, facts=facts, **common)
    assert [f for f in good if f.level != "ok"] == []
    assert facts["geometry"]["size_mm"] == [334.0, 246.0] and facts["geometry"]["spine_mm"] == 8.0
    wrong = check_cover(pdfs["cover"], expected_spine_mm=9.6, **common)
    assert "cover is 334.0 × 246.0 mm with bleed, expected 335.6 × 246.0 mm" in of(wrong, "cover-size")[0].message
    assert of(wrong, "spine")[0].message == "the cover's spine is 8.00 mm; the interior's page count needs 9.60 mm"
    stale = check_cover(pdfs["cover"], expected_spine_mm=8.0, spine_mm_used=7.0, **common)
    assert "built for a 7.00 mm spine" in of(stale, "spine", "failure")[0].message


def test_screen_edition_allows_rgb_and_checks_links(pdfs: dict[str, Path]) -> None:
    facts: dict = {}
    findings = check_screen(pdfs["screen"], facts=facts)
    assert [f for f in findings if f.level != "ok"] == []
    assert of(findings, "resolution")[0].message == "1 image placement (resolution is not judged on screen)"
    assert facts["images"][0]["ppi"] == [254, 254]
    assert facts["links"] == {"internal": 1, "external": 1, "outline": True}
    assert "DeviceRGB" in facts["colour_spaces"]["by_space"]
    assert of(check_screen(pdfs["good"]), "screen-boxes", "warning")  # bleed has no place on a screen


def test_run_preflight_report_json_and_tables(pdfs: dict[str, Path]) -> None:
    assert spine_width(16, 1.0) == 8.0 and spine_width(15, 0.1) == pytest.approx(0.8)
    settings = {"trim_mm": TRIM, "bleed_mm": BLEED, "signature": 16, "sheet_mm": 1.0, "spine_mm_used": 8.0,
                "root": pdfs["good"].parent}
    report = run_preflight(pdfs["good"], pdfs["cover"], pdfs["screen"], **settings)
    assert report.failures == [] and report.passed
    assert report.facts["cover"]["geometry"]["expected_spine_mm"] == 8.0
    text = report.to_json()
    assert text == run_preflight(pdfs["good"], pdfs["cover"], pdfs["screen"], **settings).to_json()
    data = json.loads(text)
    assert data["passed"] is True and str(pdfs["good"].parent) not in text
    assert text == json.dumps(data, sort_keys=True, indent=2, ensure_ascii=False) + "\n"
    assert report.warnings == [] and len(report.tables()) == 1

    broken = run_preflight(pdfs["odd"], pdfs["cover"], None, **(settings | {"sheet_mm": 0.5}))
    assert {f.rule for f in broken.failures} >= {"signature", "spine", "cover-size"}
    assert len(broken.tables()) == 2
    with pytest.raises(PreflightError) as error:
        broken.raise_for_failures()
    assert "odd.pdf: [signature] 15 pages do not fill" in str(error.value)


def test_missing_and_unreadable_files(tmp_path: Path) -> None:
    junk = tmp_path / "junk.pdf"
    junk.write_bytes(b"not a pdf")
    report = run_preflight(tmp_path / "absent.pdf", junk, None, trim_mm=TRIM, bleed_mm=BLEED, signature=16,
                           sheet_mm=0.1, spine_mm_used=None)
    assert [(f.file, f.rule, f.message) for f in report.failures] == [
        ("absent.pdf", "file", "file not found"),
        ("junk.pdf", "spine", "the interior cannot be read, so the spine cannot be checked")]
    assert check_screen(junk)[0].message.startswith("not a readable PDF")
    assert isinstance(report, PreflightReport)


# --- agreement with independent tools ------------------------------------------------------------------------


def pdffonts(pdf: Path) -> set[tuple[str, bool, int]]:
    """(name, embedded, object number) of every font pdffonts lists."""
    lines = subprocess.run(["pdffonts", str(pdf)], check=True, capture_output=True, text=True).stdout.splitlines()
    fonts = set()
    for line in lines[2:]:
        *_, emb, _sub, _uni, number, _generation = line.split()
        fonts.add((line.split()[0], emb == "yes", int(number)))
    return fonts


@needs_tools
@pytest.mark.parametrize("name", ["good", "unembedded", "helvetica", "rgb"])
def test_fonts_agree_with_pdffonts(pdfs: dict[str, Path], name: str) -> None:
    _, facts = interior(pdfs[name])
    mine = {(f["name"], f["embedded"], f["object"]) for f in facts["fonts"]}
    assert mine == pdffonts(pdfs[name])


@needs_tools
@pytest.mark.parametrize("name", ["good", "odd", "blanks", "no-trim", "unembedded"])
def test_page_count_agrees_with_qpdf_and_files_are_valid(pdfs: dict[str, Path], name: str) -> None:
    pages = subprocess.run(["qpdf", "--show-npages", str(pdfs[name])], check=True, capture_output=True, text=True)
    assert interior(pdfs[name])[1]["pages"] == int(pages.stdout)
    subprocess.run(["qpdf", "--check", str(pdfs[name])], check=True, capture_output=True)


# --- the content-stream reader and scanner on hand-made streams ----------------------------------------------


def test_content_tokenizer_agrees_with_pypdf(pdfs: dict[str, Path]) -> None:
    from pypdf.generic import ContentStream

    from kambook.preflight.content import operations

    reader = PdfReader(pdfs["rgb"])
    for page in reader.pages:
        mine = [op for _, op in operations(page.get_contents().get_data())]
        assert mine == [op for _, op in ContentStream(page.get_contents(), reader).operations]
    tricky = (b"/Span <</ActualText (a\\) (b) c)>> BDC [(x) -20 <00 41>] TJ EMC "
              b"BI /W 2 /H 1 /CS /RGB /BPC 8 ID \x00EI\xff\x00 EI Q")
    parsed = list(operations(tricky))
    assert [op for _, op in parsed] == [b"BDC", b"TJ", b"EMC", b"INLINE IMAGE", b"Q"]
    assert parsed[0][0] == ["/Span", {"/ActualText": b"a\\) (b) c"}]
    assert parsed[1][0] == [[b"x", -20.0, b"\x00A"]]
    assert parsed[3][0][0]["settings"]["/CS"] == "/RGB" and parsed[3][0][0]["data"] == b"\x00EI\xff\x00"
    # Comments and blanks before a token, odd or spaced hex, a comment ending the stream.
    ends = list(operations(b" %a\n  1 0 0 1 0 0 cm\r\n%b\n<4 8 6> Tj <414> Tj true false null %end"))
    assert ends == [([1.0, 0.0, 0.0, 1.0, 0.0, 0.0], b"cm"), ([b"\x48\x60"], b"Tj"), ([b"\x41\x40"], b"Tj")]


def test_inline_images_and_shadings_are_scanned(tmp_path: Path) -> None:
    """Paths WeasyPrint does not take but other producers do: an RGB inline image in a form, an RGB shading."""
    writer = PdfWriter()
    page = writer.add_blank_page(width=TRIM[0] * MM, height=TRIM[1] * MM)
    shading = DictionaryObject({NameObject("/ShadingType"): FloatObject(2), NameObject("/ColorSpace"):
                                NameObject("/DeviceRGB")})
    form = DecodedStreamObject()
    form.set_data(b"q 56.69 0 0 28.35 10 10 cm BI /W 2 /H 1 /CS /RGB /BPC 8 ID \xff\x00\x00\x00\xff\x00 EI Q")
    form.update({NameObject("/Type"): NameObject("/XObject"), NameObject("/Subtype"): NameObject("/Form"),
                 NameObject("/BBox"): ArrayObject(FloatObject(v) for v in (0, 0, 453, 680))})
    page[NameObject("/Resources")] = DictionaryObject({
        NameObject("/XObject"): DictionaryObject({NameObject("/Fm1"): writer._add_object(form)}),
        NameObject("/Shading"): DictionaryObject({NameObject("/Sh1"): shading})})
    content = DecodedStreamObject()
    content.set_data(b"q 2 0 0 2 0 0 cm /Fm1 Do Q /Sh1 sh")
    page[NameObject("/Contents")] = writer._add_object(content)
    writer.write(tmp_path / "inline.pdf")
    findings, facts = interior(tmp_path / "inline.pdf", signature=1)
    assert {f.message for f in of(findings, "colour-spaces", "failure")} == {
        "DeviceRGB in the print file: form XObject /Fm1 › inline image (2 × 1 px)",
        "DeviceRGB in the print file: shading /Sh1"}
    (placed,) = facts["images"]
    assert placed["placed_mm"] == [40.0, 20.0] and placed["ppi"] == [1, 1]  # the form's cm doubles the size
    (failure,) = of(findings, "resolution", "failure")
    assert failure.message.startswith("form XObject /Fm1 › inline image (2 × 1 px) placed at 40.0 × 20.0 mm")
