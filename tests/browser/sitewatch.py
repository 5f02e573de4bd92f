"""What the site's browser tests watch: console errors and requests that leave the site, and its pages.

A module of its own rather than the conftest: test modules import it, and ``conftest`` is a name every
test folder has.
"""

from __future__ import annotations

from pathlib import Path


class PageWatch:
    """A page that records console errors and every request that leaves the site."""

    def __init__(self, page: object, base: str) -> None:
        self.page = page
        self.errors: list[str] = []
        self.outside: list[str] = []
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.on("request", lambda r: None if r.url.startswith((base, "data:", "about:")) else self.outside.append(r.url))


def html_pages(site_dir: Path) -> list[str]:
    return sorted(p.name for p in site_dir.glob("*.html"))
