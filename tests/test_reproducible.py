"""Issue #15, « the same bytes anywhere »: the same sources built in two folders give the same dist/.

Two copies of a small book — a raster figure and a footnote in the chapter the flipbook takes as its
excerpt, the screen PDF, the print interior and cover with their CMYK profile, the flipbook and the site —
are built by ``kambook build`` in folders of different names and depths, under other time zones and
locales, with the same ``SOURCE_DATE_EPOCH``: every file of both dist/ folders must be byte for byte the
same. The print document once addressed images by their absolute ``file://`` path, and WeasyPrint names an
image after the address it was fetched from; a unit's cache key held the project folder, and its footnote
ids came from that key.

The fetcher's tests check that the project's own addresses keep the build confined: only files under the
project folder, a missing file stops the layout, a ``file://`` address is refused.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

from bookproject import ROOT
from smallbook import small_book
from kambook.errors import RenderError

EPOCH = "1700000000"

def french_locale() -> str:
    """A French UTF-8 locale when the machine has one (Debian's ``locales``), else C.UTF-8."""
    try:
        listed = subprocess.run(["locale", "-a"], capture_output=True, text=True, check=False).stdout.split()
    except OSError:
        listed = []
    return next((name for name in listed if name.lower().replace("-", "") in ("fr_fr.utf8", "fr_ca.utf8")),
                "C")  # at least another locale than the first build's C.UTF-8


def build_in(project: Path, tz: str, lang: str) -> Path:
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "PYTHONPATH": str(ROOT / "src"),
           "SOURCE_DATE_EPOCH": EPOCH, "TZ": tz, "LC_ALL": lang, "LANG": lang, "HOME": str(project.parent)}
    run = subprocess.run([sys.executable, "-m", "kambook", "-C", str(project), "build", "--jobs", "2"],
                         capture_output=True, text=True, env=env, check=False)
    assert run.returncode == 0, run.stdout + run.stderr
    return project / "dist"


def digests(dist: Path) -> dict[str, str]:
    return {path.relative_to(dist).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(dist.rglob("*")) if path.is_file()}


@pytest.mark.builds
def test_two_folders_two_time_zones_two_locales_give_the_same_bytes(tmp_path: Path) -> None:
    one = small_book(tmp_path / "a")
    other = small_book(tmp_path / "un dossier plus long" / "livre-é")
    first = digests(build_in(one, "UTC", "C.UTF-8"))
    second = digests(build_in(other, "Pacific/Auckland", french_locale()))
    for name in ("livre-essai.pdf", "publisher/livre-essai-interior.pdf", "publisher/livre-essai-cover.pdf",
                 "flipbook/livre-essai-flipbook.pdf", "site/index.html", "site/livre-essai.pdf", "livre-essai.epub"):
        assert name in first, f"the small book's build wrote no {name}"
    assert sorted(first) == sorted(second)
    differing = [name for name in first if first[name] != second[name]]
    assert differing == [], f"these files differ between the two folders: {differing}"


@pytest.mark.builds
def test_a_moved_project_reuses_its_cache_and_never_a_stale_unit(tmp_path: Path, monkeypatch) -> None:
    """The print document names no folder, so a copy of the project (its cache with it) lays out nothing
    again and writes the same PDF; an image edited in the copy — the original still in place, unchanged —
    is laid out again: the cache checks the files of the folder it is in."""
    from kambook.build import BuildOptions, build
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    original = small_book(tmp_path / "original")
    cold = build(original, BuildOptions(only=("pdf",), dist=tmp_path / "cold"))
    assert cold.units_laid_out > 0
    assert str(tmp_path) not in cold.print_html and "file:" not in cold.print_html
    moved = tmp_path / "ailleurs" / "copie"
    shutil.copytree(original, moved)
    warm = build(moved, BuildOptions(only=("pdf",), dist=tmp_path / "warm"))
    assert warm.units_laid_out == 0
    assert (tmp_path / "warm" / "livre-essai.pdf").read_bytes() == (tmp_path / "cold" / "livre-essai.pdf").read_bytes()
    Image.new("RGB", (300, 200), (20, 120, 60)).save(moved / "assets" / "images" / "photo.png", dpi=(300, 300))
    edited = build(moved, BuildOptions(only=("pdf",), dist=tmp_path / "edited"))
    assert edited.units_laid_out >= 1
    assert (tmp_path / "edited" / "livre-essai.pdf").read_bytes() != \
        (tmp_path / "cold" / "livre-essai.pdf").read_bytes()


def render(html: str, root: Path) -> None:
    from kambook.print.weasy import render_document
    render_document(html, root, [root])


def test_project_addresses_serve_the_project_folder_only(tmp_path: Path) -> None:
    from kambook.print.weasy import project_url
    root = tmp_path / "livre"
    (root / "assets").mkdir(parents=True)
    Image.new("RGB", (4, 4), "red").save(root / "assets" / "carré rouge.png")
    (tmp_path / "dehors.png").write_bytes((root / "assets" / "carré rouge.png").read_bytes())
    url = project_url(root / "assets" / "carré rouge.png", root)
    assert url.startswith("kambook://project/assets/") and str(tmp_path) not in url
    render(f'<img src="{url}"><img src="assets/carr%C3%A9%20rouge.png">', root)
    for src, why in (("assets/absent.png", "assets/absent.png: file not found"),
                     ("../dehors.png", "dehors.png: file not found"),  # « .. » stops at the project folder
                     ((tmp_path / "dehors.png").as_uri(), "outside the project folder"),
                     ((root / "assets" / "carré rouge.png").as_uri(), "relative to the project"),
                     ("https://example.org/image.png", "no network at build time")):
        with pytest.raises(RenderError) as info:
            render(f'<img src="{src}">', root)
        assert why in str(info.value), (src, str(info.value))
    for css in ('@import url("file:///etc/passwd");', '@import url("../../etc/hostname");',
                '@font-face { font-family: X; src: url("file:///usr/share/fonts/x.ttf") } p { font-family: X }',
                'p { background: url("file:///etc/hosts") }'):  # stylesheets go through the same door
        with pytest.raises(RenderError):
            render(f"<style>{css}</style><p>x</p>", root)
    (root / "assets" / "lien.png").symlink_to(tmp_path / "dehors.png")
    with pytest.raises(RenderError) as info:
        render('<img src="assets/lien.png">', root)
    assert "outside the project folder" in str(info.value)
