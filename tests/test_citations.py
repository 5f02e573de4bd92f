"""Tests of kambook.citations: exact strings, because typography is the product.

Expected strings are French author–date as the kambook style defines it; ranges use an en dash
(U+2013). Non-breaking spaces are added by a later stage, so plain spaces are expected here.
"""

from __future__ import annotations

import re
from pathlib import Path
from xml.etree import ElementTree

import pytest

from kambook.errors import SourceError
from kambook.citations import (
    Bibliography,
    CiteItem,
    UnknownCitationError,
    parse_cite,
)
from kambook.citations.files import read_records
from kambook.citations.latex import latex_to_html
from kambook.citations.style import flip_nested_italics

ROOT = Path(__file__).resolve().parents[1]
BIB = ROOT / "assets" / "references.bib"
STYLE = ROOT / "assets" / "csl" / "kambook-auteur-date-fr.csl"
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "citations"


def rendered(bibliography: Bibliography, *texts: str) -> list[str]:
    """Register every citation first, as the Markdown plugin must, then render them."""
    citations = [parse_cite(text) for text in texts]
    for items in citations:
        bibliography.register(items)
    return [bibliography.cite(items) for items in citations]


@pytest.fixture
def book() -> Bibliography:
    return Bibliography.load(BIB, STYLE)


# -- parse_cite ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("@webster1972, p. 14", [CiteItem("webster1972", "14", "page")]),
        ("@ford1980; @ojasalo2001", [CiteItem("ford1980"), CiteItem("ojasalo2001")]),
        ("voir @ford1980, p. 340-345", [CiteItem("ford1980", "340-345", "page", prefix="voir")]),
        ("@mcdonald1997, chap. 2", [CiteItem("mcdonald1997", "2", "chapter")]),
        ("@ford1980, pp. 340 – 345", [CiteItem("ford1980", "340-345", "page")]),
        ("@ford1980, 12", [CiteItem("ford1980", "12", "page")]),
        ("@shapiro1984, sect. 3", [CiteItem("shapiro1984", "3", "section")]),
        ("@shapiro1984, § 3", [CiteItem("shapiro1984", "3", "section")]),
        ("@ford1980, p. xii", [CiteItem("ford1980", "xii", "page")]),
        ("@ford1980, p. 14, 16 et passim", [CiteItem("ford1980", "14, 16", "page", suffix="et passim")]),
        ("@ford1980, passim", [CiteItem("ford1980", suffix=", passim")]),
        ("cf. @ford1980, p. 3 ; @ojasalo2001", [
            CiteItem("ford1980", "3", "page", prefix="cf."), CiteItem("ojasalo2001")]),
    ],
)
def test_parse_cite(text: str, expected: list[CiteItem]) -> None:
    assert parse_cite(text) == expected


@pytest.mark.parametrize("text", ["voir plus haut", "@ford1980;", "@ford1980 @ojasalo2001", "-@ford1980"])
def test_parse_cite_rejects_non_citations(text: str) -> None:
    with pytest.raises(ValueError):
        parse_cite(text)


# -- in-text citations -----------------------------------------------------------------------


def test_in_text_citations(book: Bibliography) -> None:
    assert rendered(
        book,
        "@ford1980",
        "@webster1972, p. 14",
        "@mcdonald1997",
        "voir @ford1980, p. 340-345",
        "@ford1980; @ojasalo2001",
        "@mcdonald1997, chap. 2",
        "@pegram1972, passim",
    ) == [
        "(Ford, 1980)",  # one author
        "(Webster et Wind, 1972, p. 14)",  # two authors, page
        "(McDonald et al., 1997)",  # three authors
        "(voir Ford, 1980, p. 340–345)",  # prefix and page range
        "(Ford, 1980; Ojasalo, 2001)",  # several works
        "(McDonald et al., 1997, chap. 2)",
        "(Pegram, 1972, passim)",
    ]


def test_several_works_follow_bibliography_order(book: Bibliography) -> None:
    assert rendered(book, "@ojasalo2001; @webster1972; @ford1980") == [
        "(Ford, 1980; Ojasalo, 2001; Webster et Wind, 1972)"
    ]


def test_links_wrap_each_work_but_not_the_prefix(book: Bibliography) -> None:
    items = parse_cite("voir @ford1980; @ojasalo2001, p. 3")
    book.register(items)
    assert book.cite(items, href=lambda key: f"#ref-{key}") == (
        '(voir <a href="#ref-ford1980">Ford, 1980</a>; <a href="#ref-ojasalo2001">Ojasalo, 2001, p. 3</a>)'
    )


def test_prefix_and_suffix_are_escaped(book: Bibliography) -> None:
    assert rendered(book, "<b>voir</b> @ford1980, p. 3 & suiv.") == [
        "(&lt;b&gt;voir&lt;/b&gt; Ford, 1980, p. 3 &amp; suiv.)"
    ]


def test_same_author_and_year_get_letters_in_bibliography_order() -> None:
    bibliography = Bibliography.load(FIXTURES / "extra.bib", STYLE)
    # Cited b before a: letters still follow the reference list (sorted by title).
    assert rendered(bibliography, "@ford1980b, p. 3", "@ford1980a", "@zola1885") == [
        "(Ford, 1980b, p. 3)",
        "(Ford, 1980a)",
        "(Zola, 1885)",
    ]
    entries = dict(bibliography.entries())
    assert entries["ford1980a"].startswith("Ford, D. (1980a). Adaptation")
    assert entries["ford1980b"].startswith("Ford, D. (1980b). Buyer-Seller")
    assert entries["zola1885"] == "Zola, É. (1885). <i>Germinal</i>. Paris : Charpentier."


# -- bibliography ----------------------------------------------------------------------------


def test_journal_article_entry(book: Bibliography) -> None:
    rendered(book, "@webster1972")
    assert book.entries() == [
        (
            "webster1972",
            "Webster, F. E., Jr. et Wind, Y. (1972). A General Model for Understanding "
            "Organizational Buying Behavior. <i>Journal of Marketing</i>, 36(2), 12–19.",
        )
    ]


def test_report_entries(book: Bibliography) -> None:
    rendered(book, "@pegram1972; @shapiro1984")
    assert book.entries() == [
        (
            "pegram1972",
            "Pegram, R. M. (1972). <i>Selling and Servicing the National Account</i> "
            "(Rapport nᵒ 557). New York : The Conference Board.",
        ),
        (
            "shapiro1984",
            "Shapiro, B. P. et Moriarty, R. T. (1984). <i>Organizing the National Account Force</i> "
            "(Working Paper nᵒ 84-101). Cambridge, MA : Marketing Science Institute.",
        ),
    ]


def test_entries_are_sorted_by_author_then_year_and_only_cited(book: Bibliography) -> None:
    rendered(book, "@webster1972", "@ojasalo2001; @mcdonald1997", "@homburg2002", "@ford1980", "@millman1995")
    assert [key for key, _ in book.entries()] == [
        "ford1980", "homburg2002", "mcdonald1997", "millman1995", "ojasalo2001", "webster1972",
    ]


def test_sorting_ignores_accents() -> None:
    bibliography = Bibliography.load(FIXTURES / "extra.bib", STYLE)
    rendered(bibliography, "@zola1885; @eluard1951; @ford1980a")
    assert [key for key, _ in bibliography.entries()] == ["eluard1951", "ford1980a", "zola1885"]
    assert bibliography.cite(parse_cite("@zola1885; @eluard1951")) == "(Éluard, 1951; Zola, 1885)"


def test_bibliography_follows_french_order() -> None:
    """Accents decide from the end of the word (cote < côte < coté < côté) before the year does, œ is
    spelt out (Œillet < Oeuf), and a name ends before any letter (Martin < Martinez, Saint-Exupéry <
    Sainte-Beuve)."""
    bibliography = Bibliography.load(FIXTURES / "french-order.bib", STYLE)
    keys = sorted(bibliography.keys)
    rendered(bibliography, "; ".join(f"@{key}" for key in keys))
    assert [key for key, _ in bibliography.entries()] == [
        "cote2004", "cote2003", "cote2002", "cote2001", "martin2000", "martinez1999", "oeil1990", "oeuf1991",
        "saint1943", "sainte1840",
    ]


def test_emphasis_inside_an_italic_title_prints_upright(tmp_path: Path) -> None:
    path = tmp_path / "emph.bib"
    path.write_text("@book{dupont2000, author = {Dupont, Jean}, title = {Lire \\emph{Madame Bovary} aujourd'hui},\n"
                    "  publisher = {Plon}, address = {Paris}, year = 2000}\n"
                    "@article{durand2001, author = {Durand, Paul}, title = {Sur \\emph{Germinal}},\n"
                    "  journal = {Revue \\emph{Zola}}, volume = 3, pages = {1--2}, year = 2001}\n", encoding="utf-8")
    bibliography = Bibliography.load(path, STYLE)
    rendered(bibliography, "@dupont2000; @durand2001")
    assert dict(bibliography.entries()) == {
        "dupont2000": "Dupont, J. (2000). <i>Lire <span class=\"upright\">Madame Bovary</span> aujourd'hui</i>. "
                      "Paris : Plon.",
        # An article's title is not in italics: its emphasis stays italic.
        "durand2001": "Durand, P. (2001). Sur <i>Germinal</i>. <i>Revue <span class=\"upright\">Zola</span></i>, 3, 1–2.",
    }
    for sheet in ("print.css", "web.css"):
        assert re.search(r"^\.upright \{ font-style: normal; \}$", (ROOT / "styles" / sheet).read_text(encoding="utf-8"),
                         re.MULTILINE), sheet
    assert flip_nested_italics("<i>a <i>b <i>c</i> d</i> e</i> <i>f</i>") == (
        '<i>a <span class="upright">b <i>c</i> d</span> e</i> <i>f</i>')


def test_latex_and_other_entry_types() -> None:
    bibliography = Bibliography.load(FIXTURES / "extra.bib", STYLE)
    rendered(bibliography, "@eluard1951", "@gaulle1954", "@martin2010", "@msi2001")
    assert bibliography.cite(parse_cite("@gaulle1954")) == "(de Gaulle, 1954)"
    assert dict(bibliography.entries()) == {
        "eluard1951": "Éluard, P. (1951). <i>Le Phénix &amp; la colombe</i> (2ᵉ éd.). "
        "Paris : Gallimard.",
        "gaulle1954": "Gaulle, C. de (1954). Why &lt;Now&gt;? Dans J. Dupont et M. Durand (dir.), "
        "<i>Mémoires de guerre</i> (p. 12–19). Paris : Plon.",
        "martin2010": "Martin, A.-S. (2010). <i>La gestion des grands comptes</i> (Thèse de doctorat). "
        "Université Paris-Dauphine.",
        "msi2001": "Marketing Science Institute (2001). <i>Research Priorities</i> (Rapport). "
        "Cambridge, MA : Marketing Science Institute.",
    }


def test_every_entry_is_well_formed_html(book: Bibliography) -> None:
    rendered(book, *(f"@{key}" for key in sorted(book.keys)))
    entries = book.entries()
    assert len(entries) == len(book.keys) == 11
    for key, entry in entries:
        ElementTree.fromstring(f"<p>{entry}</p>")  # raises on a bare & or <
    assert "Journal of Business &amp; Industrial Marketing" in dict(entries)["ojasalo2001"]


def test_csl_json_source() -> None:
    bibliography = Bibliography.load(FIXTURES / "references.json", STYLE)
    assert bibliography.keys == {"webster1972", "pegram1972"}
    assert rendered(bibliography, "@webster1972, p. 14") == ["(Webster et Wind, 1972, p. 14)"]
    assert bibliography.entries() == [
        (
            "webster1972",
            "Webster, F. E., Jr. et Wind, Y. (1972). A General Model for Understanding <i>Organizational</i> "
            "Buying Behavior. <i>Journal of Marketing &amp; Sales</i>, 36(2), 12–19.",
        )
    ]


def test_style_asks_for_hanging_indent(book: Bibliography) -> None:
    assert book.hanging_indent


# -- errors the caller turns into file:line problems -----------------------------------------


def test_unknown_key_is_a_key_error_listing_every_unknown_key(book: Bibliography) -> None:
    with pytest.raises(UnknownCitationError) as raised:
        book.register(parse_cite("@Webster1972; @ford1980; @nobody2020"))
    error = raised.value
    assert isinstance(error, KeyError)
    assert error.keys == ("Webster1972", "nobody2020")
    assert error.suggestions == {"Webster1972": ["webster1972"]}
    assert str(error) == (
        "unknown citation keys not in the bibliography: "
        "@Webster1972 (did you mean @webster1972?), @nobody2020"
    )
    # Nothing of the faulty citation was registered.
    assert book.entries() == []


def test_cite_also_rejects_unknown_keys(book: Bibliography) -> None:
    rendered(book, "@ford1980")
    with pytest.raises(KeyError):
        book.cite([CiteItem("nobody2020")])


def test_registration_is_closed_once_rendering_starts(book: Bibliography) -> None:
    rendered(book, "@ford1980")
    book.register(parse_cite("@ford1980"))  # replaying a known key is harmless
    with pytest.raises(RuntimeError):
        book.register(parse_cite("@ojasalo2001"))
    with pytest.raises(RuntimeError):
        book.cite(parse_cite("@webster1972"))  # known, but never registered


@pytest.mark.parametrize(
    ("name", "line", "message"),
    [
        ("missing-comma.bib", 4, "expected ',' or '}' after field 'title' in entry 'ford1980'"),
        ("unclosed-brace.bib", 8, "field 'title' of entry 'ojasalo2001' runs into the next field"),
        ("duplicate.bib", 3, "duplicate key 'Ford1980' (already defined on line 1)"),
        ("broken.json", 3, "invalid JSON"),
    ],
)
def test_malformed_bibliography(name: str, line: int, message: str) -> None:
    with pytest.raises(SourceError) as raised:
        Bibliography.load(FIXTURES / name, STYLE)
    error = raised.value
    assert error.location is not None
    assert error.location.file.endswith(f"tests/fixtures/citations/{name}")
    assert error.location.line == line
    assert message in error.message


def test_unknown_entry_type_names_its_line(tmp_path: Path) -> None:
    path = tmp_path / "typo.bib"
    path.write_text("@article{a, title = {A}, year = 2000}\n\n@artcle{b,\n title = {B}}\n", encoding="utf-8")
    with pytest.raises(SourceError) as raised:
        Bibliography.load(path, STYLE)
    assert raised.value.location.line == 3
    assert "unknown entry type @artcle" in raised.value.message


def test_unreadable_files(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="cannot read bibliography"):
        Bibliography.load(tmp_path / "missing.bib", STYLE)
    with pytest.raises(SourceError, match="unsupported bibliography format"):
        Bibliography.load(tmp_path / "refs.ris", STYLE)
    latin1 = tmp_path / "latin1.bib"
    latin1.write_bytes(b"@book{a,\n title = {Ph\xe9nix}, year = 1951}\n")
    with pytest.raises(SourceError, match="not valid UTF-8") as raised:
        Bibliography.load(latin1, STYLE)
    assert raised.value.location.line == 2


def test_broken_style(tmp_path: Path) -> None:
    style = tmp_path / "broken.csl"
    style.write_text(
        '<?xml version="1.0"?>\n<style xmlns="http://purl.org/net/xbiblio/csl">\n<info>\n</style>\n'
    )
    with pytest.raises(SourceError, match="not well-formed XML") as raised:
        Bibliography.load(BIB, style)
    assert raised.value.location.line == 4
    invalid = tmp_path / "invalid.csl"
    invalid.write_text(
        '<?xml version="1.0"?>\n'
        '<style xmlns="http://purl.org/net/xbiblio/csl" version="1.0" class="in-text">\n'
        "<citation><layout><text variable=\"title\"/></layout></citation>\n</style>\n"
    )
    with pytest.raises(SourceError, match="not valid CSL"):
        Bibliography.load(BIB, invalid)


def test_the_language_of_a_work(book: Bibliography) -> None:
    """An English work's bibliography entry is marked English: English spacing, read out in English."""
    assert book.language("homburg2002") == "en"  # langid = {english} in the .bib
    extra = Bibliography.load(FIXTURES / "extra.bib", STYLE)
    assert extra.language("martin2010") == "fr"  # « La gestion des grands comptes », read from the title
    assert extra.language("msi2001") is None  # « Research Priorities »: too short to tell
    assert extra.language("unknown-key") is None


# -- the BibTeX reader (bibtexparser 2, pylatexenc) ------------------------------------------


def test_tricky_bibtex_becomes_csl_json() -> None:
    """Macros and #, nested braces, name parts (von, Jr, and others), accents, month macros, a
    commented-out entry: the CSL-JSON records citeproc-py receives, with each entry's line."""
    records = read_records(FIXTURES / "tricky.bib")
    assert [(record["id"], line) for record, line in records] == [
        ("dupont2001", 6), ("fontaine1668", 17), ("oneil2005", 26)]
    dupont, fontaine, oneil = (record for record, _ in records)
    assert dupont == {
        "id": "dupont2001", "type": "article-journal",
        "author": [{"family": "Dupont", "given": "Jean"}, {"family": "Müller", "given": "Jörg"},
                   {"literal": "al."}],
        "title": "A Nested Brace Title about Études and <i>Cas</i>",
        "container-title": "Journal of Marketing Research",
        "volume": "12", "issue": "3", "page": "10-20", "issued": {"date-parts": [[2001, 4]]},
    }
    assert fontaine["author"] == [
        {"given": "Jean", "non-dropping-particle": "de", "family": "La Fontaine"},
        {"given": "Charles", "non-dropping-particle": "de la", "family": "Vallée Poussin", "suffix": "Jr"},
    ]
    assert fontaine["title"] == "Fables\u00a0choisies – tome\u00a01"  # ~ is a no-break space, -- an en dash
    assert fontaine["publisher"] == "Presses Universitaires"
    assert fontaine["issued"] == {"date-parts": [[1668, 3]]}  # « mars »
    assert oneil["author"] == [{"family": "O'Neil", "given": "Paul", "suffix": "Jr."},
                               {"literal": "World Health Organization"}]
    assert oneil["title"] == "Why 50% of NASA reports end with a question?"
    assert oneil["issued"] == {"date-parts": [[2005, 12]]}


def test_tricky_bibtex_renders() -> None:
    bibliography = Bibliography.load(FIXTURES / "tricky.bib", STYLE)
    assert rendered(bibliography, "@dupont2001", "@fontaine1668", "@oneil2005") == [
        "(Dupont et al., 2001)",
        "(de La Fontaine et de la Vallée Poussin, 1668)",
        "(O'Neil et World Health Organization, 2005)",
    ]
    assert dict(bibliography.entries()) == {
        "dupont2001": "Dupont, J., Müller, J. et al. (2001). A Nested Brace Title about Études and <i>Cas</i>. "
        "<i>Journal of Marketing Research</i>, 12(3), 10–20.",
        "fontaine1668": "La Fontaine, J. de et Vallée Poussin, C. de la, Jr (1668). "
        "<i>Fables\u00a0choisies – tome\u00a01</i>. Paris : Presses Universitaires.",
        "oneil2005": "O'Neil, P., Jr. et World Health Organization (2005). "
        "<i>Why 50% of NASA reports end with a question?</i> (Rapport). WHO.",
    }


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("@article{a,\n  title = {A},\n  journal = nomacro,\n  year = 2000\n}\n", 3,
         "undefined @string macro 'nomacro': define it with @string or put the value in braces"),
        ("@article{a,\n  title = {A},\n  title = {B}\n}\n", 3, "field 'title' given twice in entry 'a': keep one"),
        ("@article{a,\n  author = {Ford, David},\n  year = 1980\n  title = {X}\n}\n", 4,
         "expected ',' or '}' after field 'year' in entry 'a'"),
        ("@article{a,\n  title = {A},\n  year = 2000\n}\n\n@article{b,\n  title = {B {unclosed},\n  year = 2001\n}\n"
         "\n@book{c, title = {C}, year = 1}\n", 7, "field 'title' of entry 'b' runs into the next field"),
        ("@article{a, title = {A}, year = 1,\n", 1, "entry 'a' is not closed before the end of the file"),
        ('@article{a,\n  title = "A,\n  year = 2000\n}\n', 1, "entry 'a' is not closed before the end of the file"),
        ("@article{a\n  title = {A}\n}\n", 1, "cannot read entry 'a' (Expected comma after entry key"),
        ("@article{,\n  title = {A}\n}\n", 1, "@article entry has no key"),
        ("@article{a, author = {a, b, c, d}, year = 1}\n", 1, "@a: cannot read the name 'a, b, c, d': too many commas"),
        ("@article{a, title = {A}, year = 1, month = {foo}}\n", 1, "@a: month 'foo' is not a month"),
        ("\n@article{a, title = {A}, year = 1}\n@article{a, title = {B}, year = 2}\n", 3,
         "duplicate key 'a' (already defined on line 2)"),
    ],
    ids=["undefined-macro", "field-twice", "missing-comma", "unclosed-brace", "unclosed-entry", "unclosed-quote",
         "no-comma-after-key", "no-key", "bad-name", "bad-month", "duplicate-key"],
)
def test_bibtex_errors_name_their_line(tmp_path: Path, text: str, line: int, message: str) -> None:
    path = tmp_path / "refs.bib"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(SourceError) as raised:
        Bibliography.load(path, STYLE)
    assert (raised.value.location.line, message) == (line, raised.value.message[: len(message)])


@pytest.mark.parametrize(
    ("latex", "expected"),
    [
        (r"Le Ph{\'e}nix \& \emph{la} \textit{co}\textbf{lombe}", "Le Phénix &amp; <i>la</i> <i>co</i><b>lombe</b>"),
        (r"\"{o} {\"o} \'{\i} \c{c}a {\v{S}}ebek \oe uvre \ss{}", "ö ö í ça Šebek œuvre ß"),
        (r"a~b -- c --- ``d'' \og{}e\fg{}", "a\u00a0b – c — “d” «e»"),
        (r"Why <Now>? 50% $x$ \unknown{kept} \href{http://x}{text}", "Why &lt;Now&gt;? 50% x kept text"),
        (r"2\textsuperscript{e} {NASA}", "2<sup>e</sup> NASA"),
    ],
    ids=["markup", "accents", "dashes-quotes", "escaped-and-unknown", "superscript-braces"],
)
def test_latex_to_html(latex: str, expected: str) -> None:
    assert latex_to_html(latex) == expected
