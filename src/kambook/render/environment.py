"""The Jinja2 environment of each product: its own templates (``<product>/templates``) first, then the
partials every product shares (``render/templates``)."""

from __future__ import annotations

from functools import lru_cache

from jinja2 import ChoiceLoader, Environment, PackageLoader, StrictUndefined, select_autoescape

from .template_typography import TypographyExtension


@lru_cache(maxsize=4)
def environment(product: str) -> Environment:
    loader = ChoiceLoader([PackageLoader("kambook", f"{product}/templates"), PackageLoader("kambook", "render/templates")])
    env = Environment(loader=loader, autoescape=select_autoescape(),
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
                      extensions=[TypographyExtension])
    return env
