"""The legal mentions (``transform.legal`` writes and typesets them) marked up for the copyright page and
the colophon: an ISBN or an article number never breaks across lines."""

from __future__ import annotations

import re

from markupsafe import Markup, escape

#: Never broken across lines: an article number, an ISBN (its hyphens are not places to break).
UNBROKEN = re.compile(r"L\.\u00a0\d+-\d+|ISBN\u00a0[\d-]+X?")


def _paragraph(text: str) -> Markup:
    html = str(escape(text))
    return Markup(UNBROKEN.sub(lambda match: f'<span class="unbroken">{match.group(0)}</span>', html))


def legal_mentions(texts: dict[str, str], full_address: bool) -> dict[str, Markup]:
    """Each mention by name; ``publisher`` is two lines (name, then full address) or « name, city »."""
    publisher = escape(texts.get("publisher", ""))
    if texts.get("address"):
        publisher += (Markup("<br>") + _paragraph(texts["address"])) if full_address else ", " + escape(texts["address"])
    rest = {key: _paragraph(text) for key, text in texts.items() if key not in ("publisher", "address")}
    return {"publisher": Markup(publisher), **rest}
