"""Appendices from a CMS export: the articles the manifest selects, as documents of the book.

Each article's sanitised HTML becomes the token tree a chapter has (``article_tokens.py``), with what only
the export can tell already settled here: which links point at another selected article (they become
references to its appendix) and which file of the media folder each image is (the build never fetches).
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from markdown_it.token import Token

from ..cms import load_export
from ..cms.article import Article, Export
from ..cms.language import mark_languages
from ..cms.media import article_links, link_target, resolve_image
from ..cms.select import Selection, select_articles
from ..errors import ExportError, Location, ManifestError, Problem, relpath
from ..manifest import Manifest
from ..model import Document
from ..text.dates import french_date
from ..markdown.tokens import walk
from .article_tokens import article_tokens

UNTITLED = "(sans titre)"


def load_appendix_export(manifest: Manifest) -> Export | None:
    spec = manifest.appendices
    if spec is None:
        return None
    try:
        return load_export(spec.export, spec.format, spec.types)
    except ExportError as exc:  # the adapters name the file they were given: the author reads it from the project
        where = exc.location
        if where is not None and Path(where.file).is_absolute():
            exc.location = replace(where, file=relpath(Path(where.file), manifest.root))
        raise


def selected_articles(manifest: Manifest, export: Export) -> list[Article]:
    spec = manifest.appendices
    selection = Selection(labels=spec.labels, slugs=spec.slugs, exclude=spec.exclude, status=spec.status,
                          kinds=spec.kinds, date_from=spec.date_from, date_to=spec.date_to,
                          order=spec.order, titles=dict(spec.titles), languages=spec.languages)
    try:
        articles = select_articles(export, selection)
    except ValueError as exc:
        raise ManifestError([Problem(Location(manifest.path.name, spec.line), str(exc))]) from None
    return articles


def collect_appendices(manifest: Manifest, export: Export | None) -> list[Document]:
    if manifest.appendices is None or export is None:
        return []
    rel = relpath(manifest.appendices.export, manifest.root)
    articles = selected_articles(manifest, export)
    running = _running_titles(manifest, articles)
    documents = [_document(article, rel, manifest, running.get(article.slug), n)
                 for n, article in enumerate(articles, 1)]
    media = manifest.appendices.media or manifest.appendices.export.parent / "media"
    links, selected = article_links(export), {a.slug for a in articles}
    for doc in documents:
        doc.meta["source_title"] = export.title
        _address(doc.tokens, export, links, selected, media)
    return documents


def _running_titles(manifest: Manifest, articles: list[Article]) -> dict[str, str]:
    """The manifest's ``running_titles``, each naming an article of the appendices."""
    chosen = {a.slug for a in articles}
    problems = [Problem(Location(manifest.path.name, line), f"running_titles: '{slug}' is not one of the "
                        f"appendices' articles ({', '.join(sorted(chosen)) or 'none selected'})")
                for slug, _, line in manifest.appendices.running_titles if slug not in chosen]
    if problems:
        raise ManifestError(problems)
    return {slug: text for slug, text, _ in manifest.appendices.running_titles}


def _warnings(article: Article, manifest: Manifest) -> list[str]:
    """What the author should check in a printed article: what the import converted or removed (embeds,
    shortcodes), and a title or a language the export does not give and kambook could not find.

    An article left out of the book has no document, so its notes, which would only be noise, go nowhere.
    """
    where = f"{relpath(manifest.appendices.export, manifest.root)} ({article.slug})"
    warnings = list(article.warnings)
    if not article.title:
        warnings.append(f"{where}: the article has no title; it is printed as « {UNTITLED} » with its date: "
                        "give it one in the CMS or under titles: in book.yaml")
    if not article.language:
        warnings.append(f"{where}: cannot tell which language the article is in; it is set as "
                        f"{manifest.language!r}, the book's language: declare it in the CMS if it is another")
    return warnings


def _title(article: Article) -> str:
    """The article's title, or « (sans titre) » and its date, so an untitled post is still named."""
    if article.title:
        return article.title
    return f"{UNTITLED}, {french_date(article.published)}" if article.published else UNTITLED


def _document(article: Article, rel: str, manifest: Manifest, running: str | None, rank: int) -> Document:
    lang = article.language or manifest.language
    title = _title(article)
    slug = f"annexe-{article.slug}"
    tokens = article_tokens(mark_languages(article.body_html, lang), labels=f"annexe-{rank}")
    return Document(role="appendix", path=manifest.appendices.export, rel=f"{rel} ({article.slug})", slug=slug,
                    title=title, short_title=running or title, label=f"app:{article.slug}",
                    tokens=tokens, env={"doc": slug, "file": rel}, lang=lang,
                    meta={"article": article, "warnings": _warnings(article, manifest)})


def _address(tokens: list[Token], export: Export, links: dict[str, str], selected: set[str], media: Path) -> None:
    """Links to a selected article name its appendix; images name their file in the media folder, or say
    they have none (the transform stage reports it, or prints a placeholder when the author allows)."""
    for token in walk(tokens):
        if token.type == "link_open":
            slug = link_target(str(token.attrGet("href") or ""), export, links)
            if slug in selected:
                token.meta["label"] = f"app:{slug}"
        elif token.type in ("image", "figure"):
            src = token.meta["src"] if token.type == "figure" else str(token.attrGet("src") or "")
            path = resolve_image(src, media)
            token.meta.update({"path": path} if path else {"media": media.name})
