"""The ONIX message: a header naming the sender, then the products, written beside the printer's files
with the cover image it links to."""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from lxml import etree
from PIL import Image

from ..atomic import write_bytes
from ..coverimage import cover_image
from . import codes as c
from .inputs import FeedInputs
from .elements import sub
from .product import ebook_product, print_product


@dataclass(frozen=True)
class Feed:
    """The files written: the ONIX message and the cover image, and how many products the message holds."""

    xml: Path
    cover: Path
    products: int


def feed_names(slug: str) -> tuple[str, str]:
    """The feed's file name and its cover image's, named from the book's slug as every output is."""
    return f"{slug}.onix.xml", f"{slug}-cover.jpg"


def onix_message(feed: FeedInputs, cover_file: str, cover_width_px: int) -> bytes:
    """The whole message as UTF-8 bytes: reference tags, indented, the same bytes for the same inputs (the
    sent date is the build's, ``SOURCE_DATE_EPOCH`` when set, never the clock's when it is)."""
    root = etree.Element(f"{{{c.NAMESPACE}}}ONIXMessage", {"release": c.RELEASE}, nsmap={None: c.NAMESPACE})
    header = sub(root, "Header")
    sub(sub(header, "Sender"), "SenderName", feed.manifest.publisher)
    sub(header, "SentDateTime", feed.sent.strftime("%Y%m%dT%H%M%SZ"))
    sub(header, "DefaultLanguageOfText", feed.language)
    root.append(print_product(feed, cover_file, cover_width_px))
    if feed.isbn_ebook:
        root.append(ebook_product(feed, cover_file, cover_width_px))
    etree.indent(root, space="  ")
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def write_feed(feed: FeedInputs, folder: Path) -> Feed:
    """Write ``<slug>.onix.xml`` and ``<slug>-cover.jpg`` into ``folder``, each replaced whole."""
    xml_name, cover_name = feed_names(feed.manifest.slug)
    jpeg = cover_image(feed.cover)
    with Image.open(io.BytesIO(jpeg)) as image:
        width = image.width
    write_bytes(folder / cover_name, jpeg)
    write_bytes(folder / xml_name, onix_message(feed, cover_name, width))
    return Feed(folder / xml_name, folder / cover_name, 2 if feed.isbn_ebook else 1)
