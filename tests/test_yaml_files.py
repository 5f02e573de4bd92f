"""The glossary, the index terms and the event file: broken input and the exact messages an author reads.

Each case of ``fixtures/yamlfiles/<file>.txt`` is the whole file, then every expected message, one a line
(sorted, as the build prints them)::

    name of the case
    .
    the file
    .
    every expected message
    .

book.yaml and chapter front matter have their own fixtures in ``fixtures/manifest`` (test_manifest.py).
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

import pytest
from fixturefile import read_cases

from kambook.errors import ProblemsError
from kambook.sources.event import load_event
from kambook.transform.terms import load_glossary, load_index_terms

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "yamlfiles"
LOADERS: dict[str, tuple[str, Callable[[Path, Path], object]]] = {
    "glossary.txt": ("glossary.yaml", load_glossary),
    "index-terms.txt": ("index.yaml", load_index_terms),
    "event.txt": ("event.yaml", load_event),
}


def cases() -> list:
    return [pytest.param(fixture, "\n".join(given) + "\n", [m for m in wanted if m], id=f"{fixture}: {name}")
            for fixture in LOADERS for name, given, wanted in read_cases(FIXTURES / fixture)]


@pytest.mark.parametrize(("fixture", "text", "expected"), cases())
def test_every_problem_is_reported_at_its_line(tmp_path: Path, fixture: str, text: str, expected: list[str]) -> None:
    name, load = LOADERS[fixture]
    (tmp_path / name).write_text(text, encoding="utf-8")
    with pytest.raises(ProblemsError) as raised:
        load(tmp_path / name, tmp_path)
    assert [str(p) for p in raised.value.problems] == expected


def test_a_file_that_is_not_utf8_is_named_at_the_line_of_its_byte(tmp_path: Path) -> None:
    (tmp_path / "glossary.yaml").write_bytes("- id: cafe\n  term: Café\n".encode("latin-1"))
    with pytest.raises(ProblemsError) as raised:
        load_glossary(tmp_path / "glossary.yaml", tmp_path)
    assert str(raised.value.problems[0]) == "glossary.yaml:2: not UTF-8 text (byte 22): save it as UTF-8"


def test_a_file_that_is_not_yaml_is_named_at_its_line_and_column(tmp_path: Path) -> None:
    (tmp_path / "event.yaml").write_text("title: Symposium\nvenue: CNIT: La Défense\n", encoding="utf-8")
    with pytest.raises(ProblemsError) as raised:
        load_event(tmp_path / "event.yaml", tmp_path)
    assert [str(p) for p in raised.value.problems] == [
        "event.yaml:2:12: this is not valid YAML: mapping values are not allowed here"]


def test_valid_files_keep_their_values(tmp_path: Path) -> None:
    (tmp_path / "index.yaml").write_text("- entry: Achat\n  match: achat\n  sub:\n    - entry: public\n"
                                         "- entry: Achats\n  see: Achat\n", encoding="utf-8")
    assert load_index_terms(tmp_path / "index.yaml", tmp_path) == [
        {"entry": "Achat", "match": ("achat",), "sub": ({"entry": "public"},)}, {"entry": "Achats", "see": "Achat"}]
    (tmp_path / "glossary.yaml").write_text("- id: achat\n  term: Achat\n  definition: L'acte d'acheter.\n"
                                            "  aliases: [achats]\n", encoding="utf-8")
    term = load_glossary(tmp_path / "glossary.yaml", tmp_path).terms["achat"]
    assert (term.term, term.definition, term.aliases, term.fr, term.line) == ("Achat", "L'acte d'acheter.",
                                                                              ("achats",), "", 1)
