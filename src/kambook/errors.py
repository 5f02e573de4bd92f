"""The error family of kambook.

Every stage raises a ``KambookError`` carrying where the problem is in the author's files; only the CLI
prints and chooses an exit status. Stages that can find many problems at once (manifest, references)
raise one error holding every ``Problem`` so the author fixes them in one pass, not one build per typo.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, order=True)
class Location:
    """A place in a source file; ``line`` and ``column`` are 1-based, 0 when unknown."""

    file: str
    line: int = 0
    column: int = 0

    def __str__(self) -> str:
        text = self.file
        if self.line:
            text += f":{self.line}"
            if self.column:
                text += f":{self.column}"
        return text


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong in the author's input, with the advice to fix it."""

    location: Location
    message: str

    def __str__(self) -> str:
        return f"{self.location}: {self.message}"


def relpath(path: Path | str, root: Path | None = None) -> str:
    """Show a path relative to the project so messages stay short and match what the author typed."""
    path = Path(path)
    if root is not None:
        try:
            return path.resolve().relative_to(root.resolve()).as_posix()
        except ValueError:
            pass
    return path.as_posix()


class KambookError(Exception):
    """Base of every error an author can act on; the CLI prints ``str(error)`` without a traceback.

    ``exit_status`` tells scripts what failed: 1 for the book's content (a chapter, a reference, an
    export), 2 for how kambook was set up or called (book.yaml, a command-line option, a build already
    running).
    """

    exit_status = 1

    def __init__(self, message: str, location: Location | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.location = location

    def __str__(self) -> str:
        return f"{self.location}: {self.message}" if self.location else self.message


class ProblemsError(KambookError):
    """Several problems found by one stage, all reported together."""

    title = "problems"
    singular = "problem"

    def __init__(self, problems: list[Problem] | tuple[Problem, ...]) -> None:
        self.problems = tuple(sorted(set(problems)))
        count = len(self.problems)
        head = f"{count} {self.title if count > 1 else self.singular}"
        super().__init__(head + ":\n" + "\n".join(f"  {p}" for p in self.problems))

    def __str__(self) -> str:
        return self.message


class ManifestError(ProblemsError):
    """``book.yaml`` does not describe a buildable book."""

    exit_status = 2

    title = "errors in the manifest"
    singular = "error in the manifest"


class UsageError(KambookError):
    """kambook was called in a way it cannot follow: a bad option, or a second build of the same project."""

    exit_status = 2


class SourceError(KambookError):
    """A chapter or asset cannot be read or parsed."""


class CrossReferenceError(ProblemsError):
    """Labels, references or citations that do not resolve."""

    title = "broken references"
    singular = "broken reference"


class ExportError(KambookError):
    """A CMS export cannot be read: not well-formed, unknown format, or missing required data."""


class RenderError(KambookError):
    """An output could not be produced (a template, WeasyPrint, a forbidden URL)."""


class PreflightError(ProblemsError):
    """Produced files that a printer would reject."""

    title = "preflight failures"
    singular = "preflight failure"
