"""Paths to the repository's own book, and copies of it for tests that break it on purpose."""

from __future__ import annotations

import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def copy_project(target: Path) -> Path:
    target.mkdir(parents=True, exist_ok=True)
    for name in ("book.yaml", "chapters", "assets", "styles"):
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, target / name)
        else:
            shutil.copy(source, target / name)
    return target
