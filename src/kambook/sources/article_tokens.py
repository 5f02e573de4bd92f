"""An imported article's sanitised HTML as the token tree a chapter has.

Once an article is tokens, every later pass (numbering, references, anchors, index matches, typography,
search) and every renderer treats it as it treats a chapter: there is no second, regex-based path for
appendices to drift from. The HTML is nh3's serialisation of an allow-list (``cms/sanitize.py``), so it is
well formed and small in vocabulary; each allowed element has a token, and inline elements markdown-it has
no type for (``sup``, ``span lang``, ``abbr``…) become ``<tag>_open``/``<tag>_close`` pairs, which
markdown-it's renderer writes back as the same element.

What only an imported article needs is decided here, where the article is known: a figure whose caption
typed its own number (« Figure 2 - … ») is labelled and the text's mentions of it become references, so
they follow the appendix's numbering; the article's own list of references gets the book's style.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from markdown_it.token import Token

BLOCK = frozenset({"p", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "dl", "dt", "dd", "table", "caption",
                   "colgroup", "col", "thead", "tbody", "tfoot", "tr", "th", "td", "blockquote", "figure",
                   "figcaption", "hr", "pre", "div"})
VOID = frozenset({"img", "br", "hr", "col"})
#: Inline elements with a markdown-it token type of their own; the others keep their tag as their type.
INLINE_TYPES = {"em": ("em", "_"), "strong": ("strong", "**"), "a": ("link", "")}
KEPT_ATTRS = ("lang", "dir", "title")
SPACE = re.compile(r"[ \t\n\r\f]+")  # HTML's white space: no-break spaces are text
#: The number a blog typed at the head of a caption: « Figure 2 -  Quatre initiatives », « Tableau 1 : ».
CAPTION_NUMBER = {"fig": re.compile(r"^\s*(?:Figure|Fig\.)\s*(\d+)\s*[-–—:.]?\s*", re.I),
                  "tab": re.compile(r"^\s*(?:Tableau|Table)\s*(\d+)\s*[-–—:.]?\s*", re.I)}
MENTION = {"fig": re.compile(r"\b([Ff]igure|[Ff]ig\.)\s+(\d+)\b"), "tab": re.compile(r"\b([Tt]ableau)\s+(\d+)\b")}
#: A heading that announces the article's own list of references.
REFERENCES = re.compile(r"^(?:Références(?: citées| bibliographiques)?|Bibliographie|Sources)\s*:?$", re.I)


@dataclass
class Node:
    tag: str
    attrs: dict[str, str]
    children: list[Node | str] = field(default_factory=list)


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#root", {})
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, {k: v or "" for k, v in attrs})
        self.stack[-1].children.append(node)
        if tag not in VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.stack[-1].children.append(Node(tag, {k: v or "" for k, v in attrs}))

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def parse_html(html: str) -> Node:
    builder = _TreeBuilder()
    builder.feed(html)
    builder.close()
    return builder.root


def text_of(node: Node | str) -> str:
    if isinstance(node, str):
        return node
    return "".join(text_of(child) for child in node.children)


def _is_inline(node: Node | str) -> bool:
    return isinstance(node, str) or node.tag not in BLOCK


def _visible(nodes: list[Node | str]) -> bool:
    return any((n.strip() if isinstance(n, str) else n.tag == "img" or _visible(n.children)) for n in nodes)


class ArticleTokens:
    """Converts one article body; ``figure_label(k)`` names the label of the article's k-th numbered figure."""

    def __init__(self, labels: str) -> None:
        self.labels = labels  # the prefix of the labels given to figures and tables the text mentions
        self.tokens: list[Token] = []
        self.typed: dict[str, dict[str, str]] = {"fig": {}, "tab": {}}  # typed number → label, per kind
        self.counts = {"fig": 0, "tab": 0}

    # -- blocks -----------------------------------------------------------------------------------
    def blocks(self, nodes: list[Node | str], hidden: bool = False) -> None:
        run: list[Node | str] = []
        for node in nodes:
            if _is_inline(node):
                run.append(node)
                continue
            self.paragraph(run, hidden)
            run = []
            self.block(node)
        self.paragraph(run, hidden)

    def paragraph(self, run: list[Node | str], hidden: bool = False, attrs: dict[str, str] | None = None) -> None:
        if not _visible(run):
            return
        self.open("paragraph_open", "p", attrs, hidden=hidden)
        self.tokens.append(self.inline(run))
        self.close("paragraph_close", "p", hidden=hidden)

    def open(self, kind: str, tag: str, attrs: dict[str, str] | None = None, hidden: bool = False,
             keep: tuple[str, ...] = KEPT_ATTRS) -> Token:
        token = Token(kind, tag, 1, block=True, hidden=hidden)
        for key in keep:
            if attrs and attrs.get(key):
                token.attrSet(key, attrs[key])
        self.tokens.append(token)
        return token

    def close(self, kind: str, tag: str, hidden: bool = False) -> None:
        self.tokens.append(Token(kind, tag, -1, block=True, hidden=hidden))

    def block(self, node: Node) -> None:
        tag, attrs = node.tag, node.attrs
        if tag == "p" or tag in ("dt", "figcaption", "caption"):
            if tag == "dt":
                self.open("dt_open", "dt", attrs)
                self.tokens.append(self.inline(node.children))
                self.close("dt_close", "dt")
            elif _is_inline_only(node):
                self.paragraph(node.children, attrs=attrs)
            else:
                self.blocks(node.children)
        elif tag[0] == "h" and tag[1:].isdigit():
            if not _visible(node.children):
                return
            self.open("heading_open", tag, attrs)
            self.tokens.append(self.inline(node.children))
            self.close("heading_close", tag)
        elif tag in ("ul", "ol"):
            self.list(node)
        elif tag == "dl":
            self.open("dl_open", "dl", attrs)
            for child in node.children:
                if isinstance(child, Node) and child.tag == "dd":
                    self.open("dd_open", "dd", child.attrs)
                    self.blocks(child.children, hidden=True)
                    self.close("dd_close", "dd")
                elif isinstance(child, Node):
                    self.block(child)
            self.close("dl_close", "dl")
        elif tag == "blockquote":
            self.open("blockquote_open", "blockquote", attrs)
            self.blocks(node.children)
            self.close("blockquote_close", "blockquote")
        elif tag == "table":
            self.table(node)
        elif tag == "figure":
            self.figure(node)
        elif tag == "hr":
            self.tokens.append(Token("hr", "hr", 0, block=True, markup="---"))
        elif tag == "pre":
            token = Token("code_block", "code", 0, block=True, content=text_of(node).strip("\n") + "\n")
            self.tokens.append(token)
        elif tag == "div" and (attrs.get("lang") or attrs.get("dir")):
            self.open("div_open", "div", attrs)
            self.blocks(node.children)
            self.close("div_close", "div")
        else:  # a div without a language, a stray list item or cell: its content, as blocks
            self.blocks(node.children)

    def list(self, node: Node) -> None:
        ordered = node.tag == "ol"
        opening = self.open("ordered_list_open" if ordered else "bullet_list_open", node.tag, node.attrs)
        start = node.attrs.get("start", "")
        if ordered and start.isdigit() and start != "1":
            opening.attrSet("start", start)
        for child in node.children:
            if isinstance(child, str):
                if child.strip():
                    self._item([child])
                continue
            self._item(child.children if child.tag == "li" else [child], child.attrs if child.tag == "li" else {})
        self.close("ordered_list_close" if ordered else "bullet_list_close", node.tag)

    def _item(self, children: list[Node | str], attrs: dict[str, str] | None = None) -> None:
        self.open("list_item_open", "li", attrs)
        self.blocks(children, hidden=True)
        self.close("list_item_close", "li")

    def table(self, node: Node) -> None:
        caption = next((c for c in node.children if isinstance(c, Node) and c.tag == "caption"), None)
        container = None
        if caption is not None and _visible(caption.children):
            container = self._numbered("container_table_open", "tab", caption.children, node.attrs)
            container.meta.update(kind="table", line=0)
        self.open("table_open", "table", node.attrs)
        loose: list[Node] = []
        for child in node.children:
            if not isinstance(child, Node):
                continue
            if child.tag in ("thead", "tbody", "tfoot"):
                self._rows(loose)
                loose = []
                section = "thead" if child.tag == "thead" else "tbody"
                self.open(f"{section}_open", section)
                self._rows([r for r in child.children if isinstance(r, Node)], in_section=True)
                self.close(f"{section}_close", section)
            elif child.tag == "tr":
                loose.append(child)
        self._rows(loose)
        self.close("table_close", "table")
        if container is not None:
            self.close("container_table_close", "figure")

    def _rows(self, rows: list[Node], in_section: bool = False) -> None:
        rows = [r for r in rows if r.tag == "tr"]
        if not rows:
            return
        if not in_section:
            self.open("tbody_open", "tbody")
        for row in rows:
            self.open("tr_open", "tr", row.attrs)
            for cell in row.children:
                if not isinstance(cell, Node) or cell.tag not in ("td", "th"):
                    continue
                self.open(f"{cell.tag}_open", cell.tag, cell.attrs, keep=(*KEPT_ATTRS, "colspan", "rowspan", "scope"))
                if all(_is_inline(c) for c in cell.children):
                    self.tokens.append(self.inline(cell.children))
                else:
                    self.blocks(cell.children)
                self.close(f"{cell.tag}_close", cell.tag)
            self.close("tr_close", "tr")
        if not in_section:
            self.close("tbody_close", "tbody")

    def figure(self, node: Node) -> None:
        """One image and a caption: a numbered figure, as a chapter's; anything else stays as it came."""
        caption = next((c for c in node.children if isinstance(c, Node) and c.tag == "figcaption"), None)
        images = _images(node, skip=caption)
        if len(images) == 1 and caption is not None and _visible(caption.children):
            image = images[0]
            figure = self._numbered("figure", "fig", caption.children, node.attrs, nesting=0)
            # The blog's alt text often repeats its caption, number included: the number goes with the caption's.
            description = CAPTION_NUMBER["fig"].sub("", image.attrs.get("alt", "")).strip()
            figure.meta.update(src=image.attrs.get("src", ""), alt=text_of(caption).strip(), description=description,
                               title="", line=0, size={k: image.attrs[k] for k in ("width", "height")
                                                       if image.attrs.get(k, "").isdigit()})
            return
        self.open("bare_figure_open", "figure", node.attrs)
        rest = [c for c in node.children if c is not caption]
        self.blocks(rest, hidden=True)
        if caption is not None and _visible(caption.children):
            self.open("figcaption_open", "figcaption", caption.attrs)
            self.tokens.append(self.inline(caption.children))
            self.close("figcaption_close", "figcaption")
        self.close("bare_figure_close", "figure")

    def _numbered(self, kind: str, series: str, caption: list[Node | str], attrs: dict[str, str],
                  nesting: int = 1) -> Token:
        """A figure or table of the appendix's series; a number the blog typed in its caption is dropped,
        and remembered so the text's mentions of it can follow the book's number."""
        self.counts[series] += 1
        token = Token(kind, "figure", nesting, block=True)
        if attrs.get("lang"):
            token.attrSet("lang", attrs["lang"])
        inline = self.inline(caption)
        first = next((c for c in inline.children if c.type == "text"), None)
        typed = CAPTION_NUMBER[series].match(first.content) if first is not None else None
        if typed:
            first.content = first.content[typed.end():]
            label = f"{series}:{self.labels}-{self.counts[series]}"
            self.typed[series][typed.group(1)] = label
            token.attrSet("id", label)
        token.children = [c for c in inline.children if c.type != "text" or c.content]
        self.tokens.append(token)
        return token

    # -- inline -----------------------------------------------------------------------------------
    def inline(self, nodes: list[Node | str]) -> Token:
        children: list[Token] = []
        self._inline(nodes, children)
        children = _collapse(children)
        token = Token("inline", "", 0, children=children)
        token.content = "".join(c.content for c in children if c.type in ("text", "code_inline"))
        return token

    def _inline(self, nodes: list[Node | str], out: list[Token]) -> None:
        for node in nodes:
            if isinstance(node, str):
                out.append(Token("text", "", 0, content=node))
                continue
            tag = node.tag
            if tag == "br":
                out.append(Token("hardbreak", "br", 0))
            elif tag == "img":
                out.append(_image(node))
            elif tag in ("code", "kbd"):
                out.append(Token("code_inline", "code", 0, content=SPACE.sub(" ", text_of(node))))
            else:
                kind, markup = INLINE_TYPES.get(tag, (tag, ""))
                opening = Token(f"{kind}_open", tag, 1, markup=markup)
                keep = ("href", *KEPT_ATTRS) if tag == "a" else KEPT_ATTRS
                for key in keep:
                    if node.attrs.get(key):
                        opening.attrSet(key, node.attrs[key])
                out.append(opening)
                self._inline(node.children, out)
                out.append(Token(f"{kind}_close", tag, -1, markup=markup))

    # -- after the whole body is read -------------------------------------------------------------
    def mentions(self) -> None:
        """The text's « Figure 2 » becomes a reference to the figure that caption numbered 2."""
        for series, typed in self.typed.items():
            if not typed:
                continue
            for token in self.tokens:
                if token.children and token.type != "figure":
                    token.children = _mentions(token.children, MENTION[series], typed)

    def references_list(self) -> None:
        """The list right after a « Références » heading is set like the book's bibliography."""
        tokens = self.tokens
        for i, token in enumerate(tokens[:-3]):
            if (token.type == "heading_open" and REFERENCES.match(tokens[i + 1].content.strip())
                    and tokens[i + 3].type in ("bullet_list_open", "ordered_list_open")):
                tokens[i + 3].attrJoin("class", "references")


def _is_inline_only(node: Node) -> bool:
    return all(_is_inline(c) for c in node.children)


def _images(node: Node, skip: Node | None) -> list[Node]:
    found: list[Node] = []
    for child in node.children:
        if isinstance(child, Node) and child is not skip:
            found += [child] if child.tag == "img" else _images(child, None)
    return found


def _image(node: Node) -> Token:
    token = Token("image", "img", 0)
    alt = node.attrs.get("alt", "")
    token.attrs = {"src": node.attrs.get("src", ""), "alt": ""}
    for key in ("title", "width", "height"):
        if node.attrs.get(key):
            token.attrSet(key, node.attrs[key])
    token.content = alt
    token.children = [Token("text", "", 0, content=alt)] if alt else []
    return token


def _collapse(children: list[Token]) -> list[Token]:
    """White space as a browser shows it: runs of it are one space, none at a line's start or end."""
    last = "\n"  # the character a reader saw last; a line's start counts as space
    texts: list[Token] = []
    for child in children:
        if child.type == "text":
            content = SPACE.sub(" ", child.content)
            if last in " \n" and content.startswith(" "):
                content = content[1:]
            child.content = content
            last = content[-1:] or last
            texts.append(child)
        elif child.type == "hardbreak":
            if texts and texts[-1].content.endswith(" "):
                texts[-1].content = texts[-1].content[:-1]
            last = "\n"
        elif child.type in ("image", "code_inline"):
            last = "x"
    for child in reversed(children):  # the line's end: spaces before it go, up to the last thing shown
        if child.type == "text":
            child.content = child.content.rstrip(" ")
            if child.content:
                break
        elif child.nesting == 0:
            break
    return [c for c in children if c.type != "text" or c.content]


def _mentions(children: list[Token], pattern: re.Pattern[str], typed: dict[str, str]) -> list[Token]:
    out: list[Token] = []
    for child in children:
        if child.type != "text" or not pattern.search(child.content):
            if child.children:
                child.children = _mentions(child.children, pattern, typed)
            out.append(child)
            continue
        last = 0
        for match in pattern.finditer(child.content):
            label = typed.get(match.group(2))
            if label is None:
                continue
            if match.start() > last:
                out.append(Token("text", "", 0, content=child.content[last:match.start()]))
            xref = Token("xref", "", 0, content=match.group(0))
            xref.meta = {"label": label, "capital": match.group(1)[0].isupper(), "form": "", "raw": match.group(0)}
            out.append(xref)
            last = match.end()
        if last < len(child.content):
            out.append(Token("text", "", 0, content=child.content[last:]))
    return out


def article_tokens(html: str, labels: str) -> list[Token]:
    """The token tree of a sanitised article body; ``labels`` prefixes the labels it gives figures and tables."""
    converter = ArticleTokens(labels)
    converter.blocks(parse_html(html).children)
    converter.mentions()
    converter.references_list()
    return converter.tokens
