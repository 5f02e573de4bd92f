"""The Markdown dialect of the manuscript: markdown-it-py, mdit-py-plugins, and our own small plugins.

Each plugin of ours lives in its own module as a plain ``x_plugin(md)`` function, so the dialect is
read here in one place and each extension can be tested alone.
"""

from __future__ import annotations

from functools import lru_cache

from markdown_it import MarkdownIt
from mdit_py_plugins.attrs import attrs_block_plugin, attrs_plugin
from mdit_py_plugins.deflist import deflist_plugin
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.front_matter import front_matter_plugin

from .containers import containers_plugin
from .figures import figures_plugin
from .headings import heading_attrs_plugin
from .lines import source_lines_plugin
from .refs import refs_plugin

#: Attributes an author may set with ``{…}``: enough for labels, classes and languages, nothing that
#: could carry script or styling into an output.
ALLOWED_ATTRS = ("id", "class", "lang", "term", "entry", "sub", "alt")


def _every_target(url: str) -> bool:
    """markdown-it leaves a link to ``file:`` or ``javascript:`` as literal Markdown text, which a reader
    would see printed; every target is parsed instead, and ``transform/links.py`` refuses the unsafe ones
    with their line."""
    return True


@lru_cache(maxsize=1)
def make_parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"typographer": False, "linkify": False}).enable("table")
    md.validateLink = _every_target
    md.use(front_matter_plugin)
    md.use(footnote_plugin, inline=False)
    md.use(deflist_plugin)
    md.use(attrs_plugin, spans=True, allowed=ALLOWED_ATTRS)
    md.use(attrs_block_plugin, allowed=ALLOWED_ATTRS)
    md.use(refs_plugin)
    md.use(heading_attrs_plugin)
    md.use(figures_plugin)
    md.use(containers_plugin)
    md.use(source_lines_plugin)
    return md
