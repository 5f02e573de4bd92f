"""The layout loop over units: page references settle, and only what changed is laid out again.

A book is laid out unit by unit (``units``): each unit document is keyed by its own HTML and the
options it is written with, and its PDF and measurements are kept under ``.kambook-cache/units/``
with the content hash of every file WeasyPrint read for it. The loop is always the cold build's:
placeholders first, then the measured folios, until the HTML no longer changes — so what a build
prints never depends on the builds before it; the cache only makes the steps that did not change free.
The layouts the last build's passes found (``guesses``) say which units the next passes will most likely
ask for: they are laid out alongside the first pass, on the other cores, instead of one pass after the
other. Units missing from the cache are laid out in worker processes.
"""

from __future__ import annotations

import concurrent.futures as futures
import hashlib
import json
import multiprocessing
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from .. import __version__
from ..errors import RenderError
from .atomic import atomic_path, write_text
from .units import Split, split_units, unit_document

MAX_PASSES = 5


@dataclass(frozen=True)
class WriteOptions:
    """How a unit's PDF is written: part of its cache key."""
    pdf_variant: str
    pdf_version: str | None = None
    dpi: int | None = None
    optimize_images: bool = False
    rgb_black_to_k: bool = False


@dataclass(frozen=True)
class UnitResult:
    key: str
    pdf: Path
    pages: int
    anchors: dict[str, int]  # anchor → page index within the unit
    bookmarks: list[tuple[int, str, bool]]  # level, label, closed
    blank: list[int]  # pages WeasyPrint left blank within the unit


@dataclass
class Layout:
    html: str
    units: list[UnitResult]
    starts: list[int]  # page index of each unit's first page
    layout: dict[str, int]  # anchor → page index in the book
    blank_pages: tuple[int, ...]  # blank pages of the book: within units and versos added between them
    pages: int
    passes: int
    settled: bool
    history: list[dict[str, int]] = field(default_factory=list)  # the layout each pass found
    laid_out: int = 0  # units laid out by this build (the rest came from the cache)


class UnitCache:
    def __init__(self, folder: Path, root: Path) -> None:
        self.folder = folder
        self.root = root
        self.digests: dict[str, str] = {}
        self.used: set[str] = set()

    def digest(self, path: str) -> str:
        if path not in self.digests:
            try:
                self.digests[path] = hashlib.sha256(Path(path).read_bytes()).hexdigest()
            except OSError:
                self.digests[path] = "missing"
        return self.digests[path]

    def get(self, key: str) -> UnitResult | None:
        meta_path = self.folder / f"{key}.json"
        try:
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        pdf = self.folder / f"{key}.pdf"
        if not pdf.is_file() or any(self.digest(p) != d for p, d in meta.get("files", {}).items()):
            return None
        self.used.add(key)
        return UnitResult(key, pdf, meta["pages"], meta["anchors"],
                          [tuple(b) for b in meta["bookmarks"]], meta["blank"])

    def prune(self, keep_builds: int = 3) -> None:
        """Keep the units of the last few builds (an undone edit is free), drop the rest."""
        record = self.folder / "recent.json"
        try:
            recent = json.loads(record.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            recent = []
        recent = [sorted(self.used), *recent][:keep_builds]
        keep = {k for build in recent for k in build}
        for path in self.folder.glob("*"):
            if path.suffix in (".pdf", ".json") and path.name != "recent.json" and path.stem not in keep:
                path.unlink(missing_ok=True)
        write_text(record, json.dumps(recent))


def unit_key(document: str, options: WriteOptions, root: Path) -> str:
    from . import weasy
    parts = [document, repr(options), __version__, weasy.engine_version(), root.as_posix()]
    return hashlib.sha256("\0".join(parts).encode("utf-8")).hexdigest()[:32]


def _lay_out_unit(job: tuple[str, str, Path, list[Path], WriteOptions, Path]) -> dict:
    """In a worker: lay out one unit, write its PDF into the cache, return its measurements."""
    key, document, root, roots, options, folder = job
    from .weasy import lay_out_and_write
    meta = lay_out_and_write(document, root, roots, options, folder / f"{key}.pdf", note_prefix=key[:8])
    write_text(folder / f"{key}.json", json.dumps(meta, ensure_ascii=False))
    return meta


class UnitLayout:
    """The units of one build's documents, laid out through one cache and one pool of workers."""

    def __init__(self, root: Path, roots: list[Path], cache: Path, jobs: int | None = None) -> None:
        self.root = root
        self.roots = roots
        self.cache = UnitCache(cache, root)
        self.jobs = jobs or max(1, min(os.cpu_count() or 1, 4))
        self._pool: futures.ProcessPoolExecutor | None = None
        self.laid_out = 0

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown()
            self._pool = None
        self.cache.prune()

    def _units(self, split: Split, starts: list[int], body_start: int, options: WriteOptions) -> list[tuple[str, str]]:
        out = []
        for index in range(len(split.units)):
            start = starts[index] if index < len(starts) else 0
            folio = start - body_start + 1 if start >= body_start else start + 1
            document = unit_document(split, index, folio)
            out.append((unit_key(document, options, self.root), document))
        return out

    def run(self, wanted: list[tuple[str, str]], options: WriteOptions) -> dict[str, UnitResult]:
        """Results for every (key, document); the ones not in the cache are laid out, in parallel."""
        results: dict[str, UnitResult] = {}
        missing: dict[str, str] = {}
        for key, document in wanted:
            found = self.cache.get(key)
            if found is not None:
                results[key] = found
            else:
                missing[key] = document
        jobs = [(key, doc, self.root, self.roots, options, self.cache.folder) for key, doc in missing.items()]
        self.cache.folder.mkdir(parents=True, exist_ok=True)
        if len(jobs) == 1 or self.jobs == 1:
            metas = [_lay_out_unit(job) for job in jobs]
        else:
            if self._pool is None:
                self._pool = futures.ProcessPoolExecutor(self.jobs, mp_context=multiprocessing.get_context("fork"))
            metas = list(self._pool.map(_lay_out_unit, jobs))
        self.laid_out += len(jobs)
        for job, meta in zip(jobs, metas):
            key = job[0]
            self.cache.used.add(key)
            results[key] = UnitResult(key, self.cache.folder / f"{key}.pdf", meta["pages"], meta["anchors"],
                                      [tuple(b) for b in meta["bookmarks"]], meta["blank"])
        return results

    def lay_out(self, html_for: Callable[[dict[str, int] | None], str], options: WriteOptions,
                layout: dict[str, int] | None = None, guesses: list[dict[str, int]] | None = None,
                body_anchor: str | None = None, max_passes: int = MAX_PASSES) -> Layout:
        """Lay out the book from ``layout`` (None: placeholders) until its HTML is stable."""
        passes = 0
        laid_before = self.laid_out
        history: list[dict[str, int]] = []
        while True:
            html = html_for(layout)
            split = split_units(html)
            starts = [layout.get(u.first_id, 0) for u in split.units] if layout else []
            body_start = layout.get(body_anchor or "", 0) if layout else 0
            wanted = self._units(split, starts, body_start, options)
            for guess in guesses or ():  # the passes to come, if they go as last time: laid out alongside
                guessed = split_units(html_for(guess))
                wanted += self._units(guessed, [guess.get(u.first_id, 0) for u in guessed.units],
                                      guess.get(body_anchor or "", 0), options)
            guesses = None
            results = self.run(wanted, options)
            passes += 1
            units = [results[key] for key, _ in wanted[:len(split.units)]]
            found, found_starts, blank, total = assemble(split, units)
            history.append(found)
            settled = html_for(found) == html and found_starts == starts
            if settled or passes >= max_passes:
                return Layout(html, units, found_starts, found, tuple(blank), total, passes, settled,
                              history, self.laid_out - laid_before)
            layout = found


def assemble(split: Split, units: list[UnitResult]) -> tuple[dict[str, int], list[int], list[int], int]:
    """Where each unit lands in the book: every unit opens on a recto, after a blank verso if need be."""
    layout: dict[str, int] = {}
    starts: list[int] = []
    blank: list[int] = []
    position = 0
    for unit in units:
        if position % 2:
            blank.append(position)
            position += 1
        starts.append(position)
        for anchor, page in unit.anchors.items():
            layout.setdefault(anchor, position + page)
        blank.extend(position + page for page in unit.blank)
        position += unit.pages
    return layout, starts, blank, position


def check_pages(layout: Layout) -> None:
    if layout.pages == 0:
        raise RenderError("the print document laid out to no page at all: is the manuscript empty?")
