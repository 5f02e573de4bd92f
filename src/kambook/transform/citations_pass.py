"""Citations across the book: check every key, register them in reading order, render them per output.

citeproc needs every citation before it renders any (to disambiguate « 1972a / 1972b »), so the book is
walked once here; renderers then ask for the HTML of a token, computed once and shared by all outputs.

``kambook serve`` rebuilds in one process, and an edit seldom touches a citation: a citation's HTML is
then kept from one build to the next (``_KEPT``), keyed by everything it depends on — the bibliography
and style files, every citation of the book in order (the year letters and the works' order depend on
the whole set) and the citation itself. Not for a style that tests ``position`` (« ibid. »): there a
citation also depends on the ones rendered before it.
"""

from __future__ import annotations

import hashlib
import re
from collections import OrderedDict
from html import escape
from pathlib import Path
from typing import Callable

from markdown_it.token import Token

from ..errors import Location, Problem, SourceError
from ..manifest import Manifest
from ..model import Book
from ..citations import Bibliography, parse_cite
from ..citations.files import unknown_keys
from ..markdown.tokens import walk
from ..text.typography import typeset_html

STYLE = Path("assets") / "csl" / "kambook-auteur-date-fr.csl"
#: Citation HTML kept between builds of one process, by (book fingerprint, output, the citation's works).
_KEPT: OrderedDict[tuple, str] = OrderedDict()
_KEPT_MAX = 4096
_POSITION_TEST = re.compile(rb"\sposition\s*=")


class Citations:
    def __init__(self, manifest: Manifest, bibliography: Bibliography | None, style: Path | None = None) -> None:
        self.manifest = manifest
        self.bibliography = bibliography
        self.style = style
        self.tokens: list[Token] = []
        self._fingerprint: str | None = None
        self._html: dict[tuple[str, int], str] = {}
        self._entries: list[tuple[str, str]] | None = None

    @classmethod
    def load(cls, manifest: Manifest) -> "Citations":
        if manifest.bibliography is None:
            return cls(manifest, None)
        style = manifest.citation_style or manifest.root / STYLE
        if not style.is_file():
            raise SourceError(f"the citation style {STYLE.as_posix()} is missing: restore it from the repository",
                              Location(STYLE.as_posix()))
        return cls(manifest, Bibliography.load(manifest.bibliography, style), style)

    def resolve(self, book: Book) -> list[Problem]:
        problems: list[Problem] = []
        for doc in book.documents:
            for token in walk(doc.tokens):
                if token.type != "cite":
                    continue
                where = Location(doc.rel, token.meta.get("line", 0))
                try:
                    items = parse_cite(token.content)
                except ValueError as exc:
                    problems.append(Problem(where, f"cannot read the citation [{token.content}]: {exc}"))
                    continue
                if self.bibliography is None:
                    problems.append(Problem(where, f"citation [{token.content}] but book.yaml names no "
                                                   "'bibliography' file: add one"))
                    continue
                unknown = unknown_keys((i.key for i in items), self.bibliography.keys)
                for key, close in unknown.items():
                    hint = f" (did you mean @{' or @'.join(close)}?)" if close else ""
                    problems.append(Problem(where, f"unknown citation key '@{key}': it is not in "
                                                   f"{self.manifest.bibliography.name}{hint}"))
                if unknown:
                    continue
                token.meta["items"] = items
                self.bibliography.register(items)
                self.tokens.append(token)
        return problems

    def html_for(self, mode: str) -> Callable[[Token], str]:
        """A renderer of citation tokens for one output; each cited work links to its bibliography entry."""
        page = "bibliographie.html" if mode == "site" else ""

        def render(token: Token) -> str:
            items = token.meta.get("items")
            if not items or self.bibliography is None:
                return f'<span class="citation unresolved">{escape(f"[{token.content}]")}</span>'
            key = (mode, id(token))
            if key not in self._html:
                fingerprint = self._book_fingerprint()
                kept = _KEPT.get((fingerprint, mode, tuple(items))) if fingerprint else None
                if kept is None:
                    html = self.bibliography.cite(items, href=lambda k: f"{page}#ref-{k}")
                    kept = f'<span class="citation">{typeset_html(html, self.manifest.language)}</span>'
                    if fingerprint:
                        _keep((fingerprint, mode, tuple(items)), kept)
                self._html[key] = kept
            return self._html[key]
        return render

    def _book_fingerprint(self) -> str:
        """What every citation's HTML depends on besides its own works ("" when it depends on more)."""
        if self._fingerprint is None:
            try:
                style = self.style.read_bytes() if self.style else b""
                files = self.manifest.bibliography.read_bytes() if self.manifest.bibliography else b""
            except OSError:
                style, files = b"", b""
            if not style or _POSITION_TEST.search(style):
                self._fingerprint = ""
            else:
                cited = repr([t.meta["items"] for t in self.tokens]).encode()
                self._fingerprint = hashlib.sha256(b"\0".join((style, files, cited,
                                                                self.manifest.language.encode()))).hexdigest()
        return self._fingerprint

    def _in_language(self, key: str, html: str) -> str:
        """An English work's entry says so: English spacing before « : », and read out in English."""
        language = self.bibliography.language(key) if self.bibliography else None
        if language and language != self.manifest.language.split("-")[0]:
            return f'<span lang="{language}">{html}</span>'
        return html

    def entries(self) -> list[tuple[str, str]]:
        if self._entries is None:
            raw = self.bibliography.entries() if self.bibliography and self.tokens else []
            self._entries = [(key, typeset_html(self._in_language(key, html), self.manifest.language))
                             for key, html in raw]
        return self._entries


def _keep(key: tuple, html: str) -> None:
    _KEPT[key] = html
    _KEPT.move_to_end(key)
    while len(_KEPT) > _KEPT_MAX:
        _KEPT.popitem(last=False)
