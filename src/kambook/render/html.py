"""Token trees to HTML fragments, for one output at a time.

The same transformed tokens render differently per output only where the medium differs: links
(a page of the site vs an anchor of the single print document), footnotes (linked notes on the web,
``float: footnote`` in print), asset URLs. Everything a reader can compare — numbers, reference texts,
captions — comes from the shared registry.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import escape
from typing import Callable, Literal, Sequence

from markdown_it.renderer import RendererHTML
from markdown_it.token import Token
from markdown_it.utils import OptionsDict

from ..markdown import make_parser
from ..model import KIND_NAMES, Document, Target
from ..transform.references import UNRESOLVED

Mode = Literal["site", "print"]
#: Targets referred to by name alone in print (print.css gives their references no « , p. N »).
PAGELESS_KINDS = frozenset({"ch", "part"})
CAPTION_KIND = {"fig": "Figure", "tab": "Tableau", "enc": "Encadré"}


@dataclass(frozen=True)
class RenderContext:
    """What differs between outputs: how to link to a target and how to address an image."""

    mode: Mode
    href: Callable[[Target], str]
    asset_url: Callable[[Token], str]
    cite_html: Callable[[Token], str]
    same_page: frozenset[str] = frozenset()  # ids of references printed on their target's page
    #: Print: the folio a target's anchor landed on (« 87 », « xii »), written out rather than left to
    #: ``target-counter()``, so each chapter can be laid out as a document of its own.
    page_of: Callable[[str], str] | None = None


class BookRenderer(RendererHTML):
    def __init__(self, context: RenderContext) -> None:
        super().__init__(make_parser())
        self.context = context
        for name in ("figure", "image", "xref", "cite", "footnote_ref", "footnote_block_open", "footnote_block_close",
                     "footnote_open", "footnote_close", "footnote_anchor", "heading_open", "heading_close",
                     "container_table_open", "container_table_close", "container_encadre_open",
                     "container_encadre_close", "table_open", "table_close", "gloss_open", "gloss_close",
                     "index_open", "index_close", "link_open", "link_close"):
            self.rules[name] = getattr(self, "render_" + name)

    # -- headings ---------------------------------------------------------------------------------
    def render_heading_open(self, tokens: Sequence[Token], idx: int, options: OptionsDict, env: dict) -> str:
        token = tokens[idx]
        number = token.meta.get("number", "")
        head = f"<{token.tag}{self.renderAttrs(token)}>"
        return head + (f'<span class="num">{number}</span> ' if number else "")

    def render_heading_close(self, tokens: Sequence[Token], idx: int, options: OptionsDict, env: dict) -> str:
        token = tokens[idx]
        if self.context.mode == "site":
            anchor = tokens[idx - 2].attrGet("id") if idx >= 2 else None
            if anchor:
                return (f'<a class="permalink" href="#{anchor}" aria-label="Lien vers cette section">#</a>'
                        f"</{token.tag}>\n")
        return f"</{token.tag}>\n"

    # -- figures, tables, encadrés ----------------------------------------------------------------
    def _caption(self, token: Token, options: OptionsDict, env: dict, tag: str, attrs: str = "") -> str:
        kind = token.meta["kind"]
        label = f'<span class="caption-label">{CAPTION_KIND[kind]} {token.meta["number"]}</span>'
        text = self.renderInline(token.children or [], options, env)
        separator = '<span class="caption-sep"> – </span>' if text else ""
        return f"<{tag}{attrs}>{label}{separator}{text}</{tag}>"

    def render_figure(self, tokens: Sequence[Token], idx: int, options: OptionsDict, env: dict) -> str:
        token = tokens[idx]
        alt = escape(token.meta.get("description") or self.renderInlineAsText(token.children or [], options, env))
        if token.meta.get("placeholder"):
            image = _placeholder(token.meta["missing"])
        else:
            size = "".join(f' {key}="{value}"' for key, value in self._size(token).items())
            src = escape(self.context.asset_url(token))
            image = f'<img src="{src}" alt="{alt}"{size} loading="lazy">'
            if self.context.mode == "site":  # on a phone a figure's small print is read in the image alone, zoomed
                image = f'<a class="figure-zoom" href="{src}" title="Ouvrir la figure seule (agrandissable)">{image}</a>'
        return f'<figure{self.renderAttrs(token)} class="figure">{image}{self._caption(token, options, env, "figcaption")}</figure>\n'

    def render_image(self, tokens: Sequence[Token], idx: int, options: OptionsDict, env: dict) -> str:
        token = tokens[idx]
        if token.meta.get("placeholder"):
            return _placeholder(token.meta["missing"])
        if "path" in token.meta:
            token.attrSet("src", self.context.asset_url(token))
        size, width = self._size(token), str(token.attrGet("width") or "")
        if not width and not token.attrGet("height"):
            added = list(size.items())
        elif width.isdigit() and not token.attrGet("height") and size.get("width"):  # a CMS gives the width only
            added = [("height", round(int(width) * int(size["height"]) / int(size["width"])))]
        else:
            added = []
        for key, value in added:  # on this render only: the token is shared with the other outputs
            token.attrSet(key, str(value))
        try:
            return super().image(tokens, idx, options, env)
        finally:
            for key, _ in added:
                token.attrs.pop(key, None)

    def _size(self, token: Token) -> dict[str, object]:
        """The size written on an ``<img>``: the author's, else on screens the image's own (CSS px, the size
        it shows at anyway), so a page keeps its place while images load. Not in print, where WeasyPrint
        sizes images by the stylesheet alone."""
        given = dict(token.meta.get("size", {}))
        if self.context.mode == "print" or "intrinsic" not in token.meta or "height" in given:
            return given
        width, height = token.meta["intrinsic"]
        if "width" in given:  # a CMS gives the width only: the height follows the image's proportions
            return {**given, "height": round(int(given["width"]) * height / width)} \
                if str(given["width"]).isdigit() else given
        return {"width": width, "height": height}

    def render_container_table_open(self, tokens: Sequence[Token], idx: int, options: OptionsDict,
                                    env: dict) -> str:
        token = tokens[idx]
        return f'<figure id="{token.attrGet("id")}" class="table">{self._caption(token, options, env, "figcaption")}\n'

    def render_container_table_close(self, *_: object) -> str:
        return "</figure>\n"

    def render_table_open(self, *_: object) -> str:
        return '<div class="table-wrap"><table>\n'

    def render_table_close(self, *_: object) -> str:
        return "</table></div>\n"

    def render_container_encadre_open(self, tokens: Sequence[Token], idx: int, options: OptionsDict,
                                      env: dict) -> str:
        token = tokens[idx]
        anchor = token.attrGet("id")
        lang = f' lang="{escape(str(token.attrGet("lang")))}"' if token.attrGet("lang") else ""
        title = self._caption(token, options, env, "p", f' class="encadre-title" id="{anchor}-title"')
        return f'<aside id="{anchor}" class="encadre" aria-labelledby="{anchor}-title"{lang}>{title}\n'

    def render_container_encadre_close(self, *_: object) -> str:
        return "</aside>\n"

    # -- references and citations -----------------------------------------------------------------
    def render_xref(self, tokens: Sequence[Token], idx: int, options: OptionsDict, env: dict) -> str:
        token = tokens[idx]
        target: Target | None = token.meta.get("target")
        text = escape(token.meta.get("text", token.content), quote=False)
        if target is None:
            return f'<span class="xref unresolved" title="{escape(token.content)}">{UNRESOLVED}</span>'
        ref_id = token.meta.get("id", "")
        same = " same-page" if ref_id in self.context.same_page else ""
        # Only a page the reference prints: a chapter or a part is named without one, and a page number
        # in the HTML that nobody reads would still make the chapter be laid out again when it moves.
        printed = self.context.page_of and not same and target.kind not in PAGELESS_KINDS
        page = f' data-page="{escape(self.context.page_of(target.anchor))}"' if printed else ""
        return (f'<a id="{ref_id}" class="xref xref-{target.kind}{same}" '
                f'href="{escape(self.context.href(target))}"{page}>{text}</a>')

    def render_link_open(self, tokens: Sequence[Token], idx: int, options: OptionsDict, env: dict) -> str:
        """A link of an imported article to another appendix names it: « (annexe C, p. 131) » in print."""
        token = tokens[idx]
        target: Target | None = token.meta.get("target")
        if target is None:
            return self.renderToken(tokens, idx, options, env)
        ref = f"{KIND_NAMES[target.kind]} {target.number}"
        page = f' data-page="{escape(self.context.page_of(target.anchor))}"' if self.context.page_of else ""
        return f'<a href="{escape(self.context.href(target))}" class="applink" data-ref="{ref}"{page}>'

    def render_link_close(self, tokens: Sequence[Token], idx: int, options: OptionsDict, env: dict) -> str:
        """In print, a web address the reader cannot click goes to a footnote, unless the text already shows it."""
        start = next(i for i in range(idx - 1, -1, -1) if tokens[i].type == "link_open")  # links never nest
        opening = tokens[start]
        address = str(opening.attrGet("href") or "")
        if (self.context.mode != "print" or opening.meta.get("target") is not None
                or not address.startswith(("http://", "https://"))
                or shows(self.renderInlineAsText(list(tokens[start + 1:idx]), options, env), address)):
            return "</a>"
        return f'</a><span class="footnote url-note">{escape(address)}</span>'

    def render_cite(self, tokens: Sequence[Token], idx: int, options: OptionsDict, env: dict) -> str:
        return self.context.cite_html(tokens[idx])

    # -- glossary and index marks -----------------------------------------------------------------
    def render_gloss_open(self, tokens: Sequence[Token], idx: int, options: OptionsDict, env: dict) -> str:
        token = tokens[idx]
        term = token.meta["term"]
        lang = f' lang="{escape(str(token.attrGet("lang")))}"' if token.attrGet("lang") else ""
        if self.context.mode == "print":
            return f'<span class="gloss" id="{token.meta["id"]}"{lang}>'
        return (f'<a class="gloss" id="{token.meta["id"]}" href="glossaire.html#{term.anchor}"{lang} '
                f'aria-describedby="tip-{token.meta["id"]}">')

    def render_gloss_close(self, tokens: Sequence[Token], idx: int, options: OptionsDict, env: dict) -> str:
        if self.context.mode == "print":
            return "</span>"
        opening = next(t for t in reversed(tokens[:idx]) if t.type == "gloss_open")
        term = opening.meta["term"]
        # Out of the link's name (aria-hidden), read once as its description (aria-describedby).
        return (f'<span class="gloss-tip" role="tooltip" id="tip-{opening.meta["id"]}" aria-hidden="true">'
                f'<b>{escape(term.term)}</b>\u00a0: {escape(term.definition)}</span></a>')

    def render_index_open(self, tokens: Sequence[Token], idx: int, options: OptionsDict, env: dict) -> str:
        return f'<span class="ix" id="{tokens[idx].meta["id"]}">'

    def render_index_close(self, *_: object) -> str:
        return "</span>"

    # -- footnotes --------------------------------------------------------------------------------
    def _note_id(self, env: dict, number: int) -> str:
        return f"{env['doc']}--fn{number}"

    def render_footnote_ref(self, tokens: Sequence[Token], idx: int, options: OptionsDict, env: dict) -> str:
        token = tokens[idx]
        number = token.meta["id"] + 1
        if self.context.mode == "print":
            body = env["note_html"].get(token.meta["id"], "")
            return f'<span class="footnote">{body}</span>'
        ref_id = f"{self._note_id(env, number)}-ref" + (f"-{token.meta['subId']}" if token.meta.get("subId") else "")
        return (f'<sup class="footnote-ref"><a href="#{self._note_id(env, number)}" id="{ref_id}" '
                f'role="doc-noteref" aria-label="Note {number}">{number}</a></sup>')

    def render_footnote_block_open(self, *_: object) -> str:
        return '<section class="footnotes" role="doc-endnotes" aria-label="Notes">\n<ol class="footnotes-list">\n'

    def render_footnote_block_close(self, *_: object) -> str:
        return "</ol>\n</section>\n"

    def render_footnote_open(self, tokens: Sequence[Token], idx: int, options: OptionsDict, env: dict) -> str:
        number = tokens[idx].meta["id"] + 1
        return f'<li id="{self._note_id(env, number)}" class="footnote-item">'

    def render_footnote_close(self, *_: object) -> str:
        return "</li>\n"

    def render_footnote_anchor(self, tokens: Sequence[Token], idx: int, options: OptionsDict, env: dict) -> str:
        token = tokens[idx]
        number = token.meta["id"] + 1
        ref_id = f"{self._note_id(env, number)}-ref" + (f"-{token.meta['subId']}" if token.meta.get("subId") else "")
        return f' <a href="#{ref_id}" class="footnote-back" role="doc-backlink" aria-label="Retour au texte">↩</a>'


def _placeholder(src: str) -> str:
    """A draft (``--keep-going``, ``--allow-missing-images``) shows where each image without a file goes."""
    what = f"image manquante : {escape(src)}" if src else "image refusée"
    return f'<span class="missing-image">[{what}]</span>'


def shows(text: str, address: str) -> bool:
    """Whether a link's text already prints its address (an embed line's URL, a pasted link), scheme and
    trailing slash aside: then a note repeating it would only say it twice."""
    def bare(value: str) -> str:
        return re.sub(r"^https?://", "", value.strip()).rstrip("/")
    return bool(text.strip()) and bare(text) == bare(address)


def _print_notes(renderer: BookRenderer, tokens: list[Token], env: dict) -> dict[int, str]:
    """Footnote bodies by id, as inline HTML to be floated to the page foot at the call."""
    notes: dict[int, str] = {}
    current: int | None = None
    buffer: list[Token] = []
    for token in tokens:
        if token.type == "footnote_open":
            current, buffer = token.meta["id"], []
        elif token.type == "footnote_close" and current is not None:
            html = renderer.render(buffer, renderer.options, env).strip()
            html = html.replace("</p>\n<p>", " ").removeprefix("<p>").removesuffix("</p>")
            notes[current] = html
            current = None
        elif current is not None and token.type != "footnote_anchor":
            buffer.append(token)
    return notes


def render_document(doc: Document, context: RenderContext) -> str:
    """The HTML body of one document (without its title, which templates place)."""
    renderer = BookRenderer(context)
    renderer.options = make_parser().options
    env = dict(doc.env)
    tokens = doc.tokens
    if context.mode == "print":
        env["note_html"] = _print_notes(renderer, tokens, env)
        start = next((i for i, t in enumerate(tokens) if t.type == "footnote_block_open"), len(tokens))
        tokens = tokens[:start]  # the notes are floated to their pages, not listed at the end
    return renderer.render(tokens, make_parser().options, env)


def render_inline_text(children: list[Token], context: RenderContext, env: dict) -> str:
    renderer = BookRenderer(context)
    return renderer.renderInline(children, make_parser().options, env)
