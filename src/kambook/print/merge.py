"""One PDF from the units' PDFs, with what a plain page merge loses put back.

Pages are copied with their resources; each unit's structure tree joins one ``Document`` element, its
parent-tree keys shifted past the previous units'; named destinations join one name tree, so links
between units (``kambook-anchor:`` URIs, see ``units``) become ``/Dest`` links again; the outline is
rebuilt with the book's levels (a chapter under its part, across units); a blank verso is added where a
unit must open on a recto. Page labels, ISBN, publisher and the XMP packet are then set for the whole
book (``finish``), with the real modification date.
"""

from __future__ import annotations

import hashlib
import warnings
from pathlib import Path
from typing import Callable
from urllib.parse import unquote

import pikepdf

from ..errors import RenderError
from .finish import FinishInfo, finish_merged
from .fontshare import share_fonts
from .layout import Layout
from .pdfwalk import resources
from .units import ANCHOR_URI


def merge_units(laid_out: Layout, target: Path, finish: FinishInfo, modified: str, font_cache: Path | None = None,
                post: Callable[[pikepdf.Pdf, Path, str], None] | None = None) -> None:
    """Merge into ``target``; or hand the merged PDF, unsaved, with its PDF version, to ``post`` (the
    screen or press finishing), which writes ``target``: one save instead of two."""
    if any(unit.pdf is None for unit in laid_out.units):
        raise RenderError("internal: a unit of the book was measured but never written; run with --force")
    out = pikepdf.new()
    sources = [pikepdf.open(unit.pdf) for unit in laid_out.units]
    try:
        struct_root = pikepdf.Dictionary(Type=pikepdf.Name.StructTreeRoot)
        document = pikepdf.Dictionary(Type=pikepdf.Name.StructElem, S=pikepdf.Name.Document)
        tagged = "/StructTreeRoot" in sources[0].Root
        kids: list = []  # Python lists, made arrays once: growing a pikepdf.Array copies it each time
        nums: list = []
        dests: dict[str, pikepdf.Object] = {}
        outline: list = []
        next_key = 0
        for unit, start, src in zip(laid_out.units, laid_out.starts, sources):
            while len(out.pages) < start:  # the blank verso before a unit that opens on a recto
                _blank_like(out, src.pages[0])
            first = len(out.pages)
            with warnings.catch_warnings():  # named destinations are joined below
                warnings.simplefilter("ignore", pikepdf.PageCopyWarning)
                out.pages.extend(src.pages)
            copied = out.pages[first:]
            if tagged:
                offset = next_key
                next_key = _join_structure(out, src, copied, offset, document, kids, nums)
            for name, dest in _named_dests(src):
                if name not in dests:
                    dests[name] = _copy(out, dest)
            items = _outline_items(src.Root.get("/Outlines"))
            for (level, _label, closed), (title, dest) in zip(unit.bookmarks, items):
                outline.append((level, title, _copy(out, dest), closed))
            _links_between_units(copied)
        while len(out.pages) < laid_out.pages:
            _blank_like(out, sources[-1].pages[-1])
        head = sources[0]
        for key in ("/MarkInfo", "/Lang", "/ViewerPreferences", "/OutputIntents", "/Metadata"):
            if key in head.Root:
                out.Root[key] = _copy(out, head.Root[key])
        out.docinfo = _copy(out, head.docinfo)
        if tagged:
            document.P = struct_root
            document.K = pikepdf.Array(kids)
            for kid in kids:
                kid.P = document
            struct_root.K = pikepdf.Array([document])
            struct_root.ParentTree = out.make_indirect(pikepdf.Dictionary(Nums=pikepdf.Array(nums)))
            struct_root.ParentTreeNextKey = next_key
            out.Root.StructTreeRoot = out.make_indirect(struct_root)
            document = out.make_indirect(document)
        if dests:
            names: list = []
            for name in sorted(dests, key=lambda n: n.encode("utf-8")):
                names += [pikepdf.String(name), dests[name]]
            out.Root.Names = pikepdf.Dictionary(Dests=out.make_indirect(pikepdf.Dictionary(Names=pikepdf.Array(names))))
        _outline(out, outline)
        _share_profiles(out)
        share_fonts(out, font_cache)
        finish_merged(out, finish, modified)
        # A new file starts as PDF 1.3: the header is the newest the units were written for.
        version = max((src.pdf_version for src in sources), key=lambda v: tuple(map(int, v.split("."))))
        if post is not None:
            post(out, target, version)
        else:
            out.save(target, deterministic_id=True, min_version=version,
                     object_stream_mode=pikepdf.ObjectStreamMode.generate)
    finally:
        for src in sources:
            src.close()


def _copy(out: pikepdf.Pdf, obj: pikepdf.Object) -> pikepdf.Object:
    """``copy_foreign`` for direct objects too (the arrays of a number tree, a destination array)."""
    if isinstance(obj, (pikepdf.Array, pikepdf.Dictionary)) and not obj.is_indirect:
        if isinstance(obj, pikepdf.Array):
            return pikepdf.Array([_copy(out, item) for item in obj])
        return pikepdf.Dictionary({key: _copy(out, value) for key, value in obj.items()})
    if isinstance(obj, (pikepdf.Array, pikepdf.Dictionary, pikepdf.Stream)):
        return out.copy_foreign(obj)
    return obj


def _share_profiles(out: pikepdf.Pdf) -> None:
    """One copy of each ICC profile: every unit of the interior embeds the printer's profile (200 KB)."""
    canonical: dict[bytes, pikepdf.Stream] = {}

    def one(profile: pikepdf.Stream) -> pikepdf.Stream:
        key = hashlib.sha256(profile.read_raw_bytes() + repr(sorted(
            (k, str(v)) for k, v in profile.items() if k != "/Length")).encode()).digest()
        return canonical.setdefault(key, profile)

    def share(space: pikepdf.Object) -> None:
        if isinstance(space, pikepdf.Array) and len(space) == 2 and space[0] == pikepdf.Name.ICCBased:
            space[1] = one(space[1])

    for intent in out.Root.get("/OutputIntents", []):
        if "/DestOutputProfile" in intent:
            intent.DestOutputProfile = one(intent.DestOutputProfile)
    for found, xobjects in resources(out):
        for space in found.get("/ColorSpace", {}).values():
            share(space)
        for xobject in xobjects:
            if "/ColorSpace" in xobject:
                share(xobject.ColorSpace)


def _blank_like(out: pikepdf.Pdf, model: pikepdf.Page) -> None:
    # No /Contents at all: an empty stream would be given a filter it cannot satisfy when compressed.
    page = pikepdf.Dictionary(Type=pikepdf.Name.Page, Resources=pikepdf.Dictionary())
    for box in ("/MediaBox", "/BleedBox", "/TrimBox", "/CropBox", "/ArtBox"):
        if box in model.obj:
            page[box] = pikepdf.Array([float(v) for v in model.obj[box]])
    out.pages.append(pikepdf.Page(page))


def _join_structure(out: pikepdf.Pdf, src: pikepdf.Pdf, pages: list, offset: int, document: pikepdf.Dictionary,
                    kids: list, nums: list) -> int:
    """Move a unit's structure under the book's ``Document`` element; return the next free parent key."""
    root = src.Root.StructTreeRoot
    top = root.K[0] if isinstance(root.K, pikepdf.Array) else root.K
    for page in pages:
        if "/StructParents" in page.obj:
            page.obj.StructParents = int(page.obj.StructParents) + offset
        for annotation in page.obj.get("/Annots", []):
            if "/StructParent" in annotation:
                annotation.StructParent = int(annotation.StructParent) + offset
    copied_top = _copy(out, top)
    for kid in copied_top.get("/K", []):
        if isinstance(kid, pikepdf.Dictionary):
            kids.append(kid)
    last = -1
    for key, value in _number_tree(root.ParentTree):
        nums += [key + offset, _copy(out, value)]
        last = max(last, key)
    return offset + max(int(root.get("/ParentTreeNextKey", last + 1)), last + 1)


def _number_tree(node: pikepdf.Dictionary) -> list[tuple[int, pikepdf.Object]]:
    out = []
    if "/Nums" in node:
        pairs = node.Nums
        out += [(int(pairs[i]), pairs[i + 1]) for i in range(0, len(pairs), 2)]
    for kid in node.get("/Kids", []):
        out += _number_tree(kid)
    return out


def _named_dests(src: pikepdf.Pdf) -> list[tuple[str, pikepdf.Object]]:
    tree = src.Root.get("/Names", {}).get("/Dests")
    out: list[tuple[str, pikepdf.Object]] = []

    def walk(node: pikepdf.Dictionary) -> None:
        if "/Names" in node:
            pairs = node.Names
            out.extend((str(pairs[i]), pairs[i + 1]) for i in range(0, len(pairs), 2))
        for kid in node.get("/Kids", []):
            walk(kid)
    if tree is not None:
        walk(tree)
    return out


def _outline_items(root: pikepdf.Dictionary | None) -> list[tuple[str, pikepdf.Object]]:
    """Title and destination of every outline item, in document order."""
    out: list[tuple[str, pikepdf.Object]] = []

    def walk(item: pikepdf.Dictionary | None) -> None:
        while item is not None:
            out.append((str(item.Title), item.Dest))
            walk(item.get("/First"))
            item = item.get("/Next")
    if root is not None:
        walk(root.get("/First"))
    return out


def _links_between_units(pages: list) -> None:
    for page in pages:
        for annotation in page.obj.get("/Annots", []):
            action = annotation.get("/A")
            uri = str(action.get("/URI", "")) if action is not None else ""
            if uri.startswith(ANCHOR_URI):
                name = unquote(uri.removeprefix(ANCHOR_URI))
                del annotation["/A"]
                annotation.Dest = pikepdf.String(name)
                annotation.Contents = pikepdf.String(name)


def _outline(out: pikepdf.Pdf, items: list[tuple[int, str, pikepdf.Object, bool]]) -> None:
    """The book's outline from every unit's bookmarks: an item nests under the last one of a lower level."""
    if not items:
        return
    with out.open_outline() as outline:
        stack: list[tuple[int, pikepdf.OutlineItem]] = []
        for level, title, dest, closed in items:
            item = pikepdf.OutlineItem(title, dest)
            item.is_closed = closed
            while stack and stack[-1][0] >= level:
                stack.pop()
            (stack[-1][1].children if stack else outline.root).append(item)
            stack.append((level, item))
