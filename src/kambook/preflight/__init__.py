"""Preflight: check the produced PDFs the way a printer's prepress would, before they are handed over.

``kambook check`` calls :func:`run_preflight`, prints :meth:`PreflightReport.tables` and writes
:meth:`PreflightReport.to_json` to ``dist/publisher/preflight.json``; any failure means exit status 1
(:meth:`PreflightReport.raise_for_failures` raises ``PreflightError``).
"""

from .checks import (
           check_cover,
           check_interior,
           check_screen,
           run_preflight,
           spine_width,
)
from .report import Finding, PreflightReport

__all__ = ["Finding", "PreflightReport", "check_cover", "check_interior", "check_screen", "run_preflight",
           "spine_width"]
