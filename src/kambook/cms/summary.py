"""What ``kambook import EXPORT`` shows: what the export holds and what the book would take from it.

The author runs it before a build to check that the export is the right one and that ``book.yaml`` selects
the intended appendices. The report is a plain dict first (``--json`` prints it for scripts) and tables are
drawn from that dict only, so both outputs always agree.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from rich.markup import escape
from rich.table import Table

from kambook.cms.article import Article, Export


def _order(article: Article) -> tuple:
    published = article.published
    return (published is None, published.timestamp() if published else 0.0, article.title.casefold())


def appendix_letter(rank: int) -> str:
    """A, B, … Z, AA, AB…: appendices are lettered, and a long blog may give more than 26 of them."""
    letters = ""
    while rank > 0:
        rank, rest = divmod(rank - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def summarize(export: Export, selected: list[Article] | None) -> dict[str, Any]:
    """A JSON-ready account of ``export``; ``selected`` is what the current ``book.yaml`` picks (None: no book).

    Articles are listed oldest first; a selected article carries the letter its rank in the selection gives
    it ("appendix"), so the author sees the order the appendices will take. An article that was not public
    on the blog carries the reason it is never printed ("never_printed").
    """
    rank = {a.slug: i for i, a in enumerate(selected or (), start=1)}
    labels = Counter(tag for a in export.articles for tag in a.tags)
    return {
        "format": export.format,
        "file": str(export.path),
        "title": export.title,
        "counts": {
            "articles": len(export.articles),
            "posts": len(export.posts),
            "pages": len(export.pages),
            "published": sum(a.status == "published" for a in export.articles),
            "drafts": len(export.drafts),
            "scheduled": sum(a.status == "scheduled" for a in export.articles),
            "protected": sum(a.access == "protected" for a in export.articles),
            "private": sum(a.access == "private" for a in export.articles),
            "comments": export.comments,
            "skipped": dict(sorted(export.skipped.items())),
            "selected": None if selected is None else len(selected),
        },
        "languages": dict(Counter(a.language or "?" for a in export.articles).most_common()),
        "labels": dict(sorted(labels.items(), key=lambda item: (-item[1], item[0].casefold()))),
        "articles": [
            {
                "slug": a.slug,
                "title": a.title,
                "date": a.published.date().isoformat() if a.published else None,
                "kind": a.kind,
                "status": a.status,
                "access": a.access,
                # Said for each such article, so the author sees why a label or date range left it out.
                "never_printed": a.access_reason or None,
                "language": a.language,
                "labels": list(a.tags),
                "authors": list(a.authors),
                "url": a.url,
                "selected": a.slug in rank,
                "appendix": appendix_letter(rank[a.slug]) if a.slug in rank else None,
            }
            for a in sorted(export.articles, key=_order)
        ],
    }


def _status(item: dict[str, Any]) -> str:
    if item.get("never_printed"):
        return f"{item['status']}, jamais imprimé : {item['never_printed']}"
    return item["status"]


def summary_tables(summary: dict[str, Any]) -> list[Table]:
    """The summary as rich tables: the export, its languages and labels, then every article."""
    counts = summary["counts"]
    overview = Table(title=escape(f"{summary['title']} ({summary['format']})"), show_header=False)
    overview.add_column("", style="bold")
    overview.add_column("")
    overview.add_row("Fichier", escape(summary["file"]))
    for key, name in (("posts", "Billets"), ("pages", "Pages"), ("published", "Publiés"), ("drafts", "Brouillons"),
                      ("scheduled", "Programmés"), ("comments", "Commentaires")):
        overview.add_row(name, str(counts[key]))
    if counts["protected"] or counts["private"]:
        overview.add_row("Non publics", f"{counts['protected']} protégé(s), {counts['private']} privé(s) : "
                                        "jamais imprimés, aucune sélection ne les prend")
    skipped = ", ".join(f"{k} : {v}" for k, v in counts["skipped"].items()) or "—"
    overview.add_row("Ignorés", skipped)
    overview.add_row("Sélectionnés", "— (pas de book.yaml)" if counts["selected"] is None else str(counts["selected"]))

    tallies = Table(title="Langues et libellés")
    tallies.add_column("Type")
    tallies.add_column("Valeur")
    tallies.add_column("Articles", justify="right")
    for language, n in summary["languages"].items():
        tallies.add_row("langue", language, str(n))
    for label, n in summary["labels"].items():
        tallies.add_row("libellé", escape(label), str(n))

    articles = Table(title="Articles")  # titles and labels are the blog's text, never rich markup: escaped
    for name, justify in (("Annexe", "right"), ("Date", "left"), ("Type", "left"), ("Statut", "left"),
                          ("Langue", "left"), ("Titre", "left"), ("Slug", "left"), ("Libellés", "left")):
        # Slugs are what book.yaml names: fold them rather than cut them with an ellipsis.
        articles.add_column(name, justify=justify, overflow="fold")  # type: ignore[arg-type]
    for item in summary["articles"]:
        articles.add_row(item["appendix"] or "—", item["date"] or "sans date",
                         item["kind"], _status(item), item["language"], escape(item["title"]), escape(item["slug"]),
                         escape(", ".join(item["labels"])), style=None if item["selected"] else "dim")
    return [overview, tallies, articles]
