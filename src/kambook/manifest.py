"""``book.yaml``: the typed manifest of a book.

The YAML is composed into nodes (not loaded into plain dicts) so that every value keeps its line: an
author who mistypes three keys sees three messages with ``book.yaml:LINE`` in one build. Validation
collects problems instead of stopping at the first one.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable

import yaml

from .errors import Location, ManifestError, Problem
from .text.yamlload import yaml_error

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


def isbn13_ok(isbn: str) -> bool:
    """EAN-13 checksum: weights 1,3,1,3… over the first twelve digits."""
    digits = re.sub(r"[-\s]", "", isbn)
    if not re.fullmatch(r"97[89]\d{10}", digits):
        return False
    total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(digits[:12]))
    return (10 - total % 10) % 10 == int(digits[12])


class _Checker:
    """Walks composed YAML nodes, converting values and recording problems with their lines."""

    def __init__(self, manifest_path: Path, root: Path) -> None:
        self.path = manifest_path
        self.root = root
        self.name = manifest_path.name
        self.problems: list[Problem] = []
        self.seen_files: dict[Path, int] = {}

    def fail(self, node: yaml.Node | None, message: str) -> None:
        line = node.start_mark.line + 1 if node is not None else 0
        self.problems.append(Problem(Location(self.name, line), message))

    def scalar(self, node: yaml.Node, what: str) -> str | None:
        if not isinstance(node, yaml.ScalarNode):
            self.fail(node, f"{what} must be a single value, not a {_node_kind(node)}")
            return None
        return node.value

    def text(self, node: yaml.Node, what: str) -> str | None:
        value = self.scalar(node, what)
        if value is not None and not value.strip():
            self.fail(node, f"{what} is empty")
            return None
        return value.strip() if value is not None else None

    def date(self, node: yaml.Node, what: str) -> dt.date | None:
        value = self.scalar(node, what)
        if value is None:
            return None
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            self.fail(node, f"{what} must be a date written YYYY-MM-DD, not '{value}'")
            return None

    def month(self, node: yaml.Node, what: str) -> dt.date | None:
        """A month written YYYY-MM, as the 1st of that month (the book prints it « janvier 2015 »)."""
        value = self.scalar(node, what)
        if value is None:
            return None
        match = MONTH_RE.match(value.strip())
        if not match or not 1 <= int(match.group(2)) <= 12:
            self.fail(node, f"{what} must be a month written YYYY-MM such as 2015-01 (the book prints it "
                            f"« janvier 2015 »), not '{value}'")
            return None
        return dt.date(int(match.group(1)), int(match.group(2)), 1)

    def isbn(self, node: yaml.Node, what: str) -> str | None:
        value = self.text(node, what)
        if value is None:
            return None
        if not isbn13_ok(value):
            self.fail(node, f"ISBN '{value}' is not a valid ISBN-13 (13 digits starting 978 or 979, "
                            "last digit the checksum): check it against the publisher's allocation")
            return None
        return value

    def pattern(self, regex: re.Pattern[str], advice: str) -> Callable[[yaml.Node, str], str | None]:
        def check(node: yaml.Node, what: str) -> str | None:
            value = self.text(node, what)
            if value is not None and not regex.match(value):
                self.fail(node, f"{what} '{value}' {advice}")
                return None
            return value
        return check

    def length(self, node: yaml.Node, what: str) -> float | None:
        value = self.scalar(node, what)
        match = LENGTH_RE.match(value or "") if value is not None else None
        if value is None:
            return None
        if not match:
            self.fail(node, f"{what} must be a length such as 160mm, 16cm or 6.5in, not '{value}'")
            return None
        mm = float(match.group(1)) * UNIT_MM[match.group(2)]
        if not 50 <= mm <= 600:
            self.fail(node, f"{what} of {mm:g} mm is not a plausible page size (50 to 600 mm)")
            return None
        return mm

    def markdown_file(self, node: yaml.Node, what: str) -> Path | None:
        value = self.text(node, what)
        if value is None:
            return None
        path = (self.root / value).resolve()
        if not path.is_relative_to(self.root.resolve()):
            self.fail(node, f"{what} '{value}' is outside the project folder")
            return None
        if not path.is_file():
            hint = _closest(value, [p.relative_to(self.root).as_posix()
                                    for p in self.root.glob("chapters/**/*.md")])
            self.fail(node, f"{what} '{value}' does not exist{hint}")
            return None
        if path in self.seen_files:
            self.fail(node, f"'{value}' is listed twice (first at line {self.seen_files[path]}): "
                            "each chapter appears once in the book")
            return None
        self.seen_files[path] = node.start_mark.line + 1
        return path

    def data_file(self, node: yaml.Node, what: str) -> Path | None:
        value = self.text(node, what)
        if value is None:
            return None
        path = (self.root / value).resolve()
        if not path.is_file() or not path.is_relative_to(self.root.resolve()):
            self.fail(node, f"{what} '{value}' does not exist in the project")
            return None
        return path

    def project_path(self, node: yaml.Node, what: str, folder: bool = False) -> Path | None:
        value = self.text(node, what)
        if value is None:
            return None
        path = (self.root / value).resolve()
        exists = path.is_dir() if folder else path.exists()
        if not path.is_relative_to(self.root.resolve()) or not exists:
            self.fail(node, f"{what} '{value}' does not exist in the project")
            return None
        return path

    def words(self, node: yaml.Node, what: str) -> tuple[str, ...] | None:
        if isinstance(node, yaml.ScalarNode):
            return (node.value.strip(),) if node.value.strip() else ()
        return self.sequence(node, what, self.text)

    def choice(self, *allowed: str) -> Callable[[yaml.Node, str], str | None]:
        def check(node: yaml.Node, what: str) -> str | None:
            value = self.text(node, what)
            if value is not None and value not in allowed:
                self.fail(node, f"{what} is '{value}'; choose one of: {', '.join(allowed)}")
                return None
            return value
        return check

    def mapping(self, node: yaml.Node, what: str, fields: dict[str, tuple[Callable[..., Any], bool]]
                ) -> dict[str, Any]:
        """Check a mapping against ``fields`` (name → (converter, required))."""
        if not isinstance(node, yaml.MappingNode):
            self.fail(node, f"{what} must be a mapping of keys to values, not a {_node_kind(node)}")
            return {}
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = key_node.value
            if key not in fields:
                self.fail(key_node, f"unknown key '{key}' in {what}{_closest(key, list(fields))}")
                continue
            if key in out:
                self.fail(key_node, f"key '{key}' appears twice in {what}")
                continue
            converted = fields[key][0](value_node, f"'{key}'")
            if converted is not None:
                out[key] = converted
        present = {k.value for k, _ in node.value}
        for key, (_, required) in fields.items():
            if required and key not in present:
                self.fail(node, f"{what} has no '{key}': add it")
        return out

    def sequence(self, node: yaml.Node, what: str, item: Callable[[yaml.Node, str], Any]) -> tuple[Any, ...]:
        if not isinstance(node, yaml.SequenceNode):
            self.fail(node, f"{what} must be a list (lines starting with '- '), not a {_node_kind(node)}")
            return ()
        values = (item(child, f"item {i + 1} of {what}") for i, child in enumerate(node.value))
        return tuple(v for v in values if v is not None)


def _value_node(node: yaml.Node, key: str) -> yaml.Node | None:
    """The value of ``key`` in a mapping node, or None."""
    if not isinstance(node, yaml.MappingNode):
        return None
    return next((v for k, v in node.value if getattr(k, "value", None) == key), None)


def _check_print_legal(c: _Checker, root: yaml.Node) -> None:
    """The print edition must carry the mentions of the legal deposit: report each one missing."""
    for key, what in PRINT_LEGAL.items():
        if _value_node(root, key) is None:
            c.fail(root, f"book.yaml has no '{key}', which the print edition must state by law: add {what}")
    printer = _value_node(root, "printer")
    if isinstance(printer, yaml.MappingNode):
        for key, what in PRINTER_LEGAL.items():
            if _value_node(printer, key) is None:
                c.fail(printer, f"'printer' has no '{key}', which the print edition must state by law: add {what}")


def _node_kind(node: yaml.Node | None) -> str:
    return {yaml.MappingNode: "mapping", yaml.SequenceNode: "list", yaml.ScalarNode: "single value"}.get(
        type(node), "nothing")


def _closest(word: str, choices: list[str]) -> str:
    match = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    return f" (did you mean '{match[0]}'?)" if match else ""


def _matter_entry(checker: _Checker, builtins: tuple[str, ...]) -> Callable[[yaml.Node, str], Entry | None]:
    def entry(node: yaml.Node, what: str) -> Entry | None:
        value = checker.text(node, what)
        if value is None:
            return None
        line = node.start_mark.line + 1
        if value in builtins:
            return Entry(value, None, line)
        if value.endswith(".md"):
            path = checker.markdown_file(node, what)
            return Entry("file", path, line) if path else None
        checker.fail(node, f"{what} '{value}' is neither a Markdown file nor one of: {', '.join(builtins)}"
                           f"{_closest(value, list(builtins))}")
        return None
    return entry


def load_manifest(path: Path, outputs: Iterable[str] = ()) -> Manifest:
    """Read and validate ``book.yaml``; raise ``ManifestError`` listing every problem found.

    ``outputs`` are the editions about to be built: with ``print`` among them, the legal mentions of a
    printed book (``PRINT_LEGAL``) are required too.
    """
    path = path.resolve()
    root = path.parent
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ManifestError([Problem(Location(path.name), "no manifest here: create book.yaml at the "
                                                          "project root (see README.md)")]) from None
    except UnicodeDecodeError as exc:
        raise ManifestError([Problem(Location(path.name), f"not UTF-8 text ({exc.reason}): save it as UTF-8")]
                            ) from None
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        line, column, problem = yaml_error(exc, text)
        raise ManifestError([Problem(Location(path.name, line, column), f"this is not valid YAML: {problem}")]
                            ) from None
    c = _Checker(path, root)
    if node is None:
        raise ManifestError([Problem(Location(path.name, 1), "book.yaml is empty")])

    printed: list[tuple[str, int, str]] = []

    def shown(n: yaml.Node, what: str) -> str | None:
        """A text the outputs print, recorded with its line for the glyph check."""
        value = c.text(n, what)
        if value is not None:
            printed.append((what.strip("'"), n.start_mark.line + 1, value))
        return value

    def trim(n: yaml.Node, what: str) -> Trim | None:
        values = c.mapping(n, what, {"width": (c.length, True), "height": (c.length, True)})
        return Trim(values["width"], values["height"]) if len(values) == 2 else None

    def part(n: yaml.Node, what: str) -> PartSpec | None:
        values = c.mapping(n, what, {
            "file": (c.markdown_file, True),
            "chapters": (lambda m, w: c.sequence(m, w, c.markdown_file), True)})
        pairs = n.value if isinstance(n, yaml.MappingNode) else []  # c.mapping has said what else it is
        chapters_node = next((v for k, v in pairs if getattr(k, "value", "") == "chapters"), None)
        if isinstance(chapters_node, yaml.SequenceNode) and not chapters_node.value:
            c.fail(chapters_node, f"{what} has no chapters: list its chapter files")
        if "file" not in values or "chapters" not in values:
            return None
        return PartSpec(values["file"], values["chapters"], n.start_mark.line + 1)

    def appendices(n: yaml.Node, what: str) -> AppendixSpec | None:
        def select(m: yaml.Node, w: str) -> dict[str, Any]:
            def several(allowed: tuple[str, ...]) -> Callable[[yaml.Node, str], tuple[str, ...] | None]:
                def check(k: yaml.Node, kw: str) -> tuple[str, ...] | None:
                    values = c.words(k, kw)
                    bad = [v for v in values or () if v not in allowed]
                    if bad:
                        c.fail(k, f"{kw} has {', '.join(bad)}; choose among: {', '.join(allowed)}")
                        return None
                    return values
                return check
            return c.mapping(m, w, {
                "labels": (c.words, False), "slugs": (c.words, False), "exclude": (c.words, False),
                "status": (several(("published", "draft", "scheduled")), False),
                "kinds": (several(("post", "page")), False), "types": (c.words, False),
                "languages": (c.words, False), "from": (c.date, False), "to": (c.date, False)})

        def titles(m: yaml.Node, w: str) -> tuple[tuple[str, str], ...] | None:
            if not isinstance(m, yaml.MappingNode):
                c.fail(m, f"{w} must map article slugs to titles")
                return None
            pairs = [(k.value, v) for k, v in m.value if isinstance(v, yaml.ScalarNode)]
            printed.extend(("titles", v.start_mark.line + 1, v.value) for _, v in pairs)
            return tuple((k, v.value) for k, v in pairs)

        def running_titles(m: yaml.Node, w: str) -> tuple[tuple[str, str, int], ...] | None:
            if not isinstance(m, yaml.MappingNode):
                c.fail(m, f"{w} must map article slugs to short titles ('slug: Short title'), "
                          f"not a {_node_kind(m)}")
                return None
            out = []
            for key, value in m.value:
                text = c.text(value, f"the running title of '{key.value}'")
                if text is not None and "\n" in text.strip():
                    c.fail(value, f"the running title of '{key.value}' is on several lines: a running head is one line")
                elif text is not None:
                    out.append((str(key.value), text.strip(), key.start_mark.line + 1))
                    printed.append(("running_titles", value.start_mark.line + 1, text.strip()))
            return tuple(out)

        values = c.mapping(n, what, {
            "export": (c.project_path, True), "format": (c.choice(*EXPORT_FORMATS), False),
            "media": (lambda m, w: c.project_path(m, w, folder=True), False), "select": (select, False),
            "order": (c.choice("date", "listed"), False), "titles": (titles, False),
            "running_titles": (running_titles, False)})
        if "export" not in values:
            return None
        chosen = values.pop("select", {})
        renamed = {"from": "date_from", "to": "date_to"}
        return AppendixSpec(**values, **{renamed.get(k, k): v for k, v in chosen.items()},
                            line=n.start_mark.line + 1)

    def print_spec(n: yaml.Node, what: str) -> PrintSpec | None:
        def small_length(m: yaml.Node, w: str) -> float | None:
            value = c.scalar(m, w)
            match = LENGTH_RE.match(value or "") if value is not None else None
            if not match:
                c.fail(m, f"{w} must be a length such as 3mm or 0.1mm")
                return None
            return float(match.group(1)) * UNIT_MM[match.group(2)]

        def number(kind: type, low: float, high: float) -> Callable[[yaml.Node, str], float | None]:
            def check(m: yaml.Node, w: str) -> float | None:
                value = c.scalar(m, w)
                try:
                    result = kind(value)
                except (TypeError, ValueError):
                    c.fail(m, f"{w} must be a number, not '{value}'")
                    return None
                if not low <= result <= high:
                    c.fail(m, f"{w} must be between {low:g} and {high:g}")
                    return None
                return result
            return check

        def boolean(m: yaml.Node, w: str) -> bool | None:
            value = (c.scalar(m, w) or "").lower()
            if value not in ("true", "false", "yes", "no"):
                c.fail(m, f"{w} must be true or false")
                return None
            return value in ("true", "yes")

        def paper(m: yaml.Node, w: str) -> dict[str, Any]:
            values = c.mapping(m, w, {"caliper": (small_length, False),
                                       "pages_per_inch": (number(float, 200, 1200), False)})
            if not values:
                c.fail(m, f"{w} needs 'caliper' (thickness of a sheet, e.g. 0.1mm) or 'pages_per_inch'")
            return values

        def cover(m: yaml.Node, w: str) -> CoverSpec:
            values = c.mapping(m, w, {"blurb": (shown, False), "author_note": (shown, False),
                                       "price": (shown, False), "spine_min_text": (small_length, False)})
            if "spine_min_text" in values:
                values["spine_min_text_mm"] = values.pop("spine_min_text")
            return CoverSpec(**values)

        values = c.mapping(n, what, {
            "bleed": (small_length, False), "crop_marks": (boolean, False),
            "signature": (number(int, 1, 64), False), "icc_profile": (c.data_file, False),
            "paper": (paper, False), "cover": (cover, False), "screen_image_dpi": (number(int, 72, 600), False),
            "output_condition": (c.text, False)})
        sheet = values.pop("paper", {})
        if "signature" in values and values["signature"] % 2:
            c.fail(n, f"{what}: signature must be even (pages are printed on both sides)")
        renamed = {"bleed": "bleed_mm"}
        return PrintSpec(**{renamed.get(k, k): v for k, v in values.items()},
                         caliper_mm=sheet.get("caliper"), pages_per_inch=sheet.get("pages_per_inch"))

    def printer(n: yaml.Node, what: str) -> PrinterSpec | None:
        if isinstance(n, yaml.ScalarNode):
            c.fail(n, f"{what} must be a mapping: {PRINT_LEGAL['printer']} (the book writes « Achevé "
                      "d'imprimer en … par … » from them)")
            return None
        return PrinterSpec(**c.mapping(n, what, {"name": (shown, False), "address": (shown, False),
                                                  "completed": (c.month, False)}))

    def flipbook(n: yaml.Node, what: str) -> FlipbookSpec | None:
        values = c.mapping(n, what, {
            "event": (c.data_file, True),
            "excerpt": (c.pattern(re.compile(r"^ch:[a-z0-9][a-z0-9.-]*$"), "must be a chapter label such as "
                                  "ch:orchestration"), True),
            "width": (c.length, False), "height": (c.length, False)})
        if "event" not in values or "excerpt" not in values:
            return None
        sizes = {f"{k}_mm": values.pop(k) for k in ("width", "height") if k in values}
        return FlipbookSpec(**values, **sizes, line=n.start_mark.line + 1)

    def font_file(n: yaml.Node, what: str) -> tuple[Path, int] | None:
        path = c.data_file(n, what)
        if path is not None and path.suffix.lower() not in FONT_SUFFIXES:
            c.fail(n, f"{what} '{path.name}' is not a font file ({', '.join(FONT_SUFFIXES)})")
            return None
        return (path, n.start_mark.line + 1) if path is not None else None

    def fonts(n: yaml.Node, what: str) -> dict[str, Any]:
        return c.mapping(n, what, {"fallback": (lambda m, w: c.sequence(m, w, font_file), False)})

    def parts(n: yaml.Node, what: str) -> tuple[PartSpec, ...] | None:
        if isinstance(n, yaml.SequenceNode) and not n.value:
            c.fail(n, "the book has no parts: list them under 'parts:'")
            return None
        return c.sequence(n, what, part)

    values = c.mapping(node, "book.yaml", {
        "title": (shown, True),
        "subtitle": (shown, False),
        "slug": (c.pattern(SLUG_RE, "must be lower-case letters, digits and hyphens (it names the output "
                                    "files), e.g. key-account-management"), True),
        "author": (shown, True),
        "affiliation": (shown, False),
        "publisher": (shown, True),
        "publisher_city": (shown, False),
        "language": (c.pattern(LANG_RE, "is not a language code such as fr or fr-FR"), True),
        "date": (c.date, True),
        "isbn": (c.isbn, True),
        "publisher_address": (shown, False),
        "rights": (shown, False),
        "legal_deposit": (c.month, False),
        "printer": (printer, False),
        "description": (c.text, False),
        "keywords": (lambda n, w: c.sequence(n, w, c.text), False),
        "site_url": (c.pattern(re.compile(r"^https?://[^\s/]+(/[^\s]*)?/$"), "must be the web edition's address, "
                                "starting with https:// and ending with /"), False),
        "trim": (trim, False),
        "bibliography": (c.data_file, False),
        "citation_style": (c.data_file, False),
        "glossary": (c.data_file, False),
        "index_terms": (c.data_file, False),
        "hyphenation": (lambda n, w: c.sequence(n, w, c.pattern(HYPHENATION_RE, HYPHENATION_HINT)), False),
        "front_matter": (lambda n, w: c.sequence(n, w, _matter_entry(c, FRONT_BUILTINS)), False),
        "parts": (parts, True),
        "back_matter": (lambda n, w: c.sequence(n, w, _matter_entry(c, BACK_BUILTINS)), False),
        "appendices": (appendices, False),
        "print": (print_spec, False),
        "flipbook": (flipbook, False),
        "fonts": (fonts, False),
    })
    fallback = values.pop("fonts", {}).get("fallback", ())
    values["fallback_fonts"] = tuple(path for path, _ in fallback)
    values["fallback_lines"] = tuple(line for _, line in fallback)
    values["printed"] = tuple(printed)
    if "appendices" in values and not any(e.kind == "appendices" for e in values.get("back_matter", ())):
        c.fail(node, "'appendices' is configured but not placed: add '- appendices' under 'back_matter'")
    completed = values["printer"].completed if values.get("printer") else None
    if completed and values.get("legal_deposit") and completed > values["legal_deposit"]:
        c.fail(_value_node(_value_node(node, "printer"), "completed"),
               f"printing completed in {completed:%Y-%m}, after the legal deposit of {values['legal_deposit']:%Y-%m}: "
               "copies are deposited once printed, so check both months")
    if "print" in outputs and isinstance(node, yaml.MappingNode):
        _check_print_legal(c, node)
    if c.problems:
        raise ManifestError(c.problems)
    return Manifest(root=root, path=path, **values)
