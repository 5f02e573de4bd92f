"""``kambook new DIR``: a book of one's own to start from.

The scaffold (``kambook/scaffold``) is a complete small book — manifest, foreword, one part, two chapters,
a figure, a table, a citation, a footnote, an event for the flipbook — that builds every edition and
passes ``kambook check`` as it stands, so an author changes a working book instead of assembling one.
Its styles and fonts are the house's own (``styles/``, ``assets/fonts/``), copied so the new book owns them.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
from pathlib import Path
from string import Template

from .errors import UsageError
from .text.slugs import slugify

SCAFFOLD = Path(__file__).parent / "scaffold"


def new_book(folder: Path, title: str = "Mon livre", author: str = "Prénom Nom") -> list[Path]:
    """Write the scaffold into ``folder`` (absent or empty); return the files written."""
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise UsageError(f"{folder}: already exists and is not an empty folder; "
                         "name a new folder (kambook new mon-livre)")
    slug = slugify(title) or slugify(folder.name) or "livre"
    today = _today()
    values = {"title": json.dumps(title, ensure_ascii=False), "author": json.dumps(author, ensure_ascii=False),
              "slug": slug, "date": today.isoformat(), "month": today.strftime("%Y-%m")}
    staging = folder.with_name(f".{folder.name}.new")
    shutil.rmtree(staging, ignore_errors=True)
    shutil.copytree(SCAFFOLD, staging, symlinks=False, ignore=shutil.ignore_patterns("__pycache__", "README.md"))
    manifest = staging / "book.yaml"
    manifest.write_text(Template(manifest.read_text(encoding="utf-8")).substitute(values), encoding="utf-8")
    (staging / ".gitignore").write_text("dist/\n.kambook-cache/\n", encoding="utf-8")
    if folder.exists():
        folder.rmdir()
    os.replace(staging, folder)  # the book appears whole, or not at all
    return sorted(p for p in folder.rglob("*") if p.is_file())


def _today() -> dt.date:
    """``SOURCE_DATE_EPOCH`` when set, so a scaffold made in a test or a reproducible setup is the same."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).date() if epoch else dt.date.today()
