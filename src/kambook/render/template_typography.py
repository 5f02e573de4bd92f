"""French typography for the words the templates themselves say (« Chapitres de : », « saisie ; flèches »).

The manuscript's text is typeset by the transform stage; a template's own text would otherwise reach the
reader with the plain spaces it was typed with. Templates are typeset once, when Jinja loads them: the
Jinja constructs are set aside (they are values and logic, typeset where they come from), then the text
between the tags, and the attributes a reader sees or hears (``title``, ``placeholder``, ``aria-label``,
``alt``), go through the manuscript's rules, following ``lang`` attributes. Scripts and styles are left
alone, as are other attributes, whose quotes and colons are syntax.
"""

from __future__ import annotations

import re

from jinja2.ext import Extension

from ..text.typography import typeset, typeset_html

JINJA = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.S)
#: Jinja constructs stand in as characters of a private plane typography never touches or rewrites.
FIRST = 0xF0000
SHOWN = re.compile(r'(\s(?:title|placeholder|aria-label|alt)=")([^"]*)(")')
TAG = re.compile(r"<[A-Za-z][^>]*>")
#: ``lang="{{ m.language }}"``: typeset as the book's language, given back as written.
JINJA_LANG = re.compile(r'\slang="([^"]*\{[{%].*?)"')
LANG_MARK = re.compile(r' lang="[^"]*" data-kambook-lang="(\d+)"')


def typeset_template(source: str, lang: str = "fr") -> str:
    kept: list[str] = []

    def hide(match: re.Match[str]) -> str:
        kept.append(match.group(0))
        return chr(FIRST + len(kept) - 1)

    langs: list[str] = []

    def mark_lang(match: re.Match[str]) -> str:
        langs.append(match.group(0))
        return f' lang="{lang}" data-kambook-lang="{len(langs) - 1}"'

    work = typeset_html(JINJA.sub(hide, JINJA_LANG.sub(mark_lang, source)), lang)
    work = LANG_MARK.sub(lambda m: langs[int(m.group(1))], work)
    work = TAG.sub(lambda tag: SHOWN.sub(lambda a: a.group(1) + typeset(a.group(2), lang) + a.group(3), tag.group(0)),
                   work)
    return re.sub("[\U000f0000-\U000ffffd]", lambda m: kept[ord(m.group(0)) - FIRST], work)


class TypographyExtension(Extension):
    """Typesets every template's own text as it is loaded (once per template and process)."""

    def preprocess(self, source: str, name: str | None, filename: str | None = None) -> str:
        return typeset_template(source)
