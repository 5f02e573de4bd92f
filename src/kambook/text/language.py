"""Which language a run of text is in: French and English function words, the way a reader tells them.

Used wherever kambook has to find a language nobody marked: paragraphs of a CMS article, the titles of a
bibliography, the text layer of a PDF under preflight. Detection counts function words, which every sentence
has and which barely overlap between languages; it answers ``None`` rather than guess on short or mixed
text, because a wrong ``lang`` is worse than none.
"""

from __future__ import annotations

import re

_FUNCTION_WORDS: dict[str, frozenset[str]] = {
    "fr": frozenset("""le la les un une des du de d l au aux et ou mais donc car ni que qu qui quoi dont où ce
        cet cette ces se sa son ses leur leurs nous vous ils elles je tu il elle on est sont être était avait
        ont sur sous dans par pour avec sans chez entre vers pas ne n plus très aussi même tout tous toute
        toutes comme si y c s j m t lui moi toi cela ceci ça vos votre notre nos mes tes""".split()),
    "en": frozenset("""the a an and or but so of to in on at by for with without from into about this that
        these those is are was were be been being has have had do does did not no it its we you they he she
        i my our your their his her them us will would shall should can could may might must which who whom
        whose what where when why how there here than then as if all any some more most very also only""".split()),
    "de": frozenset("""der die das den dem des ein eine einer eines und oder aber nicht ist sind war waren
        mit von zu zum zur auf für bei aus nach über unter ich du er sie wir ihr es ich auch noch wie wenn
        dass weil doch schon sehr""".split()),
    "es": frozenset("""el la los las un una unos unas y o pero de del al en con sin por para que qué es son
        está están fue ser como más muy también se su sus lo le les nos yo tú él ella ellos""".split()),
}
# Letters that hint at a language when function words are few (names with accents count only half).
_LETTERS = {"fr": set("éèêàçœùâîôûëï"), "de": set("äöüß"), "es": set("ñ¿¡áíóú")}
_WORD = re.compile(r"[^\W\d_]+")
_MIN_WORDS = 3
_MIN_SCORE = 2.0


def primary(tag: str) -> str:
    """The primary subtag: ``en-GB`` → ``en``."""
    return tag.split("-")[0].split("_")[0].lower()


def detect_language(text: str, candidates: tuple[str, ...] = ("fr", "en")) -> str | None:
    """The candidate language ``text`` is written in, or ``None`` when it is too short or not clear-cut."""
    unknown = [c for c in candidates if primary(c) not in _FUNCTION_WORDS]
    if unknown:
        raise ValueError(f"no language data for {unknown[0]!r}: use {', '.join(sorted(_FUNCTION_WORDS))}")
    words = [w.lower() for w in _WORD.findall(text)]
    if len(words) < _MIN_WORDS or len(candidates) < 1:
        return None
    codes = [primary(c) for c in candidates]
    scores = dict.fromkeys(codes, 0.0)
    for word in words:
        # A word that is a function word in two candidates ("on", "a", "de"…) says nothing.
        owners = [c for c in codes if word in _FUNCTION_WORDS[c]]
        if len(owners) == 1:
            scores[owners[0]] += 1.0
        elif not owners:
            hinted = [c for c in codes if _LETTERS.get(c, set()) & set(word)]
            if len(hinted) == 1:
                scores[hinted[0]] += 0.5
    ranked = sorted(scores.items(), key=lambda item: item[1], reverse=True)
    best, score = ranked[0]
    runner_up = ranked[1][1] if len(ranked) > 1 else 0.0
    if score < _MIN_SCORE or score < 2 * runner_up or score - runner_up < _MIN_SCORE:
        return None
    return candidates[codes.index(best)]


#: Languages the detector knows.
KNOWN = frozenset(_FUNCTION_WORDS)

#: ISO 639-2/B (« bibliographic ») codes of the languages a book is most often written in, by their ISO 639-1
#: code: the book trade's metadata (ONIX, MARC) names languages this way, while book.yaml and HTML use
#: the two-letter code.
BIBLIOGRAPHIC = {"fr": "fre", "en": "eng", "de": "ger", "es": "spa", "it": "ita", "nl": "dut", "pt": "por",
                 "ca": "cat", "br": "bre", "eu": "baq", "oc": "oci", "co": "cos", "la": "lat", "el": "gre",
                 "ar": "ara", "zh": "chi", "ja": "jpn", "ru": "rus", "pl": "pol", "sv": "swe", "da": "dan"}


def bibliographic_code(tag: str) -> str | None:
    """The ISO 639-2/B code of a language tag (``fr-FR`` → ``fre``); a three-letter tag is taken as it is."""
    code = primary(tag)
    return code if len(code) == 3 else BIBLIOGRAPHIC.get(code)
