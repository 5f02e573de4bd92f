"""A build killed at any point leaves dist/ as the previous build wrote it; the next build leaves no debris.

A small book is built whole; then a chapter is edited and the build is interrupted, by Ctrl-C (SIGINT) and
by SIGKILL, while it lays out, while it writes the PDFs, and while it makes the flipbook. Each time every
file of dist/ must still be the previous build's, byte for byte. A last, complete build must land the new
outputs with no temporary file or folder left beside them.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from smallbook import small_book

from bookproject import ROOT

#: The stage after which the build is interrupted: its next stage is under way.
MOMENTS = {"layout": "Glyphs", "pdf writing": "Laying out the print interior", "flipbook": "Writing the print interior"}


def visible_files(dist: Path) -> dict[str, str]:
    return {p.relative_to(dist).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(dist.rglob("*")) if p.is_file() and not any(part.startswith(".") for part in
                                                                          p.relative_to(dist).parts)}


def run(project: Path, stop_after: str | None = None, sig: int = signal.SIGINT) -> int:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "PYTHONUNBUFFERED": "1", "NO_COLOR": "1"}
    process = subprocess.Popen([sys.executable, "-m", "kambook", "-C", str(project), "build", "--force"],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)
    for line in process.stdout:
        if stop_after and line.startswith("✓ " + stop_after):
            time.sleep(0.05)
            process.send_signal(sig)
            break
    process.stdout.close()
    return process.wait(timeout=300)


def left_running(project: Path, wait_s: float = 5.0) -> list[str]:
    """The processes still working for a build of ``project`` (its layout workers, the process writing beside
    it, their page renderers: they carry its command line) a few seconds after it ended."""
    deadline = time.monotonic() + wait_s
    while True:
        alive = []
        for entry in Path("/proc").iterdir():
            try:
                command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode("utf-8", "replace")
            except OSError:
                continue
            if entry.name.isdigit() and str(project) in command and "kambook" in command:
                alive.append(f"{entry.name}: {command}")
        if not alive or time.monotonic() > deadline:
            return alive
        time.sleep(0.2)


@pytest.mark.builds
def test_an_interrupted_build_loses_nothing_and_the_next_leaves_no_debris(tmp_path: Path) -> None:
    project = small_book(tmp_path / "livre")
    assert run(project) == 0
    dist = project / "dist"
    before = visible_files(dist)
    assert {"livre-essai.pdf", "publisher/livre-essai-interior.pdf", "flipbook/index.html"} <= set(before)
    chapter = project / "chapters" / "partie-1" / "03-trois.md"
    chapter.write_text(chapter.read_text(encoding="utf-8") + "\nUn paragraphe de plus, écrit pendant la build.\n",
                       encoding="utf-8")
    for moment, stage in MOMENTS.items():
        for sig in (signal.SIGINT, signal.SIGKILL):
            shutil.rmtree(project / ".kambook-cache" / "units", ignore_errors=True)  # layouts take their time
            status = run(project, stage, sig)
            assert status != 0, f"the build ended before it could be interrupted {moment}"
            assert visible_files(dist) == before, f"interrupted ({signal.Signals(sig).name}) during {moment}"
            assert left_running(project) == [], f"processes outlived the build killed during {moment}"
    assert run(project) == 0
    after = visible_files(dist)
    assert after["livre-essai.pdf"] != before["livre-essai.pdf"], "the complete build landed the edit"
    debris = [p.relative_to(dist).as_posix() for p in dist.rglob(".*")]
    assert debris == [], "temporary files left by the interrupted builds"
