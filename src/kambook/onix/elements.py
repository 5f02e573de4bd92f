"""Elements of the ONIX message, all in its namespace (reference tags, the message's default namespace)."""

from __future__ import annotations

from lxml import etree

from . import codes as c


def sub(parent: etree._Element, tag: str, text: str | None = None, **attrs: str) -> etree._Element:
    """A child element in the ONIX namespace (the feed's default one), with its text and attributes."""
    element = etree.SubElement(parent, f"{{{c.NAMESPACE}}}{tag}", attrs)
    if text is not None:
        element.text = text
    return element
