"""The record a build keeps of each PDF it wrote: the PDF itself, what its anchors are, and the manuscript.

A round lives in ``.kambook-proofs/<edition>/<date>-<hash>/``: ``book.pdf`` (a copy of the PDF, which holds
the text with its positions, the page labels and every anchor's page, and renders to page images at any
resolution), ``record.json`` (the kind of each anchor, the documents and their source files, the tag) and
``sources.json.gz`` (the manuscript as it stood, to name the lines a change came from). Words and page
images are read from the PDF when a diff first needs them and kept beside it; a build pays only a copy.
The folder sits outside ``.kambook-cache/``: clearing a cache must never lose the first proofs.
"""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import json
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from ..atomic import atomic_dir
from ..errors import KambookError
from ..model import KIND_NAMES, Book, anchor_of

FOLDER = ".kambook-proofs"
#: Untagged rounds kept per edition; tagged ones are kept until untagged.
KEEP = 12


@dataclass(frozen=True)
class Record:
    folder: Path
    meta: dict

    @property
    def pdf(self) -> Path:
        return self.folder / "book.pdf"

    @property
    def name(self) -> str:
        return self.folder.name

    @property
    def edition(self) -> str:
        return self.meta["edition"]

    @property
    def tag(self) -> str:
        return self.meta.get("tag", "")

    def sources(self) -> dict[str, str]:
        try:
            return json.loads(gzip.decompress((self.folder / "sources.json.gz").read_bytes()))
        except OSError:
            return {}

    def describe(self) -> str:
        tag = f" « {self.tag} »" if self.tag else ""
        return f"{self.edition} {self.name}{tag}"


def record_facts(book: Book, html: str) -> dict:
    """What the PDF cannot say: each anchor's kind, each document's title and source file."""
    kinds: dict[str, str] = {}
    toc = re.search(r'<nav class="toc".*?</nav>', html, re.S)
    for anchor in re.findall(r'href="#([^"]+)"', toc.group()) if toc else []:
        kinds[anchor] = "toc"
    for anchor in re.findall(r'href="#([^"]+)"[^>]*\bdata-page=', html):
        kinds.setdefault(anchor, "reference")
    titles = {anchor_of(label): " ".join(filter(None, (KIND_NAMES.get(t.kind, ""), t.number, f"« {t.title} »"
                                                        if t.title else ""))).strip()
              for label, t in book.registry.targets.items()}
    docs = [{"anchor": doc.anchor, "title": doc.title, "source": doc.path.relative_to(book.manifest.root).as_posix()
             if doc.path.is_relative_to(book.manifest.root) else doc.rel} for doc in book.documents]
    return {"kinds": kinds, "titles": {a: titles[a] for a in kinds if a in titles}, "documents": docs}


def manuscript(book: Book) -> dict[str, str]:
    """The text of every source file the book was made from, by its path in the project."""
    root, manifest = book.manifest.root, book.manifest
    paths = [doc.path for doc in book.documents] + [root / "book.yaml"]
    paths += [p for p in (manifest.glossary, manifest.index_terms, manifest.bibliography) if p]
    texts = {}
    for path in dict.fromkeys(Path(p) if Path(p).is_absolute() else root / p for p in paths):
        try:
            texts[path.relative_to(root).as_posix()] = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError, ValueError):
            continue
    return texts


def keep(root: Path, pdf: Path, edition: str, facts: dict, sources: dict[str, str]) -> Record:
    """Keep a round of ``pdf``, unless the last round of this edition is the same PDF."""
    data = pdf.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    rounds = list_records(root, edition)
    if rounds and rounds[-1].meta.get("sha256") == digest:
        return rounds[-1]
    now = dt.datetime.now().astimezone()
    folder = root / FOLDER / edition / f"{now:%Y%m%d-%H%M%S}-{digest[:8]}"
    meta = {"edition": edition, "created": now.isoformat(timespec="seconds"), "sha256": digest, **facts}
    with atomic_dir(folder) as staged:
        (staged / "book.pdf").write_bytes(data)
        (staged / "record.json").write_text(json.dumps(meta, ensure_ascii=False, indent=1), encoding="utf-8")
        (staged / "sources.json.gz").write_bytes(gzip.compress(json.dumps(sources, ensure_ascii=False).encode(),
                                                               mtime=0))
    _prune(root, edition)
    return Record(folder, meta)


def _prune(root: Path, edition: str) -> None:
    untagged = [r for r in list_records(root, edition) if not r.tag]
    for old in untagged[:-KEEP]:
        shutil.rmtree(old.folder, ignore_errors=True)


def list_records(root: Path, edition: str | None = None) -> list[Record]:
    """Every round kept, oldest first (folder names begin with their date)."""
    records = []
    for edition_folder in sorted((root / FOLDER).glob("*")) if (root / FOLDER).is_dir() else []:
        if edition and edition_folder.name != edition:
            continue
        for folder in sorted(edition_folder.iterdir()):
            if folder.name.startswith("."):
                continue  # a round being written (atomic_dir's staging folder)
            try:
                meta = json.loads((folder / "record.json").read_text(encoding="utf-8"))
            except (OSError, ValueError):
                continue  # a round being written, or half removed
            records.append(Record(folder, meta))
    return sorted(records, key=lambda r: (r.meta.get("created", ""), r.name))


def find(root: Path, wanted: str, edition: str | None = None) -> Record | None:
    """A round by its tag, its folder name or the start of it (the hash part counts too)."""
    records = list_records(root, edition)
    for record in reversed(records):
        if record.tag == wanted:
            return record
    matches = [r for r in records if r.name == wanted or r.name.startswith(wanted)
               or r.name.split("-")[-1].startswith(wanted)]
    if len(matches) > 1:
        raise KambookError(f"« {wanted} » names {len(matches)} proof rounds: give more of the name "
                           f"({', '.join(r.name for r in matches[:4])})")
    return matches[0] if matches else None


def set_tag(record: Record, tag: str, root: Path) -> Record:
    """Name a round; the name moves from any other round of the edition that had it."""
    for other in list_records(root, record.edition):
        if other.tag == tag and other.folder != record.folder:
            _write_meta(other, {k: v for k, v in other.meta.items() if k != "tag"})
    meta = {**record.meta, "tag": tag}
    _write_meta(record, meta)
    return Record(record.folder, meta)


def _write_meta(record: Record, meta: dict) -> None:
    staged = record.folder / "record.json.tmp"
    staged.write_text(json.dumps(meta, ensure_ascii=False, indent=1), encoding="utf-8")
    staged.replace(record.folder / "record.json")
