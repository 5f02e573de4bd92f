"""ASCII slugs for anchors and file names made from titles: one rule for chapters' sections and for
articles whose CMS stored no slug, so the same title always gives the same address."""

from __future__ import annotations

import re
import unicodedata


def slugify(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
