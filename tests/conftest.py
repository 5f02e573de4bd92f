"""Shared fixtures: the repository's own book, built once per test session."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from bookproject import ROOT
from kambook.build import BuildOptions, BuildResult, build

#: A fixed modification date, so a second build can be compared byte for byte.
SOURCE_DATE_EPOCH = "1421280000"


@pytest.fixture(scope="session")
def built_book(tmp_path_factory: pytest.TempPathFactory) -> tuple[BuildResult, Path]:
    dist = tmp_path_factory.mktemp("dist")
    previous = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = SOURCE_DATE_EPOCH
    try:
        result = build(ROOT, BuildOptions(dist=dist))
    finally:
        if previous is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = previous
    return result, dist
