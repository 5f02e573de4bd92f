"""The last touches of a merged edition, and the one a unit gets as WeasyPrint writes it.

The whole book (``finish_merged``, pikepdf): page labels (roman front matter, arabic from the first
part), ISBN and publisher in the document info and the XMP packet, a document id derived from the
content instead of a random one, and the real modification date — units are written with a fixed one,
so that their bytes, and the cache, do not change with the clock.

A unit of the CMYK interior (``unit_finisher``, pydyf): the black WeasyPrint sets as RGB (the default fill
of SVG shapes) becomes black ink only — never registration colour, which would put 400 % of ink under a
figure — so no DeviceRGB operator is left in the file. pydyf objects are what WeasyPrint's documented
``write_pdf(finisher=…)`` hook hands over (« a pydyf.PDF object … for post-processing »): the public path
to a unit's streams before they are compressed, cheaper than parsing them back from the written file.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from html import escape
from typing import Any, Callable

import pikepdf
import pydyf

RGB_BLACK = {b"0 0 0 RG": b"0 0 0 1 K", b"0 0 0 rg": b"0 0 0 1 k"}
UUID_DID = re.compile(rb"xmp\.did:[0-9a-f-]{36}")
DATE_ELEMENTS = re.compile(rb"(<xmp:(?:ModifyDate|MetadataDate)>)[^<]*(</xmp:)")


@dataclass(frozen=True)
class FinishInfo:
    body_start: int | None
    document_id: str
    isbn: str
    publisher: str
    language: str


def unit_finisher(rgb_black_to_k: bool) -> Callable[[object, Any], None]:
    """WeasyPrint's ``finisher`` hook for one unit: its PDF objects, before they are written."""
    def finish(_document: object, pdf: Any) -> None:
        if not rgb_black_to_k:
            return
        for obj in pdf.objects:
            if isinstance(obj, pydyf.Stream) and obj.extra.get("Type") != "/Metadata":
                obj.stream = [RGB_BLACK.get(_bytes(part).strip(), part) for part in obj.stream]
    return finish


def finish_merged(out: pikepdf.Pdf, info: FinishInfo, modified: str) -> None:
    nums: list = []
    if info.body_start:
        nums += [0, pikepdf.Dictionary(S=pikepdf.Name("/r"))]
    nums += [info.body_start or 0, pikepdf.Dictionary(S=pikepdf.Name("/D"))]
    out.Root.PageLabels = pikepdf.Dictionary(Nums=pikepdf.Array(nums))
    out.docinfo["/ISBN"] = pikepdf.String(info.isbn)
    out.docinfo["/Publisher"] = pikepdf.String(info.publisher)
    if modified:
        out.docinfo["/ModDate"] = pikepdf.String(pdf_date(modified))
    if "/Metadata" in out.Root:
        packet = xmp_packet(out.Root.Metadata.read_bytes(), info)
        if modified:
            packet = DATE_ELEMENTS.sub(lambda m: m.group(1) + modified.encode() + m.group(2), packet)
        out.Root.Metadata = out.make_stream(packet, Type=pikepdf.Name.Metadata, Subtype=pikepdf.Name.XML)


def pdf_date(iso: str) -> str:
    """``2026-12-01T02:03:04+00:00`` → ``D:20261201020304+00'00``, the form WeasyPrint gives CreationDate."""
    moment = dt.datetime.fromisoformat(iso.replace("Z", "+00:00"))
    stamp = moment.strftime("D:%Y%m%d%H%M%S")
    offset = moment.utcoffset()
    if offset is None:
        return stamp
    minutes = int(offset.total_seconds()) // 60
    return stamp + f"{'+' if minutes >= 0 else '-'}{abs(minutes) // 60:02d}'{abs(minutes) % 60:02d}"


def _bytes(part: object) -> bytes:
    return part if isinstance(part, bytes) else str(part).encode()


def xmp_packet(packet: bytes, info: FinishInfo) -> bytes:
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
