"""Fixtures for the CMS import tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from cms_paths import SAMPLES


@pytest.fixture
def samples() -> Path:
    """The shared real-world exports; skipped, not failed, where the project is checked out alone."""
    if not SAMPLES.is_dir():
        pytest.skip("the shared CMS samples are not next to the project")
    return SAMPLES
