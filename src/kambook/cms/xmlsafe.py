"""Parse untrusted XML exports without letting them attack the build or crash it with a traceback.

Exports come from the web and from hand edits: entity bombs and external entities are refused (defusedxml),
and every syntax error becomes an ``ExportError`` pointing at the line and column so the author can open
the file there or re-export it.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Mapping

from defusedxml import DefusedXmlException, DTDForbidden, EntitiesForbidden, ExternalReferenceForbidden
from defusedxml.ElementTree import DefusedXMLParser

from kambook.errors import ExportError, Location

_START_TAG = re.compile(rb"<(?![?!])[^\s/>]+")


def read_bytes(path: Path) -> bytes:
    """Read an export, turning I/O failures into an actionable error instead of an OSError traceback."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise ExportError("the export file does not exist: check the path", Location(str(path))) from None
    except OSError as error:
        raise ExportError(f"cannot read the export ({error.strerror}): check its permissions",
                          Location(str(path))) from None


def declare_missing_prefixes(data: bytes, prefixes: Mapping[str, str]) -> bytes:
    """Declare namespace prefixes a CMS used but forgot to declare (Blogger's ``app:``).

    The declaration is added inside the root start tag, on its own line, so the line numbers of every
    later error are still those of the author's file.
    """
    missing = [
        (prefix, uri) for prefix, uri in prefixes.items()
        if f"<{prefix}:".encode() in data and f"xmlns:{prefix}=".encode() not in data
    ]
    if not missing:
        return data
    match = _START_TAG.search(data)
    if match is None:
        return data
    extra = b"".join(f' xmlns:{prefix}="{uri}"'.encode() for prefix, uri in missing)
    return data[: match.end()] + extra + data[match.end():]


def parse_xml(path: Path, data: bytes | None = None, *,
              prefixes: Mapping[str, str] | None = None) -> ET.Element:
    """Parse ``path`` safely; ``prefixes`` lists namespace prefixes to declare if the file lacks them."""
    if data is None:
        data = read_bytes(path)
    if prefixes:
        data = declare_missing_prefixes(data, prefixes)
    parser = DefusedXMLParser(target=ET.TreeBuilder(), forbid_dtd=False, forbid_entities=True,
                              forbid_external=True)
    try:
        parser.feed(data)
        return parser.close()
    except ET.ParseError as error:
        line, column = error.position
        reason = str(error).split(":")[0]
        if reason == "no element found":
            advice = "the file is empty or truncated: export it again from the CMS"
        else:
            advice = "the file is not well-formed XML: export it again, or fix the XML at this place"
        raise ExportError(f"{reason} at line {line}, column {column + 1}; {advice}",
                          Location(str(path), line, column + 1)) from None
    except (EntitiesForbidden, ExternalReferenceForbidden, DTDForbidden, DefusedXmlException) as error:
        expat = getattr(parser, "parser", None) or getattr(parser, "_parser", None)
        line = getattr(expat, "CurrentLineNumber", 0)
        column = getattr(expat, "CurrentColumnNumber", -1) + 1
        if getattr(error, "sysid", None) or getattr(error, "pubid", None):
            error = ExternalReferenceForbidden(getattr(error, "name", ""), None, None, None)
        what = {
            EntitiesForbidden: "declares XML entities (a possible 'billion laughs' entity bomb)",
            ExternalReferenceForbidden: "refers to an external resource",
            DTDForbidden: "contains a DTD",
        }.get(type(error), "uses a forbidden XML feature")
        raise ExportError(
            f"the export {what} at line {line}, column {column}; kambook refuses it for safety: "
            "remove the <!DOCTYPE …> declaration or export the file again from the CMS",
            Location(str(path), line, column)) from None
    except (ValueError, UnicodeError, LookupError) as error:
        raise ExportError(f"cannot decode the XML ({error}); save the export as UTF-8",
                          Location(str(path))) from None


def local(tag: str) -> str:
    """Compare element names without their namespace, since CMSs disagree on namespace versions."""
    return tag.rsplit("}", 1)[-1]


def children(element: ET.Element, name: str) -> list[ET.Element]:
    """Direct children named ``name`` in any namespace."""
    return [child for child in element if local(child.tag) == name]


def child_text(element: ET.Element, name: str, default: str = "") -> str:
    """Text of the first direct child named ``name`` (any namespace), stripped; ``default`` if absent."""
    for child in element:
        if local(child.tag) == name:
            return (child.text or "").strip()
    return default
