"""The last touches WeasyPrint leaves to us, applied to its PDF objects before they are written.

Page labels (roman front matter, arabic from the first part), publishing metadata in the XMP packet
(ISBN, publisher, language) and a document id derived from the content instead of a random one, so
that two builds of the same sources give the same bytes. In the CMYK interior, the black WeasyPrint
sets as RGB (the default fill of SVG shapes) becomes black ink only — never registration colour, which
would put 400 % of ink under a figure — so no DeviceRGB operator is left in the file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import escape
from typing import Callable

import pydyf

RGB_BLACK = {b"0 0 0 RG": b"0 0 0 1 K", b"0 0 0 rg": b"0 0 0 1 k"}
UUID_DID = re.compile(rb"xmp\.did:[0-9a-f-]{36}")


@dataclass(frozen=True)
class FinishInfo:
    body_start: int | None
    document_id: str
    isbn: str
    publisher: str
    language: str
    rgb_black_to_k: bool = False


def make_finisher(info: FinishInfo) -> Callable[[object, pydyf.PDF], None]:
    def finish(document: object, pdf: pydyf.PDF) -> None:
        nums: list = []
        if info.body_start:
            nums += [0, pydyf.Dictionary({"S": "/r"})]
        nums += [info.body_start or 0, pydyf.Dictionary({"S": "/D"})]
        pdf.catalog["PageLabels"] = pydyf.Dictionary({"Nums": pydyf.Array(nums)})
        pdf.info["ISBN"] = pydyf.String(info.isbn)
        pdf.info["Publisher"] = pydyf.String(info.publisher)
        for obj in pdf.objects:
            if not isinstance(obj, pydyf.Stream):
                continue
            if obj.extra.get("Type") == "/Metadata":
                obj.stream = [_xmp(_bytes(part), info) for part in obj.stream]
            elif info.rgb_black_to_k:
                obj.stream = [RGB_BLACK.get(_bytes(part).strip(), part) for part in obj.stream]
    return finish


def _bytes(part: object) -> bytes:
    return part if isinstance(part, bytes) else str(part).encode()


def _xmp(packet: bytes, info: FinishInfo) -> bytes:
    packet = UUID_DID.sub(f"xmp.did:{info.document_id}".encode(), packet)
    extra = (
        '<rdf:Description xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" rdf:about="">'
        f"<dc:identifier>urn:isbn:{escape(info.isbn.replace('-', ''))}</dc:identifier>"
        f"<dc:publisher><rdf:Bag><rdf:li>{escape(info.publisher)}</rdf:li></rdf:Bag></dc:publisher>"
        f"<dc:language><rdf:Bag><rdf:li>{escape(info.language)}</rdf:li></rdf:Bag></dc:language>"
        "</rdf:Description>"
    ).encode()
    marker = packet.rfind(b"</rdf:RDF>")
    return packet[:marker] + extra + packet[marker:] if marker >= 0 else packet
