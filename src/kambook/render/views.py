"""View models: what templates need from the book, computed once per output."""

from __future__ import annotations

from dataclasses import dataclass, field
from html import escape

from markupsafe import Markup

from ..model import Book, Document
from ..markdown.tokens import plain_text
from .html import RenderContext, render_document, render_inline_text


@dataclass
class DocView:
    doc: Document
    title: Markup
    short_title: Markup
    body: Markup
    outline: list[tuple[int, str, Markup]] = field(default_factory=list)  # (level, anchor, title html)
    byline: Markup = Markup("")

    @property
    def role(self) -> str:
        return self.doc.role

    @property
    def slug(self) -> str:
        return self.doc.slug

    @property
    def number(self) -> str:
        return self.doc.number

    @property
    def anchor(self) -> str:
        return self.doc.anchor

    @property
    def heading_label(self) -> str:
        return heading_label(self.doc)


def heading_label(doc: Document) -> str:
    """« Chapitre 3 », « Partie II », « Annexe B »: what the book prints above a numbered title (the site,
    the PDFs and the ONIX feed's table of contents say it alike)."""
    return {"chapter": f"Chapitre {doc.number}", "part": f"Partie {doc.number}",
            "appendix": f"Annexe {doc.number}"}.get(doc.role, "")


def title_markup(text: str) -> Markup:
    """A title as HTML: already typeset by the transform stage (``typeset_document``), only escaped here."""
    return Markup(escape(text, quote=False))


def _byline(doc: Document) -> Markup:
    """Where an appendix comes from: its line (``transform.typography.bylines``), then its address."""
    article = doc.meta["article"]
    line = escape(doc.meta.get("byline", ""))
    if article.url:
        url = escape(article.url)
        line += f' · <a class="source-url" href="{url}">{url}</a>'
    return Markup(line)


def doc_views(book: Book, context: RenderContext) -> list[DocView]:
    """Chapters and appendices alike: an imported article is the same token tree, with a byline besides."""
    views = []
    for doc in book.documents:
        outline = []
        for i, token in enumerate(doc.tokens):
            if token.type == "heading_open" and token.tag in ("h2", "h3"):
                # The outline repeats the heading: without its index anchors, whose ids belong to the heading.
                children = [t for t in doc.tokens[i + 1].children or [] if t.type not in ("index_open", "index_close")]
                html = render_inline_text(children, context, doc.env)
                number = token.meta.get("number", "")
                if number:
                    html = f'<span class="num">{number}</span> {html}'
                outline.append((int(token.tag[1]), str(token.attrGet("id")), Markup(html)))
        views.append(DocView(doc=doc, title=title_markup(doc.title), short_title=title_markup(doc.short_title),
                             body=Markup(render_document(doc, context)), outline=outline,
                             byline=_byline(doc) if doc.role == "appendix" else Markup("")))
    return views


@dataclass(frozen=True)
class ListItem:
    """A line of the list of figures or of tables."""

    number: str
    title: Markup
    anchor: str
    doc: str


LIST_KINDS = {"list-of-figures": ("figure", "Table des figures", "liste-des-figures"),
              "list-of-tables": ("container_table_open", "Liste des tableaux", "liste-des-tableaux")}


def list_items(book: Book, kind: str) -> list[ListItem]:
    token_type = LIST_KINDS[kind][0]
    items = []
    for doc in book.documents:
        for token in doc.tokens:
            if token.type == token_type:
                items.append(ListItem(token.meta["number"], Markup(escape(plain_text(token.children), quote=False)),
                                      str(token.attrGet("id")), doc.slug))
    return items
