"""`kambook build` with nothing changed does nothing, and anything that changes the outputs rebuilds them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from bookproject import copy_project

KAMBOOK = str(Path(sys.executable).with_name("kambook"))
UP_TO_DATE = "Nothing changed since the last build"


def site(project: Path, *extra: str) -> str:
    run = subprocess.run([KAMBOOK, "-C", str(project), "build", "--only", "site", *extra], capture_output=True,
                         text=True, check=True)
    return run.stdout + run.stderr


@pytest.mark.builds
def test_a_second_build_of_the_same_sources_does_nothing(tmp_path):
    project = copy_project(tmp_path / "book")
    assert UP_TO_DATE not in site(project)
    assert UP_TO_DATE in site(project)
    assert UP_TO_DATE not in site(project, "--force")
    chapter = next((project / "chapters").rglob("01-*.md"))
    original = chapter.read_text(encoding="utf-8")
    chapter.write_text(original + "\nUne phrase de plus.\n", encoding="utf-8")
    assert UP_TO_DATE not in site(project)  # an edit rebuilds
    assert "Une phrase de plus" in "".join(p.read_text(encoding="utf-8") for p in (project / "dist" / "site").glob("*.html"))
    chapter.write_text(original, encoding="utf-8")
    assert UP_TO_DATE not in site(project)  # undoing it is a change from the last build
    assert UP_TO_DATE in site(project)
    (project / "dist" / "site" / "index.html").write_text("abîmé", encoding="utf-8")
    assert UP_TO_DATE not in site(project)  # an output changed by hand is written again
    assert "abîmé" not in (project / "dist" / "site" / "index.html").read_text(encoding="utf-8")
    assert UP_TO_DATE not in site(project, "--keep-going")  # other options: a real build


def test_commands_that_make_no_pdf_do_not_load_weasyprint():
    """Pango's half second of loading is paid by PDF builds only: `--only site`, `import`, `check` start at once."""
    code = "import sys, kambook.build, kambook.cli; print('weasyprint' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip() \
        == "False"
