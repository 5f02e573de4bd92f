"""Font files as programs other than a browser read them: WOFF2 unpacked, faces cut for screens.

Unpacking a WOFF2 face with fontTools rebuilds its glyph table in pure Python: 0.6 s for one Gentium face,
paid by the print copies, the site and the EPUB of a cold build, four faces each. Google's reference
decoder (Debian's ``woff2`` package, which ``make`` installs) does it in 25 ms; fontTools stays the fallback
on a machine without it. The two write the same outlines with different padding, so ``DECODER`` names the
one in use and is part of every cache key built on an unpacked face.

Faces are cut with HarfBuzz's subsetter (uharfbuzz): a millisecond a face where fontTools' subsetter took a
third of a second, with the same tables kept (the common layout features, names 0–6, no hinting, no
Graphite tables, which no browser reads).
"""

from __future__ import annotations

import io
import logging
import shutil
import subprocess
import tempfile
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Iterator

_WOFF2_DECOMPRESS = shutil.which("woff2_decompress")
DECODER = "woff2-reference" if _WOFF2_DECOMPRESS else "fonttools"
#: Tables no screen reads: SIL Graphite's (browsers shape with OpenType).
SCREEN_DROPPED = ("Silf", "Glat", "Gloc", "Feat", "Sill")


class FontFileError(ValueError):
    """A font file that cannot be read; the message says why."""


@lru_cache(maxsize=32)
def sfnt(data: bytes) -> bytes:
    """The TrueType/OpenType bytes of a font file: WOFF2 unpacked, anything else as it is."""
    if data[:4] != b"wOF2":
        return data
    if _WOFF2_DECOMPRESS is not None:
        return _reference_decode(data)
    from fontTools.ttLib import woff2
    out = io.BytesIO()
    try:
        woff2.decompress(io.BytesIO(data), out)
    except Exception as exc:  # noqa: BLE001 - fontTools raises many kinds on a damaged file
        raise FontFileError(str(exc) or type(exc).__name__) from None
    return out.getvalue()


def _reference_decode(data: bytes) -> bytes:
    with tempfile.TemporaryDirectory(prefix="kambook-woff2-") as folder:
        packed = Path(folder) / "face.woff2"
        packed.write_bytes(data)
        done = subprocess.run([str(_WOFF2_DECOMPRESS), str(packed)], capture_output=True, text=True, check=False)
        unpacked = packed.with_suffix(".ttf")
        if done.returncode != 0 or not unpacked.is_file():
            why = (done.stderr or done.stdout).strip().splitlines()
            raise FontFileError(why[-1] if why else f"woff2_decompress exited with status {done.returncode}")
        return unpacked.read_bytes()


def screen_subset(data: bytes, chars: tuple[int, ...], flavor: str | None) -> bytes:
    """``data`` cut to ``chars`` for a screen, as TrueType/OpenType or WOFF2 (``flavor="woff2"``)."""
    import uharfbuzz as hb
    plan = hb.SubsetInput()
    plan.unicode_set.update(chars)
    plan.flags = hb.SubsetFlags.NO_HINTING | hb.SubsetFlags.NOTDEF_OUTLINE
    for tag in SCREEN_DROPPED:
        plan.drop_table_tag_set.add(int.from_bytes(tag.encode("ascii"), "big"))
    cut = hb.subset(hb.Face(hb.Blob(sfnt(data))), plan)
    if cut is None:
        raise FontFileError("HarfBuzz could not subset it")
    raw = bytes(cut.blob.data)
    if flavor != "woff2":
        return raw
    from fontTools.ttLib import TTFont
    with quiet_font_dates():
        font = TTFont(io.BytesIO(raw), recalcTimestamp=False)
        font.flavor = "woff2"
        out = io.BytesIO()
        font.save(out)
    return out.getvalue()


@contextmanager
def quiet_font_dates() -> Iterator[None]:
    """fontTools without its « 'created' timestamp seems very low »: Lato's creation date is 0, which
    says nothing to an author."""
    quiet = logging.getLogger("fontTools.ttLib.tables._h_e_a_d")
    level = quiet.level
    quiet.setLevel(logging.ERROR)
    try:
        yield
    finally:
        quiet.setLevel(level)
