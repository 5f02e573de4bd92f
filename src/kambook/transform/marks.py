"""Glossary and index marks: ``[terme]{.g}``, ``[texte]{.i entry="…" sub="…"}``, and automatic matches.

Marks become their own token types carrying an anchor id, so every output can link to the exact spot
and the PDF can learn, after layout, on which page each one landed. Automatic matches of the terms
file run on typeset text and wrap what they match, in chapters and imported articles alike.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from markdown_it.token import Token

from ..errors import Location, Problem, relpath
from ..model import Book, Document, Glossary
from .indexing import TermsMatcher, build_index, match_spans, terms_matcher
from ..text.folding import fold
from .terms import TermsError
from ..markdown.tokens import plain_text

Occurrence = tuple[str, "str | None", str]  # (entry heading, sub heading, anchor)


@dataclass
class MarkState:
    occurrences: list[tuple[int, Occurrence]] = field(default_factory=list)  # (document rank, occurrence)
    anchor_doc: dict[str, str] = field(default_factory=dict)  # anchor → document slug
    counters: dict[str, int] = field(default_factory=dict)

    def new_anchor(self, doc: Document, kind: str) -> str:
        self.counters[doc.slug] = self.counters.get(doc.slug, 0) + 1
        anchor = f"{doc.slug}--{kind}{self.counters[doc.slug]}"
        self.anchor_doc[anchor] = doc.slug
        return anchor


def resolve_marks(book: Book, glossary: Glossary | None, index_terms: list[dict], state: MarkState) -> list[Problem]:
    problems: list[Problem] = []
    see = {fold(str(t["entry"])): str(t["see"]) for t in index_terms if isinstance(t, dict) and t.get("see")}
    for rank, doc in enumerate(book.documents):
        for token in doc.tokens:
            if token.children:
                _marks_in(token.children, doc, rank, glossary, see, state, problems)
    return problems


def _span_end(children: list[Token], start: int) -> int:
    depth = 0
    for i in range(start, len(children)):
        depth += children[i].nesting
        if depth == 0:
            return i
    return len(children) - 1


def _marks_in(children: list[Token], doc: Document, rank: int, glossary: Glossary | None, see: dict[str, str],
              state: MarkState, problems: list[Problem]) -> None:
    for i, child in enumerate(children):
        if child.type != "span_open":
            continue
        classes = str(child.attrGet("class") or "").split()
        end = _span_end(children, i)
        text = plain_text(children[i + 1:end])
        where = Location(doc.rel, child.meta.get("line", 0))
        if "g" in classes:
            if glossary is None:
                problems.append(Problem(where, f"[{text}]{{.g}} but book.yaml names no 'glossary' file"))
                continue
            wanted = str(child.attrGet("term") or "")
            term = glossary.terms.get(wanted) if wanted else glossary.find(text)
            if term is None:
                what = f"term id '{wanted}'" if wanted else f"'{text}'"
                problems.append(Problem(where, f"glossary mark: {what} is not in the glossary (add it to "
                                               "assets/glossary.yaml or give term=<id>)"))
                continue
            anchor = state.new_anchor(doc, "g")
            child.type, children[end].type = "gloss_open", "gloss_close"
            child.meta.update(term=term, id=anchor)
            heading = see.get(fold(term.term), term.term)
            state.occurrences.append((rank, (heading, None, anchor)))
        elif "i" in classes:
            entry = str(child.attrGet("entry") or text)
            sub = str(child.attrGet("sub") or "") or None
            if not entry:
                problems.append(Problem(where, "index mark without text needs entry=\"…\""))
                continue
            anchor = state.new_anchor(doc, "ix")
            child.type, children[end].type = "index_open", "index_close"
            child.meta.update(id=anchor)
            state.occurrences.append((rank, (entry, sub, anchor)))


def match_terms(book: Book, index_terms: list[dict], state: MarkState) -> None:
    """Wrap every automatic match of the terms file in an anchored span (run after typography)."""
    if not index_terms:
        return
    matcher = terms_matcher(index_terms)
    for rank, doc in enumerate(book.documents):
        # Headings too: a section titled after a term is where a reader most wants the index to send them.
        for token in doc.tokens:
            if token.type == "inline" and token.children:
                token.children = _match_children(token.children, doc, rank, matcher, state)


def _match_children(children: list[Token], doc: Document, rank: int, matcher: TermsMatcher,
                    state: MarkState) -> list[Token]:
    out: list[Token] = []
    in_link = False  # a link's text is already a way somewhere: the index does not mark inside it
    for child in children:
        in_link = child.type == "link_open" or (in_link and child.type != "link_close")
        if child.type != "text" or not child.content or in_link:
            out.append(child)
            continue
        last = 0
        for start, end, entry, sub in match_spans(child.content, matcher):
            if start > last:
                out.append(_text_like(child, child.content[last:start]))
            anchor = state.new_anchor(doc, "ix")
            # The match is wrapped, not preceded by an empty anchor: empty inline boxes upset line breaking.
            opening, closing = Token("index_open", "span", 1), Token("index_close", "span", -1)
            opening.meta = {"id": anchor}
            out += [opening, _text_like(child, child.content[start:end]), closing]
            state.occurrences.append((rank, (entry, sub, anchor)))
            last = end
        if last < len(child.content):
            out.append(_text_like(child, child.content[last:]) if last else child)
    return out


def _text_like(model: Token, content: str) -> Token:
    token = Token("text", "", 0)
    token.content = content
    token.meta = dict(model.meta)
    return token


def collect_index(state: MarkState, index_terms: list[dict], manifest) -> list:  # noqa: ANN001
    """Entries of the index in French order; a broken « voir » in the terms file is an error of that file."""
    occurrences = [occ for _, occ in sorted(state.occurrences, key=lambda item: item[0])]
    if not occurrences and not index_terms:
        return []
    try:
        return build_index(occurrences, index_terms)
    except ValueError as exc:
        where = relpath(manifest.index_terms, manifest.root) if manifest.index_terms else "book.yaml"
        raise TermsError([Problem(Location(where), str(exc))]) from None
