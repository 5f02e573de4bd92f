"""``book.yaml``: the typed manifest of a book.

The YAML is composed into nodes (not loaded into plain dicts) so that every value keeps its line: an
author who mistypes three keys sees three messages with ``book.yaml:LINE`` in one build. Validation
collects problems instead of stopping at the first one.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable

import yaml

from . import yamlcheck as yc
from .errors import ManifestError
from .text.language import BIBLIOGRAPHIC, bibliographic_code
from .yamlcheck import Checker

FRONT_BUILTINS = ("half-title", "title-page", "copyright", "toc", "list-of-figures", "list-of-tables")
BACK_BUILTINS = ("bibliography", "glossary", "index", "appendices", "list-of-figures", "list-of-tables")
LANG_RE = re.compile(r"^[a-z]{2,3}(-[A-Z]{2})?$")
SLUG_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
HYPHENATION_RE = re.compile(r"^[^\W\d_]+(-[^\W\d_]+)*$")
HYPHENATION_HINT = ("must be one word, its allowed break points marked by hyphens (e.g. Ci-ti-bank), or the "
                    "word alone to forbid breaking it")
LENGTH_RE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(mm|cm|in|pt)?\s*$")
EXPORT_FORMATS = ("blogger", "wxr", "ghost", "contentful", "strapi", "sanity", "folder")
FONT_SUFFIXES = (".ttf", ".otf", ".ttc", ".woff2", ".woff")
UNIT_MM = {"mm": 1.0, "cm": 10.0, "in": 25.4, "pt": 25.4 / 72, None: 1.0}
MONTH_RE = re.compile(r"^(\d{4})-(\d{2})$")
#: What a printed book must state (arrêté du 12 janvier 1995 on the legal deposit), beside its ISBN and
#: publisher: required when the print edition is built, optional for the site and the screen PDF.
PRINT_LEGAL = {
    "publisher_address": "the publisher's full postal address, e.g. publisher_address: "
                         "\"12, rue de l'Exemple, 75005 Paris\"",
    "legal_deposit": "the month of the legal deposit, e.g. legal_deposit: 2015-01",
    "printer": "the printer's name, address and the month printing was completed, indented below it: "
               "name: …, address: …, completed: 2015-01",
}
#: What the ONIX feed (``kambook.onix``) must carry beside the keys every build requires (title, ISBN,
#: publisher, date, language): required when the ``onix`` output is built.
ONIX_REQUIRED = {
    "description": "the book's description for booksellers, e.g. description: >- followed by a paragraph",
    "subjects": "the book's subject codes, Thema and/or CLIL, indented below it, e.g. thema: [KJMV7]",
}
ONIX_PRICE = ("the retail price with its tax and currency under print: cover:, e.g. price: \"29,00 € TTC\" "
              "(France's fixed price, VAT included)")
#: A Thema subject category: a letter, then letters and digits (KJMV7). Qualifiers (1DDF…) are not subjects.
THEMA_RE = re.compile(r"^[A-Z][A-Z0-9]{0,8}$")
CLIL_RE = re.compile(r"^\d{4}$")
#: A retail price as the cover prints it: « 29,00 € TTC », « 29.00 EUR ».
PRICE_RE = re.compile(r"^\s*(\d{1,5}(?:[.,]\d{1,2})?)\s*(€|EUR)\s*(TTC)?\s*$", re.IGNORECASE)
PRINTER_LEGAL = {
    "name": "the printer's name, e.g. name: Imprimerie de l'Exemple",
    "address": "the printer's postal address, e.g. address: \"5, rue des Presses, 53100 Mayenne\"",
    "completed": "the month printing was completed, e.g. completed: 2015-01",
}


@dataclass(frozen=True)
class Trim:
    width_mm: float = 160.0
    height_mm: float = 240.0


@dataclass(frozen=True)
class Entry:
    """One item of the front or back matter: a built-in page (``kind``) or a Markdown file."""

    kind: str  # a builtin name, or "file"
    file: Path | None = None
    line: int = 0


@dataclass(frozen=True)
class PartSpec:
    file: Path
    chapters: tuple[Path, ...]
    line: int = 0


@dataclass(frozen=True)
class AppendixSpec:
    """Which articles of a CMS export become the book's appendices (see docs/manuscript.md)."""

    export: Path
    format: str | None = None
    media: Path | None = None
    labels: tuple[str, ...] = ()
    slugs: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    status: tuple[str, ...] = ("published",)
    kinds: tuple[str, ...] = ("post", "page")
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    order: str = "date"
    titles: tuple[tuple[str, str], ...] = ()
    #: (slug, running head, line in book.yaml): the short title printed in the top margin of an appendix
    running_titles: tuple[tuple[str, str, int], ...] = ()
    line: int = 0
    #: content type ids of a typed CMS (Contentful, Sanity, Strapi); empty: the blog-post-shaped type
    types: tuple[str, ...] = ()
    #: translations to keep (``fr``); empty: every language
    languages: tuple[str, ...] = ()


@dataclass(frozen=True)
class CoverSpec:
    """What the back cover and spine say; layout is in styles/cover.css."""

    blurb: str = ""
    author_note: str = ""
    price: str = ""
    spine_min_text_mm: float = 6.0


@dataclass(frozen=True)
class Subjects:
    """The book's subject codes for the book trade: Thema (international, the first one the main subject)
    and CLIL (the French booksellers' classification, four digits)."""

    thema: tuple[str, ...] = ()
    clil: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.thema or self.clil)


@dataclass(frozen=True)
class PrintSpec:
    """The printer's requirements for the interior and cover (see issue « print-ready PDF »)."""

    bleed_mm: float = 3.0
    crop_marks: bool = True
    signature: int = 16
    icc_profile: Path | None = None
    caliper_mm: float | None = None  # thickness of one sheet (two pages)
    pages_per_inch: float | None = None
    cover: CoverSpec = field(default_factory=CoverSpec)
    screen_image_dpi: int = 150
    #: The registered characterisation the profile stands for (e.g. FOGRA39): the name a printer's RIP
    #: looks up in the ICC registry. When absent it is read from the profile's description.
    output_condition: str | None = None

    @property
    def sheet_mm(self) -> float:
        """Paper thickness per sheet: the caliper, or derived from pages per inch (2 pages a sheet)."""
        if self.caliper_mm:
            return self.caliper_mm
        return 25.4 * 2 / self.pages_per_inch if self.pages_per_inch else 0.1


@dataclass(frozen=True)
class PrinterSpec:
    """Who printed the book and when printing was completed: the « achevé d'imprimer » (arrêté du 12 janvier
    1995). Every field is required when the print edition is built (see ``PRINT_LEGAL``)."""

    name: str = ""
    address: str = ""
    completed: dt.date | None = None  # the month printing was completed (day 1)


@dataclass(frozen=True)
class FlipbookSpec:
    """The event booklet: its data file, the chapter excerpted, and its page size."""

    event: Path
    excerpt: str
    width_mm: float = 148.0
    height_mm: float = 210.0
    line: int = 0


@dataclass(frozen=True)
class Manifest:
    root: Path
    path: Path
    title: str
    author: str
    publisher: str
    language: str
    date: dt.date
    isbn: str
    slug: str
    parts: tuple[PartSpec, ...]
    subtitle: str = ""
    affiliation: str = ""
    publisher_city: str = ""
    publisher_address: str = ""
    rights: str = ""
    legal_deposit: dt.date | None = None  # the month of the legal deposit (day 1)
    printer: PrinterSpec | None = None
    description: str = ""
    keywords: tuple[str, ...] = ()  # the PDF's and the pages' subject keywords
    site_url: str = ""
    #: The e-book's own ISBN (an EPUB is another edition than the print book), when the publisher gave one.
    isbn_ebook: str = ""
    #: The ONIX feed's metadata: subject codes, the author's role (ONIX code list 17, A01 « By (author) »),
    #: a biography (when absent the feed uses ``print.cover.author_note``, the back cover's note) and the
    #: imprint (when absent, the publisher's name).
    subjects: Subjects = field(default_factory=Subjects)
    contributor_role: str = "A01"
    author_biography: str = ""
    imprint: str = ""
    trim: Trim = field(default_factory=Trim)
    front_matter: tuple[Entry, ...] = ()
    back_matter: tuple[Entry, ...] = ()
    bibliography: Path | None = None
    #: The CSL style of citations and bibliography (``assets/csl/kambook-auteur-date-fr.csl`` when not given).
    citation_style: Path | None = None
    glossary: Path | None = None
    index_terms: Path | None = None
    #: Words automatic hyphenation leaves alone unless listed here, with their break points marked by
    #: hyphens: capitalised names (« Ci-ti-bank »), or any word whose patterns break it badly.
    hyphenation: tuple[str, ...] = ()
    appendices: AppendixSpec | None = None
    print: PrintSpec = field(default_factory=PrintSpec)
    flipbook: FlipbookSpec | None = None
    #: ``fonts: fallback:``: font files (in the project) that draw the characters the book's own fonts lack,
    #: in order of preference (``kambook.fontcover``), and the line of each in book.yaml.
    fallback_fonts: tuple[Path, ...] = ()
    fallback_lines: tuple[int, ...] = ()
    #: Every text of book.yaml the outputs print (title, subtitle, author, publisher, legal mentions,
    #: cover texts, running titles), as (key, line in book.yaml, text): the glyph check reads them.
    printed: tuple[tuple[str, int, str], ...] = ()

    @property
    def chapter_files(self) -> tuple[Path, ...]:
        return tuple(c for p in self.parts for c in p.chapters)

    @property
    def isbn_digits(self) -> str:
        return re.sub(r"[^0-9X]", "", self.isbn)


def retail_price(text: str) -> tuple[str, str] | None:
    """The amount (``29.00``) and currency (``EUR``) of a price written as the cover prints it, or None."""
    match = PRICE_RE.match(text or "")
    if not match:
        return None
    amount = match.group(1).replace(",", ".")
    whole, _, cents = amount.partition(".")
    return f"{int(whole)}.{cents.ljust(2, '0')}", "EUR"


def isbn13_ok(isbn: str) -> bool:
    """EAN-13 checksum: weights 1,3,1,3… over the first twelve digits."""
    digits = re.sub(r"[-\s]", "", isbn)
    if not re.fullmatch(r"97[89]\d{10}", digits):
        return False
    total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(digits[:12]))
    return (10 - total % 10) % 10 == int(digits[12])


class _BookChecker(Checker):
    """book.yaml's checker: paths resolve in the project, and the texts the outputs print are kept."""

    def __init__(self, path: Path, outputs: Iterable[str]) -> None:
        super().__init__(path.name, ManifestError)
        self.root = path.parent
        self.outputs = tuple(outputs)
        self.seen_files: dict[Path, int] = {}
        #: (key, line, text) of every text the outputs print, for the glyph check.
        self.printed: list[tuple[str, int, str]] = []


# -- converters of book.yaml's own kinds of values ---------------------------------------------------


def shown(c: _BookChecker, node: yaml.Node, what: str) -> str | None:
    """A text the outputs print, recorded with its line for the glyph check."""
    value = yc.text(c, node, what)
    if value is not None:
        c.printed.append((what.strip("'"), c.line(node), value))
    return value


def month(c: _BookChecker, node: yaml.Node, what: str) -> dt.date | None:
    """A month written YYYY-MM, as the 1st of that month (the book prints it « janvier 2015 »)."""
    value = yc.scalar(c, node, what)
    if value is None:
        return None
    match = MONTH_RE.match(value.strip())
    if not match or not 1 <= int(match.group(2)) <= 12:
        c.fail(node, f"{what} must be a month written YYYY-MM such as 2015-01 (the book prints it "
                     f"« janvier 2015 »), not '{value}'")
        return None
    return dt.date(int(match.group(1)), int(match.group(2)), 1)


def isbn(c: _BookChecker, node: yaml.Node, what: str) -> str | None:
    value = yc.text(c, node, what)
    if value is not None and not isbn13_ok(value):
        c.fail(node, f"ISBN '{value}' is not a valid ISBN-13 (13 digits starting 978 or 979, "
                     "last digit the checksum): check it against the publisher's allocation")
        return None
    return value


def page_length(c: _BookChecker, node: yaml.Node, what: str) -> float | None:
    """A page's width or height in mm, from a length with its unit."""
    value = yc.scalar(c, node, what)
    if value is None:
        return None
    match = LENGTH_RE.match(value)
    if not match:
        c.fail(node, f"{what} must be a length such as 160mm, 16cm or 6.5in, not '{value}'")
        return None
    mm = float(match.group(1)) * UNIT_MM[match.group(2)]
    if not 50 <= mm <= 600:
        c.fail(node, f"{what} of {mm:g} mm is not a plausible page size (50 to 600 mm)")
        return None
    return mm


def small_length(c: _BookChecker, node: yaml.Node, what: str) -> float | None:
    """A bleed, a margin or a sheet's thickness in mm."""
    value = yc.scalar(c, node, what)
    match = LENGTH_RE.match(value) if value is not None else None
    if not match:
        c.fail(node, f"{what} must be a length such as 3mm or 0.1mm")
        return None
    return float(match.group(1)) * UNIT_MM[match.group(2)]


def markdown_file(c: _BookChecker, node: yaml.Node, what: str) -> Path | None:
    """A chapter's file: in the project, existing, and listed once in the whole book."""
    value = yc.text(c, node, what)
    if value is None:
        return None
    path = (c.root / value).resolve()
    if not path.is_relative_to(c.root.resolve()):
        c.fail(node, f"{what} '{value}' is outside the project folder")
        return None
    if not path.is_file():
        hint = yc.closest(value, [p.relative_to(c.root).as_posix() for p in c.root.glob("chapters/**/*.md")])
        c.fail(node, f"{what} '{value}' does not exist{hint}")
        return None
    if path in c.seen_files:
        c.fail(node, f"'{value}' is listed twice (first at line {c.seen_files[path]}): "
                     "each chapter appears once in the book")
        return None
    c.seen_files[path] = c.line(node)
    return path


def project_path(exists: Callable[[Path], bool] = Path.is_file) -> yc.Converter:
    """A file (or a folder: ``Path.is_dir``) that exists in the project."""
    def convert(c: _BookChecker, node: yaml.Node, what: str) -> Path | None:
        value = yc.text(c, node, what)
        if value is None:
            return None
        path = (c.root / value).resolve()
        if not path.is_relative_to(c.root.resolve()) or not exists(path):
            c.fail(node, f"{what} '{value}' does not exist in the project")
            return None
        return path
    return convert


data_file = project_path()


def font_file(c: _BookChecker, node: yaml.Node, what: str) -> tuple[Path, int] | None:
    path = data_file(c, node, what)
    if path is not None and path.suffix.lower() not in FONT_SUFFIXES:
        c.fail(node, f"{what} '{path.name}' is not a font file ({', '.join(FONT_SUFFIXES)})")
        return None
    return (path, c.line(node)) if path is not None else None


def matter_entry(builtins: tuple[str, ...]) -> yc.Converter:
    """An item of the front or back matter: a built-in page or a Markdown file."""
    def convert(c: _BookChecker, node: yaml.Node, what: str) -> Entry | None:
        value = yc.text(c, node, what)
        if value is None:
            return None
        if value in builtins:
            return Entry(value, None, c.line(node))
        if value.endswith(".md"):
            path = markdown_file(c, node, what)
            return Entry("file", path, c.line(node)) if path else None
        c.fail(node, f"{what} '{value}' is neither a Markdown file nor one of: {', '.join(builtins)}"
                     f"{yc.closest(value, list(builtins))}")
        return None
    return convert


def several(*allowed: str) -> yc.Converter:
    """Words each of which is one of ``allowed``."""
    def convert(c: _BookChecker, node: yaml.Node, what: str) -> tuple[str, ...] | None:
        values = yc.words(c, node, what)
        bad = [v for v in values or () if v not in allowed]
        if bad:
            c.fail(node, f"{what} has {', '.join(bad)}; choose among: {', '.join(allowed)}")
            return None
        return values
    return convert


def titles(c: _BookChecker, node: yaml.Node, what: str) -> tuple[tuple[str, str], ...] | None:
    if not isinstance(node, yaml.MappingNode):
        c.fail(node, f"{what} must map article slugs to titles")
        return None
    pairs = [(k.value, v) for k, v in node.value if isinstance(v, yaml.ScalarNode)]
    c.printed.extend(("titles", c.line(v), v.value) for _, v in pairs)
    return tuple((k, v.value) for k, v in pairs)


def running_titles(c: _BookChecker, node: yaml.Node, what: str) -> tuple[tuple[str, str, int], ...] | None:
    if not isinstance(node, yaml.MappingNode):
        c.fail(node, f"{what} must map article slugs to short titles ('slug: Short title'), not a {yc.kind(node)}")
        return None
    out = []
    for key, value in node.value:
        title = yc.text(c, value, f"the running title of '{key.value}'")
        if title is not None and "\n" in title:
            c.fail(value, f"the running title of '{key.value}' is on several lines: a running head is one line")
        elif title is not None:
            out.append((str(key.value), title, c.line(key)))
            c.printed.append(("running_titles", c.line(value), title))
    return tuple(out)


def printer(c: _BookChecker, node: yaml.Node, what: str) -> PrinterSpec | None:
    if isinstance(node, yaml.ScalarNode):
        c.fail(node, f"{what} must be a mapping: {PRINT_LEGAL['printer']} (the book writes « Achevé "
                     "d'imprimer en … par … » from them)")
        return None
    return yc.mapping(PRINTER, PrinterSpec)(c, node, what)


def paper(c: _BookChecker, node: yaml.Node, what: str) -> dict[str, float] | None:
    values = yc.check_mapping(c, node, what, PAPER)
    if values == {} and not any(yc.value_node(node, key) for key in PAPER):
        c.fail(node, f"{what} needs 'caliper' (thickness of a sheet, e.g. 0.1mm) or 'pages_per_inch'")
    return values


def print_spec(c: _BookChecker, node: yaml.Node, what: str) -> PrintSpec | None:
    values = yc.check_mapping(c, node, what, PRINT)
    if values is None:
        return None
    if values.get("signature", 0) % 2:
        c.fail(node, f"{what}: signature must be even (pages are printed on both sides)")
    return PrintSpec(**values.pop("paper", None) or {}, **values)


def appendices(c: _BookChecker, node: yaml.Node, what: str) -> AppendixSpec | None:
    values = yc.check_mapping(c, node, what, APPENDICES)
    if not yc.complete(values, APPENDICES):
        return None
    return AppendixSpec(**values.pop("select", {}), **values, line=c.line(node))


# -- the schema of book.yaml, section by section -----------------------------------------------------

F = yc.Field
PRINTER = {"name": F(shown), "address": F(shown), "completed": F(month)}
TRIM = {"width": F(page_length, True, to="width_mm"), "height": F(page_length, True, to="height_mm")}
PART = {"file": F(markdown_file, True),
        "chapters": F(yc.sequence_of(markdown_file, empty="{what} is empty: list the chapter files of the part"), True)}
PAPER = {"caliper": F(small_length, to="caliper_mm"),
         "pages_per_inch": F(yc.number(float, 200, 1200))}
SUBJECTS = {"thema": F(yc.sequence_of(yc.pattern(THEMA_RE, "is not a Thema subject code: capital letters, then "
                                                       "letters or digits, e.g. KJMV7"))),
            "clil": F(yc.sequence_of(yc.pattern(CLIL_RE, "is not a CLIL code: four digits")))}
COVER = {"blurb": F(shown), "author_note": F(shown), "price": F(shown),
         "spine_min_text": F(small_length, to="spine_min_text_mm")}
PRINT = {"bleed": F(small_length, to="bleed_mm"), "crop_marks": F(yc.boolean),
         "signature": F(yc.number(int, 1, 64)), "icc_profile": F(data_file), "paper": F(paper),
         "cover": F(yc.mapping(COVER, CoverSpec)), "screen_image_dpi": F(yc.number(int, 72, 600)),
         "output_condition": F(yc.text)}
SELECT = {"labels": F(yc.words), "slugs": F(yc.words), "exclude": F(yc.words),
          "status": F(several("published", "draft", "scheduled")), "kinds": F(several("post", "page")),
          "types": F(yc.words), "languages": F(yc.words),
          "from": F(yc.date, to="date_from"), "to": F(yc.date, to="date_to")}
APPENDICES = {"export": F(project_path(Path.exists), True), "format": F(yc.choice(*EXPORT_FORMATS)),
              "media": F(project_path(Path.is_dir)), "select": F(yc.mapping(SELECT)),
              "order": F(yc.choice("date", "listed")), "titles": F(titles), "running_titles": F(running_titles)}
FLIPBOOK = {"event": F(data_file, True),
            "excerpt": F(yc.pattern(re.compile(r"^ch:[a-z0-9][a-z0-9.-]*$"),
                                    "must be a chapter label such as ch:orchestration"), True),
            "width": F(page_length, to="width_mm"), "height": F(page_length, to="height_mm")}
FONTS = {"fallback": F(yc.sequence_of(font_file))}
BOOK = {
    "title": F(shown, True),
    "subtitle": F(shown),
    "slug": F(yc.pattern(SLUG_RE, "must be lower-case letters, digits and hyphens (it names the output files), "
                                  "e.g. key-account-management"), True),
    "author": F(shown, True),
    "affiliation": F(shown),
    "publisher": F(shown, True),
    "publisher_city": F(shown),
    "language": F(yc.pattern(LANG_RE, "is not a language code such as fr or fr-FR"), True),
    "date": F(yc.date, True),
    "isbn": F(isbn, True),
    "isbn_ebook": F(isbn),
    "subjects": F(yc.mapping(SUBJECTS, Subjects)),
    "contributor_role": F(yc.pattern(re.compile(r"^[A-Z]\d{2}$"), "is not an ONIX contributor role (code list 17): "
                                                                  "a letter and two digits, e.g. A01 for the author")),
    "author_biography": F(yc.text),
    "imprint": F(yc.text),
    "publisher_address": F(shown),
    "rights": F(shown),
    "legal_deposit": F(month),
    "printer": F(printer),
    "description": F(yc.text),
    "keywords": F(yc.sequence_of(yc.text)),
    "site_url": F(yc.pattern(re.compile(r"^https?://[^\s/]+(/[^\s]*)?/$"), "must be the web edition's address, "
                                        "starting with https:// and ending with /")),
    "trim": F(yc.mapping(TRIM, Trim)),
    "bibliography": F(data_file),
    "citation_style": F(data_file),
    "glossary": F(data_file),
    "index_terms": F(data_file),
    "hyphenation": F(yc.sequence_of(yc.pattern(HYPHENATION_RE, HYPHENATION_HINT))),
    "front_matter": F(yc.sequence_of(matter_entry(FRONT_BUILTINS))),
    "parts": F(yc.sequence_of(yc.mapping(PART, PartSpec, line=True),
                              empty="the book has no parts: list them under 'parts:'"), True),
    "back_matter": F(yc.sequence_of(matter_entry(BACK_BUILTINS))),
    "appendices": F(appendices),
    "print": F(print_spec),
    "flipbook": F(yc.mapping(FLIPBOOK, FlipbookSpec, line=True)),
    "fonts": F(yc.mapping(FONTS)),
}


def load_manifest(path: Path, outputs: Iterable[str] = ()) -> Manifest:
    """Read and validate ``book.yaml``; raise ``ManifestError`` listing every problem found.

    ``outputs`` are the editions about to be built: with ``print`` among them, the legal mentions of a
    printed book (``PRINT_LEGAL``) are required too.
    """
    path = path.resolve()
    c = _BookChecker(path, outputs)
    try:
        node = c.read(path)
    except FileNotFoundError:
        c.stop("no manifest here: create book.yaml at the project root (see README.md)")
    values = c.check(node, _book, "book.yaml")
    return Manifest(root=c.root, path=path, **values)


def _book(c: _BookChecker, node: yaml.Node, what: str) -> dict[str, Any]:
    """book.yaml's values, once its schema and the checks across its sections have passed."""
    values = yc.check_mapping(c, node, what, BOOK) or {}
    fallback = values.pop("fonts", {}).get("fallback", ())
    values["fallback_fonts"] = tuple(path for path, _ in fallback)
    values["fallback_lines"] = tuple(line for _, line in fallback)
    values["printed"] = tuple(c.printed)
    if values.get("isbn_ebook") and values.get("isbn") and \
            re.sub(r"\D", "", values["isbn_ebook"]) == re.sub(r"\D", "", values["isbn"]):
        c.fail(yc.value_node(node, "isbn_ebook"), "'isbn_ebook' is the print edition's ISBN: an e-book has an ISBN "
                                                  "of its own (leave the key out if it has none yet)")
    if "appendices" in values and not any(e.kind == "appendices" for e in values.get("back_matter", ())):
        c.fail(node, "'appendices' is configured but not placed: add '- appendices' under 'back_matter'")
    completed = values["printer"].completed if values.get("printer") else None
    if completed and values.get("legal_deposit") and completed > values["legal_deposit"]:
        c.fail(yc.value_node(yc.value_node(node, "printer"), "completed"),
               f"printing completed in {completed:%Y-%m}, after the legal deposit of {values['legal_deposit']:%Y-%m}: "
               "copies are deposited once printed, so check both months")
    if "print" in c.outputs:
        _check_print_legal(c, node)
    if "onix" in c.outputs:
        _check_onix(c, node, values)
    return values


def _check_print_legal(c: _BookChecker, root: yaml.Node) -> None:
    """The print edition must carry the mentions of the legal deposit: report each one missing."""
    if not isinstance(root, yaml.MappingNode):
        return
    _require(c, root, "book.yaml", PRINT_LEGAL, "the print edition must state by law")
    printer_node = yc.value_node(root, "printer")
    if isinstance(printer_node, yaml.MappingNode):
        _require(c, printer_node, "'printer'", PRINTER_LEGAL, "the print edition must state by law")


def _require(c: _BookChecker, node: yaml.MappingNode, where: str, keys: dict[str, str], why: str) -> None:
    """Report each of ``keys`` the mapping ``where`` lacks, with ``why`` it is needed and what to add."""
    for key, what in keys.items():
        if yc.value_node(node, key) is None:
            c.fail(node, f"{where} has no '{key}', which {why}: add {what}")


def _check_onix(c: _BookChecker, root: yaml.Node, values: dict[str, Any]) -> None:
    """The ONIX feed describes the book to booksellers: report each piece of metadata it lacks, at its line."""
    if not isinstance(root, yaml.MappingNode):
        return
    _require(c, root, "book.yaml", ONIX_REQUIRED, "the ONIX feed must carry")
    subjects = yc.value_node(root, "subjects")
    if isinstance(subjects, yaml.MappingNode) and not any(getattr(codes, "value", None) for _, codes in subjects.value):
        c.fail(subjects, "'subjects' has no code: the ONIX feed needs at least one Thema or CLIL code, "
                         "e.g. thema: [KJMV7]")
    cover = yc.value_node(yc.value_node(root, "print"), "cover")
    price = yc.value_node(cover, "price")
    if price is None:
        c.fail(cover or yc.value_node(root, "print") or root,
               f"book.yaml has no price, which the ONIX feed must carry: add {ONIX_PRICE}")
    elif isinstance(price, yaml.ScalarNode) and retail_price(price.value) is None:
        c.fail(price, f"the price '{price.value}' cannot be read for the ONIX feed: write the amount and the "
                      "currency, e.g. \"29,00 € TTC\" (the feed supports euros only)")
    language = values.get("language")
    if language and bibliographic_code(language) is None:
        c.fail(yc.value_node(root, "language"), f"the ONIX feed names languages by their ISO 639-2/B code, and "
                                               f"kambook does not know the one of '{language}' (it knows "
                                               f"{', '.join(sorted(BIBLIOGRAPHIC))})")
