"""The one record every CMS adapter produces.

Selection, assembly and the ``import`` report must not care which CMS a blog came from, so each adapter
maps its format onto these two frozen records and nothing downstream ever sees a format-specific field.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from types import MappingProxyType
from typing import Literal, Mapping

Status = Literal["published", "draft", "scheduled"]
Kind = Literal["post", "page"]
#: Who could read the article on the blog. Anything but "public" is never printed, whatever its status:
#: the author hid it (password, members, private) and a book must not publish it behind their back.
Access = Literal["public", "protected", "private"]


@dataclass(frozen=True)
class Article:
    """One post or page, normalised; ``body_html`` is already sanitised and safe to embed."""

    source_id: str
    slug: str
    title: str
    published: datetime | None
    updated: datetime | None
    authors: tuple[str, ...]
    language: str
    tags: tuple[str, ...]
    status: Status
    kind: Kind
    url: str
    body_html: str
    images: tuple[str, ...]
    source_format: str
    access: Access = "public"
    #: Why the article is not public, in the author's words (« protégé par mot de passe »); "" when public.
    access_reason: str = ""
    #: What the import changed so the article could be printed (an embed made a paragraph, a shortcode
    #: removed); the build shows them for the articles it takes, so nothing is lost without a word.
    warnings: tuple[str, ...] = ()

    @property
    def restricted(self) -> bool:
        return self.access != "public"


@dataclass(frozen=True)
class Export:
    """What one export file holds: the articles, plus counts of what was deliberately left out.

    ``skipped`` is kept so ``kambook import`` can show the author that settings, attachments or menus were
    seen and ignored on purpose, rather than silently lost.
    """

    format: str
    path: Path
    title: str
    articles: tuple[Article, ...]
    comments: int = 0
    skipped: Mapping[str, int] = field(default_factory=dict)
    #: The blog's own address, when the export says it: relative links between articles resolve against it.
    site_url: str = ""

    def __post_init__(self) -> None:
        # A read-only view keeps the record immutable even though a dict was passed in.
        object.__setattr__(self, "skipped", MappingProxyType(dict(self.skipped)))

    @property
    def posts(self) -> tuple[Article, ...]:
        return tuple(a for a in self.articles if a.kind == "post")

    @property
    def pages(self) -> tuple[Article, ...]:
        return tuple(a for a in self.articles if a.kind == "page")

    @property
    def drafts(self) -> tuple[Article, ...]:
        return tuple(a for a in self.articles if a.status == "draft")

    @property
    def restricted(self) -> tuple[Article, ...]:
        return tuple(a for a in self.articles if a.restricted)

    def by_slug(self, slug: str) -> Article:
        """Find one article; tests and overrides in ``book.yaml`` name articles by slug."""
        for article in self.articles:
            if article.slug == slug:
                return article
        raise KeyError(slug)
