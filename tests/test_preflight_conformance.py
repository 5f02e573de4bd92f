"""Ink coverage, glyphs and conformance rules on small PDFs, each broken in exactly one way.

The PDFs are written by hand with pikepdf (content streams, ExtGStates, output intents, XMP) or by
WeasyPrint and then edited (a glyph id in a content stream, an outline removed from the embedded font),
so every test shows one rule catching one thing and the clean twin shows it stays quiet.
"""

from __future__ import annotations

import io
import re
import shutil
from pathlib import Path

import pikepdf
import pytest
import weasyprint
from bookproject import ROOT
from fontTools.ttLib import TTFont
from fontTools.ttLib.tables._g_l_y_f import Glyph

from kambook.preflight import ink as ink_module
from kambook.preflight.conformance import (
    output_condition,
    pdf_version,
    same_press_identity,
)
from kambook.preflight.document import PdfDocument
from kambook.preflight.glyphs import glyphs
from kambook.preflight.ink import ink_coverage
from kambook.preflight.report import Finding

FOGRA39 = ROOT / "assets" / "icc" / "FOGRA39-kambook.icc"
needs_gs = pytest.mark.skipif(shutil.which("gs") is None, reason="Ghostscript (gs) is not installed")


def of(doc: PdfDocument, rule: str, level: str | None = None) -> list[Finding]:
    return [f for f in doc.findings if f.rule == rule and (level is None or f.level == level)]


# --- hand-made PDFs --------------------------------------------------------------------------------------------


def xmp(pdfx: str | None = "PDF/X-4", rendition: str | None = "default") -> bytes:
    fields = (f"<pdfxid:GTS_PDFXVersion>{pdfx}</pdfxid:GTS_PDFXVersion>" if pdfx else "") + \
             (f"<xmpMM:RenditionClass>{rendition}</xmpMM:RenditionClass>" if rendition else "")
    return ('<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/">'
            '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description rdf:about="" '
            'xmlns:pdfxid="http://www.npes.org/pdfx/ns/id/" xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/">'
            f'{fields}</rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>').encode()


def make_pdf(path: Path, pages: list[dict], *, version: str = "1.6", catalog_version: str | None = None,
             intent: dict | None = None, metadata: bytes | None = None) -> Path:
    """``pages``: dicts of ``content`` (bytes), optional ``bleed``/``trim`` boxes, ``gstates``, ``group``, ``cs``."""
    pdf = pikepdf.new()
    profile = pdf.make_stream(FOGRA39.read_bytes(), N=4) if intent is not None or any(
        "cs" in p for p in pages) else None
    for spec in pages:
        page = pdf.add_blank_page(page_size=(200, 200))
        page.obj.Contents = pdf.make_stream(spec.get("content", b""))
        for key in ("bleed", "trim"):
            if key in spec:
                page.obj[f"/{key.capitalize()}Box"] = pikepdf.Array(spec[key])
        resources = pikepdf.Dictionary()
        if "gstates" in spec:
            states = {f"/{name}": pikepdf.Dictionary(state) for name, state in spec["gstates"].items()}
            resources.ExtGState = pikepdf.Dictionary(states)
        if "cs" in spec:
            resources.ColorSpace = pikepdf.Dictionary(CS0=pikepdf.Array([pikepdf.Name.ICCBased, profile]))
        page.obj.Resources = resources
        if spec.get("group"):
            page.obj.Group = pikepdf.Dictionary(Type=pikepdf.Name.Group, S=pikepdf.Name.Transparency)
    if catalog_version:
        pdf.Root.Version = pikepdf.Name("/" + catalog_version)
    if intent is not None:
        fields = {f"/{k}": pikepdf.String(v) for k, v in intent.items() if v is not None}
        pdf.Root.OutputIntents = pikepdf.Array([pikepdf.Dictionary(
            {"/Type": pikepdf.Name.OutputIntent, "/S": pikepdf.Name.GTS_PDFX, "/DestOutputProfile": profile}
            | fields)])
    if metadata is not None:
        pdf.Root.Metadata = pdf.make_stream(metadata, Type=pikepdf.Name.Metadata, Subtype=pikepdf.Name.XML)
    pdf.save(path, force_version=version)
    return path


PRESS = {"OutputConditionIdentifier": "FOGRA39", "RegistryName": "http://www.color.org",
         "OutputCondition": "Coated offset, FOGRA39", "Info": "FOGRA39 coated (kambook)"}


# --- ink coverage ----------------------------------------------------------------------------------------------


@needs_gs
def test_ink_coverage_per_page_and_marks_outside_the_bleed(tmp_path: Path) -> None:
    box = b" 40 40 100 100 re f"
    pdf = make_pdf(tmp_path / "tac.pdf", [
        {"content": b"1 0 0 1 k" + box, "bleed": [20, 20, 180, 180]},  # 100 C + 100 K: 200 %
        {"content": b"1 1 1 1 k" + box, "bleed": [20, 20, 180, 180], "trim": [30, 30, 170, 170]},  # 400 %
        # 400 % registration marks outside the BleedBox, 280 % inside it.
        {"content": b"1 1 1 1 k 0 0 19 19 re f 181 181 19 19 re f 0.7 0.7 0.7 0.7 k 20 20 160 160 re f",
         "bleed": [20, 20, 180, 180]},
        # Crop marks where WeasyPrint draws them: in the bleed (BleedBox = MediaBox). That is ink on the
        # printed sheet, so it counts (kambook draws its marks beyond the bleed).
        {"content": b"1 1 1 1 k 30 0 0.5 15 re f 0 30 15 0.5 re f 0 0 0 1 k 40 40 100 100 re f",
         "bleed": [0, 0, 200, 200], "trim": [30, 30, 170, 170]},
        # 380 % in the bleed is ink, not a mark: it counts.
        {"content": b"0.95 0.95 0.95 0.95 k 0 0 200 25 re f", "bleed": [0, 0, 200, 200], "trim": [30, 30, 170, 170]},
    ])
    doc = PdfDocument(pdf)
    facts = ink_coverage(doc)
    failure, marks, bleed = of(doc, "ink-coverage", "failure")
    assert (failure.page, marks.page, bleed.page) == (2, 4, 5)
    assert re.fullmatch(r"ink coverage reaches 400 %, over the 300 % limit on 12\.\d cm² \(3\d\.\d % of the page "
                        r"with bleed\)", failure.message)  # 100 × 100 pt = 12.4 cm² of 160 × 160 pt
    assert bleed.message.startswith("ink coverage reaches 380 %")
    by_page = facts["max_by_page"]
    assert by_page["1"] == pytest.approx(200, abs=1)  # DeviceCMYK passed through, not colour-managed
    assert by_page["2"] == pytest.approx(400, abs=1)
    assert by_page["3"] == pytest.approx(280, abs=2)
    assert by_page["4"] == pytest.approx(400, abs=1)
    assert facts["max"] == by_page["2"]
    # The same file under a higher limit, and a limit the 200 % page breaks.
    assert of(_measured(pdf, limit=400), "ink-coverage", "failure") == []
    assert [f.page for f in of(_measured(pdf, limit=190), "ink-coverage", "failure")] == [1, 2, 3, 4, 5]


def _measured(pdf: Path, **options: float) -> PdfDocument:
    doc = PdfDocument(pdf)
    ink_coverage(doc, **options)
    return doc


@needs_gs
def test_ink_coverage_reads_cmyk_in_the_output_intent_profile_unconverted(tmp_path: Path) -> None:
    """Without -dUsePDFX3Profile Ghostscript converts ICCBased CMYK to its SWOP profile: 200 % read as 292 %."""
    pdf = make_pdf(tmp_path / "icc.pdf", [{"content": b"/CS0 cs 1 0 0 1 scn 40 40 100 100 re f "
                                                      b"0 0 0 1 k 150 150 10 10 re f", "cs": True}], intent=PRESS)
    doc = PdfDocument(pdf)
    facts = ink_coverage(doc, limit=250)
    assert facts["max"] == pytest.approx(200, abs=1)
    assert [f.level for f in of(doc, "ink-coverage")] == ["ok"]
    assert of(doc, "ink-coverage")[0].message == "ink coverage at most 200 % (limit 250 %)"


def test_ink_coverage_without_ghostscript_is_a_failure_not_a_crash(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ink_module.shutil, "which", lambda name: None)
    doc = PdfDocument(make_pdf(tmp_path / "any.pdf", [{"content": b"0 0 0 1 k 0 0 10 10 re f"}]))
    facts = ink_coverage(doc)
    (failure,) = of(doc, "ink-coverage")
    assert failure.level == "failure" and "apt install ghostscript" in failure.message
    assert facts["max"] is None


# --- glyphs ----------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sentences(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two pages of WeasyPrint text in one embedded subset font: Identity-H, as kambook's PDF/X-4 files."""
    target = tmp_path_factory.mktemp("glyphs") / "sentences.pdf"
    html = ('<style>@page { size: 120mm 60mm } p { font-family: "DejaVu Serif"; font-size: 14pt }</style>'
            '<p>Bonjour le monde</p><p style="break-before: page">Au revoir Bob</p>')
    weasyprint.HTML(string=html).write_pdf(target, pdf_variant="pdf/x-4")
    return target


def _font(pdf: pikepdf.Pdf) -> pikepdf.Dictionary:
    (font,) = {f.objgen: f for page in pdf.pages for f in page.Resources.Font.values()}.values()
    return font


def _code(font: pikepdf.Dictionary, char: str) -> str:
    """The 4-hex-digit code WeasyPrint shows ``char`` with, read from its ToUnicode bfchar entries."""
    cmap = font.ToUnicode.read_bytes().decode("ascii")
    return re.search(rf"<([0-9a-fA-F]{{4}})> <{ord(char):04x}>", cmap, re.IGNORECASE).group(1)


def test_clean_text_passes_and_its_space_glyph_is_empty(sentences: Path) -> None:
    doc = PdfDocument(sentences)
    facts = glyphs(doc)
    assert [f.level for f in of(doc, "glyphs")] == ["ok"]
    assert facts["fonts_checked"] == 1 and facts["problems"] == [] and facts["fonts_skipped"] == []
    assert facts["glyphs_checked"] == len(set("Bonjour le monde" + "Au revoir Bob"))
    # The space is shown and has no outline: the rule knows white space may be blank.
    with pikepdf.open(sentences) as pdf:
        font = _font(pdf)
        program = TTFont(io.BytesIO(font.DescendantFonts[0].FontDescriptor.FontFile2.read_bytes()))
        space = program.getGlyphOrder()[int(_code(font, " "), 16)]
        assert program["glyf"][space].numberOfContours == 0


def test_notdef_is_reported_with_its_character_and_page(sentences: Path, tmp_path: Path) -> None:
    """Page 2 shows glyph 0 where it had « A »; ToUnicode says the code stands for « 가 »."""
    target = tmp_path / "notdef.pdf"
    with pikepdf.open(sentences) as pdf:
        font = _font(pdf)
        code = _code(font, "A").encode()
        page = pdf.pages[1]
        content = page.Contents.read_bytes()
        assert b"<" + code + b">" in content
        page.Contents = pdf.make_stream(content.replace(b"<" + code + b">", b"<0000>"))
        cmap = font.ToUnicode.read_bytes()
        count = int(re.search(rb"(\d+) beginbfchar", cmap).group(1))
        font.ToUnicode = pdf.make_stream(cmap.replace(b"%d beginbfchar" % count,
                                                      b"%d beginbfchar\n<0000> <ac00>" % (count + 1)))
        name = str(font.BaseFont).lstrip("/")
        pdf.save(target)
    doc = PdfDocument(target)
    facts = glyphs(doc)
    (failure,) = of(doc, "glyphs", "failure")
    assert failure.page == 2
    assert failure.message == (f"character U+AC00 '가' has no glyph in font {name} (drawn as .notdef, an empty "
                               "box) on page 2")
    assert facts["problems"] == [{"font": name, "character": "가", "code": "0000", "glyph": 0, "problem": "notdef",
                                  "pages": "2"}]


def test_a_character_no_font_has_is_notdef_in_weasyprint_output(tmp_path: Path) -> None:
    """WeasyPrint keeps U+0378 (unassigned: no font can have it) and maps its code to CID 0 in a CMap."""
    target = tmp_path / "missing.pdf"
    weasyprint.HTML(string='<p style="font-family: DejaVu Serif">A\u0378b</p>').write_pdf(target)
    doc = PdfDocument(target)
    glyphs(doc)
    (failure,) = of(doc, "glyphs", "failure")
    assert failure.page == 1 and failure.message.startswith("character U+0378 '\u0378' has no glyph in font ")


def test_empty_glyph_for_a_letter_is_reported_once_with_its_pages(sentences: Path, tmp_path: Path) -> None:
    """The embedded font's « o » loses its outline: it prints nothing on both pages. The space, as empty, is fine."""
    target = tmp_path / "empty.pdf"
    with pikepdf.open(sentences) as pdf:
        font = _font(pdf)
        descriptor = font.DescendantFonts[0].FontDescriptor
        program = TTFont(io.BytesIO(descriptor.FontFile2.read_bytes()))
        program["glyf"][program.getGlyphOrder()[int(_code(font, "o"), 16)]] = Glyph()
        out = io.BytesIO()
        program.save(out)
        descriptor.FontFile2 = pdf.make_stream(out.getvalue(), Length1=len(out.getvalue()))
        name = str(font.BaseFont).lstrip("/")
        pdf.save(target)
    doc = PdfDocument(target)
    facts = glyphs(doc)
    (failure,) = of(doc, "glyphs", "failure")
    assert failure.page == 1
    assert failure.message == f"character U+006F 'o' in font {name} is drawn with an empty glyph on pages 1-2"
    assert [(p["problem"], p["pages"]) for p in facts["problems"]] == [("empty", "1-2")]


def test_simple_truetype_font_with_escaped_literal_strings(sentences: Path, tmp_path: Path) -> None:
    """The same subset program as a one-byte TrueType font in WinAnsiEncoding: « \\102 » is a « B » it has,
    « z » is missing from the subset, so the RIP draws .notdef."""
    target = tmp_path / "simple.pdf"
    with pikepdf.open(sentences) as source:
        data = _font(source).DescendantFonts[0].FontDescriptor.FontFile2.read_bytes()
    pdf = pikepdf.new()
    page = pdf.add_blank_page(page_size=(200, 200))
    descriptor = pikepdf.Dictionary(Type=pikepdf.Name.FontDescriptor, FontName=pikepdf.Name("/ABCDEF+Serif"),
                                    Flags=32, FontFile2=pdf.make_stream(data, Length1=len(data)))
    font = pikepdf.Dictionary(Type=pikepdf.Name.Font, Subtype=pikepdf.Name.TrueType, FontDescriptor=descriptor,
                              BaseFont=pikepdf.Name("/ABCDEF+Serif"), Encoding=pikepdf.Name.WinAnsiEncoding)
    page.obj.Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font))
    page.obj.Contents = pdf.make_stream(b"BT /F1 12 Tf 10 10 Td (Bob \\102) Tj [(o) -20 (z)] TJ ET")
    pdf.save(target)
    doc = PdfDocument(target)
    facts = glyphs(doc)
    assert [f.message for f in of(doc, "glyphs", "failure")] == [
        "character U+007A 'z' has no glyph in font ABCDEF+Serif (drawn as .notdef, an empty box) on page 1"]
    assert facts["glyphs_checked"] == 5  # B o b space z: the escaped \\102 is the same B, not four bytes
# --- PDF version -----------------------------------------------------------------------------------------------


def test_transparency_needs_pdf_1_4(tmp_path: Path) -> None:
    opaque = {"content": b"0 0 0 1 k 10 10 50 50 re f"}
    half = {"content": b"/G0 gs 0 0 0 1 k 10 10 50 50 re f", "gstates": {"G0": {"/ca": 0.5}}}
    old = make_pdf(tmp_path / "old.pdf", [opaque, half], version="1.3")
    doc = PdfDocument(old)
    facts = pdf_version(doc)
    (failure,) = of(doc, "pdf-version", "failure")
    assert failure.page == 2
    assert failure.message == ("PDF 1.3 header but the file uses transparency (page 2: graphics state /G0 with "
                               "/ca 0.5), which needs PDF 1.4")
    assert facts["version"] == "1.3" and facts["features"]["transparency"]["page"] == 2

    doc = PdfDocument(make_pdf(tmp_path / "new.pdf", [opaque, half], version="1.6", metadata=xmp()))
    facts = pdf_version(doc)
    assert [f.level for f in of(doc, "pdf-version")] == ["ok"]
    assert facts["pdfx"] == "PDF/X-4" and facts["features"]["transparency"]["needs"] == "1.4"

    # A catalog /Version above the header overrides it (PDF 1.4 and later).
    doc = PdfDocument(make_pdf(tmp_path / "upgraded.pdf", [opaque, half], version="1.3", catalog_version="1.6"))
    facts = pdf_version(doc)
    assert (facts["header"], facts["catalog"], facts["version"]) == ("1.3", "1.6", "1.6")
    assert [f.message for f in of(doc, "pdf-version")] == [
        "PDF 1.6 (header 1.3, catalog /Version 1.6), features up to PDF 1.4"]


def test_transparency_group_and_pdfx4_claim_on_a_pdf_1_3(tmp_path: Path) -> None:
    doc = PdfDocument(make_pdf(tmp_path / "x4-13.pdf", [{"group": True}], version="1.3", metadata=xmp()))
    pdf_version(doc)
    (failure,) = of(doc, "pdf-version", "failure")
    assert failure.page == 1
    assert failure.message == ("PDF 1.3 header but the file uses transparency (page 1: transparency group), which "
                               "needs PDF 1.4 and claims PDF/X-4, which is PDF 1.6")


def test_pdfx4_must_be_pdf_1_6(tmp_path: Path) -> None:
    doc = PdfDocument(make_pdf(tmp_path / "x4-17.pdf", [{}], version="1.7", metadata=xmp()))
    pdf_version(doc)
    (failure,) = of(doc, "pdf-version", "failure")
    assert failure.page is None and failure.message == "PDF 1.7 header but claims PDF/X-4, which is PDF 1.6"
    doc = PdfDocument(make_pdf(tmp_path / "plain-17.pdf", [{}], version="1.7", metadata=xmp(pdfx=None)))
    pdf_version(doc)
    assert [f.level for f in of(doc, "pdf-version")] == ["ok"]


# --- the same press for interior and cover ---------------------------------------------------------------------


def test_cover_and_interior_must_claim_the_same_press(tmp_path: Path) -> None:
    interior = PdfDocument(make_pdf(tmp_path / "interior.pdf", [{}], intent=PRESS, metadata=xmp()))
    twin = PdfDocument(make_pdf(tmp_path / "cover.pdf", [{}], intent=PRESS, metadata=xmp()))
    facts = same_press_identity(interior, twin)
    assert [f.level for f in of(twin, "press-identity")] == ["ok"] and facts["same"] is True
    assert interior.findings == []

    other = PdfDocument(make_pdf(tmp_path / "other.pdf", [{}], version="1.7", intent=PRESS | {
        "OutputConditionIdentifier": "FOGRA51"}, metadata=xmp()))
    facts = same_press_identity(interior, other)
    assert sorted(f.message for f in of(other, "press-identity", "failure")) == [
        "PDF version is 1.7 on the cover but 1.6 in the interior: both must be made for the same press",
        ("output condition identifier is FOGRA51 on the cover but FOGRA39 in the interior: both must be made for "
         "the same press")]
    assert facts["cover"] == {"version": "1.7", "pdfx": "PDF/X-4", "condition": "FOGRA51"}

    plain = PdfDocument(make_pdf(tmp_path / "plain.pdf", [{}], intent=PRESS, metadata=xmp(pdfx=None)))
    same_press_identity(interior, plain)
    assert [f.message for f in of(plain, "press-identity", "failure")] == [
        ("PDF/X identification (GTS_PDFXVersion) is absent on the cover but PDF/X-4 in the interior: both must be "
         "made for the same press")]


# --- output condition ------------------------------------------------------------------------------------------


def _condition(tmp_path: Path, name: str, intent: dict | None, metadata: bytes | None = None) -> tuple:
    doc = PdfDocument(make_pdf(tmp_path / f"{name}.pdf", [{}], intent=intent, metadata=metadata or xmp()))
    return doc, output_condition(doc)


def test_registered_condition_passes(tmp_path: Path) -> None:
    doc, facts = _condition(tmp_path, "fogra39", PRESS)
    assert [f.level for f in of(doc, "output-condition")] == ["ok"]
    assert facts["registered"] is True and facts["rendition_class"] == "default"


def test_home_made_condition_fails_and_suggests_the_registered_name(tmp_path: Path) -> None:
    doc, facts = _condition(tmp_path, "home", PRESS | {"OutputConditionIdentifier": "Kambook offset profile"})
    (failure,) = of(doc, "output-condition", "failure")
    # The name is found in the profile's description, « FOGRA39 coated (kambook, built from FOGRA39L data) ».
    assert failure.message == ("output condition identifier 'Kambook offset profile' is not a registered ICC "
                               "characterisation name, so the printer's RIP cannot match it: use 'FOGRA39' with "
                               "/RegistryName http://www.color.org")
    assert facts["suggested"] == "FOGRA39" and facts["registered"] is False


def test_registered_name_must_be_written_as_registered(tmp_path: Path) -> None:
    doc, facts = _condition(tmp_path, "lower", PRESS | {"OutputConditionIdentifier": "fogra 39"})
    (failure,) = of(doc, "output-condition", "failure")
    assert "'fogra 39' is not a registered" in failure.message and facts["suggested"] == "FOGRA39"


def test_registered_name_needs_the_color_org_registry(tmp_path: Path) -> None:
    doc, _ = _condition(tmp_path, "no-registry", PRESS | {"RegistryName": None})
    assert [f.message for f in of(doc, "output-condition", "failure")] == [
        ("output condition 'FOGRA39' is a registered name but /RegistryName is missing: it must be "
         "http://www.color.org")]


def test_empty_descriptions_warn(tmp_path: Path) -> None:
    doc, _ = _condition(tmp_path, "terse", PRESS | {"OutputCondition": "", "Info": None})
    assert of(doc, "output-condition", "failure") == []
    assert len(of(doc, "output-condition", "warning")) == 2


def test_proof_rendition_class_fails(tmp_path: Path) -> None:
    doc, facts = _condition(tmp_path, "proof", PRESS, xmp(rendition="proof:pdf"))
    (failure,) = of(doc, "output-condition", "failure")
    assert failure.message.startswith("XMP xmpMM:RenditionClass is 'proof:pdf': a PDF/X file for press is the final")
    assert facts["rendition_class"] == "proof:pdf"


def test_no_output_intent_is_left_to_the_output_intent_rule(tmp_path: Path) -> None:
    doc, facts = _condition(tmp_path, "none", None)
    assert doc.findings == [] and facts == {"condition": None}


def test_weasyprint_pdfx4_as_written_is_a_proof_with_a_home_made_condition(tmp_path: Path) -> None:
    """What WeasyPrint 70 writes before kambook's finishing: the profile's description as the identifier, no
    RegistryName, and RenditionClass proof:pdf."""
    target = tmp_path / "weasy.pdf"
    css = f"@color-profile device-cmyk {{ src: url({FOGRA39.as_uri()}); components: c, m, y, k }}"
    weasyprint.HTML(string=f"<style>{css}</style><p>x</p>").write_pdf(target, pdf_variant="pdf/x-4")
    doc = PdfDocument(target)
    output_condition(doc)
    messages = [f.message for f in of(doc, "output-condition", "failure")]
    assert len(messages) == 2
    assert "use 'FOGRA39' with /RegistryName http://www.color.org" in messages[0]
    assert "'proof:pdf'" in messages[1]
    pdf_version(doc)
    assert [f.level for f in of(doc, "pdf-version")] == ["ok"]
