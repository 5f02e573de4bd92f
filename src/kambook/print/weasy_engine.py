"""WeasyPrint itself, loaded by ``print.weasy`` on first use (half a second of Pango that a site build
never pays): the project-only URL fetcher, kambook's completion of WeasyPrint's PDF tags, and the clean-up
of a footnote WeasyPrint prints twice. Importing this module installs the tag completion and the
line-breaking correction of ``print.weasy_linebreak``.
"""

from __future__ import annotations

import hashlib
import mimetypes
from pathlib import Path
from urllib.parse import unquote, urlsplit, uses_netloc, uses_relative

import pydyf
import weasyprint
import weasyprint.css as weasy_css
from weasyprint.pdf import tags as weasy_tags
from weasyprint.text.fonts import FontConfiguration  # noqa: F401 - re-exported for print.weasy
from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse  # noqa: F401

from . import weasy_footnotes, weasy_linebreak  # noqa: F401 - install their corrections
from .weasy import PROJECT_SCHEME, PROJECT_URL

mimetypes.add_type("font/woff2", ".woff2")
mimetypes.add_type("image/svg+xml", ".svg")
# Relative addresses (``styles/print.css``, a font's ``../assets/fonts/…``) resolve against a project address
# as they would against a file:// one: WeasyPrint joins them with urllib, which knows only the schemes listed.
for _known in (uses_relative, uses_netloc):
    if PROJECT_SCHEME not in _known:
        _known.append(PROJECT_SCHEME)


class ProjectResponse(URLFetcherResponse):
    """A project file, under its project address; WeasyPrint still learns where it lies on the disk, so it
    reads an image's bytes again when it writes them instead of keeping them in memory."""

    def __init__(self, url: str, file: Path, kind: str) -> None:
        super().__init__(url, file.read_bytes(), {"Content-Type": kind})
        self.file = file

    @property
    def path(self) -> str:
        return str(self.file)


class ProjectFetcher(URLFetcher):
    """Serve project files only, by their project address (``kambook://project/assets/…``, relative to
    ``root``: the same wherever the project folder is, so are the names WeasyPrint derives from it); remember
    why a fetch was refused so the error can say it, and the project path of every file served."""

    def __init__(self, root: Path, roots: list[Path]) -> None:
        super().__init__(fail_on_errors=True, allowed_protocols={PROJECT_SCHEME, "data"})
        self.root = root
        self.roots = [r.resolve() for r in roots]
        self.refused: list[str] = []
        self.served: set[str] = set()

    def fetch(self, url: str, headers: dict | None = None) -> URLFetcherResponse:
        parts = urlsplit(url)
        if parts.scheme == "data":
            return super().fetch(url, headers)
        if parts.scheme == "file":
            path = Path(unquote(parts.path)).resolve()
            if any(path.is_relative_to(root) for root in self.roots):
                raise self._refused(f"{url}: a project file must be addressed relative to the project, not by "
                                    "its absolute path (the output would depend on where the folder is)")
            raise self._refused(f"{path}: outside the project folder")
        if not url.startswith(PROJECT_URL):
            raise self._refused(f"{url}: only files of the project can be used (no network at build time)")
        name = self.name_of(url)
        path = (self.root / name).resolve()
        if not any(path.is_relative_to(root) for root in self.roots):
            raise self._refused(f"{name}: outside the project folder")
        if not path.is_file():
            raise self._refused(f"{name}: file not found")
        self.served.add(name)
        return ProjectResponse(PROJECT_URL + parts.path.lstrip("/"), path,
                               mimetypes.guess_type(path.name)[0] or "application/octet-stream")

    @staticmethod
    def name_of(url: str) -> str:
        """The path in the project of a project address (urllib's joining already stopped any « .. » at the
        project folder)."""
        return unquote(urlsplit(url).path).lstrip("/")

    def _refused(self, why: str) -> ValueError:
        self.refused.append(why)
        return ValueError(why)


_build_box_tree = weasy_tags._build_box_tree
#: Set per laid-out unit (from its content key): footnote ids stay unique once units are merged.
NOTE_PREFIX = ""


def _tagged_box_tree(box, parent, *args):  # noqa: ANN001, ANN202 - WeasyPrint's own signature
    """WeasyPrint's structure elements, completed with what PDF/UA asks and WeasyPrint leaves out.

    An element written with ``lang`` (an English passage of the blog) carries ``/Lang``; a footnote is a
    ``Note`` with an ``/ID``. WeasyPrint recurses through the module's name, so every level passes here.
    WeasyPrint offers no public hook into its structure tree, and once written the link from a structure
    element to its HTML element is gone. Like the corrections of ``weasy_linebreak`` and ``weasy_footnotes``
    (the only other modules that reach into WeasyPrint's private ones), this file is part of
    ``engine_version``, so a cached unit never outlives a change to it.
    """
    for element in _build_box_tree(box, parent, *args):
        source = getattr(box, "element", None)
        tag = getattr(box, "element_tag", None)
        if source is not None and tag not in (None, "html", "body") and "::" not in str(tag):
            if source.get("lang"):
                element["Lang"] = pydyf.String(source.get("lang"))
            if "footnote" in (source.get("class") or "").split() and element["S"] != "/Note":
                element["S"] = "/Note"
                element["ID"] = pydyf.String(f"note-{NOTE_PREFIX}{element.number}")
        yield element


weasy_tags._build_box_tree = _tagged_box_tree


def drop_repeated_footnotes(document: weasyprint.Document) -> None:
    """A footnote is printed once, on the page of its call.

    WeasyPrint 70 can print a footnote twice when a block that does not fit (a table kept whole) moves to
    the next page after the footnotes of the page were deferred to make room for it: the note stays on
    its page and is also carried over. The copy on the later page, far from its call, is taken out.
    """
    seen: set[int] = set()
    for page in document.pages:
        areas = [box for box in page._page_box.children if type(box).__name__ == "FootnoteAreaBox"]
        for area in areas:
            kept = []
            for note in area.children:
                key = id(note.element) if note.element is not None else id(note)
                if key not in seen:
                    kept.append(note)
                seen.add(key)
            area.children = kept


class _StylesheetMemo:
    """Each linked stylesheet of the project parsed once per process, not once per document.

    A book is laid out as some thirty unit documents per pass, every one linking the same ``print.css`` and
    ``fonts.css``: parsing them (tinycss2, then cssselect2's matcher) was a seventh of a unit's layout. A
    parsed sheet is kept by its address, its bytes, the media type and the font configuration it
    registered its faces with; a document that links it again gets the same matcher, and what parsing did
    to the document — its ``@page`` rules appended in order, its counter styles and colour profiles, the
    files the fetcher served (the unit cache's record) — is done again. A sheet that declares cascade layers
    is parsed every time (their order is the document's).
    """

    def __init__(self) -> None:
        self.sheets: dict[tuple, tuple] = {}
        self.fonts: object = None

    def __call__(self, *args, **kwargs):  # noqa: ANN002, ANN003, ANN204 - WeasyPrint's CSS signature
        url, fetcher = kwargs.get("url"), kwargs.get("url_fetcher")
        page_rules, layers = kwargs.get("page_rules"), kwargs.get("layers")
        if (args or not isinstance(url, str) or not url.startswith(PROJECT_URL)
                or not isinstance(fetcher, ProjectFetcher) or page_rules is None or layers is None):
            return _CSS(*args, **kwargs)
        try:
            data = (fetcher.root / fetcher.name_of(url)).read_bytes()
        except OSError:
            return _CSS(*args, **kwargs)  # WeasyPrint's fetch reports it
        counters = kwargs.get("counter_style")
        profiles = kwargs.get("color_profiles")
        fonts = kwargs.get("font_config")
        if fonts is not self.fonts:  # a new build (``print.weasy.shared_fonts``): the last one's sheets go
            self.sheets.clear()
            self.fonts = fonts
        key = (url, hashlib.sha256(data).digest(), kwargs.get("media_type"))
        if key not in self.sheets:
            rules_before, layers_before = len(page_rules), len(layers)
            served_before = set(fetcher.served)
            counters_before = dict(counters) if counters is not None else {}
            profiles_before = dict(profiles) if profiles is not None else {}
            sheet = _CSS(*args, **kwargs)
            if len(layers) != layers_before:
                return sheet
            self.sheets[key] = (
                sheet.base_url, sheet.matcher, list(page_rules[rules_before:]), fetcher.served - served_before,
                {k: v for k, v in (counters or {}).items() if counters_before.get(k) is not v},
                {k: v for k, v in (profiles or {}).items() if profiles_before.get(k) is not v})
            return sheet
        base_url, matcher, rules, served, counter_styles, colour_profiles = self.sheets[key]
        page_rules.extend(rules)
        fetcher.served.update(served)
        if counters is not None:
            counters.update(counter_styles)
        if profiles is not None:
            profiles.update(colour_profiles)
        sheet = _CSS.__new__(_CSS)
        sheet.base_url, sheet.matcher, sheet.page_rules, sheet.layers = base_url, matcher, page_rules, layers
        return sheet


_CSS = weasy_css.CSS
#: WeasyPrint's stylesheet finder creates its ``CSS`` objects through its module's name ``CSS``.
weasy_css.CSS = _StylesheetMemo()
