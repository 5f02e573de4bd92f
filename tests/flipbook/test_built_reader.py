"""What a reader meets in the built flipbooks (issue #16): no blank padding page, the whole text for screen
readers, panels that open where the reader is, a search that finds hyphenated words and marks both pages,
a clear message for a missing image, the way back to the site, and light page images."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pypdf
import pytest

from localserver import served

#: dist/flipbook of the repository's book before issue #16 (WebP and JPEG at 2400 px for the zoom).
SIZE_BEFORE = 13_418_001
HYPHEN = re.compile(r"[-\u2010\u00ad]$")


def data(folder: Path) -> dict:
    text = (folder / "book.js").read_text(encoding="utf-8")
    return json.loads(text[text.index("=") + 1:].rstrip().rstrip(";"))


def size(folder: Path) -> int:
    return sum(f.stat().st_size for f in folder.rglob("*") if f.is_file())


@pytest.fixture(scope="module")
def site_url(real_dist: Path):
    with served(real_dist / "site") as url:
        yield url


def ink(v, n: int) -> float:
    """The share of non-white pixels of page n's image as shown."""
    v.page.wait_for_function("n => { const i = document.querySelector(`.page[data-n='${n}'] .sheet picture.ok img`);"
                             " return i && i.complete && i.naturalWidth > 0; }", arg=n)
    return v.page.evaluate("""n => {
        const i = document.querySelector(`.page[data-n='${n}'] .sheet picture.ok img`), c = document.createElement('canvas');
        c.width = 120; c.height = 170; const g = c.getContext('2d'); g.drawImage(i, 0, 0, 120, 170);
        const d = g.getImageData(0, 0, 120, 170).data; let k = 0;
        for (let j = 0; j < d.length; j += 4) if (d[j] < 235 || d[j + 1] < 235 || d[j + 2] < 235) k++;
        return k / (d.length / 4); }""", n)


def every_spread_has_ink(v, count: int) -> list[str]:
    spreads, seen = [], set()
    for n in range(1, count + 1):
        v.page.evaluate("n => window.flipbookViewer.go(n - 1, {instant: true})", n)
        shown = v.page.evaluate("[...document.querySelectorAll('#book .page.on')].map(e => +e.dataset.n)")
        if tuple(shown) in seen:
            continue
        seen.add(tuple(shown))
        spreads.append("-".join(map(str, shown)))
        assert max(ink(v, k) for k in shown) > 0.002, f"spread {shown} is empty white"
    return spreads


def test_padding_pages_are_kept_in_print_and_left_out_of_the_viewer(padded_flipbook: Path, open_url):
    book = data(padded_flipbook)
    assert len(pypdf.PdfReader(padded_flipbook / book["pdf"]).pages) == 12, "the print keeps its 12 pages"
    assert len(book["pages"]) == 9
    assert len(list((padded_flipbook / "pages").glob("*.webp"))) == 9 * 3
    with served(padded_flipbook) as url:
        v = open_url(url + "index.html#page=9")
        assert v.live() == "Page 9 sur 9"
        assert v.page.text_content("#count") == "9 / 9"
        assert v.page.locator("#thumbs a").count() == 9
        assert v.page.locator("#toc a", has_text="Contact").get_attribute("href") == "#page=9"
        assert v.page.input_value("#goto") == "9", "the back cover is the ninth page the reader sees"
        assert every_spread_has_ink(v, 9) == ["1", "2-3", "4-5", "6-7", "8", "9"]


def test_no_spread_of_the_book_is_empty(real_dist: Path, site_url: str, open_url):
    count = len(data(real_dist / "site" / "flipbook")["pages"])
    v = open_url(site_url + "flipbook/index.html", width=1440, height=900)
    assert every_spread_has_ink(v, count)[-1] == str(count), "the back cover shows alone"


def test_screen_readers_get_the_whole_text_of_the_pages_in_view(real_dist: Path, site_url: str, open_url):
    pages = data(real_dist / "site" / "flipbook")["pages"]
    n = max(range(len(pages)), key=lambda i: len(pages[i]["text"])) + 1
    words = [w["s"] for w in pages[n - 1]["text"]]
    assert len(" ".join(words)) > 1000
    v = open_url(site_url + f"flipbook/index.html#page={n}", width=1440, height=900)
    tree = v.page.locator("#book").aria_snapshot()
    read = v.page.text_content(f'.page[data-n="{n}"] > .sr')
    assert read.endswith(words[-1]) and len(read) > 1000, "the whole page, not 300 characters"
    assert tree.count(words[-1]) == 1 or tree.count(read[-40:]) == 1, "read once"
    assert v.page.get_attribute(f'.page[data-n="{n}"] .text', "aria-hidden") == "true"
    assert v.page.get_attribute(f'.page[data-n="{n}"] .sheet img', "alt") == ""
    # turned away, the page is not read any more; the new ones are
    v.page.keyboard.press("Home")
    v.wait_spread("1")
    assert words[-1] not in v.page.locator("#book").aria_snapshot()


@pytest.mark.parametrize("tab, current", [("pages", "#thumbs a[href='#page=14']"), ("toc", "#toc a[href='#page=8']")])
def test_panels_open_at_the_current_page(site_url: str, open_url, tab: str, current: str):
    v = open_url(site_url + "flipbook/index.html#page=14", width=1440, height=800)
    v.page.click(f"button[data-tab='{tab}']")
    here = v.page.locator(current)
    assert here.get_attribute("aria-current") == "page"
    box, panel = here.bounding_box(), v.page.locator(f"#tp-{tab}").bounding_box()
    assert panel["y"] <= box["y"] and box["y"] + box["height"] <= panel["y"] + panel["height"], "scrolled to it"
    assert v.page.evaluate("document.activeElement.getAttribute('aria-current')") == "page"


def hyphenated(pages: list[dict]) -> tuple[int, str, str]:
    """A word cut at a line end: (page number, its first part, the whole word)."""
    for n, page in enumerate(pages, 1):
        runs = page["text"]
        for a, b in zip(runs, runs[1:]):
            if HYPHEN.search(a["s"]) and len(a["s"]) > 3 and b["s"][:1].islower() and abs(b["y"] - a["y"]) > a["h"] / 2:
                return n, a["s"], a["s"][:-1] + re.sub(r"\W+$", "", b["s"])
    raise AssertionError("no hyphenated line end in the booklet")


def test_search_finds_a_word_cut_by_a_line_end_hyphen(real_dist: Path, site_url: str, open_url):
    n, first, word = hyphenated(data(real_dist / "site" / "flipbook")["pages"])
    v = open_url(site_url + "flipbook/index.html", width=1440, height=900)
    v.page.click("button[data-tab='search']")
    v.page.fill("#q", word)
    v.page.keyboard.press("Enter")
    v.page.locator("#results button", has_text=f"p. {n} ").first.click()  # the word may also be whole elsewhere
    v.page.wait_for_function(f"location.hash === '#page={n}'")
    marked = v.page.locator(f'.page[data-n="{n}"] .text mark').all_text_contents()
    assert first[:-1] in "".join(marked) and len(marked) >= 2, marked
    assert word in v.page.locator("#results button", has_text=f"p. {n} ").first.text_content(), "shown whole"


def test_search_marks_the_facing_page_too(real_dist: Path, site_url: str, open_url):
    pages = data(real_dist / "site" / "flipbook")["pages"]
    words = [{w["s"].lower().strip(".,;:!?»«()") for w in p["text"]} for p in pages]
    left = next(i for i in range(1, len(pages) - 2, 2)
                if any(len(w) > 6 and w.isalpha() for w in words[i] & words[i + 1]))
    word = sorted(w for w in words[left] & words[left + 1] if len(w) > 6 and w.isalpha())[0]
    v = open_url(site_url + "flipbook/index.html", width=1440, height=900)
    v.page.click("button[data-tab='search']")
    v.page.fill("#q", word)
    v.page.keyboard.press("Enter")
    v.wait_spread(f"{left + 1}-{left + 2}")
    for n in (left + 1, left + 2):
        v.page.wait_for_selector(f'.page[data-n="{n}"] .text mark.hit', state="attached")


def test_a_missing_page_image_says_so(real_dist: Path, tmp_path: Path, open_url):
    folder = shutil.copytree(real_dist / "site" / "flipbook", tmp_path / "flipbook")
    (folder / "pages" / "p007-read.webp").unlink()
    with served(folder) as url:
        v = open_url(url + "index.html#page=7")
        v.wait_spread("6-7")
        message = v.page.locator('.page[data-n="7"] .missing')
        message.wait_for(state="visible")
        assert message.text_content() == "Image de la page 7 introuvable"
        assert not v.page.locator('.page[data-n="6"] .missing').count()


def test_the_site_offers_the_programme_and_the_flipbook_leads_back(real_dist: Path, site_url: str, open_url):
    v = open_url(site_url + "flipbook/index.html", width=390, height=844)
    home = v.page.get_by_role("link", name="Site du livre")
    assert home.is_visible() and home.get_attribute("href") == "../index.html"
    home.click()
    v.page.wait_for_url(site_url + "index.html")
    link = v.page.get_by_role("link", name="Feuilleter le programme du symposium")
    assert link.get_attribute("href") == "flipbook/index.html"
    assert not v.page.get_by_text("Feuilleter le livre").count()
    # alone, over file://, the folder still works, with no link to a site that is not beside it
    alone = open_url((real_dist / "flipbook" / "index.html").as_uri())
    assert alone.spread() == "1" and alone.errors == []
    assert alone.page.locator("#home").count() == 0


def test_page_images_are_light_webp(real_dist: Path):
    folder = real_dist / "flipbook"
    images = list((folder / "pages").iterdir())
    assert images and all(f.suffix == ".webp" for f in images), "WebP only: every browser in use reads it"
    heavy = {f.name: f.stat().st_size for f in images if f.stat().st_size > 250_000}
    assert heavy == {}
    assert size(folder) < SIZE_BEFORE * 0.5, size(folder)
