"""The stylesheets WeasyPrint reads, read first as WeasyPrint reads them: what it would skip is an error.

WeasyPrint ignores a declaration it cannot use (a typo, an empty value, a property it does not support such
as ``hyphenate-limit-lines``) with a log line nobody sees, and the book quietly loses the rule. Each
stylesheet is parsed alone, without fetching anything, and every such line becomes a problem located in
the file. A verdict is kept by the stylesheets' content hash, so an unchanged set costs nothing.
"""

from __future__ import annotations

import hashlib
import logging
import re
from importlib.metadata import version
from pathlib import Path

from ..errors import Location, Problem, ProblemsError
from ..atomic import write_text

#: Every stylesheet a WeasyPrint document of kambook links (the site's web.css is for browsers).
PRINT_STYLESHEETS = ("styles/fonts.css", "styles/print.css", "styles/interior.css", "styles/cover.css",
                     "styles/flipbook.css")
AT = re.compile(r"\s+at (\d+):(\d+)(,\s*|\.?)")


class StyleError(ProblemsError):
    """Rules of the project's stylesheets that WeasyPrint would ignore."""

    title = "problems in the stylesheets"
    singular = "problem in the stylesheets"


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def check_stylesheets(root: Path, cache: Path) -> None:
    """Raise ``StyleError`` naming every declaration, rule or selector WeasyPrint would drop."""
    files = [(name, root / name) for name in PRINT_STYLESHEETS if (root / name).is_file()]
    digest = hashlib.sha256(version("weasyprint").encode())
    for name, path in files:
        digest.update(name.encode() + b"\0" + path.read_bytes() + b"\0")
    verdict = cache / f"{digest.hexdigest()[:32]}.ok"
    if verdict.is_file():
        return
    problems = [problem for name, path in files for problem in _problems(name, path.read_text(encoding="utf-8"))]
    if problems:
        raise StyleError(problems)
    write_text(verdict, "")


def _problems(name: str, css: str) -> list[Problem]:
    import weasyprint
    from weasyprint.logger import LOGGER

    def refuse(url: str, *_: object, **__: object) -> None:
        raise ValueError(f"{url}: a stylesheet of the book imports nothing")  # parsing is all that is checked

    handler = _Collect()
    LOGGER.addHandler(handler)
    try:
        weasyprint.CSS(string=css, base_url="kambook://project/" + name, url_fetcher=refuse)
    finally:
        LOGGER.removeHandler(handler)
    return [_located(name, css, message) for message in handler.messages]


def _located(name: str, css: str, message: str) -> Problem:
    found = AT.search(message)
    if found:
        line, column = int(found.group(1)), int(found.group(2))
        message = AT.sub(lambda m: ": " if m.group(3).startswith(",") else "", message, count=1).strip()
    else:  # a selector WeasyPrint cannot use is named without its place: the first line that writes it
        quoted = re.search(r"'([^']+)'", message)
        wanted = quoted.group(1).strip() if quoted else ""
        line = next((n for n, text in enumerate(css.splitlines(), 1) if wanted and wanted in text), 0)
        column = 0
    return Problem(Location(name, line, column), f"WeasyPrint would ignore this: {message} (fix or remove it)")
