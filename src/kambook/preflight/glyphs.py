"""Every character shown must have a real glyph: a missing one prints as an empty box, or as nothing.

A screen viewer substitutes a system font for a character the embedded subset lacks; a RIP never does.
So the codes the content streams actually show are read (text operators, in form XObjects too, with the
font chosen by ``Tf``), resolved through the font's encoding to glyph ids of the embedded program, and
checked with fontTools: glyph 0 (``.notdef``) or an id past the font's last glyph is a missing character;
a glyph without outline prints nothing, which only white space may do. When no installed font has a
character, WeasyPrint keeps it in the text and embeds a CMap sending its code to CID 0: ``.notdef``.
"""

from __future__ import annotations

import codecs
import io
import logging
import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from fontTools import agl
from fontTools.cffLib import CFFFontSet
from fontTools.pens.boundsPen import ControlBoundsPen
from fontTools.ttLib import TTFont
from pypdf.generic import (
    ArrayObject,
    ContentStream,
    DictionaryObject,
    IndirectObject,
    StreamObject,
)

from .content import parsed
from .document import PdfDocument
from .rules import _ranges

RULE = "glyphs"
MAX_DEPTH = 24
#: Characters blank by design besides white space and invisible format characters (Cf, e.g. U+200B).
BLANK_BY_DESIGN = {"\u2800", "\u3164", "\u115f", "\u1160", "\uffa0"}
FontKey = tuple


def glyphs(doc: PdfDocument) -> dict:
    """Failure per (font, character) drawn as .notdef or with an empty glyph, naming its pages."""
    before = len(doc.findings)
    fonts = _Fonts()
    shown: dict[FontKey, dict[int, set[int]]] = defaultdict(lambda: defaultdict(set))  # font → code → pages
    for number, page in enumerate(doc.pages, 1):
        for key, codes in _Walker(fonts).page(page).items():
            for code in codes:
                shown[key][code].add(number)
    problems: dict[tuple, dict] = {}
    checked = 0
    for key, codes in shown.items():
        font = fonts.loaded[key]
        for code, pages in codes.items():
            checked += 1
            verdict = font.verdict(code)
            if verdict is not None:
                text = font.text(code)
                entry = problems.setdefault((font.name, text or code, verdict[0]), {
                    "font": font.name, "character": text, "code": f"{code:0{2 * font.width}X}",
                    "glyph": font.gid(code), "problem": verdict[0], "why": verdict[1], "pages": set()})
                entry["pages"] |= pages
    ordered = sorted(problems.values(), key=lambda e: (min(e["pages"]), e["font"], e["glyph"]))
    for entry in ordered:
        _report(doc, entry)
    skipped = sorted({v for v in fonts.loaded.values() if isinstance(v, tuple)})
    for name, reason in skipped:
        if reason.startswith("unreadable"):
            doc.add(RULE, "warning", f"font {name}: the embedded program is {reason}; its glyphs are not checked")
    count = sum(isinstance(f, _Font) for f in fonts.loaded.values())
    doc.ok_unless(RULE, before, f"{checked} glyph{'s' * (checked != 1)} in {count} font{'s' * (count != 1)}, "
                  "each drawn with a real glyph")
    return {"fonts_checked": count, "glyphs_checked": checked,
            "fonts_skipped": [{"font": name, "reason": reason} for name, reason in skipped],
            "problems": [{k: (_ranges(sorted(v)) if k == "pages" else v) for k, v in e.items() if k != "why"}
                         for e in ordered]}


def _report(doc: PdfDocument, entry: dict) -> None:
    pages = sorted(entry["pages"])
    where = f"page {pages[0]}" if len(pages) == 1 else f"pages {_ranges(pages)}"
    text, font = entry["character"], entry["font"]
    what = (f"character{'s' * (len(text) > 1)} {' '.join(f'U+{ord(c):04X}' for c in text)} '{text}'" if text
            else f"code <{entry['code']}> (glyph id {entry['glyph']}, no Unicode mapping)")
    if entry["problem"] == "notdef":
        doc.add(RULE, "failure", f"{what} has no glyph in font {font} ({entry['why']}drawn as .notdef, an empty box) "
                f"on {where}", pages[0])
    elif text:
        doc.add(RULE, "failure", f"{what} in font {font} is drawn with an empty glyph on {where}", pages[0])
    else:  # an outline-less glyph nothing names: most likely a space the producer did not map
        doc.add(RULE, "warning", f"{what} in font {font} is drawn with an empty glyph on {where}: nothing says "
                "whether it is a space", pages[0])


def _is_blank(text: str) -> bool:
    return all(c.isspace() or c in BLANK_BY_DESIGN or unicodedata.category(c) in ("Cf", "Zs") for c in text)


# --- the embedded programs ---------------------------------------------------------------------------------


class _Program:
    """An embedded TrueType, OpenType or bare CFF program, read once; glyphs decompiled on demand."""

    def __init__(self, data: bytes, kind: str) -> None:
        self.tt: TTFont | None = None
        self.glyf = self.charstrings = None
        cff = None
        if kind == "cff":
            fontset = CFFFontSet()
            fontset.decompile(io.BytesIO(data), None)
            cff = fontset.topDictIndex[0]
            self.order = list(cff.charset)
        else:
            self.tt = TTFont(io.BytesIO(data))
            self.order = self.tt.getGlyphOrder()
            if "glyf" in self.tt:
                self.glyf = self.tt["glyf"]
            elif "CFF " in self.tt:
                cff = self.tt["CFF "].cff.topDictIndex[0]
        self.cid_keyed = cff is not None and hasattr(cff, "ROS")
        self.builtin = cff.Encoding if cff is not None and isinstance(getattr(cff, "Encoding", None), list) else []
        self.charstrings = cff.CharStrings if cff is not None else None
        self.index = {name: gid for gid, name in enumerate(self.order)}
        self._empty: dict[int, bool] = {}
        self._characters: dict[int, str] | None = None

    def empty(self, gid: int) -> bool:
        """No contour (glyf) or nothing drawn (CFF); a glyph fontTools cannot decompile is given the benefit."""
        if gid not in self._empty:
            name = self.order[gid]
            try:
                if self.glyf is not None:
                    self._empty[gid] = self.glyf[name].numberOfContours == 0
                else:
                    pen = ControlBoundsPen(None)
                    self.charstrings[name].draw(pen)
                    self._empty[gid] = pen.bounds is None
            except Exception:  # noqa: BLE001 - a damaged glyph is the RIP's problem to show, not ours to guess
                self._empty[gid] = False
        return self._empty[gid]

    def characters(self) -> dict[int, str]:
        """Character by glyph id from the font's own cmap: the fallback when /ToUnicode says nothing."""
        if self._characters is None:
            best = self.tt.getBestCmap() if self.tt is not None and "cmap" in self.tt else None
            self._characters = {self.index[n]: chr(u) for u, n in sorted((best or {}).items(), reverse=True)
                                if n in self.index}
        return self._characters

    def cmaps(self) -> dict[tuple[int, int], dict[int, str]]:
        if self.tt is None or "cmap" not in self.tt:
            return {}
        return {(t.platformID, t.platEncID): t.cmap for t in self.tt["cmap"].tables}


@dataclass
class _Font:
    name: str
    width: int  # bytes per code
    program: _Program
    gid: Callable[[int], int]
    unicode: dict[int, str] = field(default_factory=dict)

    def codes(self, data: bytes) -> list[int]:
        if self.width == 1:
            return list(data)
        step = self.width
        return [int.from_bytes(data[i:i + step], "big") for i in range(0, len(data) - step + 1, step)]

    def text(self, code: int) -> str:
        return self.unicode.get(code) or self.program.characters().get(self.gid(code), "")

    def verdict(self, code: int) -> tuple[str, str] | None:
        """``(problem, detail)`` for a missing or empty glyph, ``None`` for a real one."""
        gid, count = self.gid(code), len(self.program.order)
        if gid >= count:
            return ("notdef", f"glyph id {gid} is past its {count} glyphs: ")
        if gid == 0:
            return ("notdef", "")
        text = self.text(code)
        if self.program.empty(gid) and not (text and _is_blank(text)):
            return ("empty", "")
        return None


class _Fonts:
    """Font dictionaries by object: a book shows the same dozen fonts on every page."""

    def __init__(self) -> None:
        self.loaded: dict[FontKey, _Font | tuple[str, str]] = {}

    def get(self, key: FontKey, font: DictionaryObject) -> _Font | tuple[str, str]:
        if key not in self.loaded:
            name = str(font.get("/BaseFont", "[none]")).lstrip("/")
            quiet = logging.getLogger("fontTools")
            level = quiet.level
            quiet.setLevel(logging.ERROR)  # subsets often carry a zero 'created' date: not our finding
            try:
                self.loaded[key] = _load(font, name)
            except Exception as exc:  # noqa: BLE001 - a font fontTools rejects is reported, not a crash
                self.loaded[key] = (name, f"unreadable by fontTools ({type(exc).__name__}: {exc})"[:200])
            finally:
                quiet.setLevel(level)
        return self.loaded[key]


def _program(owner: DictionaryObject) -> _Program | str:
    descriptor = _obj(owner.get("/FontDescriptor"))
    if descriptor is None:
        return "no font descriptor"
    if descriptor.get("/FontFile2") is not None:
        return _Program(_obj(descriptor["/FontFile2"]).get_data(), "truetype")
    file3 = _obj(descriptor.get("/FontFile3"))
    if file3 is not None:
        return _Program(file3.get_data(), "opentype" if file3.get("/Subtype") == "/OpenType" else "cff")
    return "not embedded" if descriptor.get("/FontFile") is None else "Type 1 programs are not read"


def _load(font: DictionaryObject, name: str) -> _Font | tuple[str, str]:
    subtype = font.get("/Subtype")
    unicode = {c: t for c, t in _cmap(_obj(font.get("/ToUnicode"))).values.items() if isinstance(t, str) and t}
    if subtype == "/Type0":
        encoding, cids = _obj(font.get("/Encoding")), None
        if isinstance(encoding, StreamObject):  # an embedded CMap: codes to CIDs, unlisted codes to CID 0
            cmap = _cmap(encoding)
            if len(cmap.widths) != 1 or encoding.get("/UseCMap") is not None:
                return (name, "a CMap with mixed code lengths or /UseCMap is not read")
            cids = {c: v for c, v in cmap.values.items() if isinstance(v, int)}
        elif encoding not in ("/Identity-H", "/Identity-V"):
            return (name, f"the predefined CMap {encoding} is not read")
        descendant = _obj(_obj(font["/DescendantFonts"])[0])
        program = _program(descendant)
        if isinstance(program, str):
            return (name, program)
        gid = _cid_to_gid(descendant, program)
        width = next(iter(cmap.widths)) if cids is not None else 2
        return _Font(name, width, program, gid if cids is None else lambda code: gid(cids.get(code, 0)), unicode)
    if subtype in ("/TrueType", "/Type1"):
        program = _program(font)
        if isinstance(program, str):
            return (name, program)
        names, from_encoding = _encoding(font)
        gid = _simple_truetype(program, names) if program.glyf is not None else _simple_cff(program, names)
        return _Font(name, 1, program, gid, from_encoding | unicode)
    return (name, f"{str(subtype).lstrip('/')} fonts are not checked")


def _cid_to_gid(descendant: DictionaryObject, program: _Program) -> Callable[[int], int]:
    mapping = _obj(descendant.get("/CIDToGIDMap"))
    if isinstance(mapping, StreamObject):
        table = mapping.get_data()
        return lambda cid: int.from_bytes(table[2 * cid:2 * cid + 2], "big") if 2 * cid + 1 < len(table) else 0
    if program.cid_keyed:  # CID-keyed CFF: the charset names glyphs cid00042
        return lambda cid: program.index.get(f"cid{cid:05d}", 0)
    return lambda cid: cid


# --- simple fonts: one byte per code, through an encoding ----------------------------------------------------

BASE = {"/WinAnsiEncoding": "cp1252", "/MacRomanEncoding": "mac_roman"}
STANDARD_QUOTES = {0x27: "\u2019", 0x60: "\u2018"}


def _encoding(font: DictionaryObject) -> tuple[dict[int, str], dict[int, str]]:
    """Glyph names and characters by code: the base encoding overlaid with /Differences."""
    encoding = _obj(font.get("/Encoding"))
    base = encoding if isinstance(encoding, str) else (encoding or {}).get("/BaseEncoding", "/StandardEncoding")
    chars: dict[int, str] = {}
    for code in range(32, 256):
        if base in BASE:
            char = codecs.decode(bytes([code]), BASE[str(base)], errors="ignore")
        else:
            char = STANDARD_QUOTES.get(code, chr(code) if code < 127 else "")
        if char:
            chars[code] = char
    names = {code: agl.UV2AGL.get(ord(char), f"uni{ord(char):04X}") for code, char in chars.items()}
    code = 0
    for item in (encoding.get("/Differences", []) if isinstance(encoding, DictionaryObject) else []):
        if isinstance(item, (int, float)) and not isinstance(item, str):
            code = int(item)
            continue
        names[code] = str(item).lstrip("/")
        chars[code] = agl.toUnicode(names[code]) or ""
        code += 1
    return names, {c: t for c, t in chars.items() if t}


def _simple_truetype(program: _Program, names: dict[int, str]) -> Callable[[int], int]:
    """PDF 32000 9.6.6.4: by glyph name, else Unicode in the (3,1) cmap, else the symbolic (3,0) or (1,0) cmap."""
    cmaps = program.cmaps()

    def gid(code: int) -> int:
        name = names.get(code)
        if name in program.index:
            return program.index[name]
        char = agl.toUnicode(name) if name else ""
        for key in ((3, 10), (3, 1), (0, 3), (0, 4)):
            if len(char) == 1 and key in cmaps and ord(char) in cmaps[key]:
                return program.index.get(cmaps[key][ord(char)], 0)
        for key, candidates in (((3, 0), (code, 0xF000 + code, 0xF100 + code, 0xF200 + code)), ((1, 0), (code,))):
            for candidate in candidates if key in cmaps else ():
                if candidate in cmaps[key]:
                    return program.index.get(cmaps[key][candidate], 0)
        return 0
    return gid


def _simple_cff(program: _Program, names: dict[int, str]) -> Callable[[int], int]:
    """Type 1C: by glyph name, from /Encoding or else the program's own built-in encoding."""
    builtin = program.builtin
    return lambda code: program.index.get(names.get(code) or (builtin[code] if code < len(builtin) else ""), 0)


# --- CMaps: /ToUnicode, and the code-to-CID encodings WeasyPrint embeds outside PDF/X -------------------------

BLOCK = re.compile(rb"begin(codespacerange|bfchar|bfrange|cidchar|cidrange|notdefchar|notdefrange)\b(.*?)end\1",
                   re.DOTALL)
TOKEN = re.compile(rb"<([0-9A-Fa-f\s]*)>|(\[)|(\])|(\d+)")


@dataclass
class _CMap:
    widths: set[int] = field(default_factory=set)  # bytes per code, from the code space ranges
    values: dict[int, object] = field(default_factory=dict)  # code → text (bf…) or CID (cid…, notdef…)


def _cmap(stream: object) -> _CMap:
    """bfchar/bfrange (destinations in UTF-16BE), cidchar/cidrange/notdef… (CIDs) and the code space."""
    cmap = _CMap()
    try:
        data = stream.get_data() if isinstance(stream, StreamObject) else b""
    except Exception:  # noqa: BLE001 - an unreadable CMap only costs the character names
        data = b""
    for kind, body in BLOCK.findall(data):
        tokens: list = []
        array: list | None = None
        for digits, opening, closing, number in TOKEN.findall(body):
            if opening:
                array = []
            elif closing:
                tokens.append(array or [])
                array = None
            else:
                value = int(number) if number else re.sub(rb"\s", b"", digits)
                (array if array is not None else tokens).append(value)
        if kind == b"codespacerange":
            cmap.widths |= {(len(t) + 1) // 2 for t in tokens if isinstance(t, bytes)}
            continue
        single = kind.endswith(b"char")
        step = 2 if single else 3
        for i in range(0, len(tokens) - step + 1, step):
            low = _int(tokens[i])
            high, target = (low, tokens[i + 1]) if single else (_int(tokens[i + 1]), tokens[i + 2])
            for offset in range(min(high - low + 1, 65536)):
                cmap.values[low + offset] = _target(target, offset)
    return cmap


def _target(target: object, offset: int) -> object:
    if isinstance(target, int):
        return target + offset
    if isinstance(target, list):
        return _utf16(target[offset]) if offset < len(target) and isinstance(target[offset], bytes) else ""
    return _utf16(b"%0*X" % (len(target), int(target or b"0", 16) + offset))


def _int(token: object) -> int:
    return int(token or b"0", 16) if isinstance(token, bytes) else int(token) if isinstance(token, int) else 0


def _utf16(hexdigits: bytes) -> str:
    try:
        return bytes.fromhex(hexdigits.decode("ascii")).decode("utf-16-be")
    except (ValueError, UnicodeDecodeError):
        return ""


# --- the content streams -----------------------------------------------------------------------------------


class _Walker:
    """Codes shown per font on one page, following ``Tf`` through ``q``/``Q`` and into form XObjects."""

    def __init__(self, fonts: _Fonts) -> None:
        self.fonts = fonts
        self.shown: dict[FontKey, set[int]] = defaultdict(set)

    def page(self, page: DictionaryObject) -> dict[FontKey, set[int]]:
        contents = page.get("/Contents")
        if contents is not None:
            self._walk(_obj(contents), _obj(page.get("/Resources")), None, 0, set())
        return self.shown

    def _walk(self, stream: object, resources: object, font: FontKey | None, depth: int, forms: set) -> None:
        stack: list[FontKey | None] = []
        for operands, operator in _operations(stream):
            if operator == b"q":
                stack.append(font)
            elif operator == b"Q":
                font = stack.pop() if stack else font
            elif operator == b"Tf" and operands:
                font = self._select(resources, operands[0])
            elif operator in (b"Tj", b"'", b'"', b"TJ") and operands and font is not None:
                items = operands[-1] if operator == b"TJ" else [operands[-1]]
                loaded = self.fonts.loaded.get(font)
                if isinstance(loaded, _Font) and isinstance(items, list):
                    for item in items:
                        if isinstance(item, (bytes, str)):
                            self.shown[font].update(loaded.codes(_bytes(item)))
            elif operator == b"Do" and operands and depth < MAX_DEPTH:
                self._form(resources, operands[0], font, depth, forms)

    def _select(self, resources: object, name: object) -> FontKey | None:
        fonts = _obj(_obj(resources).get("/Font")) if isinstance(_obj(resources), DictionaryObject) else None
        if not isinstance(fonts, DictionaryObject) or str(name) not in fonts:
            return None
        raw = fonts.raw_get(str(name))
        key = (raw.idnum, raw.generation) if isinstance(raw, IndirectObject) else ("direct", id(raw))
        font = _obj(raw)
        if isinstance(font, DictionaryObject):
            self.fonts.get(key, font)
            return key
        return None

    def _form(self, resources: object, name: object, font: FontKey | None, depth: int, forms: set) -> None:
        xobjects = _obj(_obj(resources).get("/XObject")) if isinstance(_obj(resources), DictionaryObject) else None
        if not isinstance(xobjects, DictionaryObject) or str(name) not in xobjects:
            return
        raw = xobjects.raw_get(str(name))
        form = _obj(raw)
        ident = (raw.idnum, font) if isinstance(raw, IndirectObject) else None
        if not isinstance(form, StreamObject) or form.get("/Subtype") != "/Form" or ident in forms:
            return
        if ident is not None:
            forms.add(ident)  # the same form with the same inherited font shows the same codes again
        self._walk(form, _obj(form.get("/Resources")) or resources, font, depth + 1, forms)


def _operations(stream: object) -> list[tuple[list, bytes]]:
    """The fast tokenizer leaves backslash escapes in literal strings: pypdf decodes them when there are any."""
    try:
        if isinstance(stream, ArrayObject):
            data = b"\n".join(_obj(part).get_data() for part in stream)
        else:
            data = stream.get_data()
        if b"\\" not in data:
            return parsed(data)
        return ContentStream(stream, None).operations
    except Exception:  # noqa: BLE001 - a damaged stream is the content scanner's finding, not this rule's
        return []


def _bytes(item: object) -> bytes:
    if isinstance(item, bytes):
        return item
    original = getattr(item, "get_original_bytes", None)
    return original() if original is not None else str(item).encode("latin-1", "replace")


def _obj(value: object) -> object:
    return value.get_object() if isinstance(value, IndirectObject) else value
