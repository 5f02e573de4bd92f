"""The EAN-13 barcode of the book's ISBN, drawn as vector SVG for the back cover.

Drawn here rather than embedded as a picture: a bitmap barcode is resampled by the RIP and its bar
widths drift, while rectangles in millimetres print exactly at the printer's resolution. The encoding
follows the EAN-13 specification (GS1 General Specifications / ISO/IEC 15420): three character sets
L, G and R, the first digit encoded only by the L/G parity of the left half, guard bars at the start,
middle and end, light margins (quiet zones) of 11 modules on the left and 7 on the right.

Colours default to ``device-cmyk()`` so the barcode prints in black ink only on a CMYK press; a screen
edition may pass ``ink="#000"`` and ``paper="#fff"``.
"""

from __future__ import annotations

import re
from html import escape

# Character set L (odd parity, left half): the standard's table, 1 = dark module.
L_CODES = ("0001101", "0011001", "0010011", "0111101", "0100011",
           "0110001", "0101111", "0111011", "0110111", "0001011")
# Set R is the complement of L (right half, starts with a bar); set G is R read backwards (even parity).
R_CODES = tuple("".join("1" if bit == "0" else "0" for bit in code) for code in L_CODES)
G_CODES = tuple(code[::-1] for code in R_CODES)
# The first digit is not drawn as bars: it selects which left-half digits use G instead of L.
PARITY = ("LLLLLL", "LLGLGG", "LLGGLG", "LLGGGL", "LGLLGG",
          "LGGLLG", "LGGGLL", "LGLGLG", "LGLGGL", "LGGLGL")
START = END = "101"
MIDDLE = "01010"
LEFT_QUIET = 11  # modules, minimum light margin before the start guard
RIGHT_QUIET = 7  # modules, minimum light margin after the end guard
SYMBOL_MODULES = 95
GUARD_EXTRA = 5  # guard bars reach 5 modules lower than the others, between the digit groups
NOMINAL_HEIGHT = 69.24  # bar height in modules at any magnification (22.85 mm at 0.33 mm)


def ean13_digits(isbn: str) -> str:
    """The 13 digits of an ISBN-13, checked; raise ``ValueError`` with the reason otherwise.

    The barcode is the last place a mistyped ISBN can be caught before it is printed on thousands of
    covers, so the checksum is verified here even if the manifest already did it.
    """
    digits = re.sub(r"[\s-]", "", isbn)
    if not re.fullmatch(r"\d{13}", digits):
        raise ValueError(f"'{isbn}' is not an ISBN-13: it needs 13 digits")
    if not digits.startswith(("978", "979")):
        raise ValueError(f"'{isbn}' is not an ISBN-13: it must start with 978 or 979")
    total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(digits[:12]))
    check = (10 - total % 10) % 10
    if check != int(digits[12]):
        raise ValueError(f"ISBN '{isbn}' has a bad checksum: its last digit should be {check}, "
                         f"not {digits[12]}; check it against the publisher's allocation")
    return digits


def ean13_modules(digits: str) -> str:
    """The 95 modules of the symbol, guards included, as a string of 1 (bar) and 0 (space)."""
    parity = PARITY[int(digits[0])]
    left = "".join((L_CODES if p == "L" else G_CODES)[int(d)] for p, d in zip(parity, digits[1:7]))
    right = "".join(R_CODES[int(d)] for d in digits[7:13])
    modules = START + left + MIDDLE + right + END
    assert len(modules) == SYMBOL_MODULES
    return modules


def _guard_modules() -> set[int]:
    """Indexes of the modules that belong to the start, middle and end guards (the long bars)."""
    middle = len(START) + 42
    end = middle + len(MIDDLE) + 42
    return (set(range(len(START))) | set(range(middle, middle + len(MIDDLE)))
            | set(range(end, end + len(END))))


def _runs(modules: str) -> list[tuple[int, int]]:
    """(first module, width in modules) of each bar: adjacent dark modules are one printed bar."""
    runs: list[tuple[int, int]] = []
    for match in re.finditer("1+", modules):
        runs.append((match.start(), match.end() - match.start()))
    return runs


def _mm(value: float) -> str:
    return f"{value:.4f}".rstrip("0").rstrip(".")


def ean13_svg(isbn: str, *, height_mm: float | None = None, module_mm: float = 0.33,
              font_family: str = "Lato", ink: str = "device-cmyk(0 0 0 1)",
              paper: str = "device-cmyk(0 0 0 0)") -> str:
    """An ``<svg>`` element of the ISBN's EAN-13 barcode, in millimetres, ready to inline in HTML.

    ``module_mm`` is the width of the narrowest bar (0.33 mm is 100 % magnification; the standard
    allows 80 % to 200 %). ``height_mm`` is the height of the ordinary bars; by default the
    standard's height at that magnification, and a smaller value truncates the symbol as covers
    often do (GS1 discourages it: keep it modest). The symbol sits on a ``paper`` rectangle
    covering the quiet zones, so it scans whatever the cover colour behind it; the « ISBN … » line
    is printed above, as the book trade expects, and the 13 digits below in 1 + 6 + 6 groups.
    Raise ``ValueError`` for anything that is not a valid ISBN-13.
    """
    digits = ean13_digits(isbn)
    modules = ean13_modules(digits)
    x = module_mm
    bar_height = height_mm if height_mm is not None else NOMINAL_HEIGHT * x
    if bar_height <= 0 or module_mm <= 0:
        raise ValueError("the barcode needs a positive height and module width")
    label = isbn.strip() if "-" in isbn else digits
    label_size = 8.5 * x  # about 2.8 mm at 100 %: legible, smaller than the digits
    digit_size = 10.5 * x  # Lato's figures are 0.58 em wide: fits the 7-module character width
    top = 1.5 * x + label_size  # baseline of the ISBN line
    bars_top = top + 2.5 * x
    bars_bottom = bars_top + bar_height
    guards_bottom = bars_bottom + GUARD_EXTRA * x
    digits_baseline = bars_bottom + x + 0.72 * digit_size  # cap height of Lato's lining figures
    width = (LEFT_QUIET + SYMBOL_MODULES + RIGHT_QUIET) * x
    height = max(digits_baseline, guards_bottom) + 1.5 * x
    guards = _guard_modules()

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="ean13" width="{_mm(width)}mm" '
        f'height="{_mm(height)}mm" viewBox="0 0 {_mm(width)} {_mm(height)}" role="img" '
        f'aria-label="EAN-13 {digits}" data-modules="{modules}">',
        f'<rect class="ean13-paper" x="0" y="0" width="{_mm(width)}" height="{_mm(height)}" '
        f'fill="{escape(paper)}"/>',
        f'<g class="ean13-bars" fill="{escape(ink)}">',
    ]
    for start, run in _runs(modules):
        bottom = guards_bottom if start in guards else bars_bottom
        parts.append(f'<rect x="{_mm((LEFT_QUIET + start) * x)}" y="{_mm(bars_top)}" '
                     f'width="{_mm(run * x)}" height="{_mm(bottom - bars_top)}"/>')
    parts.append("</g>")

    text_attrs = f'font-family="{escape(font_family)}" fill="{escape(ink)}"'
    parts.append(f'<text class="ean13-isbn" x="{_mm(width / 2)}" y="{_mm(top)}" text-anchor="middle" '
                 f'font-size="{_mm(label_size)}" letter-spacing="{_mm(0.4 * x)}" {text_attrs}>'
                 f'ISBN {escape(label)}</text>')
    # Each human-readable digit is centred under its own 7-module character; the first one, which
    # has no bars, sits in the left quiet zone just before the start guard.
    centres = [(LEFT_QUIET - 4) * x]
    centres += [(LEFT_QUIET + 3 + 7 * i + 3.5) * x for i in range(6)]
    centres += [(LEFT_QUIET + 3 + 42 + 5 + 7 * i + 3.5) * x for i in range(6)]
    parts.append(f'<g class="ean13-digits" font-size="{_mm(digit_size)}" text-anchor="middle" {text_attrs}>')
    for digit, centre in zip(digits, centres):
        parts.append(f'<text x="{_mm(centre)}" y="{_mm(digits_baseline)}">{digit}</text>')
    parts.append("</g></svg>")
    return "".join(parts)
