"""``book.yaml`` and chapter front matter: broken input and the exact messages an author reads.

``fixtures/manifest/project`` is a small valid project. Each case of ``fixtures/manifest/broken.txt``
replaces its ``book.yaml`` in a copy of it; so does each case of ``fixtures/manifest/print.txt``, read as
for a build of the print edition, which needs the legal mentions of a printed book, and of
``fixtures/manifest/onix.txt``, read as for a build of the ONIX feed, which needs a description, subject
codes and a price; each case of
``fixtures/manifest/front-matter.txt`` replaces its first chapter. Both files use markdown-it-py's fixture format::

    name of the case
    .
    book.yaml (or the chapter file)
    .
    every expected message, one a line, in the order reported
    .

The CLI is run as the author runs it, in a subprocess, to check the exit status and that messages, not
tracebacks, reach the terminal.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
from pathlib import Path

from fixturefile import read_cases

import pytest

from kambook.errors import KambookError, Location, ManifestError, ProblemsError, SourceError
from kambook.manifest import PrinterSpec, Subjects, Trim, load_manifest, retail_price
from kambook.sources.chapters import read_document

HERE = Path(__file__).resolve().parent
SRC = HERE.parent / "src"
FIXTURES = HERE / "fixtures" / "manifest"
PROJECT = FIXTURES / "project"
CHAPTER = "chapters/partie-1/01-un.md"


def read_fixture_file(path: Path) -> list[tuple[str, str, list[str]]]:
    """(name, file text, expected messages) of every case."""
    return [(name, "\n".join(given) + "\n", [m for m in wanted if m]) for name, given, wanted in read_cases(path)]

def cases(file_name: str) -> list:
    found = read_fixture_file(FIXTURES / file_name)
    names = [name for name, _, _ in found]
    assert len(names) == len(set(names)), f"duplicate case names in {file_name}"
    return [pytest.param(text, expected, id=name) for name, text, expected in found]


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the valid project, to break one file of."""
    root = tmp_path / "livre"
    shutil.copytree(PROJECT, root)
    return root


def manifest_problems(root: Path, outputs: tuple[str, ...] = ()) -> list[str]:
    with pytest.raises(ManifestError) as info:
        load_manifest(root / "book.yaml", outputs)
    return [str(p) for p in info.value.problems]


# -- book.yaml ---------------------------------------------------------------------------------


def test_the_fixture_project_is_valid() -> None:
    m = load_manifest(PROJECT / "book.yaml")
    assert (m.title, m.slug, m.language, m.date, m.isbn) == (
        "Livre d'essai", "livre-essai", "fr", dt.date(2015, 1, 15), "978-2-36778-045-0")
    assert m.trim == Trim(160.0, 240.0)
    assert [e.kind for e in m.front_matter] == ["title-page", "toc", "file"]
    assert [p.relative_to(PROJECT.resolve()).as_posix() for p in m.chapter_files] == [
        "chapters/partie-1/01-un.md", "chapters/partie-1/02-deux.md", "chapters/partie-1/03-trois.md"]


def test_the_repository_manifest_is_valid() -> None:
    m = load_manifest(HERE.parent / "book.yaml")
    assert m.slug == "key-account-management"
    assert len(m.parts) == 3


@pytest.mark.parametrize(("text", "expected"), cases("broken.txt"))
def test_broken_manifest(project: Path, text: str, expected: list[str]) -> None:
    (project / "book.yaml").write_text(text, encoding="utf-8")
    assert manifest_problems(project) == expected


def test_every_case_expects_a_problem() -> None:
    for name in ("broken.txt", "print.txt", "onix.txt"):
        assert all(expected for _, _, expected in read_fixture_file(FIXTURES / name))


@pytest.mark.parametrize(("text", "expected"), cases("print.txt"))
def test_broken_manifest_for_print(project: Path, text: str, expected: list[str]) -> None:
    (project / "book.yaml").write_text(text, encoding="utf-8")
    assert manifest_problems(project, ("print",)) == expected


@pytest.mark.parametrize(("text", "expected"), cases("onix.txt"))
def test_broken_manifest_for_onix(project: Path, text: str, expected: list[str]) -> None:
    (project / "book.yaml").write_text(text, encoding="utf-8")
    assert manifest_problems(project, ("print", "onix")) == expected


def test_the_onix_metadata_is_read(project: Path) -> None:
    """The fixture project is a valid ONIX source; without the feed's keys only a build of the feed fails."""
    text = (PROJECT / "book.yaml").read_text(encoding="utf-8")
    m = load_manifest(PROJECT / "book.yaml", ("print", "onix"))
    assert (m.subjects, m.contributor_role, m.imprint) == (Subjects(("KJ",)), "A01", "")
    assert retail_price(m.print.cover.price) == ("19.00", "EUR")
    bare = "".join(line for line in text.splitlines(keepends=True)
                   if not line.startswith(("description:", "subjects:", "  thema:", "print:", "  cover:",
                                           "    price:")))
    (project / "book.yaml").write_text(bare, encoding="utf-8")
    assert load_manifest(project / "book.yaml", ("print", "site")).subjects == Subjects()
    missing = [p.split(" has no ", 1)[1].split(",")[0] for p in manifest_problems(project, ("print", "onix"))]
    assert missing == ["'description'", "'subjects'", "price"]


@pytest.mark.parametrize(("written", "read"), [
    ("29,00 € TTC", ("29.00", "EUR")), ("29.5 EUR", ("29.50", "EUR")), ("12 €", ("12.00", "EUR")),
    ("29,00\u202f€\u00a0TTC", ("29.00", "EUR")), ("29 $", None), ("vingt euros", None), ("", None)])
def test_retail_prices_as_covers_print_them(written: str, read: tuple[str, str] | None) -> None:
    assert retail_price(written) == read


def test_the_legal_mentions_are_read(project: Path) -> None:
    m = load_manifest(PROJECT / "book.yaml", ("print",))
    assert m.publisher_address == "12, rue de l'Exemple, 75005 Paris"
    assert m.legal_deposit == dt.date(2015, 1, 1)
    assert m.printer == PrinterSpec("Imprimerie d'essai", "5, rue des Presses, 53100 Mayenne", dt.date(2015, 1, 1))


def test_only_the_print_edition_needs_the_legal_mentions(project: Path) -> None:
    """The site and the screen PDF are not printed copies: without the mentions they build, and say less."""
    text = (PROJECT / "book.yaml").read_text(encoding="utf-8")
    (project / "book.yaml").write_text(text[:text.index("# The legal mentions")], encoding="utf-8")
    m = load_manifest(project / "book.yaml", ("site", "pdf", "flipbook"))
    assert (m.publisher_address, m.legal_deposit, m.printer) == ("", None, None)
    missing = [p.split("'")[1] for p in manifest_problems(project, ("pdf", "print"))]
    assert missing == ["legal_deposit", "printer", "publisher_address"]


def test_several_errors_are_counted_in_the_message(project: Path) -> None:
    text = (PROJECT / "book.yaml").read_text(encoding="utf-8")
    text = text.replace("date: 2015-01-15", "date: 2015-02-30").replace("language: fr", "language: French")
    (project / "book.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(ManifestError) as info:
        load_manifest(project / "book.yaml")
    assert str(info.value) == (
        "2 errors in the manifest:\n"
        "  book.yaml:7: 'language' 'French' is not a language code such as fr or fr-FR\n"
        "  book.yaml:8: 'date' must be a date written YYYY-MM-DD, not '2015-02-30'")


def test_one_error_is_singular(project: Path) -> None:
    text = (PROJECT / "book.yaml").read_text(encoding="utf-8").replace("date: 2015-01-15", "date: 2015-02-30")
    (project / "book.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(ManifestError) as info:
        load_manifest(project / "book.yaml")
    assert str(info.value) == ("1 error in the manifest:\n"
                               "  book.yaml:8: 'date' must be a date written YYYY-MM-DD, not '2015-02-30'")


def test_invalid_yaml_has_line_and_column(project: Path) -> None:
    (project / "book.yaml").write_text("title: Livre\nslug: livre: essai\n", encoding="utf-8")
    with pytest.raises(ManifestError) as info:
        load_manifest(project / "book.yaml")
    assert [p.location for p in info.value.problems] == [Location("book.yaml", 2, 12)]


def test_no_manifest(tmp_path: Path) -> None:
    assert manifest_problems(tmp_path) == [
        "book.yaml: no manifest here: create book.yaml at the project root (see README.md)"]


def test_manifest_not_utf8(project: Path) -> None:
    (project / "book.yaml").write_bytes("title: Édition\n".encode("latin-1"))
    assert manifest_problems(project) == ["book.yaml:1: not UTF-8 text (byte 7): save it as UTF-8"]


# -- chapter front matter ------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "expected"), cases("front-matter.txt"))
def test_broken_front_matter(project: Path, text: str, expected: list[str]) -> None:
    path = project / CHAPTER
    path.write_text(text, encoding="utf-8")
    with pytest.raises(KambookError) as info:
        read_document(path, CHAPTER, "chapter", "un")
    error = info.value
    said = [str(p) for p in error.problems] if isinstance(error, ProblemsError) else [str(error)]
    assert said == expected, "every problem of the front matter, each at its line"
    assert all(message.startswith(f"{CHAPTER}:") for message in said)


def test_front_matter_values(project: Path) -> None:
    path = project / CHAPTER
    path.write_text("---\ntitle: Chapitre un\nshort_title: Un\nlabel: ch:premier\nlang: en\n---\n\nText.\n",
                    encoding="utf-8")
    doc = read_document(path, CHAPTER, "chapter", "un")
    assert (doc.title, doc.short_title, doc.label, doc.lang, doc.slug, doc.rel) == (
        "Chapitre un", "Un", "ch:premier", "en", "un", CHAPTER)
    assert [t.type for t in doc.tokens] == ["paragraph_open", "inline", "paragraph_close"]


def test_front_matter_defaults(project: Path) -> None:
    doc = read_document(project / CHAPTER, CHAPTER, "chapter", "un")
    assert (doc.title, doc.short_title, doc.label, doc.lang) == ("Chapitre un", "Chapitre un", "ch:un", "")
    part = read_document(project / "chapters/partie-1/00-partie.md", "chapters/partie-1/00-partie.md", "part",
                         "partie-1")
    assert part.label == "part:premiere"


def test_chapter_with_a_byte_order_mark(project: Path) -> None:
    (project / CHAPTER).write_text("\ufeff---\ntitle: Chapitre un\n---\n", encoding="utf-8")
    assert read_document(project / CHAPTER, CHAPTER, "chapter", "un").title == "Chapitre un"


def test_chapter_not_utf8(project: Path) -> None:
    (project / CHAPTER).write_bytes("---\ntitle: Généralités\n---\n".encode("latin-1"))
    with pytest.raises(SourceError) as info:
        read_document(project / CHAPTER, CHAPTER, "chapter", "un")
    assert str(info.value) == f"{CHAPTER}: not UTF-8 text (byte 12): save the file as UTF-8"


# -- the CLI -----------------------------------------------------------------------------------


def run_cli(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items()
           if k not in ("COLUMNS", "LINES", "FORCE_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE")}
    env["PYTHONPATH"] = str(SRC)
    env["NO_COLOR"] = "1"
    return subprocess.run([sys.executable, "-m", "kambook", "-C", str(root), "build", *args],
                          capture_output=True, text=True, env=env, cwd=root.parent, timeout=120)


def words(text: str) -> str:
    """Text with every run of white space made one space: what is said, however the terminal wraps it."""
    return " ".join(text.split())


BROKEN_MANIFEST_CASE = "several errors are all reported at once"


def broken_manifest(project: Path) -> list[str]:
    text, expected = next((t, e) for n, t, e in read_fixture_file(FIXTURES / "broken.txt")
                          if n == BROKEN_MANIFEST_CASE)
    (project / "book.yaml").write_text(text, encoding="utf-8")
    return expected


def test_cli_broken_manifest(project: Path) -> None:
    expected = broken_manifest(project)
    result = run_cli(project)
    assert result.returncode == 2  # book.yaml: the set-up, not the content
    assert "Traceback" not in result.stdout + result.stderr
    assert result.stdout == ""
    said = words(result.stderr)
    assert said.startswith(f"error: {len(expected)} errors in the manifest: ")
    for message in expected:
        assert words(message) in said
    assert not (project / "dist").exists()


def test_cli_prints_one_message_per_line(project: Path) -> None:
    """Editors and CI logs read ``file:line: message`` lines: a message must not be wrapped."""
    expected = broken_manifest(project)
    result = run_cli(project)
    assert result.stderr.splitlines() == [f"error: {len(expected)} errors in the manifest:",
                                          *(f"  {message}" for message in expected)]


def test_cli_invalid_yaml(project: Path) -> None:
    (project / "book.yaml").write_text("title: Livre\nslug: livre: essai\n", encoding="utf-8")
    result = run_cli(project)
    assert result.returncode == 2  # book.yaml: the set-up, not the content
    assert "Traceback" not in result.stdout + result.stderr
    assert "book.yaml:2:12: this is not valid YAML: mapping values are not allowed here" in result.stderr


def test_cli_no_manifest(tmp_path: Path) -> None:
    (tmp_path / "vide").mkdir()
    result = run_cli(tmp_path / "vide")
    assert result.returncode == 2  # book.yaml: the set-up, not the content
    assert "Traceback" not in result.stdout + result.stderr
    assert "book.yaml: no manifest here: create book.yaml at the project root" in words(result.stderr)


def test_cli_broken_chapters_are_all_reported(project: Path) -> None:
    (project / CHAPTER).write_text("---\ntitle: Chapitre un\nsubtitle: Le premier\n---\n", encoding="utf-8")
    (project / "chapters/partie-1/03-trois.md").write_text("# Chapitre trois\n", encoding="utf-8")
    result = run_cli(project)
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    said = words(result.stderr)
    assert words(f"{CHAPTER}:3: unknown key 'subtitle' in the front matter (did you mean 'title'?)") in said
    assert words("chapters/partie-1/03-trois.md:1: no front matter: start the file with a '---' line, "
                 "then 'title: …', then '---'") in said
    assert not (project / "dist").exists()


def test_cli_warnings_print_the_authors_brackets(tmp_path: Path) -> None:
    """A draft's warnings quote Markdown (« [@ch:label] »): the terminal shows it, it is not styling."""
    from bookproject import copy_project
    book = copy_project(tmp_path / "livre")
    chapter = next((book / "chapters").glob("*/01-*.md"))
    with chapter.open("a", encoding="utf-8") as out:
        out.write("\n\nVoir [ailleurs](javascript:alert(1)) et [@fig:absente].\n")
    result = run_cli(book, "--keep-going", "--only", "site")
    assert result.returncode == 0, result.stderr
    said = words(result.stdout + result.stderr)
    assert "or to a part of the book with [@ch:label]" in said
    assert "[@fig:absente]" in said or "'fig:absente'" in said
    assert not any("javascript" in page.read_text(encoding="utf-8") for page in (book / "dist" / "site").glob("*.html"))


def test_cli_a_second_build_of_the_same_project_is_refused_with_status_2(project: Path) -> None:
    from kambook.buildlock import build_lock
    with build_lock(project):  # a build of this project is under way
        result = run_cli(project)
    assert result.returncode == 2
    assert "Traceback" not in result.stdout + result.stderr
    assert f"another kambook build of this project is running (pid {os.getpid()})" in words(result.stderr)
    assert run_cli(project).returncode != 2, "the lock goes with the build that held it"


def test_a_killed_builds_workers_do_not_keep_its_lock(tmp_path: Path) -> None:
    """A build killed while its forked workers still run (they die a moment later) leaves the project free
    at once: the workers let go of their copy of the lock when they are forked."""
    from kambook.buildlock import build_lock
    child = tmp_path / "child.pid"
    script = (f"import os, time\nfrom pathlib import Path\nfrom kambook.buildlock import build_lock\n"
              f"with build_lock(Path({str(tmp_path)!r})):\n"
              f"    if os.fork() == 0:\n"
              f"        Path({str(child)!r}).write_text(str(os.getpid()))\n        time.sleep(5)\n        os._exit(0)\n"
              f"    while not Path({str(child)!r}).exists():\n        time.sleep(0.01)\n"
              f"    os._exit(9)  # killed: no clean-up, the worker lives on\n")
    assert subprocess.run([sys.executable, "-c", script]).returncode == 9
    worker = int(child.read_text())
    os.kill(worker, 0)  # the worker still runs
    try:
        with build_lock(tmp_path):
            pass
    finally:
        os.kill(worker, 9)


def test_cli_exit_status_tells_setup_from_content(project: Path) -> None:
    assert run_cli(project, "--jobs", "0").returncode == 2  # how kambook was called
    (project / "book.yaml").write_text("titel: Livre\n", encoding="utf-8")
    assert run_cli(project).returncode == 2  # how the book is set up
