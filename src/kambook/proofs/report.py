"""The report of a diff: an HTML page (offline, keyboard navigable) and the same report as a printable PDF.

Each page that reads differently is shown old beside new, the words that changed marked on both, with the
manuscript lines that caused it; the summary says what only moved, and which page numbers followed.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Protocol

from ..atomic import atomic_dir
from .compare import PageChange, ProofDiff, Side
from .pages import Box, render_pages

#: Resolution of the page images in the report: the words must be legible on screen and on paper.
REPORT_DPI = 80
SHOWN = ("changed", "renumbered", "reflowed")
_STATUS = {"changed": "changed", "renumbered": "new page numbers only", "reflowed": "reflowed (no word changed)"}


class Pager(Protocol):  # print.weasy.HtmlPager: the report's PDF goes through the project's one layout door
    def paginate(self, html: str) -> tuple[bytes, dict[str, int], dict[str, str]]: ...


@dataclass
class Report:
    folder: Path
    html: Path
    pdf: Path | None


def write_report(diff: ProofDiff, folder: Path, pager_for: Callable[[Path], Pager] | None) -> Report:
    """Write the report into ``folder`` (replaced whole); ``pager_for(folder)`` lays out its PDF, the page
    images read from the folder being written."""
    shown = [page for page in diff.pages if page.status in SHOWN]
    with atomic_dir(folder) as staged:
        (staged / "pages").mkdir()
        _images(diff.new, [p.new for p in shown if p.new is not None], staged / "pages", "new")
        _images(diff.old, [p.old for p in shown if p.old is not None], staged / "pages", "old")
        (staged / "index.html").write_text(_page(diff, shown, printable=False), encoding="utf-8")
        if pager_for is not None:
            pdf, _, _ = pager_for(staged).paginate(_page(diff, shown, printable=True))
            (staged / "proofs.pdf").write_bytes(pdf)
    return Report(folder, folder / "index.html", folder / "proofs.pdf" if pager_for is not None else None)


def _images(side: Side, indexes: list[int], folder: Path, prefix: str) -> None:
    for index, image in render_pages(side.pdf, sorted(set(indexes)), REPORT_DPI).items():
        image.save(folder / f"{prefix}-{index + 1:04d}.png", optimize=False, compress_level=3)


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def _marks(boxes: list[Box], page_width: float, page_height: float, kind: str) -> str:
    out = []
    for left, top, right, bottom in boxes:
        style = (f"left:{100 * left / page_width:.2f}%;top:{100 * top / page_height:.2f}%;"
                 f"width:{100 * (right - left) / page_width:.2f}%;height:{100 * (bottom - top) / page_height:.2f}%")
        out.append(f'<span class="mark {kind}" style="{style}"></span>')
    return "".join(out)


def _figure(side: Side, index: int | None, boxes: list[Box], kind: str, caption: str,
            pixels: Box | None = None) -> str:
    prefix = "new" if kind == "added" else "old"  # the images _images wrote
    if index is None:
        return f'<figure class="page none"><figcaption>{_e(caption)}: no such page</figcaption></figure>'
    page = side.pages[index]
    marks = _marks(boxes, page.width, page.height, kind) + (_marks([pixels], page.width, page.height, "pixels")
                                                           if pixels else "")
    return (f'<figure class="page"><div class="sheet"><img src="pages/{prefix}-{index + 1:04d}.png" alt="{_e(caption)}, page image" width="{round(page.width * REPORT_DPI / 72)}" '
            f'height="{round(page.height * REPORT_DPI / 72)}">{marks}</div>'
            f'<figcaption>{_e(caption)}</figcaption></figure>')


def _section(diff: ProofDiff, page: PageChange, previous: str, following: str, printable: bool) -> str:
    new_label = diff.new.label(page.new)
    old_label = diff.old.label(page.old)
    title = f"Page {new_label}" + (f" (was {old_label})" if old_label != new_label else "")
    # On paper, the pages whose numbers only followed show their marks without the list: it would fill pages.
    most = 12 if printable else 40
    listed = page.words[:most] if page.status == "changed" or not printable else []
    words = "".join(f'<li><del lang="fr">{_e(_short(was)) or "—"}</del> → <ins lang="fr">{_e(_short(now)) or "—"}</ins>'
                    f'</li>' for was, now in listed)
    more = f"<li>… and {len(page.words) - most} more</li>" if len(listed) == most < len(page.words) else ""
    lines = ", ".join(f"<code>{_e(line)}</code>" for line in page.lines)
    steps = " ".join(link for link in (previous and f'<a href="#{previous}">← previous page</a>',
                                       following and f'<a href="#{following}">next page →</a>') if link)
    pixels = "<p>The words are the same; the page image differs (outlined in blue).</p>" if page.pixels else ""
    listing = f'<ul class="words">{words}{more}</ul>' if words else ""
    return (f'<section id="page-{page.new + 1}" class="change {page.status}" aria-labelledby="h-{page.new + 1}">'
            f'<h2 id="h-{page.new + 1}" tabindex="-1">{_e(title)}: {_STATUS[page.status]}</h2>'
            + (f"<p>From the manuscript: {lines}</p>" if lines else "") + pixels
            + ("" if printable else listing)  # on screen the words come first; on paper, beside the pages
            + '<div class="pair">'
            + _figure(diff.old, page.old, page.old_marks, "removed", f"Before: page {old_label} of {diff.old.name}")
            + _figure(diff.new, page.new, page.new_marks, "added", f"After: page {new_label} of {diff.new.name}",
                      page.pixels)
            + "</div>" + (listing if printable else "") + f'<p class="steps">{steps}</p></section>')


def _short(text: str) -> str:
    """A long insertion or deletion (a paragraph) as its beginning, its end and its length."""
    if len(text) <= 160:
        return text
    return f"{text[:80].rsplit(' ', 1)[0]} … {text[-50:].split(' ', 1)[-1]} ({len(text.split())} words)"


def _ranges(labels: list[str]) -> str:
    return ", ".join(labels) if len(labels) <= 12 else f"{', '.join(labels[:6])} … {', '.join(labels[-3:])}"


def _summary(diff: ProofDiff) -> str:
    rows = "".join(f"<tr><th scope='row'>{name}</th><td>{diff.count(status)}</td></tr>" for status, name in
                   (("changed", "pages changed"), ("renumbered", "pages with new page numbers only"),
                    ("reflowed", "pages reflowed, no word changed"), ("shifted", "pages only shifted (same content, new folio)"),
                    ("unchanged", "pages unchanged")))
    rows += f"<tr><th scope='row'>pages in all</th><td>{len(diff.old.pages)} → {len(diff.new.pages)}</td></tr>"
    out = [f'<table class="counts"><caption>What changed</caption><tbody>{rows}</tbody></table>']
    if diff.documents:
        out.append("<table><caption>Documents that grew or shrank</caption><thead><tr><th scope='col'>document</th>"
                   "<th scope='col'>source</th><th scope='col'>pages before</th><th scope='col'>after</th></tr></thead>"
                   "<tbody>" + "".join(f"<tr><td lang='fr'>{_e(t)}</td><td><code>{_e(s)}</code></td><td>{a}</td>"
                                       f"<td>{b}</td></tr>" for t, s, a, b in diff.documents) + "</tbody></table>")
    for kind, caption in (("reference", "« p. N » references renumbered"), ("toc", "Table of contents entries renumbered")):
        moved = [loc for loc in diff.locators if loc.kind == kind]
        if moved:
            out.append(f"<h3>{_e(caption)} ({len(moved)})</h3><ul>" + "".join(
                f"<li><span lang='fr'>{_e(loc.title or loc.anchor)}</span>: p. {_e(loc.was)} → p. {_e(loc.now)}</li>"
                for loc in moved) + "</ul>")
    index = sum(1 for loc in diff.locators if loc.kind == "index")
    if index:
        out.append(f"<p>{index} index locators point to a new page number.</p>")
    shifted = [diff.new.label(p.new) for p in diff.pages if p.status == "shifted"]
    if shifted:
        out.append(f"<p>Pages only shifted (now numbered): {_e(_ranges(shifted))}.</p>")
    return "".join(out)


def _page(diff: ProofDiff, shown: list[PageChange], printable: bool) -> str:
    ids = [f"page-{p.new + 1}" for p in shown]
    sections = "".join(_section(diff, page, ids[i - 1] if i else "", ids[i + 1] if i + 1 < len(ids) else "",
                                printable)
                       for i, page in enumerate(shown))
    toc = "".join(f'<li><a href="#{ids[i]}">Page {_e(diff.new.label(p.new))}: {_STATUS[p.status]}</a></li>'
                  for i, p in enumerate(shown))
    script = "" if printable else f"<script>{_SCRIPT}</script>"
    return (f'<!doctype html><html lang="en"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>Proofs: {_e(diff.old.name)} → {_e(diff.new.name)}</title><style>{_CSS}</style></head><body>"
            f'<a class="skip" href="#pages">Skip to the pages</a>'
            f"<header><h1>Proofs: what changed</h1><p>From <b>{_e(diff.old.name)}</b> to <b>{_e(diff.new.name)}</b>: "
            f'<strong>{_e(diff.summary())}</strong>.</p><p class="keys">Keys: <kbd>j</kbd> next page, '
            f"<kbd>k</kbd> previous page.</p></header>"
            f'<main><section aria-labelledby="summary"><h2 id="summary">Summary</h2>{_summary(diff)}'
            + (f'<nav aria-label="Pages that read differently"><h3>Pages that read differently</h3><ol>{toc}</ol></nav>'
               if toc else "<p>No page reads differently.</p>")
            + f'</section><div id="pages" tabindex="-1">{sections}</div></main>{script}</body></html>')


_CSS = """
body{font:16px/1.45 system-ui,sans-serif;margin:0 auto;max-width:80rem;padding:1rem 1.5rem;color:#1a1a1a;background:#fff}
.skip{position:absolute;left:-999px}.skip:focus{left:1rem;top:1rem;background:#fff;padding:.3rem}
h1{font-size:1.6rem}h2{font-size:1.3rem;margin-top:2.5rem;border-top:1px solid #999;padding-top:1rem}
table{border-collapse:collapse;margin:1rem 0}th,td{border:1px solid #bbb;padding:.25rem .6rem;text-align:left}
caption{font-weight:bold;text-align:left;padding:.3rem 0}
.pair{display:flex;gap:1.5rem;flex-wrap:wrap}figure.page{margin:0;flex:1 1 22rem;max-width:40rem}
.sheet{position:relative;border:1px solid #777}.sheet img{display:block;width:100%;height:auto}
.mark{position:absolute;mix-blend-mode:multiply}.mark.added{background:rgba(255,200,0,.35);outline:2px solid #b35c00}
.mark.removed{background:rgba(255,80,80,.25);outline:2px solid #a00}.mark.pixels{outline:3px dashed #0050c8}
del{background:#fde0e0;color:#7a0000}ins{background:#fff1b8;color:#4a3300;text-decoration:none}
.words{columns:2 20rem}.steps{display:flex;gap:2rem}a:focus,h2:focus{outline:3px solid #0050c8}
nav a,.steps a{display:inline-block;min-height:24px;line-height:24px}
@media print{@page{size:A4 landscape;margin:12mm}body{max-width:none;font-size:10pt}.skip,.keys,.steps,nav{display:none}
section.change{break-before:page}h2{border:0;margin-top:0}.pair{display:block}
figure.page{display:inline-block;vertical-align:top;width:88mm;max-width:none;margin:0 6mm 0 0}
.pair{float:left;width:190mm}.words{columns:1;font-size:8.5pt;margin:0 0 0 192mm;padding-left:1em}
section.change::after{content:"";display:block;clear:both}.sheet img{width:100%}}
"""

_SCRIPT = """
document.addEventListener('keydown', function (event) {
  if (event.altKey || event.ctrlKey || event.metaKey || /INPUT|TEXTAREA|SELECT/.test(event.target.tagName)) return;
  if (event.key !== 'j' && event.key !== 'k') return;
  var headings = Array.prototype.slice.call(document.querySelectorAll('section.change h2'));
  if (!headings.length) return;
  var here = headings.findIndex(function (h) { return h.getBoundingClientRect().top > 5; });
  if (here < 0) here = headings.length;
  var target = event.key === 'j' ? headings[Math.min(here, headings.length - 1)]
    : headings[Math.max(here - 2, 0)];
  var current = headings.indexOf(document.activeElement);
  if (current >= 0) target = headings[Math.max(0, Math.min(headings.length - 1, current + (event.key === 'j' ? 1 : -1)))];
  target.focus(); target.scrollIntoView({block: 'start'});
  event.preventDefault();
});
"""
