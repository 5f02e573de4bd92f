"""Read what a printer's RIP would see in a PDF: placed images, painted colour spaces, text, fonts, boxes.

pypdf parses the content streams; this module interprets the few operators preflight needs. It keeps the
graphics-state stack (``q``/``Q``) and the current transformation matrix (``cm``, form ``/Matrix``) so an
image's size on paper — hence its effective resolution — and the area every mark paints are known in page
space. Colours are recorded when something is *painted* with them, not merely selected, because only
painted colour reaches the plate; setting operators (``rg``, ``k``, ``cs``, ``scn``…) update the state.
Each paint also carries what a press cares about beyond the colour space: the component values (tints,
registration), the transparency in force (``gs`` opacity and soft mask, transparency groups) and, for
text, the type size as placed on paper. Text is recorded once per show operator, never per glyph.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field, replace
from typing import Iterator

from pypdf import PageObject, PdfReader
from pypdf.generic import (
    ArrayObject,
    ContentStream,
    DictionaryObject,
    IndirectObject,
    StreamObject,
)

from .content import parsed

MM_PER_PT = 25.4 / 72
Matrix = tuple[float, float, float, float, float, float]
Box = tuple[float, float, float, float]  # x0, y0, x1, y1 in page space (points)
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
#: Nested forms deeper than this are a loop or a hostile file; a book never comes close.
MAX_DEPTH = 24

RGB_SPACES = {"DeviceRGB", "ICCBased(RGB)", "CalRGB"}
DEVICE_NAMES = {"/DeviceRGB": "DeviceRGB", "/RGB": "DeviceRGB", "/DeviceCMYK": "DeviceCMYK", "/CMYK": "DeviceCMYK",
                "/DeviceGray": "DeviceGray", "/G": "DeviceGray", "/Pattern": "Pattern"}
ICC_BY_N = {1: "ICCBased(Gray)", 3: "ICCBased(RGB)", 4: "ICCBased(CMYK)"}
CMYK_SPACES = {"DeviceCMYK", "ICCBased(CMYK)"}
GRAY_SPACES = {"DeviceGray", "ICCBased(Gray)", "CalGray"}
#: Characters of text kept as a sample for messages (simple fonts only: their bytes are the characters).
SAMPLE_CHARS = 24
SUBSET_TAG = re.compile(r"^[A-Z]{6}\+")


def mm(points: float) -> float:
    return points * MM_PER_PT


def multiply(m: Matrix, n: Matrix) -> Matrix:
    """``m`` then ``n`` (PDF's row-vector convention: ``cm`` makes CTM = M × CTM)."""
    a, b, c, d, e, f = m
    p, q, r, s, t, u = n
    return (a * p + b * r, a * q + b * s, c * p + d * r, c * q + d * s, e * p + f * r + t, e * q + f * s + u)


def apply(m: Matrix, x: float, y: float) -> tuple[float, float]:
    return (m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5])


def bounds(points: list[tuple[float, float]]) -> Box | None:
    if not points:
        return None
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    return (min(xs), min(ys), max(xs), max(ys))


def intersects(a: Box | None, b: Box) -> bool:
    """Whether a painted area overlaps ``b``; an unknown area (shading fills the clip) counts as overlapping."""
    return a is None or (a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3])


def raw_box(page: PageObject, key: str) -> Box | None:
    """A page box as written, ``None`` when absent: pypdf's ``page.trimbox`` silently falls back to the CropBox."""
    value = page.get(key)
    if value is None:
        return None
    x0, y0, x1, y1 = (float(v) for v in value.get_object())
    return (min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1))


def colour_space_name(space: object, resources: DictionaryObject | None = None) -> str:
    """A short, stable label for a colour space: ``DeviceRGB``, ``ICCBased(CMYK)``, ``Indexed(DeviceRGB)``…"""
    space = space.get_object() if isinstance(space, IndirectObject) else space
    if isinstance(space, str):  # NameObject is a str
        if space in DEVICE_NAMES:
            return DEVICE_NAMES[space]
        named = _get(resources, "/ColorSpace")
        if named is not None and space in named:
            return colour_space_name(named[space], None)
        return f"unknown({space})"
    if isinstance(space, ArrayObject) and space:
        kind = str(space[0])
        if kind == "/ICCBased":
            stream = space[1].get_object()
            return ICC_BY_N.get(int(stream.get("/N", 0)), f"ICCBased(N={stream.get('/N')})")
        if kind in ("/Indexed", "/I"):
            return f"Indexed({colour_space_name(space[1], resources)})"
        if kind == "/Separation":
            return f"Separation({str(space[1])[1:]})"
        if kind == "/DeviceN":
            return "DeviceN(" + ",".join(str(n)[1:] for n in space[1].get_object()) + ")"
        if kind in ("/CalRGB", "/CalGray", "/Lab"):
            return kind[1:]
        if kind == "/Pattern":
            return "Pattern"
        return colour_space_name(space[0], resources)
    return "unknown"


def is_rgb(label: str) -> bool:
    """RGB as a printer means it: device or calibrated RGB, directly or as the base of an indexed palette."""
    return label in RGB_SPACES or (label.startswith("Indexed(") and label[8:-1] in RGB_SPACES)


def _get(dictionary: object, key: str) -> object:
    if dictionary is None:
        return None
    dictionary = dictionary.get_object()
    value = dictionary.get(key) if isinstance(dictionary, DictionaryObject) else None
    return value.get_object() if value is not None else None


@dataclass
class Paint:
    """Something painted with a colour space: ``what`` names the object as an author would look for it."""

    what: str
    colour_space: str
    area: Box | None
    white: bool = False
    marks_paper: bool = True  # False for a transparency group's blending space: it colours nothing itself
    values: tuple[float, ...] = ()  # colour components as set (rg, k, scn…); empty when unknown (images)
    alpha: float = 1.0  # constant opacity in force: /ca for fills and text, /CA for strokes
    soft_mask: bool = False  # an ExtGState /SMask (or an image's own /SMask) in force
    group: bool = False  # painted inside a transparency group form XObject
    where: str = ""  # the enclosing forms and patterns ("" on the page's own content)
    text_pt: float | None = None  # text only: the type size as placed on paper, in points
    font: str = ""
    sample: str = ""  # text only, when cheaply decoded: the first characters shown

    @property
    def transparent(self) -> bool:
        """Whether a RIP must flatten transparency to print this: what PDF/X-1a forbids and marks must avoid."""
        return self.alpha < 1 or self.soft_mask or self.group


@dataclass
class Placement:
    """A raster image drawn on a page, with its size on paper."""

    name: str
    width_px: int
    height_px: int
    width_pt: float
    height_pt: float
    colour_space: str
    area: Box

    @property
    def ppi(self) -> tuple[float, float]:
        """Effective resolution across and down the image as placed (pixels per inch of paper)."""
        return (self.width_px * 72 / self.width_pt if self.width_pt else math.inf,
                self.height_px * 72 / self.height_pt if self.height_pt else math.inf)


@dataclass
class PageScan:
    paints: list[Paint] = field(default_factory=list)
    images: list[Placement] = field(default_factory=list)
    glyphs: int = 0  # characters shown by text operators (an empty page shows none)
    problems: list[str] = field(default_factory=list)  # content that could not be read

    @property
    def colour_spaces(self) -> list[str]:
        return sorted({p.colour_space for p in self.paints})


@dataclass
class _State:
    ctm: Matrix = IDENTITY
    fill: str = "DeviceGray"
    stroke: str = "DeviceGray"
    fill_white: bool = False
    stroke_white: bool = False
    fill_values: tuple[float, ...] = (0.0,)
    stroke_values: tuple[float, ...] = (0.0,)
    fill_alpha: float = 1.0
    stroke_alpha: float = 1.0
    soft_mask: bool = False
    group: bool = False
    render_mode: int = 0
    font: str = ""
    font_size: float = 0.0
    simple_font: bool = False  # one byte per character: a sample of the text can be read from the string
    tm: Matrix = IDENTITY  # the text matrix; only its linear part is used (the type size)


#: Operators that paint the current path: which colours they use.
PAINT_OPS = {b"f": "f", b"F": "f", b"f*": "f", b"S": "s", b"s": "s",
             b"B": "fs", b"B*": "fs", b"b": "fs", b"b*": "fs"}
SHOW_OPS = {b"Tj", b"TJ", b"'", b'"'}


class PageScanner:
    """Interpret one page's content, recursing into form XObjects, patterns and their own resources."""

    def __init__(self, reader: PdfReader, page: PageObject) -> None:
        self.reader = reader
        self.page = page
        self.scan = PageScan()

    def run(self) -> PageScan:
        contents = self.page.get("/Contents")
        if contents is not None:
            self._walk(contents.get_object(), _get(self.page, "/Resources"), _State(), "", 0)
        return self.scan

    def _operations(self, stream: object, where: str) -> list[tuple[list, bytes]]:
        """The stream's operators: the fast tokenizer first, pypdf's parser if the stream puzzles it."""
        try:
            if isinstance(stream, ArrayObject):
                data = b"\n".join(part.get_object().get_data() for part in stream)
            else:
                data = stream.get_data()
            return parsed(data)
        except Exception:  # noqa: BLE001 - try the slower, more lenient parser before giving up
            pass
        try:
            return ContentStream(stream, self.reader).operations
        except Exception as exc:  # noqa: BLE001 - a damaged stream is a finding, not a crash
            self.scan.problems.append(f"{where}content cannot be parsed: {exc}")
            return []

    def _walk(self, stream: object, resources: object, state: _State, where: str, depth: int) -> None:
        """Run the operators of one content stream; ``where`` names the enclosing forms for messages."""
        stack: list[_State] = []
        path: list[tuple[float, float]] = []
        base_ctm = state.ctm  # pattern space of patterns used in this stream
        for operands, operator in self._operations(stream, where):
            if operator == b"q":
                stack.append(replace(state))
            elif operator == b"Q":
                if stack:
                    state = stack.pop()
            elif operator == b"cm" and len(operands) == 6:
                state.ctm = multiply(tuple(float(v) for v in operands), state.ctm)
            elif operator in (b"m", b"l"):
                path.append(apply(state.ctm, float(operands[0]), float(operands[1])))
            elif operator in (b"c", b"v", b"y"):
                values = [float(v) for v in operands]
                path.extend(apply(state.ctm, values[i], values[i + 1]) for i in range(0, len(values) - 1, 2))
            elif operator == b"re":
                x, y, w, h = (float(v) for v in operands)
                path.extend(apply(state.ctm, px, py) for px, py in ((x, y), (x + w, y), (x, y + h), (x + w, y + h)))
            elif operator in PAINT_OPS:
                self._paint_path(PAINT_OPS[operator], state, bounds(path), where)
                path = []
            elif operator == b"n":
                path = []
            else:
                state = self._colour_or_other(operator, operands, resources, state, stack, base_ctm, where, depth)

    def _colour_or_other(self, operator: bytes, operands: list, resources: object, state: _State,
                         stack: list[_State], base_ctm: Matrix, where: str, depth: int) -> _State:
        if operator in SHOW_OPS:
            self._show_text(operands, state, where)
        elif operator == b"Tm" and len(operands) == 6:
            state.tm = tuple(float(v) for v in operands)
        elif operator == b"BT":
            state.tm = IDENTITY
        elif operator in (b"rg", b"RG", b"k", b"K", b"g", b"G"):
            space = {b"r": "DeviceRGB", b"k": "DeviceCMYK", b"g": "DeviceGray"}[operator[:1].lower()]
            values = _numbers(operands)
            white = _is_white(space, values)
            if operator.islower():
                state.fill, state.fill_white, state.fill_values = space, white, values
            else:
                state.stroke, state.stroke_white, state.stroke_values = space, white, values
        elif operator in (b"cs", b"CS"):
            space = colour_space_name(operands[0], resources)
            if operator == b"cs":
                state.fill, state.fill_white, state.fill_values = space, False, _initial(space)
            else:
                state.stroke, state.stroke_white, state.stroke_values = space, False, _initial(space)
        elif operator in (b"sc", b"scn", b"SC", b"SCN"):
            self._set_components(operator, operands, resources, state, base_ctm, where, depth)
        elif operator == b"gs" and operands:
            _ext_gstate(_get(_get(resources, "/ExtGState"), str(operands[0])), state)
        elif operator == b"Tr" and operands:
            state.render_mode = int(operands[0])
        elif operator == b"Tf" and operands:
            font = _get(_get(resources, "/Font"), str(operands[0]))
            state.font = str(_get(font, "/BaseFont") or operands[0]).lstrip("/")
            state.font_size = float(operands[1]) if len(operands) > 1 else state.font_size
            state.simple_font = font is not None and font.get("/Subtype") in ("/Type1", "/TrueType", "/MMType1")
        elif operator == b"Do" and operands:
            self._do(str(operands[0]), resources, state, where, depth)
        elif operator == b"sh" and operands:
            shading = _get(_get(resources, "/Shading"), str(operands[0]))
            space = colour_space_name(_get(shading, "/ColorSpace"), resources)
            self.scan.paints.append(Paint(f"{where}shading {operands[0]}", space, None, alpha=state.fill_alpha,
                                          soft_mask=state.soft_mask, group=state.group, where=where))
        elif operator == b"INLINE IMAGE":  # pypdf gives the dict itself, the fast tokenizer a one-item list
            operand = operands if isinstance(operands, dict) else (operands[0] if operands else {})
            self._inline_image(operand, resources, state, where)
        return state

    def _set_components(self, operator: bytes, operands: list, resources: object, state: _State,
                        base_ctm: Matrix, where: str, depth: int) -> None:
        """``scn`` with a pattern name paints the pattern's own colours; otherwise it sets component values."""
        fill = operator.islower()
        space = state.fill if fill else state.stroke
        if operands and isinstance(operands[-1], str) and operands[-1].startswith("/"):
            pattern_space = self._pattern(str(operands[-1]), resources, base_ctm, where, depth)
            if fill:
                state.fill, state.fill_values = pattern_space or state.fill, ()
            else:
                state.stroke, state.stroke_values = pattern_space or state.stroke, ()
            return
        values = _numbers(operands)
        white = _is_white(space, values)
        if fill:
            state.fill_white, state.fill_values = white, values
        else:
            state.stroke_white, state.stroke_values = white, values

    def _pattern(self, name: str, resources: object, base_ctm: Matrix, where: str, depth: int) -> str | None:
        """A shading pattern paints in its shading's space; a tiling pattern is walked like a form."""
        pattern = _get(_get(resources, "/Pattern"), name)
        if pattern is None:
            return None
        matrix = tuple(float(v) for v in pattern.get("/Matrix", IDENTITY))
        if int(pattern.get("/PatternType", 0)) == 2:
            return colour_space_name(_get(_get(pattern, "/Shading"), "/ColorSpace"), resources)
        if depth < MAX_DEPTH and isinstance(pattern, StreamObject):
            inner = _get(pattern, "/Resources") or resources
            self._walk(pattern, inner, _State(ctm=multiply(matrix, base_ctm)),
                       f"{where}pattern {name} › ", depth + 1)
        return "Pattern"

    def _paint_path(self, ops: str, state: _State, area: Box | None, where: str) -> None:
        if "f" in ops:
            self.scan.paints.append(_fill(f"{where}vector fill", state, area, where))
        if "s" in ops:
            self.scan.paints.append(_stroke(f"{where}vector stroke", state, area, where))

    def _show_text(self, operands: list, state: _State, where: str) -> None:
        count = 0
        for operand in operands:
            if isinstance(operand, (bytes, str)):
                count += len(operand)
            elif isinstance(operand, list):
                count += sum(len(item) for item in operand if isinstance(item, (bytes, str)))
        if not count or state.render_mode in (3, 7):  # invisible text (an OCR layer) paints nothing
            return
        self.scan.glyphs += count
        what = f"{where}text in {state.font}" if state.font else f"{where}text"
        text = {"text_pt": _type_size(state), "font": state.font,
                "sample": _sample(operands) if state.simple_font else ""}
        if state.render_mode in (0, 2, 4, 6):
            self.scan.paints.append(_fill(what, state, None, where, **text))
        if state.render_mode in (1, 2, 5, 6):
            self.scan.paints.append(_stroke(f"{what} (outline)", state, None, where, **text))

    def _do(self, name: str, resources: object, state: _State, where: str, depth: int) -> None:
        xobject = _get(_get(resources, "/XObject"), name)
        if xobject is None:
            self.scan.problems.append(f"{where}XObject {name} is used but missing from the resources")
            return
        subtype = xobject.get("/Subtype")
        if subtype == "/Image":
            self._image(name, xobject, resources, state, where)
        elif subtype == "/Form" and depth < MAX_DEPTH:
            group = _get(xobject, "/Group")
            matrix = tuple(float(v) for v in xobject.get("/Matrix", IDENTITY))
            inner = replace(state, ctm=multiply(matrix, state.ctm),
                            group=state.group or (group is not None and group.get("/S") == "/Transparency"))
            if group is not None and group.get("/CS") is not None:
                self.scan.paints.append(Paint(f"{where}form XObject {name} transparency blending space",
                                              colour_space_name(group["/CS"], resources), None,
                                              marks_paper=False))
            self._walk(xobject, _get(xobject, "/Resources") or resources, inner,
                       f"{where}form XObject {name} › ", depth + 1)

    def _image(self, name: str, image: StreamObject, resources: object, state: _State, where: str) -> None:
        mask = bool(image.get("/ImageMask", False))
        space = state.fill if mask else colour_space_name(image.get("/ColorSpace", "/DeviceGray"), resources)
        if image.get("/ColorSpace") is None and not mask and "/JPXDecode" in str(image.get("/Filter", "")):
            space = "JPX (embedded)"
        self._place(f"{where}image {name}", int(image.get("/Width", 0)), int(image.get("/Height", 0)), space,
                    state, mask, where, image.get("/SMask") is not None)

    def _inline_image(self, operand: object, resources: object, state: _State, where: str) -> None:
        settings = operand.get("settings", {}) if isinstance(operand, dict) else {}
        mask = bool(settings.get("/IM", settings.get("/ImageMask", False)))
        space = settings.get("/CS", settings.get("/ColorSpace", "/DeviceGray"))
        label = state.fill if mask else colour_space_name(space, resources)
        self._place(f"{where}inline image", int(settings.get("/W", settings.get("/Width", 0))),
                    int(settings.get("/H", settings.get("/Height", 0))), label, state, mask, where)

    def _place(self, name: str, width: int, height: int, space: str, state: _State, mask: bool, where: str,
               soft_mask: bool = False) -> None:
        """An image fills the unit square of the CTM: its placed sides are the lengths of the CTM's axes."""
        a, b, c, d, _, _ = state.ctm
        corners = [apply(state.ctm, x, y) for x, y in ((0, 0), (1, 0), (0, 1), (1, 1))]
        placement = Placement(name, width, height, math.hypot(a, b), math.hypot(c, d), space, bounds(corners))
        self.scan.images.append(placement)
        self.scan.paints.append(Paint(f"{name} ({width} × {height} px{', stencil mask' if mask else ''})",
                                      space, placement.area, values=state.fill_values if mask else (),
                                      alpha=state.fill_alpha, soft_mask=state.soft_mask or soft_mask,
                                      group=state.group, where=where))


def _fill(what: str, state: _State, area: Box | None, where: str, **text: object) -> Paint:
    return Paint(what, state.fill, area, state.fill_white, values=state.fill_values, alpha=state.fill_alpha,
                 soft_mask=state.soft_mask, group=state.group, where=where, **text)


def _stroke(what: str, state: _State, area: Box | None, where: str, **text: object) -> Paint:
    return Paint(what, state.stroke, area, state.stroke_white, values=state.stroke_values,
                 alpha=state.stroke_alpha, soft_mask=state.soft_mask, group=state.group, where=where, **text)


def _type_size(state: _State) -> float:
    """Type size on paper: the font size times the length of the text space's y unit vector (Tm × CTM)."""
    t, m = state.tm, state.ctm
    return abs(state.font_size) * math.hypot(t[2] * m[0] + t[3] * m[2], t[2] * m[1] + t[3] * m[3])


def _sample(operands: list) -> str:
    """The first characters shown by a simple font (one byte each): enough to find the text in the page."""
    strings = [item for operand in operands for item in (operand if isinstance(operand, list) else [operand])
               if isinstance(item, (bytes, str))]
    text = "".join(s.decode("latin-1") if isinstance(s, bytes) else s for s in strings)
    return "".join(c for c in text[:SAMPLE_CHARS] if c.isprintable()).strip()


def _ext_gstate(gs: object, state: _State) -> None:
    """Opacity and soft mask set by ``gs``: the transparency a mark is painted through."""
    if not isinstance(gs, DictionaryObject):
        return
    if "/ca" in gs:
        state.fill_alpha = float(gs["/ca"])
    if "/CA" in gs:
        state.stroke_alpha = float(gs["/CA"])
    if "/SMask" in gs:
        state.soft_mask = _get(gs, "/SMask") != "/None"


def _numbers(operands: list) -> tuple[float, ...]:
    """Colour components; empty when an operand is not a number (a pattern name)."""
    try:
        return tuple(float(v) for v in operands)
    except (TypeError, ValueError):
        return ()


def _initial(space: str) -> tuple[float, ...]:
    """The colour ``cs`` selects before any ``scn``: black, or full tint for a separation (PDF 32000 8.6.8)."""
    if space in CMYK_SPACES:
        return (0.0, 0.0, 0.0, 1.0)
    if space.startswith("Separation("):
        return (1.0,)
    if space.startswith("DeviceN("):
        return (1.0,) * (space.count(",") + 1)
    if space in GRAY_SPACES or space.startswith("Indexed("):
        return (0.0,)
    return (0.0, 0.0, 0.0) if space in RGB_SPACES or space == "Lab" else ()


def _is_white(space: str, values: tuple[float, ...]) -> bool:
    """Paper colour: a white background box on a page does not make it a page with content."""
    if space in CMYK_SPACES:
        return len(values) == 4 and all(v <= 0.001 for v in values)
    return bool(values) and all(v >= 0.999 for v in values) and space in (
        "DeviceRGB", "DeviceGray", "ICCBased(RGB)", "ICCBased(Gray)", "CalRGB", "CalGray")


def scan_page(reader: PdfReader, page: PageObject) -> PageScan:
    return PageScanner(reader, page).run()


# --- fonts -------------------------------------------------------------------------------------------------


@dataclass
class FontInfo:
    """A font dictionary as pdffonts lists it: one entry per font object, with the pages that carry it."""

    name: str
    kind: str
    embedded: bool
    object_id: int | None
    pages: list[int] = field(default_factory=list)

    @property
    def subset(self) -> bool:
        return bool(SUBSET_TAG.match(self.name))


def font_info(font: DictionaryObject, object_id: int | None) -> FontInfo:
    """Name, type and whether the glyph program is in the file (Type 3 glyphs are content streams: embedded)."""
    subtype = str(font.get("/Subtype", "/Unknown"))[1:]
    name = str(font.get("/BaseFont", "[none]")).lstrip("/")
    if subtype == "Type3":
        return FontInfo(name, subtype, True, object_id)
    descriptor_owner = font
    if subtype == "Type0":
        descendants = _get(font, "/DescendantFonts")
        if descendants:
            descriptor_owner = descendants[0].get_object()
            subtype = f"Type0/{str(descriptor_owner.get('/Subtype', '/Unknown'))[1:]}"
    descriptor = _get(descriptor_owner, "/FontDescriptor")
    embedded = descriptor is not None and any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
    return FontInfo(name, subtype, embedded, object_id)


def page_fonts(page: PageObject) -> Iterator[tuple[int | None, DictionaryObject, str]]:
    """Every font dictionary reachable from a page's resources: forms, patterns, Type 3 glyphs, annotations.

    Resources, not usage, are scanned, as pdffonts does: a font listed but unused still travels in the file
    and a printer's preflight still asks for it.
    """
    seen: set[int] = set()

    def fonts_of(resources: object, where: str, depth: int) -> Iterator[tuple[int | None, DictionaryObject, str]]:
        if resources is None or depth > MAX_DEPTH:
            return
        fonts = _get(resources, "/Font") or {}
        for key, value in fonts.items():
            ident = value.idnum if isinstance(value, IndirectObject) else None
            if ident is not None and ident in seen:
                continue
            if ident is not None:
                seen.add(ident)
            font = value.get_object()
            yield ident, font, f"{where}{key}"
            if font.get("/Subtype") == "/Type3":
                yield from fonts_of(_get(font, "/Resources"), f"{where}Type 3 font {key} › ", depth + 1)
        for group in ("/XObject", "/Pattern"):
            for key, value in (_get(resources, group) or {}).items():
                ident = value.idnum if isinstance(value, IndirectObject) else None
                if ident is not None and ident in seen:
                    continue
                if ident is not None:
                    seen.add(ident)
                inner = value.get_object()
                if isinstance(inner, StreamObject) and inner.get("/Subtype") != "/Image":
                    yield from fonts_of(_get(inner, "/Resources"), f"{where}{key} › ", depth + 1)

    yield from fonts_of(_get(page, "/Resources"), "", 0)
    for annotation in _get(page, "/Annots") or []:
        appearances = _get(annotation.get_object(), "/AP") or {}
        for state in appearances.values():
            state = state.get_object()
            streams = [state] if isinstance(state, StreamObject) else [s.get_object() for s in state.values()]
            for stream in streams:
                yield from fonts_of(_get(stream, "/Resources"), "annotation › ", 1)
