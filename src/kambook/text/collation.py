"""French collation: the order of a French dictionary, for the index, the glossary and the bibliography.

Four levels, as in the Unicode collation algorithm with French accent ordering: letters and numbers
(case, accents, spaces and punctuation ignored; runs of digits compared by value), then accents compared
from the END of the word (cote < côte < coté < côté), then case and variant forms (oeil < Œil), then
punctuation; the text itself ends the key, so that two different texts never compare equal.

The first level is exactly the letters and digits of ``fold`` (``folding.py``): the same table of letters
Unicode does not decompose (``LETTER_VARIANTS``), the same NFKD decomposition, marks dropped, lower case.
Two spellings that fold alike therefore sort together and file under the same letter.

Headings of an index are compared letter by letter (« d'achat » sorts as « dachat »). A bibliography
compares word by word (``by_word=True``): a space or punctuation between words sorts before any letter,
so « Martin, J. » comes before « Martinez, A. » and « Saint-Exupéry » before « Sainte-Beuve », as
library catalogues file them; apostrophes still join (« D'Alembert » as « DAlembert »).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from functools import lru_cache

from .folding import APOSTROPHES, LETTER_VARIANTS, STROKE

__all__ = ["DIACRITIC_RANK", "letter_of", "primary", "sort_key"]

# Order of diacritics at the second level, as in French dictionaries (e < é < è < ê < ë) and the
# Unicode collation table; a diacritic not listed comes after these, by code point, so the key
# stays total.
DIACRITIC_RANK = {
    mark: rank
    for rank, mark in enumerate(
        [
            "\u0301",  # acute
            "\u0300",  # grave
            "\u0306",  # breve
            "\u0302",  # circumflex
            "\u030c",  # caron
            "\u030a",  # ring
            "\u0308",  # diaeresis
            "\u030b",  # double acute
            "\u0303",  # tilde
            "\u0307",  # dot above
            "\u0327",  # cedilla
            "\u0328",  # ogonek
            "\u0304",  # macron
            STROKE,
        ],
        start=1,
    )
}


def _expand(text: str) -> Iterator[tuple[str, bool]]:
    """(character, is a variant form) once ligatures are split and accents detached.

    NFKD rather than NFD so that compatibility forms (« ﬁ », « ² », no-break spaces) sort as what
    they stand for; the flag lets them come after the plain form at the third level.
    """
    for char in text:
        variant = LETTER_VARIANTS.get(char)
        if variant is not None:
            letters, mark, is_variant = variant
            for letter in letters:
                yield letter, is_variant
            if mark:
                yield mark, False
            continue
        decomposed = unicodedata.normalize("NFKD", char)
        is_variant = decomposed != unicodedata.normalize("NFD", char)
        for part in decomposed:
            yield part, is_variant


@lru_cache(maxsize=16384)  # the same headings are compared again and again, and again at every rebuild of serve
def _levels(text: str, by_word: bool = False) -> tuple[tuple, tuple, tuple, tuple]:
    """The four comparison levels of ``text``: letters, accents (backwards), case, punctuation.

    A "unit" is a letter, a whole run of digits or (``by_word``) a break between words; the second
    and third levels hold one weight per unit, so they line up whenever the first levels are equal.
    """
    primary: list[tuple[int, int | str]] = []
    accents: list[tuple[int, ...]] = []
    cases: list[int] = []
    shifted: list[tuple[int, str]] = []
    digits: list[str] = []
    between_words = False

    def unit(weight: tuple[int, int | str], case: int) -> None:
        nonlocal between_words
        if between_words and primary:  # a break between two words sorts before any letter or digit
            primary.append((-1, ""))
            accents.append(())
            cases.append(0)
        between_words = False
        primary.append(weight)
        accents.append(())
        cases.append(case)

    def end_number() -> None:
        # A run of digits is one unit compared by value, so « 3M » files before « 10 règles ».
        if digits:
            unit((0, int("".join(digits))), len(digits))  # « 03 » after « 3 »
            shifted.append((1, ""))
            digits.clear()

    for char, is_variant in _expand(text):
        if char.isdecimal():
            digits.append(char)
            continue
        end_number()
        if unicodedata.category(char).startswith("M"):
            if accents:  # a mark with no letter before it has nothing to modify: ignored
                rank = DIACRITIC_RANK.get(char, 100 + ord(char))
                accents[-1] = accents[-1] + (rank,)
        elif char.isalpha() and char not in APOSTROPHES:  # « ʼ » is a letter to Unicode, an apostrophe here
            unit((1, char.lower()), (2 if char.isupper() or char.istitle() else 0) + int(is_variant))
            shifted.append((1, ""))
        else:
            # Spaces, apostrophes, hyphens and other punctuation only break the last ties (and, by
            # word, separate words; an apostrophe joins them).
            shown = " " if char.isspace() else "'" if char in APOSTROPHES else char
            shifted.append((0, shown))
            between_words = between_words or (by_word and shown != "'")
    end_number()
    # French rule: for accents the LAST difference decides (cote < côte < coté < côté), hence the
    # second level is compared from the end of the word.
    return tuple(primary), tuple(reversed(accents)), tuple(cases), tuple(shifted)


def sort_key(text: str, *, by_word: bool = False) -> tuple:
    """Key putting headings (or, ``by_word``, bibliography entries) in French dictionary order.

    First level: letters only, ignoring case, accents, spaces and punctuation (é = e, œ = oe, æ = ae,
    ç = c; « d'achat » sorts as « dachat »); numbers come before letters and compare by value. Ties are
    broken by accents (unaccented first, compared from the end of the word: cote < côte < coté <
    côté), then case (lower case first, ligatures after the spelled-out letters: oeil < Œil), then
    punctuation, then the text itself so that two different strings never compare equal — sorting is
    then reproducible whatever order the headings arrive in. ``by_word``: the end of a word sorts
    before any letter (« Martin, J. » < « Martinez, A. »), see the module's docstring.
    """
    return (*_levels(text, by_word), text)


def primary(text: str) -> tuple:
    """The first level of ``text``'s key: its letters and numbers (the letters and digits of its
    fold), which is what two spellings of one heading share."""
    return _levels(text)[0]


def letter_of(text: str) -> str:
    """Group letter of a heading: its first letter without accent, in capitals (« Élan » → « E »,
    « Œuvre » → « O »); « # » for headings starting with a digit or made of symbols only, which sort
    first."""
    units = primary(text)
    if not units or units[0][0] == 0:
        return "#"
    return str(units[0][1]).upper()


