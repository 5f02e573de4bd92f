"""The back-of-book index algorithms: French order, page ranges, entries, letter groups, matching.

Each fixture file of ``fixtures/indexing`` holds the cases of one topic, in markdown-it-py's fixture
format (name, ``.``, input lines, ``.``, expected lines, ``.``), so a case reads as the index would:

- ``sorting.txt``: headings in any order → headings in French order;
- ``grouping.txt``: headings → one ``LETTER: heading; heading`` line per group;
- ``ranges.txt``: ``pages:`` (and ``labels:``, physical page index → printed label) → printed locators;
- ``index.txt``: YAML ``terms`` and ``marks`` ([entry, sub, anchor]) → the index as text (see ``render``);
- ``errors.txt``: the same YAML (or ``terms`` and ``text``) → the lines of the ValueError raised;
- ``matching.txt``: a run of text → ``start-end matched → Entry > sub`` lines, terms from ``terms.yaml``.
"""

from __future__ import annotations

import dataclasses
import random
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from fixturefile import read_cases

from kambook.model import IndexEntry, Locator
from kambook.transform.indexing import (
    build_index,
    find_matches,
    group_by_letter,
    merge_pages,
    number_twins,
)
from kambook.text.collation import letter_of, sort_key

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "indexing"
TERMS = yaml.safe_load((FIXTURES / "terms.yaml").read_text(encoding="utf-8"))


def cases(name: str) -> list:
    """One pytest parameter per case of a fixture file, with the case name as id."""
    found = [pytest.param(given, wanted, id=case) for case, given, wanted in read_cases(FIXTURES / name)]
    assert len({param.id for param in found}) == len(found), f"duplicate case names in {name}"
    return found


def render(entries: list[IndexEntry]) -> list[str]:
    """The index as plain lines, as close to the printed one as text allows, to compare whole indexes."""
    lines: list[str] = []
    for entry in entries:
        for depth, item in [(0, entry), *((1, sub) for sub in entry.subs.values())]:
            line = "  " * depth + item.heading
            if item.locators:
                line += ": " + ", ".join(locator.anchor for locator in item.locators)
            if item.see:
                line += f" → voir {item.see}"
            lines.append(line)
        if entry.see_also:
            lines.append("  voir aussi: " + "; ".join(entry.see_also))
    return lines


def build_from_yaml(text: str) -> list[IndexEntry]:
    document = yaml.safe_load(text)
    return build_index([tuple(mark) for mark in document.get("marks") or []], document.get("terms") or [])


# --- sorting ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(("given", "wanted"), cases("sorting.txt"))
def test_sorting(given: list[str], wanted: list[str]) -> None:
    assert sorted(given, key=sort_key) == wanted


@pytest.mark.parametrize(("given", "wanted"), cases("sorting.txt"))
def test_sorting_does_not_depend_on_input_order(given: list[str], wanted: list[str]) -> None:
    for seed in range(5):
        shuffled = random.Random(seed).sample(given, len(given))
        assert sorted(shuffled, key=sort_key) == wanted


def test_sort_key_tells_every_different_text_apart() -> None:
    texts = ["d'achat", "d’achat", "dachat", "Dachat", "d-achat", "03", "3", "3\u00a0M", "3 M"]
    assert len({sort_key(text) for text in texts}) == len(texts)


@pytest.mark.parametrize(
    ("text", "letter"),
    [
        ("Élan", "E"), ("élan", "E"), ("Œuvre", "O"), ("œil", "O"), ("Ça", "C"), ("Ørsted", "O"),
        ("3M", "#"), ("« Spin »", "S"), ("%", "#"), ("", "#"),
    ],
)
def test_letter_of(text: str, letter: str) -> None:
    assert letter_of(text) == letter


# --- grouping ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(("given", "wanted"), cases("grouping.txt"))
def test_grouping(given: list[str], wanted: list[str]) -> None:
    groups = group_by_letter([IndexEntry(heading) for heading in given])
    assert [f"{letter}: " + "; ".join(entry.heading for entry in entries) for letter, entries in groups] == wanted


def test_grouping_nothing() -> None:
    assert group_by_letter([]) == []


# --- page ranges ------------------------------------------------------------------------------------


@pytest.mark.parametrize(("given", "wanted"), cases("ranges.txt"))
def test_ranges(given: list[str], wanted: list[str]) -> None:
    fields = {key: value.split() for key, _, value in (line.partition(":") for line in given)}
    labels = fields.get("labels")
    assert ", ".join(merge_pages((int(page) for page in fields["pages"]), labels)) == "\n".join(wanted)


def test_ranges_with_an_en_dash() -> None:
    labels = ["i", "ii", "iii", "iv", "v", "vi", "1", "2", "3", "4"]
    assert merge_pages([3, 4, 5, 9], labels, dash="–") == ["iv–vi", "4"]


@pytest.mark.parametrize(
    ("pages", "labels", "message"),
    [
        ([1, None], None, "not a page number"),
        ([4], ["i", "ii"], "outside the 2 pages"),
        ([1], ["1", " ", "3"], "no printed label"),
    ],
)
def test_ranges_refuse_what_cannot_be_printed(pages: list, labels: list[str] | None, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        merge_pages(pages, labels)


# --- entries ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(("given", "wanted"), cases("index.txt"))
def test_index(given: list[str], wanted: list[str]) -> None:
    assert render(build_from_yaml("\n".join(given))) == wanted


@pytest.mark.parametrize(("given", "wanted"), cases("errors.txt"))
def test_errors(given: list[str], wanted: list[str]) -> None:
    document = yaml.safe_load("\n".join(given))
    run: Callable[[], object]
    if "text" in document:
        run = lambda: find_matches(document["text"], document["terms"])  # noqa: E731
    else:
        run = lambda: build_from_yaml("\n".join(given))  # noqa: E731
    with pytest.raises(ValueError) as raised:
        run()
    assert str(raised.value).split("\n") == wanted


def test_the_model() -> None:
    entries = build_index([("Compte clé", "sélection", "a2"), ("Compte clé", None, "a1")], TERMS)
    entry = entries[0]
    assert entry.locators == [Locator("a1")] and entry.locators[0].page is None
    assert list(entry.subs) == ["sélection"] and entry.subs["sélection"].locators == [Locator("a2")]
    with pytest.raises(dataclasses.FrozenInstanceError):
        entry.locators[0].page = 3  # type: ignore[misc]
    assert dataclasses.replace(entry.locators[0], page=3) == Locator("a1", 3)
    grands = next(e for e in entries if e.heading == "Grands comptes")
    assert (grands.locators, grands.see) == ([], "Compte clé")


def test_entries_and_subs_sort_in_french_order() -> None:
    headings = ["Zèbre", "côté", "d'achat", "Œuvre", "oeil", "3M", "Élan", "elle"]
    marks = [(heading, None, f"a{i}") for i, heading in enumerate(headings)]
    marks += [("Zèbre", sub, f"s{i}") for i, sub in enumerate(["rayé", "Œil", "Afrique", "10 ans", "2 ans"])]
    entries = build_index(marks, [])
    assert [e.heading for e in entries] == ["3M", "côté", "d'achat", "Élan", "elle", "oeil", "Œuvre", "Zèbre"]
    assert list(entries[-1].subs) == ["2 ans", "10 ans", "Afrique", "Œil", "rayé"]


def test_headings_differing_only_by_accents_case_or_punctuation_are_one_entry() -> None:
    """As asked: marks typed « compte cle » or « Compte-Clé » land on « Compte clé ». The price is that
    true homographs (côte / coté) merge too; give one of them a qualifier, « côte (littoral) »."""
    entries = build_index([("côte", None, "a1"), ("Coté", None, "a2"), ("côte (littoral)", None, "a3")], [])
    assert render(entries) == ["côte: a1, a2", "côte (littoral): a3"]


def test_occurrences_of_a_matched_text_build_the_index() -> None:
    """How the owner is expected to chain the two: matches become occurrences."""
    text = "La sélection des comptes clés, le KAM et le compte clé."
    occurrences = [(entry, sub, f"idx-{n}") for n, (_, _, entry, sub) in enumerate(find_matches(text, TERMS))]
    assert render(build_index(occurrences, TERMS)) == [
        "Compte clé: idx-2",
        "  sélection: idx-0",
        "  voir aussi: Key Account Management",
        "Grands comptes → voir Compte clé",
        "Key Account Management: idx-1",
    ]


# --- matching ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(("given", "wanted"), cases("matching.txt"))
def test_matching(given: list[str], wanted: list[str]) -> None:
    text = "\n".join(given)
    found = [
        f"{start}-{end} {text[start:end]} → {entry}" + (f" > {sub}" if sub else "")
        for start, end, entry, sub in find_matches(text, TERMS)
    ]
    assert "\n".join(found) == "\n".join(wanted)


def test_matching_decomposed_accents() -> None:
    text = "un compte cle\u0301 et des comptes cl\u00e9s"
    assert [(s, e) for s, e, _, _ in find_matches(text, TERMS)] == [(3, 14), (22, 34)]


def test_matching_decomposed_accents_belong_to_their_word() -> None:
    assert find_matches("un de\u0301compte clé, une cle\u0301", [{"entry": "Clé", "match": ["compte clé", "cle"]}]) == []


def test_matching_forms_not_starting_with_a_letter() -> None:
    terms = [{"entry": ".NET", "match": [".NET"]}, {"entry": "C++", "match": ["C++"]}]
    assert find_matches("En C++ ou en .net, pas en C++x.", terms) == [(3, 6, "C++", None), (13, 17, ".NET", None)]


def test_matching_terms_changed_between_calls() -> None:
    terms = [{"entry": "Compte clé", "match": ["compte clé"]}]
    assert find_matches("un compte clé", terms) == [(3, 13, "Compte clé", None)]
    terms[0]["match"] = ["compte"]
    assert find_matches("un compte clé", terms) == [(3, 9, "Compte clé", None)]


def test_matching_without_terms() -> None:
    assert find_matches("un compte clé", []) == []


def test_singular_and_plural_headings_are_flagged() -> None:
    entries = [IndexEntry(h) for h in ("Rituel", "Rituels", "Compte clé", "Comptes clés", "Cloud", "Citibank",
                                       "Réseau", "Réseaux", "Achat")]
    assert number_twins(entries) == [("Rituel", "Rituels"), ("Compte clé", "Comptes clés"), ("Réseau", "Réseaux")]
    assert number_twins([IndexEntry("Compte clé"), IndexEntry("compte-clé")]) == [], "one entry already"
