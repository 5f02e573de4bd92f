"""The ``kambook`` command: parse arguments, run a stage function, print the outcome, choose the exit status.

Errors an author can act on (``KambookError``) print as messages; tracebacks appear only with ``--debug``.
"""

from __future__ import annotations

import argparse
import sys
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from rich.console import Console
from rich.markup import escape

from .errors import KambookError

console = Console(stderr=True, highlight=False, soft_wrap=True)


@contextmanager
def _stage(name: str) -> Iterator[None]:
    start = time.perf_counter()
    with console.status(f"{name}…"):
        yield
    console.print(f"[green]✓[/] {name} [dim]({time.perf_counter() - start:.2f} s)[/]")


def _build(args: argparse.Namespace) -> int:
    from .build import OUTPUTS, BuildOptions, build
    only = tuple(args.only) if args.only else OUTPUTS
    result = build(Path(args.project).resolve(), BuildOptions(only=only, keep_going=args.keep_going), _stage)
    for warning in result.warnings:
        console.print(f"[yellow]warning[/] {warning}")
    for path in result.written:
        console.print(f"  → {path}")
    if result.pages:
        console.print(f"  PDF: {result.pages} pages")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="kambook", description="Build the book: site and PDF.")
    parser.add_argument("--debug", action="store_true", help="show tracebacks of errors")
    parser.add_argument("-C", "--project", default=".", help="project folder holding book.yaml (default: .)")
    commands = parser.add_subparsers(dest="command", required=True)
    build_cmd = commands.add_parser("build", help="build the outputs into dist/")
    build_cmd.add_argument("--only", action="append", choices=("site", "pdf"),
                           help="build only this output (repeatable)")
    build_cmd.add_argument("--keep-going", action="store_true",
                           help="render broken references as « ?? » instead of failing")
    build_cmd.set_defaults(run=_build)
    args = parser.parse_args(argv)
    try:
        return args.run(args)
    except KambookError as exc:
        if args.debug:
            console.print_exception()
        console.print("[bold red]error:[/] " + escape(str(exc)))
        return 1
    except KeyboardInterrupt:
        console.print("interrupted: nothing was replaced in dist/")
        return 130


if __name__ == "__main__":
    sys.exit(main())
