"""Every resource dictionary and XObject of a PDF's pages, each visited once (shared ones are common)."""

from __future__ import annotations

from typing import Iterator

import pikepdf


def resources(pdf: pikepdf.Pdf) -> Iterator[tuple[pikepdf.Dictionary, list[pikepdf.Object]]]:
    """Yield (resource dictionary, the XObjects it names that were not seen before)."""
    seen: set[tuple[int, int]] = set()

    def visit(found: pikepdf.Object | None) -> Iterator[tuple[pikepdf.Dictionary, list[pikepdf.Object]]]:
        if not isinstance(found, pikepdf.Dictionary):
            return
        if found.is_indirect:
            if found.objgen in seen:
                return
            seen.add(found.objgen)
        xobjects = []
        for xobject in found.get("/XObject", {}).values():
            if xobject.objgen not in seen:
                seen.add(xobject.objgen)
                xobjects.append(xobject)
        yield found, xobjects
        for xobject in xobjects:
            yield from visit(xobject.get("/Resources"))
    for page in pdf.pages:
        yield from visit(page.obj.get("/Resources"))
