"""The Jinja2 environment shared by every template."""

from __future__ import annotations

from functools import lru_cache

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup, escape

from ..transform.typography import typeset
from .template_typography import TypographyExtension


def _typeset(text: str, lang: str = "fr") -> Markup:
    return Markup(escape(typeset(str(text), lang)))


@lru_cache(maxsize=1)
def environment() -> Environment:
    env = Environment(loader=PackageLoader("kambook", "render/templates"), autoescape=select_autoescape(),
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
                      extensions=[TypographyExtension])
    env.globals["typeset"] = _typeset
    return env
