"""What a bookseller shows beside the product: the description, the back cover's text, the table of contents
and the front cover image."""

from __future__ import annotations

from lxml import etree

from ..coverimage import COVER_HEIGHT
from . import codes as c
from .elements import sub
from .inputs import FeedInputs


def collateral(product: etree._Element, feed: FeedInputs, cover_file: str, cover_width_px: int) -> None:
    """The texts (plain, the contents as XHTML) and the front cover image, linked by its file name."""
    m = feed.manifest
    detail = sub(product, "CollateralDetail")
    for kind, text in ((c.TEXT_DESCRIPTION, m.description), (c.TEXT_BACK_COVER, m.print.cover.blurb)):
        if text:
            content = _text_content(detail, kind)
            sub(content, "Text", text, textformat=c.TEXT_FORMAT_PLAIN)
    content = _text_content(detail, c.TEXT_TOC)
    _toc_list(sub(content, "Text", textformat=c.TEXT_FORMAT_XHTML), feed.toc)
    resource = sub(detail, "SupportingResource")
    sub(resource, "ResourceContentType", c.RESOURCE_FRONT_COVER)
    sub(resource, "ContentAudience", c.AUDIENCE_UNRESTRICTED)
    sub(resource, "ResourceMode", c.RESOURCE_IMAGE)
    version = sub(resource, "ResourceVersion")
    sub(version, "ResourceForm", c.RESOURCE_DOWNLOADABLE)
    for kind, value in ((c.FEATURE_FORMAT, c.FILE_JPEG), (c.FEATURE_HEIGHT, str(COVER_HEIGHT)),
                        (c.FEATURE_WIDTH, str(cover_width_px))):
        feature = sub(version, "ResourceVersionFeature")
        sub(feature, "ResourceVersionFeatureType", kind)
        sub(feature, "FeatureValue", value)
    sub(version, "ResourceLink", cover_file)


def _text_content(collateral: etree._Element, kind: str) -> etree._Element:
    content = sub(collateral, "TextContent")
    sub(content, "TextType", kind)
    sub(content, "ContentAudience", c.AUDIENCE_UNRESTRICTED)
    return content


def _toc_list(text: etree._Element, toc: tuple[tuple[str, tuple[str, ...]], ...]) -> None:
    """The contents as an XHTML list (ONIX's XHTML subset), parts holding the list of their chapters."""
    outer = sub(text, "ul")
    for entry, children in toc:
        item = sub(outer, "li", entry)
        if children:
            inner = sub(item, "ul")
            for child in children:
                sub(inner, "li", child)
