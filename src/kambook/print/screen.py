"""The last pass over the screen edition: what a PDF/UA checker and a reader on a screen expect.

WeasyPrint's tagged PDF parents some link annotations by a ``Span`` inside the ``Link`` element, gives
links their raw target id as description, maps the hyphen it adds at a line break to U+2010 (so copy,
search and speech read « reve‐ nue »), and the screen edition inherits the print edition's blank versos.
This pass, on the written file (pikepdf), fixes each of them; the pages keep the print edition's folios
as page labels, so « p. 87 » means the same page in both editions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

import pikepdf

from .pdfwalk import opened, stream_mode

#: WeasyPrint's ``hyphenate-character`` (U+2010) in a ToUnicode ``bfchar`` line, destination side.
BREAK_HYPHEN = re.compile(rb"^(<[0-9a-fA-F]+>\s*)<2010>", re.MULTILINE)
SOFT_HYPHEN = b"<00AD>"


@dataclass(frozen=True)
class ScreenOptions:
    #: Pages (0-based) WeasyPrint left blank only so that a chapter opens on a recto.
    blank_pages: tuple[int, ...] = ()
    #: What a link leads to, by anchor id (« Chapitre 10 : Orchestrer… »), for its description.
    descriptions: dict[str, str] = field(default_factory=dict)


def finish_screen(source: Path | pikepdf.Pdf, target: Path, options: ScreenOptions, laid_out: BinaryIO | None = None,
                  min_version: str = "") -> None:
    """``laid_out`` receives the cleaned file before its blank versos go: the print pagination, for the
    flipbook's excerpt."""
    with opened(source) as pdf:
        _soft_break_hyphens(pdf)
        _links_in_link_elements(pdf)
        _describe_links(pdf, options.descriptions)
        if laid_out is not None:
            pdf.save(laid_out, deterministic_id=True, min_version=min_version)
        _drop_pages(pdf, options.blank_pages)
        pdf.save(target, deterministic_id=True, object_stream_mode=stream_mode(source), min_version=min_version)


def _soft_break_hyphens(pdf: pikepdf.Pdf) -> None:
    """A hyphen added by line breaking reads as a soft hyphen: the word stays whole when extracted.

    The book never writes U+2010 itself (the manuscript's hyphens are U+002D), so in a font where U+2010
    has a glyph of its own, that glyph is only ever a break hyphen.
    """
    seen: set[tuple[int, int]] = set()
    for page in pdf.pages:
        fonts = page.obj.get("/Resources", {}).get("/Font", {})
        for font in fonts.values():
            cmap = font.get("/ToUnicode")
            if cmap is None or cmap.objgen in seen:
                continue
            seen.add(cmap.objgen)
            data = cmap.read_bytes()
            fixed = BREAK_HYPHEN.sub(lambda m: m.group(1) + SOFT_HYPHEN, data)
            if fixed != data:
                cmap.write(fixed)


def _parent_tree(pdf: pikepdf.Pdf) -> dict[int, pikepdf.Object]:
    root = pdf.Root.get("/StructTreeRoot")
    tree = root.get("/ParentTree") if root is not None else None
    nums = tree.get("/Nums") if tree is not None else None
    return {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)} if nums is not None else {}


def _set_parent(pdf: pikepdf.Pdf, key: int, element: pikepdf.Object) -> None:
    nums = pdf.Root.StructTreeRoot.ParentTree.Nums
    for i in range(0, len(nums), 2):
        if int(nums[i]) == key:
            nums[i + 1] = element
            return


def _links_in_link_elements(pdf: pikepdf.Pdf) -> None:
    """PDF/UA: a link annotation's structure parent is a ``Link`` element, never a ``Span`` inside one."""
    parents = _parent_tree(pdf)
    for page in pdf.pages:
        for annotation in page.obj.get("/Annots", []):
            key = annotation.get("/StructParent")
            element = parents.get(int(key)) if key is not None else None
            if element is None or element.get("/S") == "/Link":
                continue
            link = element.get("/P")
            while link is not None and link.get("/S") not in ("/Link", "/Document"):
                link = link.get("/P")
            if link is None or link.get("/S") != "/Link":
                element.S = pikepdf.Name.Link
                continue
            kids = element.K
            for i in range(len(kids) - 1, -1, -1):
                kid = kids[i]
                if isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/OBJR" and \
                        kid.get("/Obj") is not None and kid.Obj.objgen == annotation.objgen:
                    del kids[i]
                    link.K.append(kid)
            _set_parent(pdf, int(key), link)


def _describe_links(pdf: pikepdf.Pdf, descriptions: dict[str, str]) -> None:
    """A link's ``/Contents`` is what assistive technology reads out: words, not an element id."""
    for page in pdf.pages:
        for annotation in page.obj.get("/Annots", []):
            if annotation.get("/Subtype") != "/Link":
                continue
            dest = annotation.get("/Dest")
            action = annotation.get("/A")
            if isinstance(dest, pikepdf.String):
                target = str(dest)
                annotation.Contents = pikepdf.String(descriptions.get(target) or f"Aller à {target}")
            elif action is not None and action.get("/S") == "/URI":
                annotation.Contents = pikepdf.String(f"Lien externe : {action.URI}")


def _labels(pdf: pikepdf.Pdf) -> list[tuple[str, int]]:
    """Every page's label as (style, number), read from the catalog's /PageLabels number tree."""
    ranges: list[tuple[int, str, int]] = []
    labels = pdf.Root.get("/PageLabels")
    nums = labels.get("/Nums", []) if labels is not None else []
    for i in range(0, len(nums), 2):
        entry = nums[i + 1]
        ranges.append((int(nums[i]), str(entry.get("/S", "/D")), int(entry.get("/St", 1))))
    ranges = ranges or [(0, "/D", 1)]
    out = []
    for index in range(len(pdf.pages)):
        start, style, first = max((r for r in ranges if r[0] <= index), default=ranges[0])
        out.append((style, first + index - start))
    return out


def _drop_pages(pdf: pikepdf.Pdf, blank: tuple[int, ...]) -> None:
    """Remove the blank versos and relabel, so the reader's « p. 87 » still finds the print folio 87."""
    if not blank:
        return
    labels = _labels(pdf)
    parents = pdf.Root.get("/StructTreeRoot")
    dropped_keys = set()
    for index in sorted(blank, reverse=True):
        page = pdf.pages[index]
        if "/StructParents" in page.obj:
            dropped_keys.add(int(page.obj.StructParents))
        del pdf.pages[index]
    if parents is not None and dropped_keys:
        nums = parents.ParentTree.Nums
        kept = [item for i in range(0, len(nums), 2) if int(nums[i]) not in dropped_keys
                for item in (nums[i], nums[i + 1])]
        parents.ParentTree.Nums = pikepdf.Array(kept)
    kept_labels = [label for i, label in enumerate(labels) if i not in set(blank)]
    entries: list = []
    previous: tuple[str, int] | None = None
    for index, (style, number) in enumerate(kept_labels):
        if previous is None or style != previous[0] or number != previous[1] + 1:
            entries += [index, pikepdf.Dictionary(S=pikepdf.Name(style), St=number)]
        previous = (style, number)
    pdf.Root.PageLabels = pikepdf.Dictionary(Nums=pikepdf.Array(entries))

