"""What the file claims to be, against what it is: PDF version, PDF/X identity, the press condition named.

A RIP trusts the claims. A PDF 1.3 header on a file with transparency is flattened (or rejected) by an
older workflow; a PDF/X-4 that is not PDF 1.6 fails the printer's PDF/X check; an output condition that
is not a registered name cannot be matched to the printer's own characterisation; and XMP that calls the
file a proof (``proof:pdf``, which WeasyPrint writes for every PDF/X-4) says it is not the final rendition.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator

from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, StreamObject

from ..pdfx import COLOR_ORG, X4_VERSION, registered, registered_in
from .document import PdfDocument

#: Feature, the PDF version that introduced it.
NEEDS = {"transparency": "1.4", "compressed object streams": "1.5", "optional content (layers)": "1.5",
         "JPEG 2000 images": "1.5"}
NORMAL_BLEND = {"/Normal", "/Compatible"}
RENDITION = re.compile(rb"xmpMM:RenditionClass\s*(?:=\s*[\"']([^\"']*)[\"']|>\s*([^<]*?)\s*<)")
MAX_DEPTH = 24


# --- PDF version ---------------------------------------------------------------------------------------------


def _number(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in re.findall(r"\d+", version)[:2]) or (0,)


def versions(doc: PdfDocument) -> dict:
    """Header version, catalog /Version (PDF 1.4+ lets it override the header when higher), the result."""
    match = re.search(r"%PDF-(\d+\.\d+)", doc.reader.pdf_header or "")
    if match is None:
        with open(doc.path, "rb") as handle:
            raw = re.search(rb"%PDF-(\d+\.\d+)", handle.read(1024))
        header = raw.group(1).decode() if raw else "?"
    else:
        header = match.group(1)
    catalog = str(doc.reader.trailer["/Root"].get_object().get("/Version", "") or "").lstrip("/") or None
    effective = catalog if catalog and _number(catalog) > _number(header) else header
    return {"header": header, "catalog": catalog, "version": effective}


def pdf_version(doc: PdfDocument) -> dict:
    """A version lower than the features need, or a PDF/X-4 claim on another version than 1.6."""
    before = len(doc.findings)
    found = versions(doc)
    version, pdfx = found["version"], doc.metadata.get("pdfx", "")
    features = _features(doc)
    label = (f"PDF {version} (header {found['header']}, catalog /Version {found['catalog']})" if found["catalog"]
             else f"PDF {version} header")
    too_new = {name: where for name, where in features.items() if _number(NEEDS[name]) > _number(version)}
    parts = []
    if too_new:
        parts.append("the file uses " + ", ".join(f"{name} ({_where(where)})" for name, where in too_new.items())
                     + f", which needs PDF {max((NEEDS[n] for n in too_new), key=_number)}")
    if pdfx.startswith("PDF/X-4") and _number(version) != _number(X4_VERSION):
        parts.append(f"claims {pdfx}, which is PDF {X4_VERSION}")
    if parts:
        pages = [where["page"] for where in too_new.values() if where["page"] is not None]
        doc.add("pdf-version", "failure", f"{label} but " + " and ".join(parts), min(pages) if pages else None)
    doc.ok_unless("pdf-version", before, f"{label}" + (f", {pdfx}" if pdfx else "") +
                  (f", features up to PDF {max((NEEDS[n] for n in features), key=_number)}" if features else ""))
    return found | {"pdfx": pdfx, "features": {name: where | {"needs": NEEDS[name]}
                                               for name, where in features.items()}}


def _where(where: dict) -> str:
    return f"page {where['page']}: {where['what']}" if where["page"] is not None else where["what"]


def _features(doc: PdfDocument) -> dict[str, dict]:
    """Each version-bound feature once, where it is first met (page order)."""
    found: dict[str, dict] = {}
    catalog = doc.reader.trailer["/Root"].get_object()
    if doc.reader.xref_objStm:
        found["compressed object streams"] = {"page": None, "what": "objects in object streams"}
    if catalog.get("/OCProperties") is not None:
        found["optional content (layers)"] = {"page": None, "what": "/OCProperties in the catalog"}
    seen: set = set()
    for number, page in enumerate(doc.pages, 1):
        group = _obj(page.get("/Group"))
        if isinstance(group, DictionaryObject) and group.get("/S") == "/Transparency":
            found.setdefault("transparency", {"page": number, "what": "transparency group"})
        for name, what in _resource_features(_obj(page.get("/Resources")), seen, 0):
            found.setdefault(name, {"page": number, "what": what})
        if len(found) == len(NEEDS):
            break
    return dict(sorted(found.items(), key=lambda item: (item[1]["page"] or 0, item[0])))


def _resource_features(resources: object, seen: set, depth: int) -> Iterator[tuple[str, str]]:
    """(feature, what) for graphics states, images and forms, recursing into forms and patterns."""
    if not isinstance(resources, DictionaryObject) or depth > MAX_DEPTH:
        return
    for key, raw in (_obj(resources.get("/ExtGState")) or {}).items():
        state = _obj(raw)
        if isinstance(state, DictionaryObject):
            what = _transparent_state(state)
            if what:
                yield "transparency", f"graphics state {key} with {what}"
    for group in ("/XObject", "/Pattern"):
        for key, raw in (_obj(resources.get(group)) or {}).items():
            ident = raw.idnum if isinstance(raw, IndirectObject) else None
            if ident is not None and ident in seen:
                continue
            seen.add(ident)
            inner = _obj(raw)
            if not isinstance(inner, DictionaryObject):
                continue
            if inner.get("/Subtype") == "/Image":
                if inner.get("/SMask") is not None or int(inner.get("/SMaskInData", 0) or 0) > 0:
                    yield "transparency", f"image {key} with a soft mask"
                if "/JPXDecode" in str(inner.get("/Filter", "")):
                    yield "JPEG 2000 images", f"image {key}"
                continue
            form_group = _obj(inner.get("/Group"))
            if isinstance(form_group, DictionaryObject) and form_group.get("/S") == "/Transparency":
                yield "transparency", f"transparency group in form XObject {key}"
            yield from _resource_features(_obj(inner.get("/Resources")), seen, depth + 1)


def _transparent_state(state: DictionaryObject) -> str:
    mask = _obj(state.get("/SMask"))
    if mask is not None and mask != "/None":
        return "a soft mask"
    for key in ("/ca", "/CA"):
        if key in state and float(state[key]) < 1:
            return f"{key} {float(state[key]):g}"
    blend = _obj(state.get("/BM"))
    modes = [str(m) for m in blend] if isinstance(blend, ArrayObject) else [str(blend)] if blend else []
    if modes and modes[0] not in NORMAL_BLEND:
        return f"blend mode {modes[0].lstrip('/')}"
    return ""


# --- interior and cover on the same press --------------------------------------------------------------------


def same_press_identity(interior: PdfDocument, cover: PdfDocument) -> dict:
    """The printer runs both files through one PDF/X workflow for one press: their claims must agree."""
    before = len(cover.findings)
    ours, theirs = _identity(cover), _identity(interior)
    names = {"version": "PDF version", "pdfx": "PDF/X identification (GTS_PDFXVersion)",
             "condition": "output condition identifier"}
    for key, what in names.items():
        if ours[key] != theirs[key]:
            cover.add("press-identity", "failure", f"{what} is {ours[key] or 'absent'} on the cover but "
                      f"{theirs[key] or 'absent'} in the interior: both must be made for the same press")
    cover.ok_unless("press-identity", before, f"same PDF {ours['version']}, {ours['pdfx'] or 'no PDF/X'} and "
                    f"output condition {ours['condition'] or 'none'} as the interior")
    return {"interior": theirs, "cover": ours, "same": ours == theirs}


def _identity(doc: PdfDocument) -> dict:
    intent = _pdfx_intent(doc)
    return {"version": versions(doc)["version"], "pdfx": doc.metadata.get("pdfx", ""),
            "condition": _text(intent.get("/OutputConditionIdentifier")) if intent is not None else ""}


# --- the output condition ----------------------------------------------------------------------------------


def output_condition(doc: PdfDocument) -> dict:
    """The press condition must be a name the printer's RIP can look up, and the file the final rendition."""
    intent = _pdfx_intent(doc)
    if intent is None:  # the output-intent rule already reports it
        return {"condition": None}
    before = len(doc.findings)
    condition = _text(intent.get("/OutputConditionIdentifier"))
    registry = _text(intent.get("/RegistryName"))
    name = registered(condition)
    facts = {"condition": condition, "registry": registry, "registered": name is not None,
             "output_condition": _text(intent.get("/OutputCondition")), "info": _text(intent.get("/Info")),
             "rendition_class": _rendition(doc.xmp)}
    if name is None:
        hint = registered_in(condition, facts["info"], facts["output_condition"], _profile_name(intent))
        facts["suggested"] = hint
        advice = (f"use {hint!r} with /RegistryName {COLOR_ORG}" if hint else
                  f"use the registered name of the profile's characterisation, e.g. 'FOGRA39' with /RegistryName "
                  f"{COLOR_ORG} for a FOGRA39 profile")
        doc.add("output-condition", "failure", f"output condition identifier {condition!r} is not a registered "
                f"ICC characterisation name, so the printer's RIP cannot match it: {advice}")
    elif registry.rstrip("/").lower() not in (COLOR_ORG, COLOR_ORG.replace("http:", "https:")):
        doc.add("output-condition", "failure", f"output condition {name!r} is a registered name but "
                f"/RegistryName is {repr(registry) if registry else 'missing'}: it must be {COLOR_ORG}")
    for key, what in (("output_condition", "/OutputCondition"), ("info", "/Info")):
        if not facts[key].strip():
            doc.add("output-condition", "warning", f"the output intent's {what} is empty: printers read the "
                    "press condition there in words")
    rendition = facts["rendition_class"]
    if rendition is not None and rendition != "default":
        proof = "; 'proof:pdf' says it is a proof" if rendition.startswith("proof") else ""
        doc.add("output-condition", "failure", f"XMP xmpMM:RenditionClass is {rendition!r}: a PDF/X file for "
                f"press is the final rendition ('default'){proof}")
    doc.ok_unless("output-condition", before, f"output condition {condition!r} registered at {registry}")
    return facts


def _pdfx_intent(doc: PdfDocument) -> DictionaryObject | None:
    intents = _obj(doc.reader.trailer["/Root"].get_object().get("/OutputIntents"))
    candidates = [i for i in (_obj(x) for x in (intents or [])) if isinstance(i, DictionaryObject)]
    return next((i for i in candidates if i.get("/S") == "/GTS_PDFX"), candidates[0] if candidates else None)


def _profile_name(intent: DictionaryObject) -> str:
    profile = _obj(intent.get("/DestOutputProfile"))
    if not isinstance(profile, StreamObject):
        return ""
    try:
        from PIL import ImageCms

        return ImageCms.getProfileDescription(ImageCms.ImageCmsProfile(io.BytesIO(profile.get_data()))).strip()
    except Exception:  # noqa: BLE001 - the description is only a hint for the message
        return ""


def _rendition(xmp: bytes) -> str | None:
    match = RENDITION.search(xmp or b"")
    if match is None:
        return None
    return (match.group(1) if match.group(1) is not None else match.group(2)).decode("utf-8", "replace").strip()


def _text(value: object) -> str:
    value = _obj(value)
    return "" if value is None else str(value)


def _obj(value: object) -> object:
    return value.get_object() if isinstance(value, IndirectObject) else value
