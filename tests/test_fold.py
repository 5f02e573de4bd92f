"""The floor's one fold and one French collation: Python's ``fold`` and ``sort_key`` on a table of French
cases, the collation's first level agreeing with the fold, and ``fold.js`` (what the site and the flipbook
search with) giving exactly Python's fold in Chromium."""

from __future__ import annotations

import json
import re
import unicodedata

import pytest

from kambook.text.collation import letter_of, primary, sort_key
from kambook.text.folding import FOLD_JS, fold, fold_char

#: (text, its fold): every rule of folding.py at least once.
FOLDS = [
    ("Compte-clé", "compte-cle"),
    ("COMPTE\u2011CLÉ", "compte-cle"),  # non-breaking hyphen
    ("compte\u2010clé", "compte-cle"),  # typographic hyphen
    ("cote", "cote"), ("côte", "cote"), ("coté", "cote"), ("côté", "cote"),
    ("Œil", "oeil"), ("oeil", "oeil"), ("œil", "oeil"), ("ŒUVRE", "oeuvre"),
    ("Ægir", "aegir"), ("Straße", "strasse"), ("STRAẞE", "strasse"),
    ("Øresund", "oresund"), ("Łódź", "lodz"), ("Đakovo", "dakovo"), ("ıl", "il"), ("İstanbul", "istanbul"),
    ("« d’achat »", "« d'achat »"), ("d'achat", "d'achat"), ("dʼachat", "d'achat"),
    ("3\u00a0M", "3 m"), ("10\u202f%", "10 %"), ("à\u2009moitié", "a moitie"), ("  deux \t\n espaces  ", "deux espaces"),
    ("\u00a0début et fin\u202f", "debut et fin"),
    ("ﬁnance", "finance"), ("ﬂux", "flux"), ("eﬀet", "effet"), ("x²", "x2"), ("½", "1⁄2"),
    ("cré\u00adation", "creation"), ("mot\u200bmot", "motmot"), ("\ufeffBOM", "bom"),
    ("Ça", "ca"), ("NOËL", "noel"), ("Ǆ", "dz"), ("ſ", "s"), ("\u212a", "k"),  # Kelvin sign
    ("ŉ", "'n"), ("ΟΔΟΣ", "οδοσ"), ("οδος", "οδοσ"),
    ("e\u0301le\u0300ve", "eleve"),  # decomposed accents
    ("Key Account Management", "key account management"),
    ("", ""), ("   ", ""),
]


@pytest.mark.parametrize(("text", "folded"), FOLDS, ids=[repr(text) for text, _ in FOLDS])
def test_fold(text: str, folded: str) -> None:
    assert fold(text) == folded


def test_french_order() -> None:
    assert sorted(["côté", "coté", "côte", "cote"], key=sort_key) == ["cote", "côte", "coté", "côté"]
    assert sorted(["Œil", "oeil", "œuf", "ode"], key=sort_key) == ["ode", "oeil", "Œil", "œuf"]
    assert primary("« d’achat »") == primary("d'achat") == primary("Dachat") < primary("dé")
    assert sorted(["ﬁn", "fin", "fimbrié"], key=sort_key) == ["fimbrié", "fin", "ﬁn"]
    assert letter_of("Œil") == "O" and letter_of("ﬁn") == "F" and letter_of("« Élan »") == "E"
    assert primary("3\u00a0M") == primary("3 M") == primary("3M")


def test_bibliography_compares_word_by_word() -> None:
    names = ["Martinez, A.", "Martin, Z.", "Sainte-Beuve, C.-A.", "Saint-Exupéry, A. de", "D’Alembert, J.", "Dale, B."]
    assert sorted(names, key=lambda n: sort_key(n, by_word=True)) == [
        "Dale, B.", "D’Alembert, J.", "Martin, Z.", "Martinez, A.", "Saint-Exupéry, A. de", "Sainte-Beuve, C.-A."]


#: Every letter, digit and space a French (or Latin-script) text may hold, with ligatures and spaces.
SWEEP = [chr(c) for c in [*range(0x20, 0x250), *range(0x1E00, 0x1F00), *range(0x2000, 0x2070), *range(0xFB00, 0xFB07)]
         if unicodedata.category(chr(c)) not in ("Cn", "Cs", "Co")]


@pytest.mark.parametrize("text", [text for text, _ in FOLDS] + ["".join(SWEEP)])
def test_first_level_of_the_collation_is_the_fold(text: str) -> None:
    """The first level is the letters of the fold and its runs of digits (compared by value): two
    spellings that fold alike sort together."""
    units = [unit[1] if unit[0] == 1 else "<number>" for unit in primary(text)]
    expected = []
    for at, part in enumerate(re.split(r"(\d+)", fold(text))):
        expected += ["<number>"] if at % 2 else [c for c in part if c.isalpha()]
    assert units == expected


def test_fold_js_is_python_fold(browser: object) -> None:
    """fold.js in Chromium gives Python's fold on every case of the table and every character of the sweep
    (one by one and as one string), and its map points back at the character each folded one comes from."""
    texts = [text for text, _ in FOLDS] + SWEEP + ["".join(SWEEP), "Le « Compte\u2011clé » d’Œdipe\u00a0: ﬁn."]
    page = browser.new_page()
    try:
        page.set_content("<!doctype html><meta charset=utf-8><title>fold</title>")
        page.add_script_tag(content=FOLD_JS.read_text(encoding="utf-8"))
        got = page.evaluate("texts => texts.map(t => [kambookFold(t), kambookFold.mapped(t)])", texts)
    finally:
        page.close()
    wrong = [(text, js, fold(text)) for text, (js, _) in zip(texts, got) if js != fold(text)]
    assert not wrong, json.dumps(wrong[:20], ensure_ascii=False)
    for text, (js, mapped) in zip(texts, got):
        assert mapped["text"] == js and len(mapped["map"]) == len(js)
        # UTF-16 positions; these texts are all in the BMP, so they are Python's positions too.
        assert all(char == " " or char in fold_char(text[at]) for char, at in zip(js, mapped["map"]))
        assert mapped["map"] == sorted(mapped["map"])
