"""The press rules a printer's prepress review added: annotations, the bleed zone, registration colour, text
in solid black, type size.

Every file here is written by hand with pikepdf (a few content-stream operators per page, milliseconds to
build), so each shows exactly the one thing a printer would reject and the other press rules stay quiet on
it. The clean page carries everything that must *not* be reported: full-bleed artwork, registration crop
marks beyond the bleed, coloured headings, white type big enough, a printer's-mark annotation, an opening
destination, and an outline.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

import pikepdf
import pytest
from pikepdf import Array, Dictionary, Name
from pypdf import PdfReader

from kambook.preflight import Finding, check_cover, check_interior
from kambook.preflight.scan import Paint, scan_page

MM = 72 / 25.4
W, H = 160 * MM, 240 * MM
TRIM = (160.0, 240.0)
PRESS = ("annotations", "bleed-zone", "registration", "text-black", "type-size")

# Full-bleed artwork: a light tint running 3 mm past every trim edge (it crosses the trim: bleed artwork).
BACKGROUND = f"q 0.1 0.02 0 0 k {-3 * MM:.3f} {-3 * MM:.3f} {W + 6 * MM:.3f} {H + 6 * MM:.3f} re f Q".encode()
CLEAN_TEXT = (b"q 0.894 0.565 0.004 0.592 k BT /F1 18 Tf 56 600 Td (Chapitre) Tj ET Q "  # navy heading
              b"q 0 0 0 1 k BT /F1 10 Tf 56 560 Td (Texte courant) Tj ET Q "
              b"q 0 g BT /F1 9 Tf 56 540 Td (Gris zero: noir) Tj ET Q "
              b"q 1 g BT /F1 8 Tf 56 520 Td (Blanc sur fond) Tj ET Q "  # reversed, 8 pt >= 7.5
              b"q BT 0.5 0 0 0.5 56 500 Tm /F1 14 Tf (Sept points) Tj ET Q ")  # 7 pt through Tm
ARTWORK = b"/DeviceCMYK cs 0 0 0 1 scn 0 0 40 20 re f BT /F1 8 Tf 2 5 Td (Figure) Tj ET"


def crop_marks(offset_mm: float = 4.0, length_mm: float = 5.0) -> bytes:
    """Eight hairlines on the trim lines' extensions, ``offset_mm`` to ``offset_mm + length_mm`` off the trim."""
    o, n = offset_mm * MM, (offset_mm + length_mm) * MM
    lines = []
    for x, y, sx, sy in ((0, 0, -1, -1), (W, 0, 1, -1), (0, H, -1, 1), (W, H, 1, 1)):
        lines.append(f"{x + sx * o:.3f} {y:.3f} m {x + sx * n:.3f} {y:.3f} l S")
        lines.append(f"{x:.3f} {y + sy * o:.3f} m {x:.3f} {y + sy * n:.3f} l S")
    return ("0.25 w " + " ".join(lines)).encode()


REGISTRATION_MARKS = b"q 1 1 1 1 K " + crop_marks() + b" Q"
CLEAN = b" ".join((BACKGROUND, CLEAN_TEXT, b"q 1 0 0 1 300 100 cm /Fig Do Q", REGISTRATION_MARKS))


def write(path: Path, *contents: bytes, bleed_mm: float = 3.0, forms: dict[str, bytes] | None = None,
          groups: tuple[str, ...] = (), change: Callable[[pikepdf.Pdf], None] | None = None) -> Path:
    """A print PDF: one page per content stream, trim 160 × 240 mm at the origin, marks room around the bleed.

    Every page shares the resources: font ``/F1`` (Helvetica), the forms ``forms`` (those named in ``groups``
    are transparency groups), ``/Half`` (50 % opacity), ``/Soft`` (a soft mask) and ``/All`` (the
    Separation colour space of registration).
    """
    pdf = pikepdf.new()
    font = pdf.make_indirect(Dictionary(Type=Name.Font, Subtype=Name.Type1, BaseFont=Name.Helvetica,
                                        Encoding=Name.WinAnsiEncoding))
    fonts = Dictionary(F1=font)
    xobjects = Dictionary()
    for name, content in {"Fig": ARTWORK, **(forms or {})}.items():
        form = pdf.make_stream(content, Type=Name.XObject, Subtype=Name.Form, BBox=[-500, -500, 1000, 1000],
                               Resources=Dictionary(Font=fonts))
        if name in groups:
            form.Group = Dictionary(Type=Name.Group, S=Name.Transparency)
        xobjects[f"/{name}"] = form
    mask = pdf.make_stream(b"1 g 0 0 10 10 re f", Type=Name.XObject, Subtype=Name.Form, BBox=[0, 0, 10, 10],
                           Group=Dictionary(S=Name.Transparency, CS=Name.DeviceGray))
    tint = pdf.make_stream(b"{ dup dup dup }", FunctionType=4, Domain=[0, 1], Range=[0, 1, 0, 1, 0, 1, 0, 1])
    resources = Dictionary(
        Font=fonts, XObject=xobjects,
        ExtGState=Dictionary(Half=Dictionary(ca=0.5, CA=0.5), Soft=Dictionary(SMask=Dictionary(
            Type=Name.Mask, S=Name.Luminosity, G=mask))),
        ColorSpace=Dictionary(All=Array([Name.Separation, Name.All, Name.DeviceCMYK, tint])))
    b, margin = bleed_mm * MM, 15 * MM
    for content in contents:
        pdf.pages.append(pikepdf.Page(Dictionary(
            Type=Name.Page, MediaBox=[-margin, -margin, W + margin, H + margin], TrimBox=[0, 0, W, H],
            BleedBox=[-b, -b, W + b, H + b], Resources=resources, Contents=pdf.make_stream(content))))
    page = pdf.pages[0].obj
    pdf.Root.OpenAction = Array([page, Name.Fit])  # a destination, not an action: fine in a print file
    outline = pdf.make_indirect(Dictionary(Title=pikepdf.String("Chapitre"), Dest=Array([page, Name.Fit])))
    pdf.Root.Outlines = pdf.make_indirect(Dictionary(Type=Name.Outlines, First=outline, Last=outline, Count=1))
    outline.Parent = pdf.Root.Outlines
    page.Annots = Array([pdf.make_indirect(Dictionary(Type=Name.Annot, Subtype=Name.PrinterMark,
                                                      Rect=[-40, -40, -30, -30]))])
    if change is not None:
        change(pdf)
    pdf.save(path)
    return path


def interior(pdf: Path) -> list[Finding]:
    return check_interior(pdf, trim_mm=TRIM, bleed_mm=3.0, signature=1)


def of(findings: list[Finding], rule: str, level: str | None = None) -> list[Finding]:
    return [f for f in findings if f.rule == rule and (level is None or f.level == level)]


def assert_only(findings: list[Finding], broken: str) -> list[Finding]:
    """The other press rules pass; return the broken rule's findings (none of them ``ok``)."""
    for rule in PRESS:
        levels = [f.level for f in of(findings, rule)]
        assert (levels == ["ok"]) is (rule != broken), (rule, [str(f) for f in of(findings, rule)])
    return of(findings, broken)


# --- clean files ---------------------------------------------------------------------------------------------


def test_clean_print_file_passes_every_press_rule(tmp_path: Path) -> None:
    pdf = write(tmp_path / "clean.pdf", CLEAN, CLEAN)
    facts: dict = {}
    findings = check_interior(pdf, trim_mm=TRIM, bleed_mm=3.0, signature=2, facts=facts)
    assert [(f.rule, f.level) for f in findings if f.rule in PRESS] == [(rule, "ok") for rule in PRESS]
    assert of(findings, "bleed-zone")[0].message.startswith("16 marks outside the trim, all beyond the bleed")
    assert facts["type_size"] == {"min_pt": 7.0, "min_page": 1}
    assert facts["annotations"] == {"pages": "", "counts": {}}
    cover = check_cover(pdf, interior_pages=16, expected_spine_mm=0.0, trim_mm=TRIM, bleed_mm=3.0)
    assert [(f.rule, f.level) for f in cover if f.rule in PRESS] == [(rule, "ok") for rule in PRESS]


def test_registration_crop_marks_beyond_the_bleed_pass(tmp_path: Path) -> None:
    """Marks are what registration colour is for: outside the bleed, 3 mm or more from the trim, solid ink."""
    separation = b"q /All CS 1 SCN " + crop_marks(offset_mm=3.0) + b" Q"
    findings = interior(write(tmp_path / "marks.pdf", REGISTRATION_MARKS, separation))
    assert [f.level for f in of(findings, "bleed-zone")] == ["ok"]
    assert [f.level for f in of(findings, "registration")] == ["ok"]
    assert {(p.colour_space, p.values) for p in paints(tmp_path / "marks.pdf", 1)} == {("Separation(All)", (1.0,))}


def paints(pdf: Path, index: int = 0) -> list[Paint]:
    reader = PdfReader(pdf)
    return scan_page(reader, reader.pages[index]).paints


# --- one broken rule per file --------------------------------------------------------------------------------


def test_annotations_and_actions_fail_per_page(tmp_path: Path) -> None:
    def links(pdf: pikepdf.Pdf) -> None:
        first, second = (page.obj for page in pdf.pages)
        uri = [Dictionary(Type=Name.Annot, Subtype=Name.Link, Rect=[56, 560, 120, 570],
                          A=Dictionary(S=Name.URI, URI=pikepdf.String(f"https://example.org/{n}"))) for n in (1, 2)]
        first.Annots = Array([*first.Annots, *(pdf.make_indirect(a) for a in uri)])
        script = Dictionary(S=Name.JavaScript, JS=pikepdf.String("app.alert(1)"))
        field = pdf.make_indirect(Dictionary(Type=Name.Annot, Subtype=Name.Widget, FT=Name.Tx, T=pikepdf.String("f"),
                                             Rect=[0, 0, 10, 10], AA=Dictionary(K=script)))
        second.Annots = Array([field])
        pdf.Root.AcroForm = Dictionary(Fields=Array([field]))
        pdf.Root.OpenAction = Dictionary(S=Name.JavaScript, JS=pikepdf.String("print()"))
        pdf.Root.Outlines.First.A = Dictionary(S=Name.GoTo, D=Array([first, Name.Fit]))

    findings = assert_only(interior(write(tmp_path / "links.pdf", CLEAN, CLEAN, change=links)), "annotations")
    assert [(f.level, f.page, f.message.split(":")[0]) for f in findings] == [
        ("failure", 1, "2 link annotations, 2 URI actions"),  # the PrinterMark annotation is not counted
        ("failure", 2, "1 widget annotation, 1 JavaScript action"),
        ("failure", None, "open action"),
        ("failure", None, "outline")]
    assert findings[2].message.startswith("open action: 1 JavaScript action: a print file carries no")
    assert findings[3].message.startswith("outline: 1 GoTo action")


def test_mark_inside_the_bleed_fails(tmp_path: Path) -> None:
    """A square 1 mm outside the trim: not bleed artwork (it never reaches the page), so the cut slices it."""
    stray = f"q 0 0 0 1 k {-2 * MM:.3f} 300 {MM:.3f} {MM:.3f} re f Q".encode()
    findings = assert_only(interior(write(tmp_path / "bleed.pdf", CLEAN, CLEAN + b" " + stray)), "bleed-zone")
    (failure,) = findings
    assert (failure.level, failure.page) == ("failure", 2)
    assert failure.message == ("vector paths: 1 mark in the bleed, 1.0 mm from the trim, not bleed artwork (nothing "
                               "of it reaches inside the trim); marks must start outside the bleed, ≥ 3 mm from "
                               "the trim")


def test_marks_closer_than_3_mm_fail_even_outside_a_narrow_bleed(tmp_path: Path) -> None:
    close = BACKGROUND + b" " + CLEAN_TEXT + b" q 1 1 1 1 K " + crop_marks(offset_mm=2.1) + b" Q"
    findings = assert_only(interior(write(tmp_path / "close.pdf", close, bleed_mm=1.0)), "bleed-zone")
    (failure,) = findings
    assert failure.level == "failure" and failure.page == 1
    assert failure.message.startswith("vector paths: 8 marks, the nearest 2.1 mm from the trim; marks must start")


def test_marks_drawn_through_transparency_fail(tmp_path: Path) -> None:
    marks = crop_marks()
    pages = (BACKGROUND + b" q /Half gs 1 1 1 1 K " + marks + b" Q",
             BACKGROUND + b" q /Marks Do Q",
             BACKGROUND + b" q /Soft gs 1 1 1 1 K " + marks + b" Q")
    pdf = write(tmp_path / "transparent.pdf", *pages, forms={"Marks": b"0 0 0 1 K " + marks}, groups=("Marks",))
    findings = assert_only(interior(pdf), "bleed-zone")
    assert [(f.page, f.message.split(": a RIP")[0]) for f in findings] == [
        (1, "vector paths: 8 marks drawn through transparency (opacity 0.5)"),
        (2, "form XObject /Marks › vector paths: 8 marks drawn through transparency (transparency group)"),
        (3, "vector paths: 8 marks drawn through transparency (soft mask)")]


def test_registration_colour_inside_the_trim_fails(tmp_path: Path) -> None:
    pages = (CLEAN + b" q /x12 Do Q",  # registration crop marks (fine) and a registration box inside the page
             BACKGROUND + b" q /All cs 1 scn BT /F1 10 Tf 56 400 Td (Repere) Tj ET Q")
    pdf = write(tmp_path / "registration.pdf", *pages, forms={"x12": b"1 1 1 1 k 100 100 50 50 re f"})
    findings = assert_only(interior(pdf), "registration")
    assert [(f.level, f.page) for f in findings] == [("failure", 1), ("failure", 2)]
    assert findings[0].message.startswith(
        "form XObject /x12 › vector fill in registration colour C=M=Y=K=100 %: 400 % ink: registration is for")
    assert findings[1].message.startswith("text in Helvetica in registration colour Separation All at 100 %")


def test_grey_and_rich_black_text(tmp_path: Path) -> None:
    grey = b"q 0 0 0 0.92 k BT /F1 10 Tf 56 400 Td (Gris) Tj 0 -12 Td (encore gris) Tj ET Q"
    rich = b"q 0.6 0.4 0.4 1 k BT /F1 10 Tf 56 380 Td (Noir riche) Tj ET Q"
    pages = (CLEAN + b" " + grey, CLEAN + b" q 1 0 0 1 56 300 cm /Svg Do Q", CLEAN + b" " + rich)
    pdf = write(tmp_path / "grey.pdf", *pages, forms={"Svg": b"0.5 g BT /F1 10 Tf 0 0 Td (Legende) Tj ET"})
    findings = assert_only(interior(pdf), "text-black")
    assert [(f.level, f.page) for f in findings] == [("failure", 1), ("warning", 2), ("failure", 3)]
    assert findings[0].message == ("text at 92 % K (DeviceCMYK 0 0 0 0.92) in Helvetica: screened on press; set "
                                   "text in 100 % K")  # one finding for both runs of the colour
    assert findings[1].message.startswith("form XObject /Svg › text at 50 % black (DeviceGray 0.5) in Helvetica")
    assert findings[2].message.startswith("text in rich black (DeviceCMYK 0.6 0.4 0.4 1) in Helvetica: four inks")


def test_small_and_reversed_type(tmp_path: Path) -> None:
    small = (b"BT /F1 5 Tf 56 400 Td (Petit corps) Tj ET "
             b"BT 0.5 0 0 0.5 56 380 Tm /F1 12 Tf (Par la matrice) Tj ET "  # 12 pt x 0.5 = 6 pt
             b"BT 3 Tr /F1 4 Tf 56 360 Td (invisible) Tj ET")  # an OCR layer prints nothing
    reversed_ = (b"q 0.6 0 0 0.6 0 0 cm BT /F1 12 Tf 100 600 Td (Noir 7.2) Tj ET Q "  # 7.2 pt in black: fine
                 b"q 1 g BT /F1 7 Tf 56 400 Td (Blanc 7) Tj ET Q")  # white on the background: reversed
    # WeasyPrint's matrices: a flipped page, CSS px to pt, a flipped text matrix: 6.666 px = 5 pt.
    weasy = b"1 0 0 -1 0 680.315 cm 0.75 0 0 0.75 0 0 cm BT 1 0 0 -1 75 200 Tm /F1 6.666667 Tf (CSS) Tj ET"
    facts: dict = {}
    pdf = write(tmp_path / "small.pdf", CLEAN + b" " + small, CLEAN + b" " + reversed_, CLEAN + b" " + weasy)
    findings = assert_only(check_interior(pdf, trim_mm=TRIM, bleed_mm=3.0, signature=1, facts=facts), "type-size")
    assert [(f.level, f.page, f.message.split(":")[0]) for f in findings] == [
        ("failure", 1, "text at 5.0 pt in Helvetica (“Petit corps”)"),
        ("failure", 1, "text at 6.0 pt in Helvetica (“Par la matrice”)"),
        ("failure", 2, "text at 7.0 pt in Helvetica (“Blanc 7”)"),
        ("failure", 3, "text at 5.0 pt in Helvetica (“CSS”)")]
    assert "under 6.5 pt" in findings[0].message and "under 7.5 pt, the minimum for reversed type" in \
        findings[2].message
    assert facts["type_size"] == {"min_pt": 5.0, "min_page": 1}


def test_weasyprint_crop_marks_sit_in_the_bleed_inside_a_transparency_group(tmp_path: Path) -> None:
    """What the printer found in our files: WeasyPrint draws ``marks: crop`` 1.5 mm off the trim, in the bleed,
    inside a transparency group form with the fill at opacity 0. Its real matrices also size the type right."""
    weasyprint = pytest.importorskip("weasyprint")
    css = weasyprint.CSS(string="@page { size: 160mm 240mm; bleed: 3mm; marks: crop; margin: 20mm }")
    pdf = tmp_path / "weasy.pdf"
    weasyprint.HTML(string='<p style="font-size: 5pt">Petit</p><p><a href="https://example.org/">lien</a></p>'
                    ).write_pdf(pdf, stylesheets=[css])
    findings = interior(pdf)
    bleed = [f.message for f in of(findings, "bleed-zone", "failure")]
    assert len(bleed) == 2 and all(f.page == 1 for f in of(findings, "bleed-zone"))
    assert bleed[0].startswith("form XObject /x0 › vector paths: 8 marks in the bleed, 1.5 mm from the trim")
    assert "drawn through transparency (opacity 0, transparency group)" in bleed[1]
    (small,) = of(findings, "type-size", "failure")
    assert small.message.startswith("text at 5.0 pt in ") and small.page == 1
    assert of(findings, "annotations", "failure")[0].message.startswith("1 link annotation, 1 URI action:")


# --- the scanner's new state ---------------------------------------------------------------------------------


def test_scanner_records_values_opacity_and_type_size(tmp_path: Path) -> None:
    content = (b"/DeviceCMYK cs 0 0 10 10 re f 0.1 0.2 0.3 0.4 scn 0 0 10 10 re f /Half gs 0.5 g 0 0 5 5 re f "
               b"q 2 0 0 2 0 0 cm BT 1 0 0 1 9 9 Tm /F1 9 Tf 5 5 Td (x) Tj ET Q /Marks Do")
    pdf = write(tmp_path / "scan.pdf", content, forms={"Marks": b"0 0 1 1 re S"}, groups=("Marks",))
    assert [(p.what, p.values, p.alpha, p.group, p.text_pt) for p in paints(pdf)] == [
        ("vector fill", (0.0, 0.0, 0.0, 1.0), 1.0, False, None),  # cs selects black in CMYK
        ("vector fill", (0.1, 0.2, 0.3, 0.4), 1.0, False, None),
        ("vector fill", (0.5,), 0.5, False, None),
        ("text in Helvetica", (0.5,), 0.5, False, 18.0),
        ("form XObject /Marks › vector stroke", (0.0,), 0.5, True, None)]
