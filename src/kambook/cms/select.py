"""Which articles of an export become the book's appendices, and in which order.

``book.yaml`` names articles by label, slug, date range and status; this module turns that description into
an ordered list of ``Article`` records. It is pure (no files, no YAML) so the build and ``kambook import``
select exactly the same articles. A slug that names no article is an error with close matches, because a typo
in the manifest would otherwise silently drop an appendix. Articles that were not public on the blog (a
password, members only, private) are never selected: a filter passes over them, naming one is an error.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field, replace
from datetime import date
from types import MappingProxyType
from typing import Iterable, Literal, Mapping

from kambook.cms.article import Article, Export
from kambook.cms.common import language

STATUSES = frozenset({"published", "draft", "scheduled"})
KINDS = frozenset({"post", "page"})


@dataclass(frozen=True)
class Selection:
    """The appendices part of ``book.yaml``, already parsed; empty ``labels``, ``slugs`` and ``languages``
    mean "all" (``languages`` picks one side of translated pairs that share a slug)."""

    labels: tuple[str, ...] = ()
    slugs: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    status: tuple[str, ...] = ("published",)
    kinds: tuple[str, ...] = ("post", "page")
    date_from: date | None = None
    date_to: date | None = None
    order: Literal["date", "listed"] = "date"
    titles: Mapping[str, str] = field(default_factory=dict)
    languages: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        # YAML hands over lists and dicts: freeze them so a Selection can be shared without surprises.
        for name in ("labels", "slugs", "exclude", "status", "kinds", "languages"):
            value = getattr(self, name)
            if isinstance(value, str):
                value = (value,)
            object.__setattr__(self, name, tuple(value))
        object.__setattr__(self, "titles", MappingProxyType(dict(self.titles)))
        bad = [s for s in self.status if s not in STATUSES] + [k for k in self.kinds if k not in KINDS]
        if bad:
            raise ValueError(f"unknown status or kind {bad[0]!r}: use {', '.join(sorted(STATUSES | KINDS))}")
        if self.order not in ("date", "listed"):
            raise ValueError(f"unknown order {self.order!r}: use 'date' or 'listed'")
        if self.date_from and self.date_to and self.date_from > self.date_to:
            raise ValueError(f"the date range is empty: {self.date_from} is after {self.date_to}")


def _date_key(article: Article) -> tuple:
    """Oldest first; undated articles (drafts often are) after every dated one, then by title."""
    published = article.published
    return (published is None, published.timestamp() if published else 0.0, article.title.casefold())


def _key(article: Article, names: set[str]) -> str:
    """How the manifest names ``article``: by its slug, or by its id (two articles may share a slug)."""
    return article.slug if article.slug in names or article.source_id not in names else article.source_id


def _check_slugs(export: Export, slugs: Iterable[str]) -> None:
    known = [a.slug for a in export.articles]
    ids = {a.source_id for a in export.articles}
    for slug in slugs:
        if slug in known or slug in ids:
            continue
        close = difflib.get_close_matches(slug, known, n=3, cutoff=0.6)
        close += [k for k in known if slug and slug in k and k not in close][: 3 - len(close)]
        hint = f"; close matches: {', '.join(repr(c) for c in close)}" if close else ""
        raise ValueError(f"no article with slug '{slug}' in {export.path.name}{hint}")


def _check_restricted(export: Export, slugs: Iterable[str]) -> None:
    wanted = set(slugs)
    for article in export.articles:
        if article.slug in wanted and article.restricted:
            raise ValueError(f"the article '{article.slug}' of {export.path.name} is {article.access_reason}: "
                             "it was not public on the blog, so it is never printed; remove it from "
                             "appendices.select (or make it public in the CMS and export again)")


def _matches_filters(article: Article, selection: Selection) -> bool:
    if article.status not in selection.status or article.kind not in selection.kinds:
        return False
    if selection.languages and article.language not in {language(code) for code in selection.languages}:
        return False
    if selection.date_from is None and selection.date_to is None:
        return True
    if article.published is None:
        return False  # an undated article cannot be shown to fall inside the range
    day = article.published.date()
    return ((selection.date_from is None or day >= selection.date_from)
            and (selection.date_to is None or day <= selection.date_to))


def select_articles(export: Export, selection: Selection) -> list[Article]:
    """The articles of ``export`` that ``selection`` asks for, ordered, with title overrides applied.

    Raises ``ValueError`` naming the slug and the export file when ``slugs``, ``exclude`` or ``titles``
    mention an article the export does not hold, or when ``slugs`` names an article that was not public.
    """
    _check_slugs(export, (*selection.slugs, *selection.exclude, *selection.titles))
    _check_restricted(export, selection.slugs)
    wanted_labels = {label.casefold() for label in selection.labels}
    listed = set(selection.slugs)
    excluded = set(selection.exclude)
    names = {*listed, *excluded, *selection.titles}
    everything = not listed and not wanted_labels

    def chosen(article: Article) -> bool:
        key = _key(article, names)
        if article.restricted or key in excluded or not _matches_filters(article, selection):
            return False
        return everything or key in listed or any(t.casefold() in wanted_labels for t in article.tags)

    picked = [a for a in export.articles if chosen(a)]
    if selection.order == "listed":
        rank = {slug: i for i, slug in reversed(list(enumerate(selection.slugs)))}
        picked.sort(key=lambda a: (0, rank[k], ()) if (k := _key(a, names)) in rank else (1, 0, _date_key(a)))
    else:
        picked.sort(key=_date_key)
    titles = selection.titles
    return [replace(a, title=titles[_key(a, names)]) if _key(a, names) in titles else a for a in picked]
