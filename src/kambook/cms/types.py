"""Which content types of a typed CMS (Contentful, Sanity, Strapi) hold the blog's posts.

Typed CMSs store everything as entries of author-defined types: posts, but also page-builder widgets (hero
sections, footers, job offers) that have a title and a rich body too. Only a type with the four things a
blog post has (title, slug, body, date) is taken by default; the author can name other types in
``appendices.select.types``. Entries of the other types are reported by type, so nothing vanishes silently.
(A Strapi export's schemas say which types have a ``title``: without ``types`` it takes all of those, as it
always has; ``types`` narrows or widens that choice with the same checks.)
"""

from __future__ import annotations

from pathlib import Path
from typing import Mapping, Sequence

from kambook.errors import ExportError, Location

#: What a blog post type has; "title" and "body" alone make a type readable as articles at all.
POST_ROLES = frozenset({"title", "slug", "body", "date"})
READABLE_ROLES = frozenset({"title", "body"})


def choose_types(roles: Mapping[str, set[str]], wanted: Sequence[str], path: Path) -> frozenset[str]:
    """The type ids to import: ``wanted`` if given (each must exist), else the blog-post-shaped ones.

    ``roles`` maps each type id to the roles its fields fill. When no type has all four roles (small
    exports without dates or slugs), every type with a title and a body is taken, as before.
    """
    if wanted:
        unknown = [t for t in wanted if t not in roles]
        if unknown:
            raise ExportError(f"appendices.select.types names {', '.join(repr(t) for t in unknown)}, which this "
                              f"export does not have; its content types are: {', '.join(sorted(roles)) or 'none'}",
                              Location(str(path)))
        return frozenset(wanted)
    posts = frozenset(t for t, has in roles.items() if POST_ROLES <= has)
    return posts or frozenset(t for t, has in roles.items() if READABLE_ROLES <= has)
