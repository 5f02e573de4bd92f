"""The book block's bulk, in one place: the cover is built for it and the preflight measures the cover
against it, so the two can never disagree by a rounding."""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal


def round_tenth(value: float) -> float:
    """Round half up to 0.1 mm: binary floats would send 7.25 down, printers' calculators send it up."""
    return float(Decimal(repr(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def spine_width_mm(pages: int, sheet_mm: float) -> float:
    """One sheet of paper carries two pages (an odd count still takes a whole sheet), times the sheet's
    thickness, to 0.1 mm: no guillotine or cover template is finer."""
    return round_tenth(math.ceil(pages / 2) * sheet_mm)
