"""The package document (``content.opf``): metadata, accessibility claims, manifest and spine.

Every accessibility claim is one the build can stand behind: ``alternativeText`` only when every image has
a description, ``printPageNumbers`` only when the page-list leads to the printed pages.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass

from lxml import etree
from lxml.builder import ElementMaker

from ..manifest import Manifest

OPF = "http://www.idpf.org/2007/opf"
DC = "http://purl.org/dc/elements/1.1/"
CONFORMANCE = "EPUB Accessibility 1.1 - WCAG 2.1 Level AA"
SUMMARY = ("Ce livre numérique suit l’ordre de lecture de l’édition imprimée. Ses titres sont structurés et "
           "sa table des matières mène aux parties, chapitres et sections. Les figures ont une description "
           "textuelle, les tableaux des en-têtes, les notes sont liées à leur appel. Les numéros de page de "
           "l’édition imprimée sont repérés dans le texte. Le texte peut être agrandi et la police changée "
           "dans le logiciel de lecture. Aucun risque connu : ni clignotement, ni son, ni mouvement.")


@dataclass(frozen=True)
class Item:
    """A file of the EPUB as the manifest lists it."""

    id: str
    href: str
    media_type: str
    properties: str = ""


def identifier(manifest: Manifest) -> str:
    """The EPUB's own identifier: its ISBN (``isbn_ebook``) when the publisher gave one; else a UUID derived
    from the print ISBN and « epub » (an e-book is another edition than the printed book, so the print
    ISBN is not the EPUB's; the same book always gets the same UUID)."""
    if manifest.isbn_ebook:
        return "urn:isbn:" + re.sub(r"[^0-9X]", "", manifest.isbn_ebook)
    seed = f"kambook:epub:{manifest.isbn_digits or manifest.slug}"
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, seed)}"


def package_document(manifest: Manifest, items: list[Item], spine: list[tuple[str, bool]], modified: str,
                     features: list[str], all_images_described: bool) -> bytes:
    """``spine``: (item id, linear) in reading order; ``modified``: CCYY-MM-DDThh:mm:ssZ."""
    E = ElementMaker(namespace=OPF, nsmap={None: OPF, "dc": DC})
    meta = []

    def dc(name: str, text: str, **attrs: str) -> None:
        node = etree.Element(f"{{{DC}}}{name}", **attrs)
        node.text = text
        meta.append(node)

    def prop(name: str, text: str, refines: str = "") -> None:
        node = E.meta(text, property=name)
        if refines:
            node.set("refines", refines)
        meta.append(node)

    dc("identifier", identifier(manifest), id="book-id")
    dc("title", manifest.title, id="title")
    prop("title-type", "main", "#title")
    if manifest.subtitle:
        dc("title", manifest.subtitle, id="subtitle")
        prop("title-type", "subtitle", "#subtitle")
    dc("creator", manifest.author, id="author")
    prop("role", "aut", "#author")
    meta[-1].set("scheme", "marc:relators")
    dc("publisher", manifest.publisher)
    dc("language", manifest.language)
    dc("date", manifest.date.isoformat())
    if manifest.rights:
        dc("rights", manifest.rights)
    if manifest.description:
        dc("description", manifest.description)
    for keyword in manifest.keywords or ():
        dc("subject", keyword)
    if manifest.isbn:  # the printed edition this one reproduces: the source of its page-list (EPUB 3.3, 7.4)
        dc("source", f"urn:isbn:{manifest.isbn_digits}")
    prop("dcterms:modified", modified)
    for mode in ("textual", "visual"):
        prop("schema:accessMode", mode)
    if all_images_described:  # the text alone carries everything, figures included
        prop("schema:accessModeSufficient", "textual")
    prop("schema:accessModeSufficient", "textual,visual")
    for feature in features:
        prop("schema:accessibilityFeature", feature)
    prop("schema:accessibilityHazard", "none")
    prop("schema:accessibilitySummary", SUMMARY)
    prop("dcterms:conformsTo", CONFORMANCE)
    listing = [E.item(id=i.id, href=i.href, **{"media-type": i.media_type},
                      **({"properties": i.properties} if i.properties else {})) for i in items]
    order = [E.itemref(idref=ref, **({} if linear else {"linear": "no"})) for ref, linear in spine]
    package = E.package(E.metadata(*meta), E.manifest(*listing), E.spine(*order), version="3.0",
                        **{"unique-identifier": "book-id", "{http://www.w3.org/XML/1998/namespace}lang":
                           manifest.language})
    return etree.tostring(package, xml_declaration=True, encoding="utf-8", pretty_print=True)
