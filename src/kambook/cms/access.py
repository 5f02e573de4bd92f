"""Who could read an article on the blog: what is not public is never printed.

A password, a members-only wall or a private status is the author's decision that the text is not for
everyone; a book is for everyone, so such articles are listed by ``kambook import`` with the reason and
never selected. CMSs without a standard for it (Markdown folders, Strapi, Contentful) are read through the
field names their users give it: ``password``, ``private``, ``visibility``.
"""

from __future__ import annotations

from typing import Any, Mapping

from kambook.cms.article import Access

PUBLIC_VISIBILITY = frozenset({"", "public", "published", "everyone", "all"})
_PASSWORD_FIELDS = ("password", "post_password", "passwordProtected", "password_protected")


def field_access(fields: Mapping[str, Any]) -> tuple[Access, str]:
    """Access of an article from generic fields (front matter, a Strapi or Contentful entry)."""
    for name in _PASSWORD_FIELDS:
        value = fields.get(name)
        if value not in (None, "", False, 0):
            return "protected", f"protégé par mot de passe (champ « {name} »)"
    if fields.get("private") in (True, "true", "yes", 1):
        return "private", "privé (champ « private »)"
    visibility = fields.get("visibility")
    if isinstance(visibility, str) and visibility.strip().lower() not in PUBLIC_VISIBILITY:
        return visibility_access(visibility)
    return "public", ""


def visibility_access(visibility: str) -> tuple[Access, str]:
    """Ghost-style visibility: members and paid tiers are protected (a wall), anything else private."""
    value = visibility.strip().lower()
    if value in ("members", "paid", "tiers", "specific", "subscribers", "premium"):
        return "protected", f"réservé aux abonnés (visibilité « {visibility} »)"
    return "private", f"non public (visibilité « {visibility} »)"
