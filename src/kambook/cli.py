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

from .errors import KambookError, UsageError

console = Console(stderr=True, highlight=False, soft_wrap=True)
_current: list = []  # the stage being run and its status line, for progress within it
_timings: list[tuple[str, float]] = []


@contextmanager
def _stage(name: str) -> Iterator[None]:
    start = time.perf_counter()
    with console.status(f"{name}…") as status:
        _current[:] = [name, status]
        try:
            yield
        finally:
            _current.clear()
    seconds = time.perf_counter() - start
    _timings.append((name, seconds))
    console.print(f"[green]✓[/] {name} [dim]({seconds:.2f} s)[/]")


def _record(name: str, seconds: float) -> None:
    """A stage run in a process beside the build (``kambook.aside``), reported when it is back."""
    _timings.append((name, seconds))
    console.print(f"[green]✓[/] {name} [dim]({seconds:.2f} s)[/]")


_stage.record = _record  # type: ignore[attr-defined] - read by build._take


def _progress(done: int, total: int) -> None:
    """Units of the book laid out so far, on the status line of the stage that lays them out."""
    if _current:
        _current[1].update(f"{_current[0]}… {done}/{total} parts and chapters laid out")


def _build(args: argparse.Namespace) -> int:
    from .uptodate import remember, up_to_date
    only = tuple(sorted(set(args.only))) if args.only else ("epub", "flipbook", "onix", "pdf", "print", "site")
    root = Path(args.project).resolve()
    settings = {"only": only, "keep_going": args.keep_going, "allow_missing_images": args.allow_missing_images}
    if not args.force and up_to_date(root, root / "dist", settings):
        console.print("[green]✓[/] Nothing changed since the last build: dist/ is up to date "
                      "[dim](--force rebuilds anyway)[/]")
        return 0
    from .build import BuildOptions, build
    if args.jobs is not None and args.jobs < 1:
        raise UsageError("--jobs needs a number of processes, 1 or more")
    options = BuildOptions(only=only, keep_going=args.keep_going, allow_missing_images=args.allow_missing_images,
                           progress=_progress, jobs=args.jobs)
    started = time.perf_counter()
    result = build(root, options, _stage)
    if args.timings:
        _print_timings(time.perf_counter() - started, result)
    for warning in result.warnings:
        console.print(f"[yellow]warning[/] {escape(warning)}")  # « [@fig:x] » is the author's text, not markup
    for note in result.notes:
        console.print(f"[dim]note[/] {escape(note)}")
    for path in result.written:
        console.print(f"  → {escape(str(path))}")
    if result.pages:
        console.print(f"  PDF: {result.pages} pages, {result.passes} layout pass{'es' if result.passes > 1 else ''}")
    if result.epub is not None:
        epub = result.epub
        listed = f", page-list: {epub.page_breaks} printed pages ({epub.coverage:.0%} of the text's)" \
            if epub.page_breaks else ""
        console.print(f"  EPUB: {epub.files} files, {epub.size / 1024:.0f} KiB{listed}")
    if not result.warnings:  # a build with « ?? » or placeholders is never taken as the final word
        remember(root, root / "dist", settings, result.written)
    return 0


def _print_timings(total: float, result) -> None:  # noqa: ANN001 - a build.BuildResult
    """Where the time of a build went, longest first, and how much of the layout the cache saved."""
    from rich.table import Table
    table = Table(title="Where the time went", title_justify="left")
    table.add_column("stage")
    table.add_column("seconds", justify="right")
    table.add_column("share", justify="right")
    for name, seconds in sorted(_timings, key=lambda t: -t[1]):
        table.add_row(name, f"{seconds:.2f}", f"{seconds / total:.0%}" if total else "")
    table.add_row("[bold]total[/]", f"[bold]{total:.2f}[/]", "")
    console.print(table)
    if result.units_total:
        console.print(f"  layout: {result.units_laid_out} of {result.units_total} unit documents laid out, "
                      f"the rest read from .kambook-cache/units/")
    _timings.clear()


def _import(args: argparse.Namespace) -> int:
    """Show what an export holds and which articles the current book.yaml would make appendices."""
    import json

    from rich.console import Console as Out

    from .cms import load_export
    from .cms.summary import summarize, summary_tables
    from .manifest import load_manifest
    from .sources.appendices import selected_articles

    project = Path(args.project).resolve()
    manifest = load_manifest(project / "book.yaml") if (project / "book.yaml").is_file() else None
    spec = manifest.appendices if manifest else None
    # The book's content types apply to the export listed, so the listing shows what the build would take.
    export = load_export(Path(args.export).resolve(), args.format, spec.types if spec else ())
    selected = selected_articles(manifest, export) if manifest and spec else None
    summary = summarize(export, selected)
    out = Out(highlight=False, soft_wrap=not args.json)
    if args.json:
        print(json.dumps(summary, ensure_ascii=False, indent=2, default=str))
    else:
        for table in summary_tables(summary):
            out.print(table)
    return 0


def _check(args: argparse.Namespace) -> int:
    """Preflight the PDFs in dist/ as a printer would, validate the EPUB and the ONIX feed; exit 1 on any failure."""
    from rich.console import Console as Out

    from .manifest import load_manifest
    from .preflight.handover import check_outputs

    project = Path(args.project).resolve()
    manifest = load_manifest(project / "book.yaml")
    report = check_outputs(manifest, project / "dist")
    out = Out(highlight=False)
    for table in report.tables():
        out.print(table)
    console.print(f"  → {project / 'dist' / 'publisher' / 'preflight.json'}")
    if report.failures:
        console.print(f"[bold red]preflight failed:[/] {len(report.failures)} failure(s), "
                      f"{len(report.warnings)} warning(s)")
        return 1
    console.print(f"[green]preflight passed[/] ({len(report.warnings)} warning(s))")
    return 0


def _proofs(args: argparse.Namespace) -> int:
    """List the proof rounds kept by the builds, or name one (« épreuves 2 »)."""
    from rich.console import Console as Out
    from rich.table import Table

    from .proofs.record import find, list_records, set_tag
    from .proofs.rounds import choose_edition

    root = Path(args.project).resolve()
    if args.tag:
        edition = choose_edition(root, args.edition)
        rounds = list_records(root, edition)
        record = find(root, args.round, edition) if args.round else (rounds[-1] if rounds else None)
        if record is None:
            raise UsageError(f"no round {('« ' + args.round + ' » ') if args.round else ''}of the {edition} to tag: "
                             "`kambook proofs` lists them")
        record = set_tag(record, args.tag, root)
        console.print(f"[green]✓[/] {escape(record.describe())}")
        return 0
    table = Table(title="Proof rounds kept (.kambook-proofs/)", title_justify="left")
    for column in ("edition", "round", "built", "pages", "tag"):
        table.add_column(column)
    for record in list_records(root, args.edition):
        built = record.meta.get("created", "")[:16].replace("T", " ")
        table.add_row(record.edition, record.name, built, str(record.meta.get("pages", "")),
                      escape(record.tag))
    Out(highlight=False).print(table)
    return 0


def _diff(args: argparse.Namespace) -> int:
    """What changed between two proof rounds, PDFs or git revisions: a report in dist/proofs/; exit 1 when
    something changed (as diff(1) does), 0 when nothing did, 2 when the comparison could not be made."""
    from .build import BuildOptions, build
    from .print.weasy import HtmlPager
    from .proofs.rounds import OUTPUT, run_diff

    root = Path(args.project).resolve()

    def build_edition(project: Path, edition: str, dist: Path) -> None:
        console.print(f"building {escape(str(project))} ({edition})…")
        build(project, BuildOptions(only=(OUTPUT[edition],), dist=dist))

    out = root / "dist" / "proofs"
    try:
        diff, report, notes = run_diff(root, args.old, args.new, args.edition, out, build_edition,
                                       None if args.no_pdf else HtmlPager)
    except KambookError as exc:
        exc.exit_status = 2  # as diff(1): 1 says the proofs differ, so trouble is 2, whatever its kind
        raise
    for note in notes:
        console.print(f"[dim]note[/] {escape(note)}")
    for page in diff.pages:
        if page.status == "changed" and page.new is not None:
            where = f" ← {', '.join(page.lines)}" if page.lines else ""
            console.print(f"  page {escape(diff.new.label(page.new))}: changed{escape(where)}")
    console.print(f"  → {escape(str(report.html))}" + (f"\n  → {escape(str(report.pdf))}" if report.pdf else ""))
    print(diff.summary())
    return 0 if diff.same else 1


def _serve(args: argparse.Namespace) -> int:
    """Preview the site on localhost, rebuilt and reloaded on every change (see kambook.serve)."""
    from .serve import serve
    return serve(Path(args.project).resolve(), port=args.port)


def _new(args: argparse.Namespace) -> int:
    """Create a small working book to start from (see kambook.new)."""
    from .new import new_book
    folder = Path(args.folder)
    files = new_book(folder, args.title, args.author)
    console.print(f"[green]created[/] {escape(str(folder))}: {len(files)} files (book.yaml, chapters/, assets/, styles/)")
    console.print(f"next: [bold]kambook -C {escape(str(folder))} build[/], then open "
                  f"{escape(str(folder / 'dist' / 'site' / 'index.html'))}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="kambook", description="Build the book: site and PDF.")
    parser.add_argument("--debug", action="store_true", help="show tracebacks of errors")
    parser.add_argument("-C", "--project", default=".", help="project folder holding book.yaml (default: .)")
    commands = parser.add_subparsers(dest="command", required=True)
    build_cmd = commands.add_parser("build", help="build the outputs into dist/")
    build_cmd.add_argument("--only", action="append", choices=("site", "pdf", "print", "flipbook", "epub", "onix"),
                           help="build only this output (repeatable; onix builds print too)")
    build_cmd.add_argument("--force", action="store_true", help="rebuild even when nothing changed")
    build_cmd.add_argument("--timings", action="store_true", help="print where the time of the build went")
    build_cmd.add_argument("--jobs", type=int, metavar="N",
                           help="PDF layout processes (default: one per core; 1 uses the least memory)")
    build_cmd.add_argument("--keep-going", action="store_true",
                           help="render broken references as « ?? » instead of failing")
    build_cmd.add_argument("--allow-missing-images", action="store_true",
                           help="put a visible placeholder where an image has no file (or an imported one no local copy)")
    build_cmd.set_defaults(run=_build)
    import_cmd = commands.add_parser("import", help="show what a CMS export holds and what book.yaml selects")
    import_cmd.add_argument("export", help="the export file or folder")
    import_cmd.add_argument("--format", choices=("blogger", "wxr", "ghost", "contentful", "strapi", "sanity", "folder"),
                            help="the export's format (detected from the file when omitted)")
    import_cmd.add_argument("--json", action="store_true", help="print JSON for other programs")
    import_cmd.set_defaults(run=_import)
    check_cmd = commands.add_parser("check", help="preflight the PDFs in dist/ as a printer would, validate the EPUB "
                                                  "and the ONIX feed")
    check_cmd.set_defaults(run=_check)
    proofs_cmd = commands.add_parser("proofs", help="list the proof rounds the builds kept, or tag one")
    proofs_cmd.add_argument("--tag", metavar="NAME", help="name a round (the latest, or ROUND), e.g. « épreuves 2 »")
    proofs_cmd.add_argument("round", nargs="?", help="the round to tag (its name, hash or tag)")
    proofs_cmd.add_argument("--edition", choices=("interior", "screen"), help="the print interior or the screen PDF")
    proofs_cmd.set_defaults(run=_proofs)
    diff_cmd = commands.add_parser("diff", help="what changed between two proof rounds, PDFs or git revisions")
    diff_cmd.add_argument("old", nargs="?", help="round (tag or name), PDF file or git revision (default: the last "
                                                 "tagged round)")
    diff_cmd.add_argument("new", nargs="?", help="the same kinds (default: the latest build)")
    diff_cmd.add_argument("--edition", choices=("interior", "screen"),
                          help="which PDF (default: the print interior when a round of it exists)")
    diff_cmd.add_argument("--no-pdf", action="store_true", help="write the HTML report only")
    diff_cmd.set_defaults(run=_diff)
    serve_cmd = commands.add_parser("serve", help="preview the site on localhost, rebuilt on every change")
    serve_cmd.add_argument("--port", type=int, default=8000, help="port on 127.0.0.1 (0: any free port)")
    serve_cmd.set_defaults(run=_serve)
    new_cmd = commands.add_parser("new", help="create a small book that builds, to start from")
    new_cmd.add_argument("folder", help="the new book's folder (absent or empty)")
    new_cmd.add_argument("--title", default="Mon livre", help="the book's title (default: Mon livre)")
    new_cmd.add_argument("--author", default="Prénom Nom", help="the author's name")
    new_cmd.set_defaults(run=_new)
    args = parser.parse_args(argv)
    try:
        return args.run(args)
    except KambookError as exc:
        if args.debug:
            console.print_exception()
        console.print("[bold red]error:[/] " + escape(str(exc)))
        return exc.exit_status
    except KeyboardInterrupt:
        console.print("interrupted: nothing was replaced in dist/")
        return 130


if __name__ == "__main__":
    sys.exit(main())
