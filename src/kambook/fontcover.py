"""Every character of the book has a glyph in a font the book chose: the fallback fonts and the check.

The book's fonts are declared in ``styles/fonts.css`` (Gentium Book Plus for the text, Lato for headings).
A character neither has — Korean, say — was drawn by whatever font Pango found on the machine, or as an
empty box when there was none, and the build said success. Now, before anything is laid out, every
character of every document (chapters and imported articles) and of every other text the outputs print
(book.yaml's title, author, legal mentions and cover texts, the glossary, the index terms, the bibliography
entries as citeproc renders them, the flipbook's event file) is looked up in the cmaps of the book's
families:

* a character a family lacks goes to the first font of ``fonts: fallback:`` in ``book.yaml`` that has it.
  That font is subset to those characters and declared with a ``unicode-range`` under a family of its own
  (« Kambook Fallback », then « … 2 », « … 3 »), which every font stack of ``styles/`` lists right after
  the book's family (print and site alike; the site ships only the glyphs it uses). Not under the book's
  family name: WeasyPrint names a PDF font after its family, style and weight, and merged such a face into
  Gentium, printing Gentium's glyphs for Korean;
* a character no font has stops the build with the file, the line, the character (U+XXXX and its
  name) and what to do.

A book whose characters all are in its own fonts gets no fallback rule: its outputs are unchanged.
Cmaps are cached by the font file's content under ``.kambook-cache/fonts/cmaps.json``.
"""

from __future__ import annotations

import hashlib
import html
import io
import json
import os
import re
import unicodedata
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import Location, Problem, ProblemsError, RenderError, relpath
from .atomic import write_bytes, write_text
from .markdown.tokens import walk
from .aside import die_with_parent
from .fontfiles import DECODER, screen_subset
from .model import FallbackFont

if TYPE_CHECKING:
    from .sources.event import Event
    from .model import Book, Document
    from .citations import Bibliography

FONTS_CSS = "styles/fonts.css"
#: Names the subset files: changes with how they are made.
SUBSET_VERSION = b"kambook-fallback-1"
#: Where Debian installs its Noto fonts: searched only to suggest a file in an error, never used as is.
DEBIAN_NOTO = (Path("/usr/share/fonts/truetype/noto"), Path("/usr/share/fonts/opentype/noto"))
_FACE = re.compile(r"@font-face\s*\{([^}]*)\}", re.DOTALL)
_DESCRIPTOR = re.compile(r"(font-family|font-style|font-weight)\s*:\s*([^;]+);")
_URL = re.compile(r'url\((["\']?)([^)"\']+)\1\)')
#: Characters no glyph is drawn for: controls, format characters (soft hyphen, zero-width joiners),
#: line and paragraph separators.
_INVISIBLE = {"Cc", "Cf", "Zl", "Zp"}


class GlyphError(ProblemsError):
    """Characters of the text that no font of the book can draw."""

    title = "characters without a glyph"
    singular = "character without a glyph"


class FontError(ProblemsError):
    """Font files the stylesheets name and the project does not have (or that are not fonts)."""

    title = "font problems"
    singular = "font problem"


#: The family names under which the fallback fonts are declared, in the order ``book.yaml`` lists them:
#: every font stack of styles/*.css names them after the book's own family.
FALLBACK_FAMILIES = ("Kambook Fallback", "Kambook Fallback 2", "Kambook Fallback 3")


def _unicode_range(fallback: FallbackFont) -> str:
    return ", ".join(f"U+{a:X}" if a == b else f"U+{a:X}-{b:X}" for a, b in _ranges(fallback.chars))


def _subset_file(fallback: FallbackFont, folder: Path, flavor: str | None = None) -> Path:
    """The source font cut to its characters (TrueType/OpenType, or WOFF2 for the web), cached in ``folder``."""
    data = fallback.source.read_bytes()
    key = hashlib.sha256(SUBSET_VERSION + (flavor or "").encode() + data
                         + ",".join(map(str, fallback.chars)).encode()).hexdigest()[:20]
    target = folder / f"{key}.{flavor or _sfnt_suffix(data)}"
    if not target.is_file():
        write_bytes(target, subset_font(data, fallback.chars, flavor))
    return target


def _face_css(fallback: FallbackFont, url: str, fmt: str) -> str:
    return "".join(f'@font-face {{ font-family: "{fallback.family}"; font-style: {style}; font-weight: {weight}; '
                   f'src: url("{url}") format("{fmt}"); unicode-range: {_unicode_range(fallback)}; }}\n'
                   for style, weight in fallback.faces)


#: A text the outputs print outside the chapters: (file relative to the project, line or 0, what it is or
#: "", the text). With line 0 the error looks for the character in the file to give its line.
Printed = tuple[str, int, str, str]


def plan_fallbacks(book: Book, cache: Path, printed: Iterable[Printed] = ()) -> list[FallbackFont]:
    """The fallbacks the book's text and the ``printed`` texts need; a ``GlyphError`` naming every character
    no font has."""
    manifest = book.manifest
    root = manifest.root
    cmaps = _CmapCache(cache / "fonts" / "cmaps.json")
    families = book_families(root)
    fallbacks = []
    for index, font in enumerate(manifest.fallback_fonts):
        try:
            fallbacks.append((font, cmaps.get(font)))
        except Exception as exc:  # noqa: BLE001 - fontTools raises many kinds on a damaged file
            line = manifest.fallback_lines[index] if index < len(manifest.fallback_lines) else 0
            raise GlyphError([Problem(Location(manifest.path.name, line),
                                      f"fallback font {relpath(font, root)} is not a readable font ({exc})")]) from None
    covered = {family: frozenset.intersection(*(_cmap_of(cmaps, f, root) for f in faces["files"]))
               for family, faces in families.items()}
    cmaps.save()

    used: dict[int, tuple[str, int, str]] = {}  # each character, where it first appears (file, line, what)
    for doc in book.documents:
        for char, line in _characters(doc):
            if char not in used:
                used[char] = (doc.rel, line, "")
    for rel, line, what, text in printed:
        for char in set(text):
            if ord(char) not in used and not char.isspace() and unicodedata.category(char) not in _INVISIBLE:
                used[ord(char)] = (rel, line, what)
    problems: list[Problem] = []
    chosen: dict[tuple[str, Path], set[int]] = {}
    faces: dict[Path, set[tuple[str, str]]] = {}
    for char in sorted(used):
        lacking = [family for family, cmap in covered.items() if char not in cmap]
        if not lacking:
            continue
        source = next((font for font, cmap in fallbacks if char in cmap), None)
        if source is None:
            rel, line, what = used[char]
            advice = _advice(char, lacking, manifest.fallback_fonts, root)
            problems.append(Problem(Location(rel, line or _find_line(root / rel, chr(char))),
                                    f"{what}: {advice}" if what else advice))
            continue
        chosen.setdefault(("", source), set()).add(char)
        faces.setdefault(source, set()).update(face for family in lacking for face in families[family]["faces"])
    if len(chosen) > len(FALLBACK_FAMILIES):
        problems.append(Problem(Location(manifest.path.name, manifest.fallback_lines[0] if manifest.fallback_lines
                                         else 0), f"the text needs {len(chosen)} fallback fonts; the styles "
                                f"name {len(FALLBACK_FAMILIES)}: choose fonts that cover more scripts each"))
    if problems:
        raise GlyphError(problems)
    # Each source font under a family name of its own, which every font stack of styles/ lists after the
    # book's faces: WeasyPrint names a PDF font after its family, style and weight, so a fallback declared
    # under « Gentium Book Plus » was merged into Gentium and printed Gentium's glyphs for Korean.
    return [FallbackFont(name, tuple(sorted(faces[source])), source, tuple(sorted(chars)))
            for name, ((_, source), chars) in zip(FALLBACK_FAMILIES, 
                                                        sorted(chosen.items(), key=lambda c: manifest.fallback_fonts.index(c[0][1])))]


def printed_texts(book: Book, index_terms: list, event: Event | None, bibliography: Bibliography | None,
                  entries: list[tuple[str, str]]) -> Iterator[Printed]:
    """The texts the outputs print besides the chapters and articles: book.yaml's (title, author, legal
    mentions, cover), the glossary, the index terms, the bibliography's entries as citeproc renders them,
    and the flipbook's event file with its introduction."""
    manifest = book.manifest
    root = manifest.root
    for key, line, text in manifest.printed:
        yield manifest.path.name, line, f"'{key}'", text
    if book.glossary is not None and manifest.glossary is not None:
        rel = relpath(manifest.glossary, root)
        for term in book.glossary.terms.values():
            for text in (term.term, term.definition, term.fr, term.en):
                yield rel, term.line, f"glossary entry '{term.id}'", text
    if index_terms and manifest.index_terms is not None:
        rel = relpath(manifest.index_terms, root)
        for text in _strings(index_terms, skip=("match",)):  # the forms matched are the chapters' own text
            yield rel, 0, "", text
    if bibliography is not None and bibliography.path is not None:
        rel = relpath(bibliography.path, root)
        for key, entry in entries:
            text = html.unescape(re.sub(r"<[^>]*>", "", entry))
            yield rel, bibliography.lines.get(key, 0), f"the bibliography entry of @{key} (as printed)", text
    if event is not None and manifest.flipbook is not None:
        rel = relpath(manifest.flipbook.event, root)
        fields = (event.title, event.dates, event.venue, event.edition, event.tagline, event.workshops_note,
                  event.organisers, event.companies, event.programme, event.contact)
        for text in _strings(fields, skip=("kind",)):
            yield rel, 0, "", text
        if event.introduction is not None:
            intro = relpath(event.introduction, root)
            for number, text in enumerate(event.introduction_text.splitlines(), 1):
                yield intro, number, "", text


def _strings(data: object, skip: tuple[str, ...] = ()) -> Iterator[str]:
    """Every string of YAML data (mapping values, list items), leaving out the values of the ``skip`` keys."""
    if isinstance(data, dict):
        for key, value in data.items():
            if key not in skip:
                yield from _strings(value, skip)
    elif isinstance(data, (list, tuple)):
        for value in data:
            yield from _strings(value, skip)
    elif data is not None:
        yield str(data)


def _find_line(path: Path, char: str) -> int:
    """The first line of ``path`` with ``char`` outside a YAML comment (0 when there is none)."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, ValueError):
        return 0
    return next((n for n, line in enumerate(lines, 1) if char in line and not line.lstrip().startswith("#")), 0)


def fallback_css(fallbacks: list[FallbackFont], folder: Path, relative_to: Path, flavor: str | None = None) -> str:
    """``@font-face`` rules for ``fallbacks``, their subsets written to ``folder``, URLs relative to a folder."""
    out = []
    for fallback in fallbacks:
        font = _subset_file(fallback, folder, flavor)
        fmt = {"woff2": "woff2", "otf": "opentype"}.get(font.suffix[1:], "truetype")
        out.append(_face_css(fallback, Path(os.path.relpath(font, relative_to)).as_posix(), fmt))
    return "".join(out)


def _cmap_of(cmaps: "_CmapCache", font: Path, root: Path) -> frozenset[int]:
    try:
        return cmaps.get(font)
    except Exception as exc:  # noqa: BLE001 - fontTools raises many kinds on a damaged file
        raise FontError([Problem(Location(relpath(font, root)), f"not a font kambook can read ({exc}): replace the "
                                                                f"file with the font itself")]) from None


def book_families(root: Path) -> dict[str, dict]:
    """The families ``styles/fonts.css`` declares: their files and their (style, weight) faces."""
    source = root / FONTS_CSS
    try:
        css = source.read_text(encoding="utf-8")
    except OSError as exc:
        raise RenderError(f"{FONTS_CSS}: cannot read the font stylesheet ({exc.strerror})") from None
    families: dict[str, dict] = {}
    blank = re.sub(r"/\*.*?\*/", lambda c: re.sub(r"[^\n]", " ", c.group(0)), css, flags=re.DOTALL)  # lines kept
    missing: list[Problem] = []
    for face in _FACE.finditer(blank):
        block = face.group(1)
        values = {k: v.strip().strip("\"'") for k, v in _DESCRIPTOR.findall(block)}
        url = _URL.search(block)
        if "font-family" not in values or not url:
            continue
        path = (source.parent / url.group(2)).resolve()
        if not path.is_file():
            line = blank.count("\n", 0, face.start(1) + url.start()) + 1
            missing.append(Problem(Location(FONTS_CSS, line), f"font file {url.group(2)} not found (looked for "
                                   f"{relpath(path, root)}): put the font there, or fix the url()"))
        family = families.setdefault(values["font-family"], {"files": [], "faces": ()})
        family["files"].append(path)
        family["faces"] += ((values.get("font-style", "normal"), values.get("font-weight", "400")),)
    if missing:
        raise FontError(missing)
    return families


def _characters(doc: Document) -> Iterator[tuple[int, int]]:
    """Every visible character of a document with its line in the source (0 when unknown)."""
    line = 0
    for char in doc.title:
        yield ord(char), 0
    for token in walk(doc.tokens):
        if token.map:
            line = token.map[0] + 1
        if token.children is not None and token.type == "inline":
            continue  # its text is in its children
        text = token.content
        if token.type in ("html_block", "html_inline"):
            text = html.unescape(re.sub(r"<[^>]*>", " ", text))
        elif token.type not in ("text", "code_inline", "code_block", "fence"):
            continue
        for char in set(text):
            if not char.isspace() and unicodedata.category(char) not in _INVISIBLE:
                yield ord(char), line


def _advice(char: int, lacking: list[str], configured: tuple[Path, ...], root: Path) -> str:
    name = unicodedata.name(chr(char), "unnamed character")
    fonts = " and ".join(lacking)
    tried = f" nor in the fallback fonts ({', '.join(relpath(p, root) for p in configured)})" if configured else ""
    found = _suggest(char)
    hint = f" (this machine has it in {found}: copy it there)" if found else ""
    return (f"« {chr(char)} » U+{char:04X} {name} is in no font of the book: not in {fonts}{tried}. "
            f"Add a font file that has it under assets/fonts/{hint} and list it in book.yaml under "
            "'fonts: fallback:', or replace the character")


def _suggest(char: int) -> str:
    """A font file of Debian's Noto folders that has ``char`` (a suggestion for the message only)."""
    from fontTools.ttLib import TTFont
    for folder in DEBIAN_NOTO:
        for path in sorted(folder.glob("*.[ot]t[fc]")):
            try:
                if char in TTFont(path, fontNumber=0, lazy=True).getBestCmap():
                    return path.as_posix()
            except Exception:  # noqa: BLE001 - a damaged file suggests nothing
                continue
    return ""


class _CmapCache:
    """The characters of each font file, by content hash, kept across builds."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            self.known: dict[str, list] = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            self.known = {}
        self.changed = False
        self.memo: dict[Path, frozenset[int]] = {}

    def get(self, font: Path) -> frozenset[int]:
        if font in self.memo:
            return self.memo[font]
        data = font.read_bytes()
        key = hashlib.sha256(data).hexdigest()
        if key not in self.known:
            from fontTools.ttLib import TTFont
            cmap = TTFont(io.BytesIO(data), fontNumber=0, lazy=True).getBestCmap() or {}
            self.known[key] = [list(r) for r in _ranges(sorted(cmap))]
            self.changed = True
        chars = frozenset(c for a, b in self.known[key] for c in range(a, b + 1))
        self.memo[font] = chars
        return chars

    def save(self) -> None:
        if self.changed:
            write_text(self.path, json.dumps(self.known, sort_keys=True))


def _ranges(chars: list[int] | tuple[int, ...]) -> Iterator[tuple[int, int]]:
    start = prev = None
    for c in chars:
        if prev is not None and c == prev + 1:
            prev = c
            continue
        if start is not None:
            yield start, prev
        start = prev = c
    if start is not None:
        yield start, prev


def _sfnt_suffix(data: bytes) -> str:
    return "otf" if data[:4] == b"OTTO" else "ttf"


def subset_font(data: bytes, chars: tuple[int, ...], flavor: str | None, web: bool = False) -> bytes:
    """A font cut to the characters given, as TrueType/OpenType or ``flavor`` (``woff2``); the same bytes
    for the same input (timestamps are not recomputed). Its layout features and names are kept, except for
    a screen (``web``): the common features and no hinting, half the bytes and a third of the time of a
    full cut, and screens ignore TrueType hints anyway. A screen's cut is HarfBuzz's (``fontfiles``)."""
    if web:
        return screen_subset(data, chars, flavor)
    from fontTools import subset
    from fontTools.ttLib import TTFont
    font = TTFont(io.BytesIO(data), fontNumber=0, recalcTimestamp=False)
    options = subset.Options()
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.notdef_outline = True
    options.flavor = flavor
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=chars)
    subsetter.subset(font)
    font.flavor = flavor
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


def web_subsets(jobs: list[tuple[Path, tuple[int, ...]]], folder: Path) -> list[Path]:
    """WOFF2 copies of fonts cut to characters, for the web edition, one per (font, characters): cached in
    ``folder`` by the font's and the characters' content, so a rebuild, or another project with the same
    fonts, cuts nothing."""
    targets = []
    for source, chars in jobs:
        key = hashlib.sha256(SUBSET_VERSION + b"web-hb" + DECODER.encode() + source.read_bytes()
                             + ",".join(map(str, chars)).encode()).hexdigest()[:16]
        targets.append(folder / f"{source.stem}-{key}.woff2")
    missing = [(source, chars, target) for (source, chars), target in zip(jobs, targets) if not target.is_file()]
    workers = min(len(missing), os.cpu_count() or 1)
    if workers > 1:  # WOFF2's Brotli at its best quality is most of a cut (0.1 s a face): spread on the cores
        import concurrent.futures
        import multiprocessing
        with concurrent.futures.ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"),
                                                    initializer=die_with_parent) as pool:
            list(pool.map(_cut_for_web, missing))
    else:
        for job in missing:
            _cut_for_web(job)
    return targets


def _cut_for_web(job: tuple[Path, tuple[int, ...], Path]) -> None:
    source, chars, target = job
    write_bytes(target, subset_font(source.read_bytes(), chars, "woff2", web=True))


def machine_cache() -> Path:
    """The cache kambook shares between the projects of this machine's user."""
    home = os.environ.get("KAMBOOK_CACHE_HOME")
    if home:
        return Path(home)
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "kambook"
