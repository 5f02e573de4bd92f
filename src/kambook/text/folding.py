"""Comparing words as a reader would: the same term whatever its case, accents, apostrophe or spacing."""

from __future__ import annotations

import re
import unicodedata


def fold(text: str) -> str:
    """The form two spellings of one term share (« Compte-clé », « compte-cle », « COMPTE‑CLÉ »)."""
    text = unicodedata.normalize("NFKD", text.replace("’", "'")).casefold()
    text = "".join(c for c in text if not unicodedata.combining(c))
    return re.sub(r"[\s\u00a0\u202f]+", " ", text).strip()
