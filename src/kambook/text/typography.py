"""French (and English) typography on the text an author typed.

Applied to text tokens only — never to code, URLs, e-mail addresses or raw HTML — and according to
the language in force at that point (``lang`` on a block or span), so an English quotation keeps
English punctuation. Rules are written for text typed naturally (« mot : suite », "citation") and are
idempotent: running them on already typeset text changes nothing.
"""

from __future__ import annotations

import re
from functools import lru_cache
from html import escape, unescape

NNBSP = "\u202f"  # narrow no-break space: before ; ! ? and inside « »
NBSP = "\u00a0"  # no-break space: before :
SPACES = " \t\u00a0\u202f"
PROTECTED = re.compile(
    r"(?:[a-z][a-z0-9+.-]*://|www\.|mailto:|tel:)[^\s<>«»\"]*[^\s<>«»\".,;:!?)]"  # URLs
    r"|[\w.+-]+@[\w-]+(?:\.[\w-]+)+"  # e-mail addresses
    r"|\b\d{1,2}:\d{2}\b"  # times such as 10:30
    r"|&(?:#\d+|#x[0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);"  # character references in generated HTML
)
TAG = re.compile(r"(<[^>]*>)")
PLACEHOLDER = 0xE000  # start of Unicode's private use area
OPEN_OR_CLOSE = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9]*)([^>]*)>")
LANG_ATTR = re.compile(r'\blang="([^"]+)"')
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
VERBATIM = {"code", "pre", "kbd", "samp", "script", "style"}
FOLLOWS_PUNCT = r"(?=$|[\s»)\]…\"'’”.,;:!?])"
#: French words whose capital E at the start always takes an accent: the unaccented capital is a typing
#: habit (« Etat », « Evènement »), never another word. Kept short and explicit: no guessing.
ACCENTED_E = ("Ecole", "Economie", "Economique", "Echantillon", "Equipe", "Etat", "Etude", "Evénement",
              "Evènement")

FRENCH_RULES = [
    (re.compile(r"\.\.\."), "…"),
    (re.compile(r"(?<=\S) ?-- ?(?=\S)"), " – "),
    (re.compile(r"«[" + SPACES + r"]*"), "«" + NNBSP),
    (re.compile(r"[" + SPACES + r"]*»"), NNBSP + "»"),
    (re.compile(r"(?<=[^\s;!?:\u202f\u00a0(\[«])[" + SPACES + r"]*(?=[;!?]" + FOLLOWS_PUNCT + ")"), NNBSP),
    (re.compile(r"(?<=[^\s:;!?\u202f\u00a0(\[«])[" + SPACES + r"]*(?=:" + FOLLOWS_PUNCT + ")"), NBSP),
    (re.compile(r"(?<=\d)[" + SPACES + r"]?%"), NNBSP + "%"),
    # A hyphen spaced between words is a dash typed on a keyboard: « Evènement - Lancement ».
    (re.compile(r"(?<=[\w»)])[" + SPACES + r"]+-[" + SPACES + r"]+(?=[\w«(])"), " – "),
    (re.compile(r"\bE(?=(?:" + "|".join(w[1:] for w in ACCENTED_E) + r")s?\b)"), "É"),
]
ENGLISH_RULES = [
    (re.compile(r"\.\.\."), "…"),
    (re.compile(r"(?<=\S) ?-- ?(?=\S)"), " – "),
]
QUOTES = {"fr": ("«" + NNBSP, NNBSP + "»"), "en": ("“", "”")}
OPENERS = set(" \t\n\u00a0\u202f([{«“‘—–/") | {""}


def _quotes(text: str, prev: str, lang: str) -> str:
    """Straight quotes become typographic ones; the side is chosen from the character before."""
    if '"' not in text and "'" not in text:
        return text
    opening, closing = QUOTES["fr" if _is_french(lang) else "en"]
    out: list[str] = []
    before = prev
    pending = False  # an opening double quote waits for its closing one
    for char in text:
        if char == '"':
            is_open = before in OPENERS and not pending
            char = opening if is_open else closing
            pending = is_open
        elif char == "'":
            char = "‘" if before in OPENERS and lang.startswith("en") else "’"
        out.append(char)
        before = char[-1]
    return "".join(out)


@lru_cache(maxsize=65536)  # a pure function of its arguments: serve's rebuilds meet the same runs of text
def typeset(text: str, lang: str = "fr", prev: str = "") -> str:
    """Typeset one run of text; ``prev`` is the character just before it (from the previous token).

    Protected spans (URLs, addresses, times, entities) are swapped for private-use characters while the
    rules run, so the rules see a word there and never rewrite inside it.
    """
    kept: list[str] = []

    def hide(match: re.Match[str]) -> str:
        kept.append(match.group(0))
        return chr(PLACEHOLDER + len(kept) - 1)

    work = _typeset_plain(PROTECTED.sub(hide, text), lang, prev)
    return re.sub("[\ue000-\uf8ff]", lambda m: kept[ord(m.group(0)) - PLACEHOLDER], work) if kept else work


def _is_french(lang: str) -> bool:
    """French spacing and guillemets belong to French alone: Korean or German text must not get them."""
    return not lang or lang.lower().startswith("fr")


def _typeset_plain(text: str, lang: str, prev: str) -> str:
    if not text:
        return text
    text = _quotes(text, prev, lang)
    rules = FRENCH_RULES if _is_french(lang) else ENGLISH_RULES
    # The previous character is put before the text so look-behinds see it, but matching starts
    # after it: a rule never rewrites what an earlier token already holds.
    context = prev[-1:] if prev and prev[-1:] not in SPACES else "\n"
    work = context + text
    for pattern, replacement in rules:
        work = _sub_from(pattern, replacement, work, len(context))
    return work[len(context):]


def _sub_from(pattern: re.Pattern[str], replacement: str, text: str, start: int) -> str:
    out: list[str] = [text[:start]]
    last = start
    for match in pattern.finditer(text, start):
        out.append(text[last:match.start()])
        out.append(replacement)
        last = match.end()
    out.append(text[last:])
    return "".join(out)


def typeset_html(html: str, lang: str = "fr") -> str:
    """Typeset the text between the tags of generated or imported HTML, following its ``lang`` attributes.

    Expects well-formed HTML (citeproc's output, nh3's serialisation): every non-void element closed.
    Text inside ``code``, ``pre``, ``kbd`` and ``script``-like elements is left alone.
    """
    out: list[str] = []
    stack: list[tuple[str, str]] = [("", lang)]  # (element, language in force); "" marks verbatim
    prev = ""
    for piece in TAG.split(html):
        if piece.startswith("<"):
            out.append(piece)
            match = OPEN_OR_CLOSE.match(piece)
            if match:
                closing, name, attrs = match.group(1), match.group(2).lower(), match.group(3)
                if closing:
                    if len(stack) > 1:
                        stack.pop()
                elif name not in VOID and not attrs.rstrip().endswith("/"):
                    found = LANG_ATTR.search(attrs)
                    current = "" if name in VERBATIM or stack[-1][1] == "" else (found.group(1) if found else stack[-1][1])
                    stack.append((name, current))
        elif piece:
            if stack[-1][1]:
                text = typeset(unescape(piece), stack[-1][1], prev)
                prev = text[-1:] or prev
                piece = escape(text, quote=False)
            out.append(piece)
    return "".join(out)
