"""The layout loop over units: page references settle, and only what changed is laid out again.

A book is laid out unit by unit (``units``): each unit document is keyed by its own HTML and the
options it is written with, and its PDF and measurements are kept under ``.kambook-cache/units/``
with the content hash of every file WeasyPrint read for it. Neither the key nor the files name the
project folder (the HTML addresses files relative to it, ``print.weasy``): a project moved or copied
elsewhere, cache included, reuses its units, each checked against the files of the folder it is now in.
The loop is always the cold build's: placeholders first, then the measured folios, until the HTML no
longer changes — so what a build prints never depends on the builds before it; the cache only makes the
steps that did not change free.
The layouts the last build's passes found (``guesses``) say which units the next passes will most likely
ask for: they are laid out alongside the first pass, on the other cores, instead of one pass after the
other. Units missing from the cache are laid out in worker processes.
"""

from __future__ import annotations

import concurrent.futures as futures
import contextlib
import hashlib
import json
import multiprocessing
import os
import time
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from .. import __version__
from ..aside import die_with_parent
from ..errors import RenderError
from ..atomic import write_text
from .floats import merge_moves, moves_of
from .index_suite import SUITE_KEY, suite_entries, without_suites
from .units import Split, silent_last, split_units, unit_document
from .weasy import engine_version, file_digest

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
    pdf: Path | None  # None: measured only (a first pass, whose pages are never printed)
    pages: int
    anchors: dict[str, int]  # anchor → page index within the unit
    bookmarks: list[tuple[int, str, bool]]  # level, label, closed
    blank: list[int]  # pages WeasyPrint left blank within the unit
    moves: dict[str, int] = field(default_factory=dict)  # float id → blocks it was moved past (print.floats)
    suites: list[tuple[int, int]] = field(default_factory=list)  # index entries split (print.index_suite)


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
        self.root = root  # the project folder: a unit's files are recorded by their path in it
        self.digests: dict[str, str] = {}
        self.used: set[str] = set()

    def digest(self, name: str) -> str:
        if name not in self.digests:
            self.digests[name] = file_digest(self.root, name)
        return self.digests[name]

    def get(self, key: str, write: bool) -> UnitResult | None:
        meta_path = self.folder / f"{key}.json"
        try:
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        pdf = self.folder / f"{key}.pdf"
        if (write and not pdf.is_file()) or any(self.digest(p) != d for p, d in meta.get("files", {}).items()):
            return None
        self.used.add(key)
        return self.result(key, meta)

    def result(self, key: str, meta: dict) -> UnitResult:
        pdf = self.folder / f"{key}.pdf"
        return UnitResult(key, pdf if pdf.is_file() else None, meta["pages"], meta["anchors"],
                          [tuple(b) for b in meta["bookmarks"]], meta["blank"], meta.get("moves", {}),
                          [tuple(pair) for pair in meta.get("suites", ())])

    def prune(self, max_age_s: float = 2 * 86400, max_bytes: int = 500 * 2**20) -> None:
        """Keep what recent builds used, of every edition (an undone edit, a switch between ``--only``
        options are free); drop units unused for two days, and the oldest beyond 500 MB."""
        now = time.time()
        for key in self.used:
            for suffix in (".json", ".pdf"):
                with contextlib.suppress(OSError):
                    os.utime(self.folder / f"{key}{suffix}", (now, now))
        entries = []
        for path in self.folder.glob("*.*"):
            with contextlib.suppress(OSError):
                stat = path.stat()
                entries.append((stat.st_mtime, stat.st_size, path))
        total = sum(size for _, size, _ in entries)
        for mtime, size, path in sorted(entries):
            if path.stem in self.used:
                continue
            if now - mtime > max_age_s or total > max_bytes:
                path.unlink(missing_ok=True)
                total -= size


def unit_key(document: str, options: WriteOptions) -> str:
    """The unit's HTML (its files are checked by content, ``UnitCache.get``), how it is written, and the
    code that lays it out; not where the project is."""
    parts = [document, repr(options), __version__, engine_version()]
    return hashlib.sha256("\0".join(parts).encode("utf-8")).hexdigest()[:32]


def _lay_out_unit(job: tuple[str, str, bool, Path, list[Path], WriteOptions, Path]) -> dict:
    """In a worker: lay out one unit, write its PDF into the cache if asked, return its measurements."""
    key, document, write, root, roots, options, folder = job
    from .weasy import lay_out_and_write
    meta = lay_out_and_write(document, root, roots, options, folder / f"{key}.pdf" if write else None,
                             note_prefix=key[:8])
    write_text(folder / f"{key}.json", json.dumps(meta, ensure_ascii=False))
    return meta


def _warm_up(root: Path, roots: list[Path], fonts_css: str) -> None:
    from .weasy import warm_up
    try:
        warm_up(root, roots, fonts_css)
    except Exception:  # noqa: BLE001 - a unit's own layout will report the problem, with its context
        pass


class UnitLayout:
    """The units of one build's documents, laid out through one cache and one pool of workers."""

    def __init__(self, root: Path, roots: list[Path], cache: Path, jobs: int | None = None,
                 progress: Callable[[int, int], None] | None = None) -> None:
        self.root = root
        self.roots = roots
        self.cache = UnitCache(cache, root)
        self.jobs = jobs or max(1, min(os.cpu_count() or 1, 4))
        self._pool: futures.ProcessPoolExecutor | None = None
        self.laid_out = 0
        #: Told (units done, units to lay out) as workers finish: the CLI's progress line.
        self.progress = progress

    def warm_up(self, fonts_css: str) -> None:
        """Start the workers, each loading WeasyPrint and the book's fonts, while the caller goes on."""
        if self.jobs > 1 and self._pool is None:
            self._pool = self._new_pool()
            for _ in range(self.jobs):
                self._pool.submit(_warm_up, self.root, self.roots, fonts_css)

    def _new_pool(self) -> futures.ProcessPoolExecutor:
        return futures.ProcessPoolExecutor(self.jobs, mp_context=multiprocessing.get_context("fork"),
                                           initializer=die_with_parent)

    def release(self) -> None:
        """Stop the workers once the last layout is done: their memory is not held through the merge."""
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
            self._pool = None

    def close(self, prune: bool = False) -> None:
        """Stop the workers; after a build that succeeded, drop the units no recent build used."""
        self.release()
        if prune:
            self.cache.prune()

    def _units(self, split: Split, layout: dict[str, int] | None, body_anchor: str | None, options: WriteOptions,
               write: bool) -> list[tuple[str, str, bool]]:
        """(key, document, write) of each unit, each opening where ``layout`` puts it (page 1 if None)."""
        body_start = layout.get(body_anchor or "", 0) if layout else 0
        out = []
        for index, unit in enumerate(split.units):
            start = layout.get(unit.first_id, 0) if layout else 0
            folio = start - body_start + 1 if start >= body_start else start + 1
            document = unit_document(split, index, folio)
            out.append((unit_key(document, options), document, write))
        return out

    def run(self, wanted: list[tuple[str, str, bool]], options: WriteOptions) -> dict[str, UnitResult]:
        """Results for every (key, document, write); those not in the cache are laid out, in parallel,
        the longest first so that no core waits at the end for one long chapter."""
        results: dict[str, UnitResult] = {}
        missing: dict[str, tuple[str, bool]] = {}
        for key, document, write in wanted:
            found = results.get(key) or self.cache.get(key, write)
            if found is not None and (found.pdf is not None or not write):
                results[key] = found
            else:
                missing[key] = (document, write or missing.get(key, ("", False))[1])
        jobs = sorted(((key, doc, write, self.root, self.roots, options, self.cache.folder)
                       for key, (doc, write) in missing.items()), key=lambda job: -len(job[1]))
        self.cache.folder.mkdir(parents=True, exist_ok=True)
        metas: dict[str, dict] = {}
        if len(jobs) == 1 or self.jobs == 1:
            for job in jobs:
                metas[job[0]] = _lay_out_unit(job)
                self._report(len(metas), len(jobs))
        elif jobs:
            if self._pool is None:
                self._pool = self._new_pool()
            running = {self._pool.submit(_lay_out_unit, job): job[0] for job in jobs}
            try:
                for done in futures.as_completed(running):
                    metas[running[done]] = done.result()
                    self._report(len(metas), len(jobs))
            except BrokenProcessPool:
                self._pool = None
                raise RenderError("a layout worker stopped before finishing (out of memory?); "
                                  "`kambook build --jobs 1` lays the book out in one process") from None
        self.laid_out += len(jobs)
        for key, meta in metas.items():
            self.cache.used.add(key)
            results[key] = self.cache.result(key, meta)
        return results

    def _report(self, done: int, total: int) -> None:
        if self.progress is not None:
            self.progress(done, total)

    def lay_out(self, html_for: Callable[[dict[str, int] | None], str], options: WriteOptions,
                layout: dict[str, int] | None = None, guesses: list[dict[str, int]] | None = None,
                body_anchor: str | None = None, max_passes: int = MAX_PASSES) -> Layout:
        """Lay out the book from ``layout`` (None: placeholders) until its HTML is stable."""
        passes = 0
        laid_before = self.laid_out
        history: list[dict[str, int]] = []
        rendered: dict[tuple | None, str] = {}
        given = html_for

        def html_for(layout: dict[str, int] | None) -> str:  # noqa: F811 - the same, rendered once per layout
            key = None if layout is None else tuple(sorted(layout.items()))
            if key not in rendered:
                rendered[key] = given(layout)
            return rendered[key]
        while True:
            html = html_for(layout)
            split = split_units(html)
            starts = [layout.get(u.first_id, 0) for u in split.units] if layout else []
            # A first pass (no layout yet) is never the last: its units are measured, not written — all but a
            # last one whose pages no other unit's text depends on (the index: a seventh of a pass), which
            # the next pass lays out once.
            own = self._units(split, layout, body_anchor, options, write=layout is not None)
            measured = own[:-1] if layout is None and silent_last(split) else own
            wanted = list(measured)
            for guess in guesses or ():  # the passes to come, if they go as last time: laid out alongside
                wanted += self._units(split_units(html_for(guess)), guess, body_anchor, options, write=True)
            guesses = None
            results = self.run(wanted, options)
            passes += 1
            units = [results[key] for key, _, _ in measured]
            if len(measured) < len(own):  # where it opens is all the first pass needs of it
                opening = split.units[-1].first_id
                units.append(UnitResult(own[-1][0], None, 1, {opening: 0} if opening else {}, [], []))
            found, found_starts, blank, total = assemble(split, units)
            # The floats moved so far stay moved; those that left a hole this pass moved on (print.floats).
            merge_moves(found, moves_of(layout).items())
            for unit in units:
                merge_moves(found, unit.moves.items())
                found.update(suite_entries(set(unit.suites)))  # the index's splits, as its worker left them
            if total == 0:
                raise RenderError("the print document laid out to no page at all: is the manuscript empty?")
            # The index's splits are left out of the remembered layouts: they are the worker's starting point,
            # and a guess carrying them would lay out an index that the cold sequence never asks for.
            history.append({key: value for key, value in found.items() if not key.startswith(SUITE_KEY)})
            # The index's splits are where its worker starts from, not content: they never call for a pass.
            settled = without_suites(html_for(found)) == without_suites(html) and found_starts == starts
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
