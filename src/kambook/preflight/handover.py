"""What the publisher hands over: the preflight report and checksums beside the PDFs and the ONIX feed."""

from __future__ import annotations

import hashlib
from pathlib import Path

from ..errors import KambookError
from ..manifest import Manifest
from . import PreflightReport, run_preflight
from ..atomic import atomic_dir, write_text


def publisher_files(manifest: Manifest, dist: Path) -> tuple[Path, Path, Path]:
    publisher = dist / "publisher"
    return (publisher / f"{manifest.slug}-interior.pdf", publisher / f"{manifest.slug}-cover.pdf",
            dist / f"{manifest.slug}.pdf")


def check_outputs(manifest: Manifest, dist: Path) -> PreflightReport:
    """Preflight the built files and write preflight.json and SHA256SUMS next to them."""
    interior, cover, screen = publisher_files(manifest, dist)
    if not interior.is_file():
        raise KambookError(f"no print interior at {interior}: run `kambook build` first")
    spec = manifest.print
    epub = dist / f"{manifest.slug}.epub"
    # The ONIX feed and the cover image it links to, as kambook.onix names them (tests/test_onix.py checks
    # that the check reads the files the build writes).
    feed, feed_cover = interior.parent / f"{manifest.slug}.onix.xml", interior.parent / f"{manifest.slug}-cover.jpg"
    report = run_preflight(interior, cover if cover.is_file() else None, screen if screen.is_file() else None,
                           trim_mm=(manifest.trim.width_mm, manifest.trim.height_mm), bleed_mm=spec.bleed_mm,
                           signature=spec.signature, sheet_mm=spec.sheet_mm, spine_mm_used=None, root=dist,
                           epub=epub if epub.is_file() else None, onix=feed if feed.is_file() else None)
    # The report and the checksums land together, in a copy of the folder swapped in whole: a check
    # stopped half-way never leaves a report without its checksums, or checksums of another report.
    with atomic_dir(interior.parent, keep=True) as staged:
        report_file = staged / "preflight.json"
        write_text(report_file, report.to_json())  # replaced, never rewritten: the old one is a hard link
        handed_over = [staged / p.name for p in (interior, cover, feed, feed_cover) if p.is_file()] + [report_file]
        sums = "".join(f"{hashlib.sha256(p.read_bytes()).hexdigest()}  {p.name}\n" for p in handed_over)
        write_text(staged / "SHA256SUMS", sums)
    return report
