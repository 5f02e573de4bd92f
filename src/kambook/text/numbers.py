"""How the book counts: roman numerals for parts and front-matter folios, letters for appendices.

One copy for every layer, so a part called « II » in the table of contents is « II » on its page.
"""

from __future__ import annotations

ROMAN = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"),
         (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))


def roman(n: int) -> str:
    out = ""
    for value, letters in ROMAN:
        while n >= value:
            out += letters
            n -= value
    return out


def letter(n: int) -> str:
    """1 → A … 26 → Z, 27 → AA: appendix letters past the alphabet, as spreadsheets count columns."""
    return "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[n - 1] if n <= 26 else letter((n - 1) // 26) + letter((n - 1) % 26 + 1)
