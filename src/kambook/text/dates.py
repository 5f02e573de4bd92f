"""Dates as a French book prints them: « 1er mars 2024 »."""

from __future__ import annotations

from datetime import date

MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
          "novembre", "décembre")


def french_date(value: date) -> str:
    """A date or a datetime, by its day: the first of the month is « 1er »."""
    return f"{value.day}{'er' if value.day == 1 else ''} {MONTHS[value.month - 1]} {value.year}"
