"""Work beside the build (``kambook.aside``): its result comes back, and so does whatever stopped it."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from kambook.aside import Aside, AsideError
from kambook.errors import KambookError, RenderError


class Unpicklable(KambookError):
    def __init__(self, first: str, second: str) -> None:
        super().__init__(f"{first} and {second}")


def test_the_result_comes_back_from_the_forked_process(tmp_path: Path) -> None:
    parent = os.getpid()
    aside = Aside(lambda: {"pid": os.getpid(), "written": [tmp_path / "a.pdf"]}, "writing")
    got = aside.result()
    assert got["pid"] != parent and got["written"] == [tmp_path / "a.pdf"]


def test_a_kambook_error_arrives_as_itself_and_any_other_with_its_traceback() -> None:
    def fails() -> None:
        raise RenderError("cannot fetch assets/figure.svg")
    with pytest.raises(RenderError, match="cannot fetch assets/figure.svg"):
        Aside(fails, "writing the screen PDF").result()

    def odd() -> None:
        raise Unpicklable("one", "two")
    with pytest.raises(AsideError, match="^one and two$"):
        Aside(odd, "writing").result()

    def bug() -> None:
        return {}["missing"]
    with pytest.raises(AsideError) as caught:
        Aside(bug, "writing the flipbook").result()
    assert "writing the flipbook: KeyError: 'missing'" in str(caught.value) and "in bug" in str(caught.value)


def test_a_process_that_dies_is_a_clear_error_and_cancel_stops_one_that_runs(tmp_path: Path) -> None:
    with pytest.raises(AsideError, match="stopped before finishing .exit status 3."):
        Aside(lambda: os._exit(3), "writing the screen PDF").result()
    mark = tmp_path / "still running"
    aside = Aside(lambda: (time.sleep(30), mark.touch()), "sleeping")
    started = time.perf_counter()
    aside.cancel()
    assert time.perf_counter() - started < 5 and not mark.exists()
