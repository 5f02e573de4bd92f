"""Page images and the text layer of the booklet, read from its PDF with pypdfium2.

Each page is rendered at three widths (thumbnail, reading, zoom), saved as WebP only: every browser in use
reads it, and the JPEG fallbacks weighed more than the WebP set itself (up to 491 KB a zoom page).
Pages are shared between worker processes (PDFium is not thread-safe, processes are independent), so a
booklet of a few dozen pages takes seconds on two cores. The text layer lists words with their boxes as
fractions of the page, so the viewer can lay transparent, selectable text over the image.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import shutil
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pikepdf

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from pypdf import PdfReader

from ..aside import die_with_parent

#: Width px and WebP quality. The zoom is 2000 px: the viewer zooms to 2.5 × a page that is at most ~550 px
#: wide, and 2400 px made dense text pages 295 KB where 2000 px keeps them under 235 KB (quality barely counts).
SIZES = {"thumb": (200, 80), "read": (1200, 72), "zoom": (2000, 72)}
#: libwebp's effort: 2 encodes in a third of the time of 4 for files 3.5 % larger, measured
#: on this book's pages (zoom 2.19 s → 0.72 s for twelve pages): encoding was most of a cold flipbook.
WEBP_METHOD = 2
#: Changes whenever the images a page gives change: sizes, qualities, the text layer's format.
RENDERING = json.dumps([SIZES, "webp-only", WEBP_METHOD, "words-1", str(getattr(pdfium, "PDFIUM_INFO", ""))],
                       sort_keys=True).encode()
URL = re.compile(r"(?:https?://|www\.)[^\s<>«»]+[^\s<>«».,;:!?)]|[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


def _render_pages(args: tuple[str, list[int], str]) -> list[tuple[int, dict]]:
    pdf_path, indices, out_dir = args
    document = pdfium.PdfDocument(pdf_path)
    results = []
    for index in indices:
        page = document[index]
        width_pt = page.get_width()
        images = {}
        for name, (width_px, quality) in SIZES.items():
            bitmap = page.render(scale=width_px / width_pt)
            image = bitmap.to_pil().convert("RGB")
            stem = _stem(index, name)
            image.save(Path(out_dir) / f"{stem}.webp", "WEBP", quality=quality, method=WEBP_METHOD)
            images[name] = {"webp": f"pages/{stem}.webp", "width": image.width}
        results.append((index, {"images": images, "text": _words(page)}))
    document.close()
    return results


def _words(page: pdfium.PdfPage) -> list[dict]:
    """Words with their boxes (fractions of the page, origin top-left)."""
    width, height = page.get_width(), page.get_height()
    textpage = page.get_textpage()
    count = textpage.count_chars()
    words: list[dict] = []
    current: list[str] = []
    box: list[float] | None = None

    def flush() -> None:
        nonlocal current, box
        if current and box:
            left, bottom, right, top = box
            words.append({"s": "".join(current), "x": round(left / width, 4), "y": round(1 - top / height, 4),
                          "w": round((right - left) / width, 4), "h": round((top - bottom) / height, 4)})
        current, box = [], None

    for i in range(count):
        char = textpage.get_text_range(i, 1)
        if pdfium_c.FPDFText_IsGenerated(textpage.raw, i) == 1:
            continue  # PDFium's guesses (spaces, line ends) are unreliable: gaps are measured below
        if not char or char.isspace() or char in "\ufffe\u0002":
            flush()
            continue
        left, bottom, right, top = textpage.get_charbox(i)
        if box:
            line_height = max(box[3] - box[1], top - bottom, 1.0)
            other_line = top < box[1] or bottom > box[3] or left < box[0] - 1
        if box and (other_line or left - box[2] > line_height * 0.45):
            flush()  # the next line, or a column apart: a word does not run backwards or jump
        box = [left, bottom, right, top] if box is None else [min(box[0], left), min(box[1], bottom),
                                                                  max(box[2], right), max(box[3], top)]
        current.append(char)
    flush()
    textpage.close()
    return words


def page_keys(pdf: Path) -> list[str]:
    """A digest of each page as a self-contained one-page PDF: the same page in a later booklet (same
    content, fonts and images) renders to the same images, whatever moved around it."""
    keys = []
    with pikepdf.open(pdf) as source:
        for page in source.pages:
            with pikepdf.new() as single:
                single.pages.append(page)
                out = io.BytesIO()
                single.save(out, deterministic_id=True, compress_streams=False)
            keys.append(hashlib.sha256(RENDERING + out.getvalue()).hexdigest()[:24])
    return keys


def render_pages(pdf: Path, out_dir: Path, workers: int | None = None, cache: Path | None = None,
                 indices: list[int] | None = None) -> list[dict]:
    """Render the pages ``indices`` (all by default); return per page its images and words, in that order.

    With ``cache``, a page whose key was rendered before is copied from there, and every page rendered
    is kept there: an edit elsewhere in the book re-renders only the booklet pages it changed.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    count = len(pdfium.PdfDocument(str(pdf)))
    wanted = list(range(count)) if indices is None else list(indices)
    keys = page_keys(pdf) if cache is not None else [""] * count
    pages: dict[int, dict] = {}
    for index in wanted:
        if cache is not None and (cache / keys[index] / "page.json").is_file():
            pages[index] = _from_cache(cache / keys[index], index, out_dir)
    missing = [i for i in wanted if i not in pages]
    workers = max(1, min(workers or os.cpu_count() or 1, len(missing) or 1))
    batches = [(str(pdf), missing[i::workers], str(out_dir)) for i in range(workers) if missing[i::workers]]
    if batches:
        # A worker ends with the build: orphaned by a killed build, it would wait on its queue for ever.
        with ProcessPoolExecutor(max_workers=workers, initializer=die_with_parent) as pool:
            for results in pool.map(_render_pages, batches):
                pages.update(results)
    if cache is not None:
        for index in missing:
            _to_cache(cache / keys[index], index, pages[index], out_dir)
    return [pages[i] for i in wanted]


def _stem(index: int, name: str) -> str:
    return f"p{index + 1:03d}-{name}"


def _to_cache(folder: Path, index: int, page: dict, out_dir: Path) -> None:
    tmp = folder.with_name(folder.name + f".tmp{os.getpid()}")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    for name in SIZES:
        shutil.copyfile(out_dir / f"{_stem(index, name)}.webp", tmp / f"{name}.webp")
    widths = {name: page["images"][name]["width"] for name in SIZES}
    (tmp / "page.json").write_text(json.dumps({"widths": widths, "text": page["text"]}), encoding="utf-8")
    shutil.rmtree(folder, ignore_errors=True)
    os.replace(tmp, folder)


def _from_cache(folder: Path, index: int, out_dir: Path) -> dict:
    data = json.loads((folder / "page.json").read_text(encoding="utf-8"))
    images = {}
    for name in SIZES:
        stem = _stem(index, name)
        shutil.copyfile(folder / f"{name}.webp", out_dir / f"{stem}.webp")
        images[name] = {"webp": f"pages/{stem}.webp", "width": data["widths"][name]}
    return {"images": images, "text": data["text"]}


def page_links(pdf: Path) -> list[list[dict]]:
    """Link annotations (URLs, mailto) of every page, as boxes in page fractions."""
    reader = PdfReader(pdf)
    out = []
    for page in reader.pages:
        box = page.mediabox
        width, height = float(box.width), float(box.height)
        links = []
        for annot in page.get("/Annots", []) or []:
            annot = annot.get_object()
            uri = annot.get("/A", {}).get("/URI") if annot.get("/Subtype") == "/Link" else None
            if not uri:
                continue
            a, b, c, d = (float(v) for v in annot["/Rect"])
            x0, x1, y0, y1 = min(a, c), max(a, c), min(b, d), max(b, d)
            links.append({"href": str(uri), "x": round((x0 - float(box.left)) / width, 4),
                          "y": round(1 - (y1 - float(box.bottom)) / height, 4),
                          "w": round((x1 - x0) / width, 4), "h": round((y1 - y0) / height, 4)})
        out.append(links)
    return out


def text_links(words: list[dict]) -> list[dict]:
    """Addresses written in the text of pages that carry no link annotation (the excerpt's URLs)."""
    links = []
    for word in words:
        if URL.fullmatch(word["s"]):
            href = word["s"] if "://" in word["s"] else ("mailto:" + word["s"] if "@" in word["s"] else
                                                          "https://" + word["s"])
            links.append({"href": href, **{k: word[k] for k in ("x", "y", "w", "h")}})
    return links
