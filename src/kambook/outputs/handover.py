"""What the publisher hands to the printer: the preflight report and checksums beside the PDFs."""

from __future__ import annotations

import hashlib
from pathlib import Path

from ..errors import KambookError
from ..manifest import Manifest
from ..preflight import PreflightReport, run_preflight
from .atomic import write_text


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
    report = run_preflight(interior, cover if cover.is_file() else None, screen if screen.is_file() else None,
                           trim_mm=(manifest.trim.width_mm, manifest.trim.height_mm), bleed_mm=spec.bleed_mm,
                           signature=spec.signature, sheet_mm=spec.sheet_mm, spine_mm_used=None, root=dist)
    report_file = interior.parent / "preflight.json"
    write_text(report_file, report.to_json())
    handed_over = [p for p in (interior, cover, report_file) if p.is_file()]
    sums = "".join(f"{hashlib.sha256(p.read_bytes()).hexdigest()}  {p.name}\n" for p in handed_over)
    write_text(interior.parent / "SHA256SUMS", sums)
    return report
