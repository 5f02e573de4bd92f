"""What ``kambook diff`` compares: a kept round (by tag or name), a PDF file, or a git revision built aside."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from contextlib import ExitStack
from pathlib import Path
from typing import Callable

from ..errors import KambookError
from .compare import Side
from .record import Record, find, list_records

#: Builds a project folder's given edition into a dist folder (``kambook.build`` handed down by the CLI).
Builder = Callable[[Path, str, Path], None]
#: The build output that writes each edition's PDF.
OUTPUT = {"screen": "pdf", "interior": "print"}


def choose_edition(root: Path, wanted: str | None) -> str:
    """The edition asked for, else the print interior when a round of it exists, else the screen PDF."""
    if wanted:
        return wanted
    return "interior" if list_records(root, "interior") else "screen"


def sides(root: Path, old: str | None, new: str | None, edition: str, build: Builder,
          stack: ExitStack) -> tuple[Side, Side, list[str]]:
    """The two states to compare, and notes on the choices made for the user."""
    notes: list[str] = []
    new_side = _side(root, new, edition, build, stack) if new else _latest(root, edition)
    if old:
        old_side = _side(root, old, edition, build, stack)
    else:
        rounds = [r for r in list_records(root, edition) if r.pdf != new_side.pdf]
        tagged = [r for r in rounds if r.tag]
        if tagged:
            old_side = _from_record(tagged[-1])
        elif rounds:
            old_side = _from_record(rounds[-1])
            notes.append(f"no tagged round of the {edition}: compared with the build before, {rounds[-1].name} "
                         "(name a round with `kambook proofs --tag NAME`)")
        else:
            raise KambookError(f"only one round of the {edition} is kept: build again after an edit, or give "
                               "two PDFs or two git revisions to `kambook diff`")
    return old_side, new_side, notes


def _latest(root: Path, edition: str) -> Side:
    rounds = list_records(root, edition)
    if not rounds:
        raise KambookError(f"no round of the {edition} is kept in {root / '.kambook-proofs'}: run `kambook build` "
                           f"(the {edition} is built by `--only {OUTPUT[edition]}`) first")
    return _from_record(rounds[-1])


def _from_record(record: Record) -> Side:
    tag = f" « {record.tag} »" if record.tag else ""
    return Side.read(record.pdf, record.meta, record.sources(), name=f"{record.name}{tag}")


def _side(root: Path, wanted: str, edition: str, build: Builder, stack: ExitStack) -> Side:
    path = Path(wanted)
    if path.suffix.lower() == ".pdf":
        if not path.is_file():
            raise KambookError(f"{wanted}: no such PDF file")
        return Side.read(path.resolve(), name=path.name)
    record = find(root, wanted, edition)
    if record is not None:
        return _from_record(record)
    revision = _revision(root, wanted)
    if revision is None:
        raise KambookError(f"« {wanted} » is neither a round (see `kambook proofs`), nor a PDF file, nor a git "
                           "revision of this project")
    return _built(root, wanted, revision, edition, build, stack)


def _revision(root: Path, wanted: str) -> str | None:
    try:
        done = subprocess.run(["git", "-C", str(root), "rev-parse", "--verify", "--quiet", f"{wanted}^{{commit}}"],
                              capture_output=True, text=True, check=False)
    except OSError:
        return None
    return done.stdout.strip() or None if done.returncode == 0 else None


def _built(root: Path, wanted: str, revision: str, edition: str, build: Builder, stack: ExitStack) -> Side:
    """The book as it stood at ``revision``, built in a temporary worktree; the layout cache is borrowed
    (copied; it is content-addressed), so only what differs is laid out again and the project's cache stays whole."""
    top = subprocess.run(["git", "-C", str(root), "rev-parse", "--show-toplevel"], capture_output=True, text=True,
                         check=True).stdout.strip()
    inside = root.resolve().relative_to(Path(top).resolve())
    scratch = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="kambook-rev-")))
    tree = scratch / "tree"
    subprocess.run(["git", "-C", top, "worktree", "add", "--detach", "--quiet", str(tree), revision], check=True,
                   capture_output=True)
    stack.callback(subprocess.run, ["git", "-C", top, "worktree", "remove", "--force", str(tree)],
                   capture_output=True, check=False)
    project = tree / inside
    if not (project / "book.yaml").is_file():
        raise KambookError(f"revision {wanted} has no {inside / 'book.yaml'}")
    cache = root / ".kambook-cache"
    if cache.is_dir():
        shutil.copytree(cache, project / ".kambook-cache", dirs_exist_ok=True)
    build(project, edition, scratch / "dist")
    rounds = list_records(project, edition)
    if not rounds:
        raise KambookError(f"building revision {wanted} wrote no {edition} PDF")
    side = _from_record(rounds[-1])
    side.name = f"{wanted} ({revision[:10]})"
    return side



def run_diff(root: Path, old: str | None, new: str | None, edition: str | None, out: Path, build: Builder,
             pager_for: object | None) -> tuple[object, object, list[str]]:
    """Compare, place the manuscript's changes on the pages, write the report: (diff, report, notes)."""
    from .compare import compare
    from .report import write_report
    from .sources import place_hunks, source_hunks
    with ExitStack() as stack:
        chosen = choose_edition(root, edition)
        old_side, new_side, notes = sides(root, old, new, chosen, build, stack)
        diff = compare(old_side, new_side)
        if old_side.sources and new_side.sources:
            place_hunks(diff, source_hunks(old_side.sources, new_side.sources))
        else:
            notes.append("the manuscript lines are named only between rounds kept by `kambook build`, not for PDF files")
        report = write_report(diff, out, pager_for)  # type: ignore[arg-type]
    return diff, report, notes
