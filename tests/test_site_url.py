"""With ``site_url:`` in book.yaml the site gets canonical addresses and an absolute sitemap."""

from __future__ import annotations

import re

from bookproject import copy_project
from kambook.build import BuildOptions, build


def test_site_url_gives_canonical_links_and_sitemap(tmp_path):
    project = copy_project(tmp_path / "book")
    manifest = project / "book.yaml"
    manifest.write_text(manifest.read_text(encoding="utf-8").replace(
        "slug: key-account-management\n", "slug: key-account-management\nsite_url: https://livre.example.org/kam/\n"),
        encoding="utf-8")
    build(project, BuildOptions(only=("site",), dist=tmp_path / "dist"))
    site = tmp_path / "dist" / "site"
    page = (site / "plan.html").read_text(encoding="utf-8")
    assert '<link rel="canonical" href="https://livre.example.org/kam/plan.html">' in page
    assert re.search(r'<meta property="og:url" content="https://livre.example.org/kam/plan.html">', page)
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert "<loc>https://livre.example.org/kam/plan.html</loc>" in sitemap
