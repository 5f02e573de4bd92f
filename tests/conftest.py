"""Shared fixtures: the repository's own book, built once per test session."""

from __future__ import annotations

from pathlib import Path

import pytest

from bookproject import ROOT
from kambook.build import BuildOptions, BuildResult, build


@pytest.fixture(scope="session")
def built_book(tmp_path_factory: pytest.TempPathFactory) -> tuple[BuildResult, Path]:
    dist = tmp_path_factory.mktemp("dist")
    result = build(ROOT, BuildOptions(dist=dist))
    return result, dist
