"""Whether ``dist/`` already holds what a build would write: then the author waits for nothing.

A build is a function of the project's files, kambook's own code, WeasyPrint's version, the options and
``SOURCE_DATE_EPOCH``. Their digest, and the digest of every file the build wrote, are recorded after a
successful build; the next ``kambook build`` with the same digest, and with every output still as it was
written, has nothing to do. Contents are hashed, not dates, so a checkout or a ``touch`` changes nothing
and an edit undone is still no change. Nothing here imports WeasyPrint: deciding must stay cheap.
"""

from __future__ import annotations

import hashlib
import json
import os
from importlib import metadata
from pathlib import Path

RECORD = Path(".kambook-cache") / "last-build.json"
#: Folders that are outputs, caches or tools, never sources of the book.
IGNORED = {".git", ".venv", "venv", "dist", ".kambook-cache", "__pycache__", "node_modules", ".pytest_cache"}
PACKAGE = Path(__file__).resolve().parent


def _files(folder: Path) -> list[Path]:
    out = []
    for current, dirs, names in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if d not in IGNORED and not d.endswith(".egg-info"))
        out += [Path(current) / name for name in sorted(names) if not name.startswith(".")]
    return out


def _digest(folder: Path, into: "hashlib._Hash") -> None:
    for path in _files(folder):
        into.update(path.relative_to(folder).as_posix().encode() + b"\0")
        into.update(hashlib.sha256(path.read_bytes()).digest())


def fingerprint(root: Path, dist: Path, settings: dict) -> str:
    """Everything a build's outputs depend on, as one digest."""
    digest = hashlib.sha256()
    digest.update(json.dumps({**settings, "dist": str(dist), "epoch": os.environ.get("SOURCE_DATE_EPOCH", ""),
                              "weasyprint": metadata.version("weasyprint")}, sort_keys=True).encode())
    _digest(root, digest)
    _digest(PACKAGE, digest)
    return digest.hexdigest()


def _outputs(dist: Path, names: list[str]) -> dict[str, str] | None:
    """Digest of every file under the outputs ``names`` (files or folders of ``dist``); None if one is gone."""
    out: dict[str, str] = {}
    for name in names:
        path = dist / name
        if not path.exists():
            return None
        for file in (_files(path) if path.is_dir() else [path]):
            out[file.relative_to(dist).as_posix()] = hashlib.sha256(file.read_bytes()).hexdigest()
    return out


def up_to_date(root: Path, dist: Path, settings: dict) -> bool:
    """True when the last build had the same inputs and what it wrote in ``dist/`` is still as written."""
    try:
        record = json.loads((root / RECORD).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    if not isinstance(record, dict) or not record.get("outputs") or not isinstance(record.get("written"), list):
        return False
    return (record.get("fingerprint") == fingerprint(root, dist, settings)
            and record["outputs"] == _outputs(dist, record["written"]))


def remember(root: Path, dist: Path, settings: dict, written: list[Path]) -> None:
    """Record a successful build (written atomically, like every other file kambook writes)."""
    from .atomic import write_text
    names = sorted({path.resolve().relative_to(dist.resolve()).as_posix() for path in written})
    record = {"fingerprint": fingerprint(root, dist, settings), "written": names,
              "outputs": _outputs(dist, names)}
    write_text(root / RECORD, json.dumps(record, sort_keys=True))
