"""A synthetic ~400-page kambook project grown from the repository's own book, for ``make bench``.

The repository's book (~136 screen pages, 12 chapters) is too small to show how a build scales, and a
lorem-ipsum book would not exercise what makes kambook slow: French typography, « p. N » page
references that need a second layout pass, footnotes, tables, SVG figures, citations and index marks.
So the synthetic book is the real project copied as is, plus chapters recombined from the real
chapters' own sections: the text stays real French and footnotes, tables, figures, encadrés, citations
and index marks keep their real proportions. Only « p. N » references are deliberately denser than in
the real book (see ``SECTION_SHARE``), since they are the part of a long build the bench must load.

Everything is drawn from ``random.Random(seed)`` in a fixed order, so one ``(pages, seed)`` always gives
the same book, byte for byte.

Usage: ``python -m bench.synthetic TARGET [--pages N] [--seed S]``.
"""

from __future__ import annotations

import argparse
import math
import random
import re
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
# What makes a kambook project, as tests/bookproject.py::copy_project copies it.
PROJECT_ITEMS = ("book.yaml", "chapters", "assets", "styles")
# Written into every generated project: only a folder carrying it may be regenerated in place.
MARKER = ".kambook-synthetic"

# Measured on the repository's book (screen PDF): 8 pages before part I and 40 after the last chapter
# (lists, glossary, bibliography, CMS appendices, index) for 12 chapters and 3 parts, i.e. ~7.3 pages
# per chapter including its share of part openers; every extra chapter also adds ~0.3 page to the table
# of contents, the lists of figures and tables and the index. Calibrated against a 400-page build.
FIXED_PAGES = 48.0
PAGES_PER_CHAPTER = 7.3
OVERHEAD_PER_CHAPTER = 0.3
REAL_CHAPTERS = 12
CHAPTERS_PER_PART = 10  # the synthetic book's parts are larger than the real ones (4), as in long books

# Titles of the parts added after the real three; their opening text is recombined from the real ones.
NEW_PARTS = (
    ("Approfondir la démarche comptes clés", "part:approfondir"),
    ("Mettre en œuvre et faire durer le programme", "part:mettre-en-oeuvre"),
    ("Études de cas et perspectives", "part:perspectives"),
    ("Vers l'excellence comptes clés", "part:excellence"),
)
# A generated chapter is titled after the real chapter whose opening it reuses, plus one of these.
TITLE_COMPLEMENTS = ("approfondissements", "études de cas", "mise en pratique", "perspectives",
                     "retours d'expérience", "questions ouvertes", "points de vigilance", "outils")

LABEL_KINDS = ("ch", "part", "sec", "fig", "tab", "enc", "app")
LABEL_DEF = re.compile(r"\{#(?P<label>[a-z]+:[a-z0-9][a-z0-9.-]*)")
# A reference with the article before it, so that « au chapitre 4 » can become « à la section 4.2 ».
XREF = re.compile(r"(?P<article>\b(?:[Aa]u|[Dd]u|[Ll]e) |\()?"
                  r"\[@(?P<prefix>[A-Za-z]+):(?P<name>[A-Za-z0-9][\w.-]*)(?P<form>\|\w+)?\]")
FEMININE = {"au ": "à la ", "Au ": "À la ", "du ": "de la ", "Du ": "De la ", "le ": "la ", "Le ": "La ",
            "(": "("}
FOOTNOTE = re.compile(r"\[\^(?P<key>[^\]\s]+)\]")
FOOTNOTE_DEF = re.compile(r"^\[\^(?P<key>[^\]\s]+)\]:.*$", re.M)
ENCADRE = re.compile(r"^::: encadre\b.*?^:::[ \t]*$", re.M | re.S)
FIGURE = re.compile(r"^!\[", re.M)
# kambook prints « p. N » after references to sections, figures, tables and appendices, not after those
# to chapters and parts (their number is enough). The real book's references are mostly to chapters, so
# it prints only ~25 « p. N » in 136 pages; the bench is meant to load the page-reference machinery, so
# this share of the generated chapters' references to a chapter point to one of its sections instead.
SECTION_SHARE = 0.85


@dataclass
class Segment:
    """A piece of a real chapter that can be moved to a generated one: its intro or one ``##`` section."""

    chapter: int  # index of the real chapter it comes from
    text: str
    labels: set[str] = field(default_factory=set)
    footnotes: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.labels = {m["label"] for m in LABEL_DEF.finditer(self.text)}
        self.footnotes = list(dict.fromkeys(m["key"] for m in FOOTNOTE.finditer(self.text)))

    @property
    def words(self) -> int:
        return len(self.text.split())

    @property
    def has_table(self) -> bool:
        return "::: table" in self.text

    @property
    def has_figure(self) -> bool:
        return FIGURE.search(self.text) is not None


@dataclass
class RealChapter:
    """One chapter of the repository's book, cut into the segments the generated chapters reuse."""

    index: int
    part: int
    label: str
    title: str
    short_title: str
    intro: Segment
    sections: list[Segment]
    footnotes: dict[str, str]  # key -> its definition line
    encadre: Segment | None

    @property
    def words(self) -> int:
        extra = sum(len(v.split()) for v in self.footnotes.values())
        return self.intro.words + sum(s.words for s in self.sections) + extra + (
            self.encadre.words if self.encadre else 0)


@dataclass
class Generated:
    """The plan of one generated chapter: which real chapter opens it, which sections fill it."""

    number: int  # 1-based among generated chapters, used in every label suffix
    base: RealChapter
    part: int
    sections: list[Segment] = field(default_factory=list)

    @property
    def suffix(self) -> str:
        return f"-g{self.number:02d}"

    @property
    def label(self) -> str:
        return self.base.label + self.suffix

    def segments(self) -> list[Segment]:
        closing = [self.base.encadre] if self.base.encadre else []
        return [self.base.intro, *self.sections, *closing]


def chapters_for(pages: int) -> int:
    """How many chapters (real ones included) make a screen PDF of about ``pages`` pages."""
    per_chapter = PAGES_PER_CHAPTER + OVERHEAD_PER_CHAPTER
    n = round((pages - FIXED_PAGES + OVERHEAD_PER_CHAPTER * REAL_CHAPTERS) / per_chapter)
    return max(REAL_CHAPTERS, n)


def make_synthetic_book(target: Path, pages: int = 400, seed: int = 7, source: Path = ROOT) -> Path:
    """Create at ``target`` a complete kambook project of about ``pages`` PDF pages; return ``target``.

    The real project (``source``) is copied unchanged, then grown with generated chapters spread over
    its three parts and new ones, so front matter, back matter, appendices and flipbook stay those of the
    real book. ``target`` must be absent, empty, or a synthetic book made earlier by this function.
    """
    target = Path(target)
    _prepare_target(target)
    for name in PROJECT_ITEMS:
        item = source / name
        (shutil.copytree if item.is_dir() else shutil.copy)(item, target / name)
    (target / MARKER).write_text(f"pages={pages} seed={seed}\n", encoding="utf-8")

    manifest_text = (target / "book.yaml").read_text(encoding="utf-8")
    manifest = yaml.safe_load(manifest_text)
    real = _read_real_chapters(target, manifest)
    part_files = [target / p["file"] for p in manifest["parts"]]

    rng = random.Random(seed)
    total = chapters_for(pages)
    plan = _plan(real, len(part_files), total, rng)
    copies = _copies(real, plan)

    parts: list[tuple[str, list[str]]] = [(p["file"], list(p["chapters"])) for p in manifest["parts"]]
    for k in range(len(parts), 1 + max((g.part for g in plan), default=0)):
        parts.append((_write_part(target, k, part_files, rng), []))
    chapter_no = REAL_CHAPTERS
    for g in sorted(plan, key=lambda g: (g.part, g.number)):
        chapter_no += 1
        parts[g.part][1].append(_write_chapter(target, g, chapter_no, real, copies, rng))
    (target / "book.yaml").write_text(_replace_parts(manifest_text, parts), encoding="utf-8")
    return target


def _prepare_target(target: Path) -> None:
    if target.exists() and any(target.iterdir()):
        if not (target / MARKER).is_file():
            raise FileExistsError(f"{target} is not empty and was not made by make_synthetic_book: "
                                  "give an empty or new folder")
        for name in PROJECT_ITEMS:  # sources only: dist/ and the layout cache stay, as after an edit
            item = target / name
            if item.is_dir():
                shutil.rmtree(item)
            elif item.exists():
                item.unlink()
    target.mkdir(parents=True, exist_ok=True)


def _read_real_chapters(root: Path, manifest: dict) -> list[RealChapter]:
    chapters: list[RealChapter] = []
    for part_index, part in enumerate(manifest["parts"]):
        for rel in part["chapters"]:
            chapters.append(_read_chapter(root / rel, len(chapters), part_index))
    return chapters


def _split_front(text: str) -> tuple[dict, str]:
    _, front, body = text.split("---\n", 2)
    return yaml.safe_load(front), body


def _read_chapter(path: Path, index: int, part: int) -> RealChapter:
    meta, body = _split_front(path.read_text(encoding="utf-8"))
    footnotes = {m["key"]: m.group(0) for m in FOOTNOTE_DEF.finditer(body)}
    body = FOOTNOTE_DEF.sub("", body)
    encadres = ENCADRE.findall(body)
    body = ENCADRE.sub("", body)
    pieces = re.split(r"^(?=## )", body, flags=re.M)
    label = meta.get("label") or f"ch:{re.sub(r'^[0-9]+[-_]', '', path.stem)}"
    return RealChapter(
        index=index, part=part, label=label, title=meta["title"],
        short_title=meta.get("short_title") or meta["title"],
        intro=Segment(index, _tidy(pieces[0])),
        sections=[Segment(index, _tidy(p)) for p in pieces[1:]],
        footnotes=footnotes,
        encadre=Segment(index, _tidy("\n\n".join(encadres))) if encadres else None)


def _tidy(text: str) -> str:
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def _plan(real: list[RealChapter], real_parts: int, total: int, rng: random.Random) -> list[Generated]:
    """Decide every generated chapter before writing any, so references can point at all of them."""
    count = total - len(real)
    if count <= 0:
        return []
    n_parts = max(real_parts, math.ceil(total / CHAPTERS_PER_PART))
    # Fill the parts evenly: the real parts keep their chapters first and get the remainder.
    sizes = [total // n_parts + (1 if k < total % n_parts else 0) for k in range(n_parts)]
    real_per_part = [sum(1 for c in real if c.part == k) for k in range(n_parts)]
    slots = [max(0, s - r) for s, r in zip(sizes, real_per_part)]
    while sum(slots) > count:  # few generated chapters: take them from the last parts first
        slots[max(k for k, s in enumerate(slots) if s)] -= 1
    while sum(slots) < count:
        slots[-1] += 1
    sections = [s for c in real for s in c.sections]
    decks = {
        "table": _Deck([s for s in sections if s.has_table], rng),
        "figure": _Deck([s for s in sections if s.has_figure], rng),
        "plain": _Deck([s for s in sections if not s.has_table and not s.has_figure], rng),
    }
    # Real proportions: in the real book, 8 sections hold its 10 tables and 6 its 6 figures, for 12 chapters.
    with_table = sum(c.has_table for c in sections) / len(real)
    with_figure = sum(c.has_figure for c in sections) / len(real)
    bases = {k: _Deck([c for c in real if c.part == k] if k < real_parts else real, rng)
             for k in range(n_parts)}
    plan: list[Generated] = []
    for part, slot in enumerate(slots):
        for _ in range(slot):
            g = Generated(len(plan) + 1, bases[part].draw(), part)
            budget = g.base.words * rng.uniform(0.9, 1.1)
            words = g.base.intro.words + (g.base.encadre.words if g.base.encadre else 0)
            wanted = (["table"] if rng.random() < with_table else []) + (
                ["figure"] if rng.random() < with_figure else [])
            while wanted or words < budget:
                kind = wanted.pop(0) if wanted else "plain"
                section = decks[kind].draw(avoid=g.sections)
                g.sections.append(section)
                words += section.words + sum(len(real[section.chapter].footnotes.get(k, "").split())
                                             for k in section.footnotes)
            rng.shuffle(g.sections)
            plan.append(g)
    return plan


class _Deck:
    """Draw items in a shuffled order, reshuffling when exhausted, so every section is used evenly."""

    def __init__(self, items: list, rng: random.Random) -> None:
        self.items, self.rng, self.pile = list(items), rng, []

    def draw(self, avoid: list | None = None):  # noqa: ANN201 - an item of the deck
        avoid = avoid or []
        for _ in range(2 * len(self.items) + 1):
            if not self.pile:
                self.pile = self.rng.sample(self.items, len(self.items))
            item = self.pile.pop()
            if not any(item is a for a in avoid):
                return item
        raise ValueError("every item of the deck is already in this chapter")


@dataclass
class Copies:
    """Every copy of every label, each with the label of the chapter holding it.

    A reference to ``sec:x`` copied into a generated chapter keeps its meaning (the section about x) but
    lands on the original or on any copy not in the referring chapter, so that references spread over
    the whole book and print « p. N » instead of pointing at their own page.
    """

    of: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    sections_of: dict[str, list[tuple[str, str]]] = field(default_factory=dict)  # by real chapter label

    def add(self, label: str, copy: str, holder: str, chapter: str) -> None:
        self.of.setdefault(label, []).append((copy, holder))
        if label.startswith("sec:"):
            self.sections_of.setdefault(chapter, []).append((copy, holder))


def _copies(real: list[RealChapter], plan: list[Generated]) -> Copies:
    copies = Copies()
    for chapter in real:
        copies.add(chapter.label, chapter.label, chapter.label, chapter.label)
        for segment in (chapter.intro, *chapter.sections, *([chapter.encadre] if chapter.encadre else [])):
            for label in sorted(segment.labels):
                copies.add(label, label, chapter.label, chapter.label)
    for g in plan:
        copies.add(g.base.label, g.label, g.label, g.base.label)
        for segment in g.segments():
            for label in sorted(segment.labels):
                copies.add(label, label + g.suffix, g.label, real[segment.chapter].label)
    return copies


def _rewrite(text: str, g: Generated, local: set[str], copies: Copies, rng: random.Random) -> str:
    """Make a real segment's text valid in generated chapter ``g``: its labels, references, footnotes."""
    text = LABEL_DEF.sub(lambda m: "{#" + m["label"] + (g.suffix if m["label"] in local else ""), text)

    def xref(m: re.Match) -> str:
        article, prefix, name, form = m["article"] or "", m["prefix"], m["name"], m["form"] or ""
        label = f"{prefix.lower()}:{name}"
        if prefix.lower() not in LABEL_KINDS:
            return m.group(0)
        if label in local:
            return f"{article}[@{prefix}:{name}{g.suffix}{form}]"
        if prefix == "ch" and article and not form and rng.random() < SECTION_SHARE:
            # « au chapitre 4 » → « à la section 4.2 »: a section that came from that chapter, elsewhere.
            sections = [new for new, holder in copies.sections_of.get(label, []) if holder != g.label]
            if sections:
                return f"{FEMININE[article]}[@sec:{rng.choice(sections).partition(':')[2]}]"
        choices = [new for new, holder in copies.of.get(label, []) if holder != g.label]
        if not choices:  # parts and appendices exist once, in the real book
            return m.group(0)
        new = rng.choice(choices)
        return f"{article}[@{prefix}:{new.partition(':')[2]}{form}]"

    text = XREF.sub(xref, text)
    return FOOTNOTE.sub(lambda m: f"[^{m['key']}{g.suffix}]", text)


def _write_chapter(root: Path, g: Generated, chapter_no: int, real: list[RealChapter],
                   copies: Copies, rng: random.Random) -> str:
    # The chapter's own label is not local: a section copied from elsewhere that names the base chapter
    # must point at the real chapter or another copy, never at the chapter it now stands in.
    local = {label for s in g.segments() for label in s.labels}
    complement = TITLE_COMPLEMENTS[(g.number - 1) // REAL_CHAPTERS % len(TITLE_COMPLEMENTS)]
    front = {"title": f"{g.base.title} — {complement}", "short_title": g.base.short_title,
             "label": g.label}
    body = [_rewrite(s.text, g, local, copies, rng) for s in [g.base.intro, *g.sections]]
    # Each footnote definition travels with the first segment calling it, placed at the chapter's end
    # as the real chapters place theirs; keys get the chapter's suffix like labels do.
    notes: dict[str, str] = {}
    for segment in [g.base.intro, *g.sections]:
        for key in segment.footnotes:
            definition = real[segment.chapter].footnotes.get(key)
            if definition and key not in notes:
                notes[key] = _rewrite(definition, g, local, copies, rng)
    body.extend(notes.values())
    if g.base.encadre:
        body.append(_rewrite(g.base.encadre.text, g, local, copies, rng))
    folder = root / "chapters" / f"partie-{g.part + 1}"
    folder.mkdir(parents=True, exist_ok=True)
    slug = g.label.partition(":")[2]
    path = folder / f"{chapter_no:02d}-{slug}.md"
    path.write_text(_front_matter(front) + "\n\n".join(body) + "\n", encoding="utf-8")
    return path.relative_to(root).as_posix()


def _front_matter(meta: dict[str, str]) -> str:
    lines = [f"{key}: {yaml.safe_dump(value, allow_unicode=True, default_style=chr(34), width=1000).strip()}"
             for key, value in meta.items()]
    return "---\n" + "\n".join(lines) + "\n---\n\n"


def _write_part(root: Path, k: int, real_parts: list[Path], rng: random.Random) -> str:
    """A new part opener: a new title, and two paragraphs drawn from the real parts' openers."""
    title, label = NEW_PARTS[k - len(real_parts)] if k - len(real_parts) < len(NEW_PARTS) else (
        f"Compléments {k + 1}", f"part:complements-{k + 1}")
    paragraphs = [p for path in real_parts
                  for p in _split_front(path.read_text(encoding="utf-8"))[1].strip().split("\n\n")]
    body = "\n\n".join(rng.sample(paragraphs, min(2, len(paragraphs))))
    folder = root / "chapters" / f"partie-{k + 1}"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "00-partie.md"
    path.write_text(_front_matter({"title": title, "label": label}) + body + "\n", encoding="utf-8")
    return path.relative_to(root).as_posix()


def _replace_parts(manifest_text: str, parts: list[tuple[str, list[str]]]) -> str:
    """Swap the ``parts:`` block of book.yaml's text, leaving every other key and comment as written."""
    lines = ["parts:"]
    for file, chapters in parts:
        lines.append(f"  - file: {file}")
        lines.append("    chapters:")
        lines.extend(f"      - {c}" for c in chapters)
    block = "\n".join(lines) + "\n"
    new, count = re.subn(r"^parts:[ \t]*\n(?:(?:[ \t]+.*)?\n)*", block + "\n", manifest_text, count=1,
                         flags=re.M)
    if count != 1:
        raise ValueError("book.yaml has no top-level 'parts:' block to grow")
    return new


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("target", type=Path, help="folder of the project to create")
    parser.add_argument("--pages", type=int, default=400, help="approximate pages of the screen PDF")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    book = make_synthetic_book(args.target, pages=args.pages, seed=args.seed)
    files = sum(1 for _ in (book / "chapters").rglob("*.md"))
    print(f"{book}: {files} Markdown files; build it with: cd {book} && kambook build --only pdf")
    return 0


if __name__ == "__main__":
    sys.exit(main())
