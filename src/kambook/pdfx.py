"""What PDF/X fixes and what the ICC registers: facts shared by the press finishing and the preflight.

The press pass names the output condition and the preflight checks the name, so both read one table and
one way of finding a registered name in a profile's description.
"""

from __future__ import annotations

import re

#: PDF/X-4 is defined on PDF 1.6.
X4_VERSION = "1.6"
COLOR_ORG = "http://www.color.org"
#: Reference names of the ICC Characterization Data Registry (https://www.color.org/registry2.xalter) that
#: printers meet in PDF/X output intents. Not the whole registry: add a name when a printer asks for it.
REGISTERED = (
    "FOGRA27", "FOGRA28", "FOGRA29", "FOGRA39", "FOGRA40", "FOGRA43", "FOGRA44", "FOGRA45", "FOGRA46",
    "FOGRA47", "FOGRA49", "FOGRA50", "FOGRA51", "FOGRA52", "FOGRA53", "FOGRA54", "FOGRA55",
    "CGATS TR 001", "CGATS TR 003", "CGATS TR 005", "CGATS TR 006", "CGATS21-2-RSP",
    *(f"CGATS21-2-CRPC{n}" for n in range(1, 8)), "JC200103", "JCN2002", "JCW2003", "IFRA26", "IFRA30",
)


def registered(condition: str) -> str | None:
    """Exactly as registered: a RIP looks the name up, it does not guess ('fogra39' gets a suggestion)."""
    return condition.strip() if condition.strip() in REGISTERED else None


def registered_in(*texts: str) -> str | None:
    """A registered name inside a home-made one ('FOGRA39 coated (kambook)' → 'FOGRA39'), longest first."""
    haystack = " ".join(squash(t) for t in texts if t)
    for name in sorted(REGISTERED, key=len, reverse=True):
        if re.search(re.escape(squash(name)) + r"(?!\d)", haystack):
            return name
    return None


def squash(text: str) -> str:
    return re.sub(r"[\s_-]+", "", text).upper()
