"""Where the CMS import tests find their inputs (a plain module: ``conftest`` names clash across folders).

The real CMS samples are read in place from ``../shared/cms-samples`` (third-party files that must not be
copied into the project); our own edge-case fixtures live in ``tests/fixtures/cms``.
"""

from __future__ import annotations

from pathlib import Path

PROJECT = Path(__file__).resolve().parents[2]
SAMPLES = PROJECT.parent / "shared" / "cms-samples"
FIXTURES = PROJECT / "tests" / "fixtures" / "cms"
OWN_EXPORT = PROJECT / "assets" / "cms"
