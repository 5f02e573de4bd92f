"""Never write an output in place: a reader (or an interrupted build) must see the old file or the new one."""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator


@contextmanager
def atomic_path(target: Path) -> Iterator[Path]:
    """Yield a temporary path beside ``target``; on success it replaces ``target`` in one rename."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    tmp_path = Path(tmp)
    try:
        yield tmp_path
        os.chmod(tmp_path, 0o644)
        os.replace(tmp_path, target)
    finally:
        tmp_path.unlink(missing_ok=True)


def write_bytes(target: Path, data: bytes) -> None:
    with atomic_path(target) as tmp:
        tmp.write_bytes(data)


def write_text(target: Path, text: str) -> None:
    write_bytes(target, text.encode("utf-8"))


@contextmanager
def atomic_dir(target: Path, keep: bool = False) -> Iterator[Path]:
    """Build a whole folder aside, then swap it in, so a failed build leaves the previous site intact.

    With ``keep``, the folder starts as the previous one, hard-linked (no byte copied), so outputs not
    rebuilt carry over. A file in it must be replaced (``write_bytes``, ``atomic_path``), never opened for
    writing: it is the same file as the previous folder's until then.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    old = target.parent / f".{target.name}.old"
    try:
        if keep and target.is_dir():
            shutil.copytree(target, tmp, symlinks=True, dirs_exist_ok=True, copy_function=_link)
        yield tmp
        os.chmod(tmp, 0o755)
        shutil.rmtree(old, ignore_errors=True)
        if target.exists():
            os.replace(target, old)
        os.replace(tmp, target)
        shutil.rmtree(old, ignore_errors=True)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _link(source: str, destination: str) -> None:
    try:
        os.link(source, destination)
    except OSError:  # a file system without hard links
        shutil.copy2(source, destination)


#: The names the functions above give their temporary files and folders, beside their targets.
_TMP_FILE = re.compile(r"^\.(.+)\.[^./]+\.tmp$")
_TMP_DIR = re.compile(r"^\.(.+)\.[a-z0-9_]{8}$")
_OLD_DIR = re.compile(r"^\.(.+)\.old$")


def sweep(target: Path) -> None:
    """Undo what a build killed mid-write left in and beside the output folder ``target`` (SIGKILL runs no
    ``finally``).

    Temporary files and folders are removed. A ``.name.old`` folder whose ``name`` is missing was caught
    between the two renames of ``atomic_dir``: it is the previous output, and it is put back.
    """
    if target.parent.is_dir():
        _sweep_entries(target.parent, [p.name for p in target.parent.glob(f".{target.name}.*") if p.is_dir()], [])
    if target.is_dir():
        for parent, dirs, files in os.walk(target):
            _sweep_entries(Path(parent), dirs, files)


def _sweep_entries(here: Path, dirs: list[str], files: list[str]) -> None:
    for name in files:
        if _TMP_FILE.match(name):
            (here / name).unlink(missing_ok=True)
    for name in list(dirs):
        old, tmp = _OLD_DIR.match(name), _TMP_DIR.match(name)
        if old:
            dirs.remove(name)
            if (here / old.group(1)).exists():
                shutil.rmtree(here / name, ignore_errors=True)
            else:
                os.replace(here / name, here / old.group(1))
        elif tmp:
            dirs.remove(name)
            shutil.rmtree(here / name, ignore_errors=True)
