"""Small helpers over pikepdf: every resource dictionary of the pages, visited once; a PDF given open or by path."""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import pikepdf


@contextmanager
def opened(source: Path | pikepdf.Pdf) -> Iterator[pikepdf.Pdf]:
    """A file to open and close, or a PDF already open (the merge hands its result on unsaved)."""
    if isinstance(source, pikepdf.Pdf):
        yield source
    else:
        with pikepdf.open(source) as pdf:
            yield pdf


def stream_mode(source: Path | pikepdf.Pdf) -> pikepdf.ObjectStreamMode:
    """Keep WeasyPrint's object streams; a merged file has none yet, so they are made."""
    return pikepdf.ObjectStreamMode.generate if isinstance(source, pikepdf.Pdf) else pikepdf.ObjectStreamMode.preserve


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
