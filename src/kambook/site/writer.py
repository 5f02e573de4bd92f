"""Write the site folder: built aside, then swapped in whole (a failed build keeps the previous site)."""

from __future__ import annotations

import shutil
from pathlib import Path

from .pages import SiteBundle
from ..atomic import atomic_dir


def write_site(bundle: SiteBundle, root: Path, target: Path) -> Path:
    with atomic_dir(target) as tmp:
        for name, html in bundle.pages.items():
            (tmp / name).parent.mkdir(parents=True, exist_ok=True)  # flipbook/index.html: the site's copy
            (tmp / name).write_text(html, encoding="utf-8")
        for rel, source in bundle.files.items():
            dest = tmp / rel
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, dest)
    return target
