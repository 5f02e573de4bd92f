"""Bibliography files, whatever their format, and the checks that name a file and a line.

Both readers return CSL-JSON records with the line each entry starts on; the checks that do not
depend on the format live here once: duplicate keys (ignoring case, because citeproc-py lowercases
them) and unknown keys with their « did you mean », used by the engine and by the pass over the book.
"""

from __future__ import annotations

from collections.abc import Iterable
from difflib import get_close_matches
from pathlib import Path

from kambook.errors import Location, SourceError, relpath

from .bibtex import read_bibtex
from .bibtex_csl import bibtex_record
from .csljson import Record, json_to_csl

__all__ = ["close_keys", "read_records", "read_text", "unknown_keys"]


def read_records(path: Path) -> list[Record]:
    """The entries of a ``.bib`` or ``.json`` file as CSL-JSON records with their line.

    Raises ``SourceError`` naming the file and line for anything an author can fix.
    """
    file = relpath(path)
    suffix = path.suffix.lower()
    if suffix not in (".bib", ".json"):
        raise SourceError(
            f"unsupported bibliography format {path.suffix!r}: use .bib (BibTeX) or .json (CSL-JSON)",
            Location(file),
        )
    text = read_text(path, "bibliography")
    if suffix == ".json":
        records = json_to_csl(text, file)
    else:
        records = []
        for entry in read_bibtex(text, file):
            try:
                records.append((bibtex_record(entry), entry.line))
            except ValueError as error:  # LaTeX that does not balance, a bad date or name
                raise SourceError(f"@{entry.key}: {error}", Location(file, entry.line)) from error
    _check_duplicates(records, file)
    return records


def read_text(path: Path, what: str) -> str:
    """Read UTF-8 text, reporting a bad byte by line rather than a traceback."""
    try:
        data = path.read_bytes()
    except OSError as error:
        message = f"cannot read {what}: {error.strerror or error}"
        raise SourceError(message, Location(relpath(path))) from error
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise SourceError(f"{what} is not valid UTF-8", Location(relpath(path), line)) from error


def _check_duplicates(records: list[Record], file: str) -> None:
    """Keys are compared ignoring case because citeproc-py lowercases them internally."""
    seen: dict[str, int] = {}
    for record, line in records:
        key = record["id"]
        previous = seen.get(key.lower())
        if previous is not None:
            raise SourceError(f"duplicate key {key!r} (already defined on line {previous}): rename or "
                              "remove one", Location(file, line))
        seen[key.lower()] = line


def close_keys(key: str, known: Iterable[str]) -> list[str]:
    """Up to two known keys close to a mistyped one, ignoring case (``Webster1972`` → ``webster1972``)."""
    lowered = {candidate.lower(): candidate for candidate in known}
    return [lowered[match] for match in get_close_matches(key.lower(), list(lowered), n=2, cutoff=0.75)]


def unknown_keys(keys: Iterable[str], known: Iterable[str]) -> dict[str, list[str]]:
    """The keys not in ``known`` (matching is case-sensitive), in order, each with its close matches."""
    known = set(known)
    return {key: close_keys(key, known) for key in dict.fromkeys(keys) if key not in known}
