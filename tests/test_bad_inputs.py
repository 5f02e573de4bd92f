"""The corpus of bad inputs (``fixtures/bad-inputs/corpus.txt``): each case breaks a copy of the repository's
book, builds it as an author would (the CLI, in a subprocess), and expects the exit status and the message.

A case's input is a list of operations on the copy:

    >>> path            the file becomes the lines that follow (nothing: an empty file)
    >>> append path     the lines that follow are added at its end
    !!! replace path "old" "new"     (\\n in either stands for a new line, \\u0001 for that control character)
    !!! delete path  ·  !!! random path N (N random bytes)  ·  !!! truncate path N (N bytes, sparse if larger)
    !!! latin1 path (the file saved as Latin-1)  ·  !!! deep path N (JSON nested N levels)

Its expected output is ``exit N`` then lines the error output must contain, white space aside. Every case
must also leave no traceback and nothing in ``dist/``. A case named ``[pdf]`` builds the screen PDF (its
error comes before any layout), the others the site.
"""

from __future__ import annotations

import os
import random
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
from fixturefile import read_cases

from bookproject import ROOT, copy_project

CORPUS = Path(__file__).resolve().parent / "fixtures" / "bad-inputs" / "corpus.txt"


def apply(project: Path, lines: list[str]) -> None:
    i = 0
    while i < len(lines):
        line = lines[i]
        i += 1
        if line.startswith(">>> "):
            body = []
            while i < len(lines) and not lines[i].startswith((">>> ", "!!! ")):
                body.append(lines[i])
                i += 1
            words = line[4:].split()
            path = project / words[-1]
            text = "\n".join(body) + ("\n" if body else "")
            if words[0] == "append":
                text = path.read_text(encoding="utf-8") + text
            path.write_text(text, encoding="utf-8")
        elif line.startswith("!!! "):
            op, target, *args = shlex.split(line[4:])
            path = project / target
            if op == "replace":
                old, new = (a.replace("\\n", "\n").replace("\\u0001", "\u0001") for a in args)
                text = path.read_text(encoding="utf-8")
                assert old in text, f"{target} has no {old!r}: the case no longer applies"
                path.write_text(text.replace(old, new, 1), encoding="utf-8")
            elif op == "delete":
                path.unlink()
            elif op == "random":
                path.write_bytes(random.Random(7).randbytes(int(args[0])))
            elif op == "truncate":
                os.truncate(path, int(args[0]))
            elif op == "latin1":
                path.write_bytes(path.read_text(encoding="utf-8").encode("latin-1", "replace"))
            elif op == "deep":
                path.write_text("[" * int(args[0]) + "]" * int(args[0]), encoding="utf-8")
            else:
                raise AssertionError(f"unknown operation {op!r}")


def cases() -> list:
    return [pytest.param(given, wanted, "pdf" if name.endswith("[pdf]") else "site", id=name)
            for name, given, wanted in read_cases(CORPUS)]


@pytest.mark.builds
@pytest.mark.parametrize(("given", "wanted", "output"), cases())
def test_bad_input(tmp_path: Path, given: list[str], wanted: list[str], output: str) -> None:
    project = copy_project(tmp_path / "livre")
    apply(project, given)
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "FORCE_COLOR")}
    env.update(PYTHONPATH=str(ROOT / "src"), NO_COLOR="1", COLUMNS="400")
    run = subprocess.run([sys.executable, "-m", "kambook", "-C", str(project), "build", "--only", output],
                         capture_output=True, text=True, env=env, timeout=120)
    said = " ".join((run.stdout + run.stderr).split())
    assert "Traceback" not in said
    assert f"exit {run.returncode}" == wanted[0], said
    for line in wanted[1:]:
        assert " ".join(line.split()) in said
    assert not (project / "dist").exists(), "a failed build writes nothing"
