"""Comparing words as a reader would: the same term whatever its case, accents, apostrophe or spacing.

``fold`` is THE identity of two spellings for every layer: glossary forms, index « voir » lookups, and —
through ``fold.js``, its line-by-line JavaScript twin shipped with the site and the flipbook — the
search of both. The rule, applied to each character on its own:

1. letters Unicode does not decompose but a French reader files under other letters are spelt out
   (``LETTER_VARIANTS``: œ → oe, æ → ae, ß → ss, ø → o, ł → l, đ → d, ı → i, ς → σ);
2. else the character is decomposed as NFKD (é → e + accent, ﬁ → fi, ² → 2, no-break space → space);
3. every apostrophe (' ’ ʼ) becomes ', every hyphen (- ‐ ‑) becomes -, every space (Python's
   ``str.isspace`` set) becomes a space, and invisible characters (soft hyphen, zero-width space and
   joiners, word joiner, BOM) disappear;
4. what remains is put in lower case (``str.lower``, not ``casefold``: JavaScript's ``toLowerCase`` is the
   same mapping, and the one fold that ``casefold`` adds for Latin text, ß → ss, is rule 1) and marks
   (Unicode category M: accents, cedilla) are dropped;

then runs of spaces are one space and the ends are trimmed. The text is folded character by character
so that the browser can map each folded character back to the original (to highlight a match).

The collation (``collation.py``) agrees: its first level is exactly the letters and digits of the fold
(it ignores spaces and punctuation too, and compares runs of digits by value), so two spellings that
fold alike always sort together and file under the same letter.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from pathlib import Path

#: The JavaScript twin of ``fold`` (``kambookFold``), copied beside the scripts of the site and the flipbook.
FOLD_JS = Path(__file__).resolve().parent / "fold.js"

STROKE = "\u0338"  # stands for the bar of ø, ł, đ: a diacritic, so « Øresund » files under O
APOSTROPHES = "'\u2019\u02bc"  # ' ’ ʼ: typed, typeset and modifier-letter apostrophes
HYPHENS = "-\u2010\u2011"  # hyphen-minus, hyphen, non-breaking hyphen
#: Every character ``str.isspace`` accepts (spelt out, as fold.js must list the same ones).
SPACES = ("\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007"
          "\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000")
#: Characters that change nothing a reader sees: soft hyphen, zero-width space, ZWNJ, ZWJ, word joiner, BOM.
INVISIBLE = "\u00ad\u200b\u200c\u200d\u2060\ufeff"

# Letters that Unicode does not decompose but a French reader files under other letters:
# character -> (letters it sorts as, diacritic added, whether it is a ligature / variant form).
LETTER_VARIANTS: dict[str, tuple[str, str, bool]] = {
    "œ": ("oe", "", True),
    "Œ": ("OE", "", True),
    "æ": ("ae", "", True),
    "Æ": ("AE", "", True),
    "ß": ("ss", "", True),
    "ẞ": ("SS", "", True),
    "ø": ("o", STROKE, False),
    "Ø": ("O", STROKE, False),
    "ł": ("l", STROKE, False),
    "Ł": ("L", STROKE, False),
    "đ": ("d", STROKE, False),
    "Đ": ("D", STROKE, False),
    "ı": ("i", "", True),
    "ς": ("σ", "", True),  # final sigma: the same letter as σ
}


@lru_cache(maxsize=4096)
def fold_char(char: str) -> str:
    """The fold of one character (possibly empty, possibly several letters: « œ » → « oe »)."""
    variant = LETTER_VARIANTS.get(char)
    parts = variant[0] if variant is not None else unicodedata.normalize("NFKD", char)
    out = []
    for part in parts:
        if part in APOSTROPHES:
            out.append("'")
        elif part in HYPHENS:
            out.append("-")
        elif part in SPACES:
            out.append(" ")
        elif part in INVISIBLE or unicodedata.category(part).startswith("M"):
            continue
        else:
            out.append(part.lower())
    return "".join(out)


def fold(text: str) -> str:
    """The form two spellings of one term share (« Compte-clé », « compte-cle », « COMPTE‑CLÉ »)."""
    return re.sub(" {2,}", " ", "".join(fold_char(char) for char in text)).strip(" ")
