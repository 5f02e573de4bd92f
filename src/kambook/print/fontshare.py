"""One embedded font per typeface in a merged book, not one per unit.

Each unit's PDF embeds its own subset of every font it uses: merged as they are, the book would carry
112 font programs where it needs six, and a printer's preflight would list each of them. WeasyPrint
subsets with the original glyph ids (``retain_gids``) and addresses glyphs by id (``Identity``), so the
subsets of one font are slices of the same table: their union is one subset — each glyph's outline and
metrics taken from whichever unit has it — and one font dictionary (widths and ``ToUnicode`` joined)
serves every page. Unions are cached by the subsets they join.
"""

from __future__ import annotations

import hashlib
import io
import logging
import re
from pathlib import Path

import pikepdf

from ..atomic import write_bytes
from .pdfwalk import resources

SUBSET_TAG = re.compile(r"^/?[A-Z]{6}\+")
BFCHAR = re.compile(rb"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>")
BFRANGE = re.compile(rb"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>")
#: Part of every cached union's name: a union made by an earlier rule is never reused.
UNION_VERSION = b"kambook-font-union-2"
SECTION = re.compile(rb"begin(bfchar|bfrange)(.*?)end\1", re.S)


def share_fonts(out: pikepdf.Pdf, cache: Path | None) -> None:
    fonts: dict[tuple[int, int], pikepdf.Dictionary] = {}
    holders: list[pikepdf.Dictionary] = []  # the /Font resource dictionaries that name them
    for found, _ in resources(out):
        font_dict = found.get("/Font")
        if isinstance(font_dict, pikepdf.Dictionary):
            holders.append(font_dict)
            for font in font_dict.values():
                if _shareable(font):
                    fonts.setdefault(font.objgen, font)
    groups: dict[str, list[pikepdf.Dictionary]] = {}
    for font in fonts.values():
        groups.setdefault(SUBSET_TAG.sub("", str(font.BaseFont)), []).append(font)
    replacement: dict[tuple[int, int], pikepdf.Dictionary] = {}
    for members in groups.values():
        if len(members) > 1:
            canonical = _join(out, members, cache)
            replacement.update((m.objgen, canonical) for m in members)
    for holder in holders:
        for name, font in list(holder.items()):
            if font.is_indirect and font.objgen in replacement:
                holder[name] = replacement[font.objgen]


def _shareable(font: pikepdf.Object) -> bool:
    if not isinstance(font, pikepdf.Dictionary) or font.get("/Subtype") != "/Type0" or not font.is_indirect:
        return False
    if str(font.get("/Encoding")) != "/Identity-H" or "/ToUnicode" not in font:
        return False
    cid = font.DescendantFonts[0]
    return (cid.get("/Subtype") == "/CIDFontType2" and str(cid.get("/CIDToGIDMap")) == "/Identity"
            and "/FontFile2" in cid.FontDescriptor)


def _join(out: pikepdf.Pdf, members: list[pikepdf.Dictionary], cache: Path | None) -> pikepdf.Dictionary:
    canonical = members[0]
    cid_font = canonical.DescendantFonts[0]
    widths: dict[int, object] = {}
    unicode: dict[int, bytes] = {}
    programs = []
    for member in members:
        descendant = member.DescendantFonts[0]
        used = _widths(descendant.get("/W", pikepdf.Array()))
        for cid, width in used.items():
            widths.setdefault(cid, width)
        for cid, text in _to_unicode(member.ToUnicode.read_bytes()).items():
            unicode.setdefault(cid, text)
        programs.append((descendant.FontDescriptor.FontFile2.read_bytes(), sorted(used)))
    cid_font.W = _width_array(widths)
    canonical.ToUnicode = out.make_stream(_cmap(unicode))
    program = _union_program(programs, cache)
    cid_font.FontDescriptor.FontFile2 = out.make_stream(program, Length1=len(program))
    return canonical


def _widths(array: pikepdf.Array) -> dict[int, object]:
    out: dict[int, object] = {}
    items = list(array)
    i = 0
    while i < len(items):
        first = int(items[i])
        if isinstance(items[i + 1], pikepdf.Array):
            for offset, width in enumerate(items[i + 1]):
                out[first + offset] = width
            i += 2
        else:
            for cid in range(first, int(items[i + 1]) + 1):
                out[cid] = items[i + 2]
            i += 3
    return out


def _width_array(widths: dict[int, object]) -> pikepdf.Array:
    runs: list = []
    for cid in sorted(widths):
        if runs and runs[-2] + len(runs[-1]) == cid:
            runs[-1].append(widths[cid])
        else:
            runs += [cid, [widths[cid]]]
    return pikepdf.Array([item if isinstance(item, int) else pikepdf.Array(item) for item in runs])


def _to_unicode(cmap: bytes) -> dict[int, bytes]:
    out: dict[int, bytes] = {}
    for kind, body in SECTION.findall(cmap):
        if kind == b"bfchar":
            for code, text in BFCHAR.findall(body):
                out[int(code, 16)] = text
        else:
            for low, high, text in BFRANGE.findall(body):
                start = int(text, 16)
                for offset, code in enumerate(range(int(low, 16), int(high, 16) + 1)):
                    out[code] = f"{start + offset:0{len(text)}x}".encode()
    return out


def _cmap(unicode: dict[int, bytes]) -> bytes:
    lines = [b"/CIDInit /ProcSet findresource begin", b"12 dict begin", b"begincmap",
             b"/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
             b"/CMapName /Adobe-Identity-UCS def", b"/CMapType 2 def",
             b"1 begincodespacerange", b"<0000> <ffff>", b"endcodespacerange"]
    codes = sorted(unicode)
    for start in range(0, len(codes), 100):  # a CMap section holds at most 100 entries
        block = codes[start:start + 100]
        lines.append(f"{len(block)} beginbfchar".encode())
        lines += [f"<{code:04x}> <".encode() + unicode[code] + b">" for code in block]
        lines.append(b"endbfchar")
    lines += [b"endcmap", b"CMapName currentdict /CMap defineresource pop", b"end", b"end"]
    return b"\n".join(lines)


def _union_program(programs: list[tuple[bytes, list[int]]], cache: Path | None) -> bytes:
    joined = b"".join(hashlib.sha256(p).digest() for p, _ in programs)
    digest = hashlib.sha256(UNION_VERSION + joined).hexdigest()[:32]
    cached = cache / f"{digest}.ttf" if cache is not None else None
    if cached is not None and cached.is_file():
        return cached.read_bytes()
    from fontTools.ttLib import TTFont
    quiet = logging.getLogger("fontTools")
    level = quiet.level
    quiet.setLevel(logging.ERROR)  # WeasyPrint's subsets carry a zero creation date fontTools remarks on
    try:
        return _union(TTFont, programs, cached)
    finally:
        quiet.setLevel(level)


def _union(TTFont, programs: list[tuple[bytes, list[int]]], cached: Path | None) -> bytes:  # noqa: ANN001, N803
    # The head table keeps the subsets' own dates: saved with today's, the union (and the book) would
    # change with the second it was joined in.
    fonts = [(TTFont(io.BytesIO(data), recalcTimestamp=False), used) for data, used in programs]
    # A subset keeps the glyph slots up to the last glyph it uses: the longest has room for all.
    base, used = max(fonts, key=lambda f: f[0]["maxp"].numGlyphs)
    have = set(used)
    for font, used in fonts:
        for gid in used:
            _take(font, base, gid, have)
    buffer = io.BytesIO()
    base.save(buffer)
    program = buffer.getvalue()
    if cached is not None:
        write_bytes(cached, program)
    return program


def _take(font, base, gid: int, have: set[int]) -> None:  # noqa: ANN001 - fontTools TTFonts
    """Copy glyph ``gid`` (and the glyphs a composite is built of) from another unit's subset.

    Glyphs are copied as bytes: names differ between subsets, glyph ids do not (and a composite's
    bytes refer to its parts by id)."""
    from fontTools.ttLib.tables._g_l_y_f import Glyph
    if gid in have or gid >= len(base.getGlyphOrder()):
        return
    have.add(gid)
    source_name, name = font.getGlyphOrder()[gid], base.getGlyphOrder()[gid]
    glyph = font["glyf"][source_name]
    base["glyf"][name] = Glyph(glyph.compile(font["glyf"]))
    base["hmtx"][name] = font["hmtx"][source_name]
    if glyph.isComposite():
        for component in glyph.getComponentNames(font["glyf"]):
            _take(font, base, font.getGlyphID(component), have)
