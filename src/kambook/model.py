"""The book once parsed: documents in reading order, and the registry of everything that can be referenced.

Documents hold markdown-it token trees. Transform passes annotate those trees in place (that is what
markdown-it tokens are for) but never reorder documents, and every numbering decision is recorded in
the ``Registry`` so that all outputs — site, PDFs, later EPUB — print the same numbers.

Who writes which ``token.meta`` key (a renderer only reads them):

=================================  ==========================================  ================================
token                              key                                         written by
=================================  ==========================================  ================================
any inline child                   ``line``                                    ``markdown/lines.py``
``container_*`` (encadré, table)   ``kind``, ``line``, ``caption``             ``markdown/containers.py``
``figure``                         ``src``, ``alt``, ``description``,          ``markdown/figures.py``
                                   ``title``, ``line``
``figure``, ``image``              ``path`` (the image file found),            ``transform/assets.py``
                                   ``intrinsic`` (its size in CSS px)
``figure``                         ``description`` typeset                     ``transform/typography.py``
``xref``                           ``label``, ``capital``, ``form``, ``raw``   ``markdown/refs.py`` (articles:
                                                                               ``sources/article_tokens.py``)
``xref``                           ``target``, ``text``, ``id``                ``transform/references.py``
``cite``                           ``raw``                                     ``markdown/refs.py``
``cite``                           ``items`` (parsed, known keys)              ``transform/citations_pass.py``
``heading_open``, numbered blocks  ``number``, ``label`` (``kind`` on blocks)  ``transform/numbering.py``
``heading_open`` of an appendix    ``label`` (``app:<slug>``)                  ``sources/appendices.py``
``index_open``                     ``id`` (the locator's anchor)               ``transform/marks.py``
=================================  ==========================================  ================================

``Document.meta`` holds an appendix's ``article`` and ``warnings`` (``sources/appendices.py``), its
``source_title`` and ``byline`` (typeset by ``transform/typography.py``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from markdown_it.token import Token

from .manifest import Manifest
from .text.folding import fold

Role = Literal["front", "part", "chapter", "back", "appendix"]

KIND_NAMES = {  # singular French name of each kind of target, as printed in references
    "ch": "chapitre", "part": "partie", "sec": "section", "fig": "figure", "tab": "tableau",
    "enc": "encadré", "app": "annexe",
}


@dataclass
class Document:
    """One Markdown source: a chapter, a part opening, a foreword or an appendix."""

    role: Role
    path: Path
    rel: str  # path relative to the project, as shown in messages
    slug: str  # stable id of the document: names its web page and prefixes its anchors
    title: str
    short_title: str
    label: str
    tokens: list[Token]
    env: dict
    lang: str = ""
    number: str = ""  # "3" for a chapter, "II" for a part, "B" for an appendix, "" otherwise
    part_index: int = -1  # index of the part holding this document, -1 outside parts
    meta: dict = field(default_factory=dict)

    @property
    def anchor(self) -> str:
        return anchor_of(self.label)


@dataclass(frozen=True)
class Target:
    """Something a reference can point at."""

    label: str
    kind: str  # one of KIND_NAMES
    number: str  # "3.2", "II", "B"; "" for unnumbered targets
    title: str  # plain text
    doc: str  # slug of the document holding it
    anchor: str
    file: str
    line: int


@dataclass
class Registry:
    """Every label of the book, filled by the numbering pass and read by references and renderers."""

    targets: dict[str, Target] = field(default_factory=dict)

    def get(self, label: str) -> Target | None:
        return self.targets.get(label)


@dataclass(frozen=True)
class GlossaryTerm:
    """One entry of the glossary file (``transform.terms`` reads it; the marks pass finds its forms)."""

    id: str
    term: str
    definition: str
    fr: str = ""
    en: str = ""
    aliases: tuple[str, ...] = ()
    see_also: tuple[str, ...] = ()
    line: int = 0

    @property
    def anchor(self) -> str:
        return f"gl-{self.id}"


@dataclass
class Glossary:
    terms: dict[str, GlossaryTerm] = field(default_factory=dict)
    forms: dict[str, str] = field(default_factory=dict)  # folded form → id

    def find(self, text: str) -> GlossaryTerm | None:
        key = self.forms.get(fold(text))
        return self.terms.get(key) if key else None


@dataclass(frozen=True)
class Locator:
    """One place an index entry points to: the anchor id put in the text, and its page once laid out."""

    anchor: str
    page: int | None = None


@dataclass
class IndexEntry:
    """A heading with its locators (in document order), sub-entries (sorted) and cross-references, as
    ``transform.indexing`` builds them from the marks."""

    heading: str
    locators: list[Locator] = field(default_factory=list)
    subs: dict[str, IndexEntry] = field(default_factory=dict)
    see: str | None = None
    see_also: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class FallbackFont:
    """A font completing the book's families for the characters its faces lack (``book.yaml``'s
    ``fonts: fallback:``): declared under a family of its own, with the faces it completes, and cut to
    the characters it draws."""

    family: str
    faces: tuple[tuple[str, str], ...]  # the (style, weight) pairs of the book's family it completes
    source: Path
    chars: tuple[int, ...]  # code points, sorted


@dataclass
class Book:
    manifest: Manifest
    documents: list[Document]
    registry: Registry = field(default_factory=Registry)
    glossary: Glossary | None = None  # when the manifest names a glossary file
    index: list[IndexEntry] = field(default_factory=list)  # sorted in French order
    anchor_doc: dict[str, str] = field(default_factory=dict)  # index/glossary anchor → document slug
    fallbacks: list[FallbackFont] = field(default_factory=list)  # planned by ``fontcover`` before any layout
    #: The legal mentions as typeset sentences, by name (``transform.legal``).
    legal: dict[str, str] = field(default_factory=dict)

    @property
    def parts(self) -> list[Document]:
        return [d for d in self.documents if d.role == "part"]

    @property
    def chapters(self) -> list[Document]:
        return [d for d in self.documents if d.role == "chapter"]

    def in_part(self, part: Document) -> list[Document]:
        return [d for d in self.documents if d.role == "chapter" and d.part_index == part.part_index]


def anchor_of(label: str) -> str:
    """HTML id of a label: ``fig:rituels`` → ``fig-rituels`` (ids without colons work in CSS selectors)."""
    return label.replace(":", "-").replace(".", "-")
