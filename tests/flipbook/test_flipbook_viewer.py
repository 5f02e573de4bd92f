"""The flipbook viewer in headless Chromium, opened from file:// and from a local server: spreads, page turns,
hash, search, thumbnails, go-to box, phone view, keyboard, zoom, text layer, accessibility. Every test also
checks (in the open_viewer fixture) that no console error was logged and nothing outside the folder requested."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from jinja2 import Environment, FileSystemLoader, StrictUndefined

from make_fixture import EMAIL, FOLD_JS, PDF, VIEWER

VISIBLE = "[...document.querySelectorAll('#book .page.on')].map(e => +e.dataset.n)"


# ---- without a browser: the template and the weight budget ----

def test_template_renders_relative_urls_only():
    env = Environment(loader=FileSystemLoader(str(VIEWER)), autoescape=True, undefined=StrictUndefined)
    html = env.get_template("index.html.j2").render(title="Symposium <du> KAM", lang="fr", pdf="kam-flipbook.pdf",
                                                    slug="kam", book_js="book.js", home="../index.html")
    assert '<html lang="fr"' in html
    assert '<a class="tb home" id="home" href="../index.html"' in html
    assert "<title>Symposium &lt;du&gt; KAM</title>" in html
    assert 'href="kam-flipbook.pdf" download' in html
    assert '<script src="book.js"></script>' in html and '<script src="viewer.js"></script>' in html
    assert html.index('<script src="fold.js"></script>') < html.index('<script src="viewer.js"></script>')
    urls = re.findall(r'(?:src|href)="([^"]*)"', html)
    assert urls and all(not re.match(r"(?i)(https?:)?//", u) for u in urls), urls
    alone = env.get_template("index.html.j2").render(title="S", lang="fr", pdf="k.pdf", slug="k", book_js="book.js",
                                                     home=None)
    assert 'id="home"' not in alone, "no site beside it: no link to a home that is not there"


def test_viewer_weight_budget(flipbook_dir: Path):
    viewer = sum((flipbook_dir / name).stat().st_size for name in ("index.html", "fold.js", "viewer.js", "viewer.css"))
    assert viewer < 60_000, viewer
    first_view = viewer + sum((flipbook_dir / name).stat().st_size
                              for name in ("book.js", "pages/p001-read.webp", "pages/p001-thumb.webp"))
    assert first_view < 400_000, first_view


def test_viewer_is_plain_local_javascript():
    js = (VIEWER / "viewer.js").read_text(encoding="utf-8") + FOLD_JS.read_text(encoding="utf-8")
    css = (VIEWER / "viewer.css").read_text(encoding="utf-8")
    for text in (js, css):
        assert not re.search(r"https?://", text)
        assert "@import" not in text
    assert "fetch(" not in js and "XMLHttpRequest" not in js


# ---- in the browser ----

def test_cover_shows_alone(open_viewer):
    v = open_viewer()
    assert v.spread() == "1"
    assert v.page.evaluate(VISIBLE) == [1]
    v.page.wait_for_function("(() => { const i = document.querySelector('.page[data-n=\"1\"] .sheet img'); "
                             "return i && i.complete && i.naturalWidth > 0; })()")
    # the image is decoration: the page's group is named, its whole text is read from a hidden copy
    assert v.page.get_attribute('.page[data-n="1"] .sheet img', "alt") == ""
    assert v.page.get_attribute('.page[data-n="1"]', "aria-label") == "Page i"
    assert "Symposium" in v.page.text_content('.page[data-n="1"] > .sr')
    assert v.live() == "Page 1 sur 8"
    assert v.page.input_value("#goto") == "i"
    # lazy loading: nothing beyond the cover's spread ± 2 is fetched, no zoom image
    v.page.wait_for_timeout(900)
    fetched = " ".join(v.requests)
    assert "p001-read" in fetched and "p002-read" in fetched
    assert "p006-read" not in fetched and "p008-read" not in fetched and "-zoom." not in fetched


def test_arrow_right_turns_to_spread_2_3(open_viewer):
    v = open_viewer()
    v.page.keyboard.press("ArrowRight")
    v.wait_spread("2-3")
    assert v.page.evaluate(VISIBLE) == [2, 3]
    assert v.hash() == "#page=2"
    assert v.live() == "Page 2 sur 8"
    v.page.keyboard.press("ArrowLeft")
    v.wait_spread("1")


def test_hash_opens_page_7(open_viewer):
    v = open_viewer("#page=7")
    v.wait_spread("6-7")
    assert v.hash() == "#page=7"
    assert v.live() == "Page 7 sur 8"
    assert v.page.input_value("#goto") == "87"


def test_search_gala_turns_to_page_6_and_highlights(open_viewer):
    v = open_viewer()
    v.page.click("button[data-tab='search']")
    assert v.page.evaluate("document.activeElement.id") == "q"
    v.page.fill("#q", "Gala")
    v.page.keyboard.press("Enter")
    v.wait_spread("6-7")
    assert v.hash() == "#page=6"
    assert v.live() == "Page 6 sur 8"
    hit = v.page.locator('.page[data-n="6"] .text .hit.now').first
    assert hit.text_content().lower().startswith("gala")
    box, page_box = hit.bounding_box(), v.page.locator('.page[data-n="6"]').bounding_box()
    assert box["width"] > 5 and page_box["x"] <= box["x"] <= page_box["x"] + page_box["width"]
    assert "résultat" in v.page.text_content("#search-status")
    assert v.page.locator("#results mark").first.text_content().lower() == "gala"


def test_thumbnail_click_turns_to_its_page(open_viewer):
    v = open_viewer()
    v.page.click("button[data-tab='pages']")
    v.page.click("#thumbs a[href='#page=4']")
    v.wait_spread("4-5")
    assert v.hash() == "#page=4"
    assert v.page.get_attribute("#thumbs a[href='#page=4']", "aria-current") == "page"


def test_table_of_contents(open_viewer):
    v = open_viewer()
    v.page.click("button[data-tab='toc']")
    v.page.get_by_role("link", name=re.compile("dîner de gala")).click()
    v.wait_spread("6-7")
    assert v.live() == "Page 6 sur 8"


def test_goto_box_accepts_labels_and_numbers(open_viewer):
    v = open_viewer()
    for typed, spread, page in (("87", "6-7", 7), ("vi", "6-7", 6), ("3", "2-3", 3), ("IV", "4-5", 4)):
        v.page.fill("#goto", typed)
        v.page.keyboard.press("Enter")
        v.wait_spread(spread)
        assert v.hash() == f"#page={page}"
    v.page.fill("#goto", "zz")
    v.page.keyboard.press("Enter")
    assert v.page.get_attribute("#goto", "aria-invalid") == "true"
    assert "introuvable" in v.page.text_content("#toast")


def test_phone_shows_a_single_page(open_viewer):
    v = open_viewer(width=390, height=844, touch=True)
    assert v.spread() == "1"
    assert v.page.evaluate("document.getElementById('book').dataset.mode") == "single"
    v.page.keyboard.press("ArrowRight")
    v.wait_spread("2")
    assert v.page.evaluate(VISIBLE) == [2]
    box = v.page.locator('.page[data-n="2"]').bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390 and box["width"] > 300


def test_swipe_and_drag_turn_the_page(open_viewer):
    v = open_viewer()
    box = v.page.locator('.page[data-n="1"]').bounding_box()
    y = box["y"] + box["height"] * 0.6
    v.page.mouse.move(box["x"] + box["width"] - 8, y)
    v.page.mouse.down()
    for k in range(1, 13):
        v.page.mouse.move(box["x"] + box["width"] - 8 - k * 40, y)
    v.page.mouse.up()
    v.wait_spread("2-3")
    assert v.hash() == "#page=2"


TOUCH = """([steps, kind]) => {
    // Touch pointers as a phone sends them: each step is a list of [id, x, y] for the fingers down.
    const fire = (type, id, x, y) => {
        const target = document.elementFromPoint(x, y) || document.getElementById('stage');
        target.dispatchEvent(new PointerEvent(type, {pointerId: id, pointerType: 'touch', isPrimary: id === 1,
            clientX: x, clientY: y, bubbles: true, cancelable: true, button: 0, buttons: type === 'pointerup' ? 0 : 1}));
    };
    steps[0].forEach(([id, x, y]) => fire('pointerdown', id, x, y));
    steps.slice(1).forEach(fingers => fingers.forEach(([id, x, y]) => fire('pointermove', id, x, y)));
    steps[steps.length - 1].forEach(([id, x, y]) => fire('pointerup', id, x, y));
}"""


@pytest.mark.parametrize("motion", ["no-preference", "reduce"])
def test_phone_swipe_turns_and_pinch_zooms(open_viewer, motion):
    v = open_viewer("#page=2", width=390, height=844, touch=True, reduced_motion=motion)
    v.wait_spread("2")
    swipe = [[[1, 330 - k * 30, 420]] for k in range(9)]
    v.page.evaluate(TOUCH, [swipe, "swipe"])
    v.wait_spread("3")
    assert v.hash() == "#page=3"
    swipe_back = [[[1, 60 + k * 30, 420]] for k in range(9)]
    v.page.evaluate(TOUCH, [swipe_back, "swipe"])
    v.wait_spread("2")
    pinch = [[[1, 180 - k * 12, 420], [2, 210 + k * 12, 420]] for k in range(8)]
    v.page.evaluate(TOUCH, [pinch, "pinch"])
    zoom = int(v.page.evaluate("document.getElementById('zoom-val').textContent").split()[0])
    assert zoom > 150
    assert v.spread() == "2"


def test_keyboard_home_end_page_keys(open_viewer):
    v = open_viewer()
    v.page.keyboard.press("End")
    v.wait_spread("8")
    assert v.hash() == "#page=8"
    v.page.keyboard.press("PageUp")
    v.wait_spread("6-7")
    v.page.keyboard.press("Home")
    v.wait_spread("1")
    v.page.keyboard.press("PageDown")
    v.wait_spread("2-3")


def test_aria_live_reads_page_6_of_8(open_viewer):
    v = open_viewer("#page=2")
    v.page.keyboard.press("ArrowRight")
    v.wait_spread("4-5")
    v.page.keyboard.press("ArrowRight")
    v.wait_spread("6-7")
    assert v.live() == "Page 6 sur 8"
    assert v.page.get_attribute("#live", "aria-live") == "polite"


def test_reduced_motion_turns_at_once(open_viewer):
    v = open_viewer(reduced_motion="reduce")
    v.page.keyboard.press("ArrowRight")
    assert v.spread() == "2-3"
    assert not v.page.evaluate("document.getElementById('book').classList.contains('turning')")


def test_text_layer_is_selectable_and_links_work(open_viewer):
    v = open_viewer("#page=6")
    v.wait_spread("6-7")
    text = v.page.evaluate("""() => {
        const layer = document.querySelector('.page[data-n="6"] .text');
        const r = document.createRange(); r.selectNodeContents(layer);
        const s = getSelection(); s.removeAllRanges(); s.addRange(r); return s.toString(); }""")
    assert "dîner de gala" in text and "Alexandra Delorme" in text
    mail = v.page.locator(f'.page[data-n="6"] .links a[href="mailto:{EMAIL}"]')
    assert mail.count() == 1 and EMAIL in mail.get_attribute("aria-label")
    v.page.locator('.page[data-n="6"] .links a[href="#page=7"]').click()
    v.page.wait_for_function("location.hash === '#page=7'")
    assert v.live() == "Page 7 sur 8"


def test_zoom_swaps_in_the_zoom_image_and_pans(open_viewer):
    v = open_viewer("#page=2")
    v.wait_spread("2-3")
    v.page.click("#zoom-in")
    assert v.page.text_content("#zoom-val") == "150 %"
    v.page.wait_for_function("(() => { const i = document.querySelector('.page[data-n=\"2\"] .sheet picture.ok img'); "
                             "return i && /-zoom\\./.test(i.currentSrc); })()")
    before = v.page.evaluate("getComputedStyle(document.getElementById('camera')).transform")
    v.page.mouse.move(640, 400)
    v.page.mouse.down()
    v.page.mouse.move(560, 330, steps=4)
    v.page.mouse.up()
    assert v.page.evaluate("getComputedStyle(document.getElementById('camera')).transform") != before
    for _ in range(4):
        v.page.click("#zoom-in") if v.page.is_enabled("#zoom-in") else None
    assert v.page.text_content("#zoom-val") == "250 %"
    v.page.keyboard.press("Escape")
    assert v.page.text_content("#zoom-val") == "100 %"
    v.page.mouse.dblclick(640, 400)
    assert v.page.text_content("#zoom-val") == "200 %"


def test_controls_are_labelled_and_focus_is_visible(open_viewer):
    v = open_viewer()
    assert v.page.get_attribute("html", "lang") == "fr"
    unnamed = v.page.evaluate("""[...document.querySelectorAll('button, a[href], input')]
        .filter(e => e.offsetParent !== null)
        .filter(e => !(e.getAttribute('aria-label') || e.textContent.trim() || (e.labels && e.labels.length)))
        .map(e => e.outerHTML.slice(0, 80))""")
    assert unnamed == []
    v.page.keyboard.press("Tab")
    v.page.keyboard.press("Tab")
    outline = v.page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline == "solid"
    # keyboard only: open the thumbnails, pick page 5, close with Escape
    v.page.focus("button[data-tab='pages']")
    v.page.keyboard.press("Enter")
    v.page.focus("#thumbs a[href='#page=5']")
    v.page.keyboard.press("Enter")
    v.wait_spread("4-5")
    v.page.keyboard.press("Escape")
    assert v.page.evaluate("document.getElementById('panel').hidden")
    assert v.page.evaluate("document.activeElement.dataset.tab") == "pages"


def test_download_and_copy_link(open_viewer, flipbook_dir: Path):
    v = open_viewer("#page=4")
    v.wait_spread("4-5")
    assert v.page.get_attribute("#download", "href") == PDF and (flipbook_dir / PDF).is_file()
    v.page.click("#copy-link")
    v.page.wait_for_function("document.getElementById('toast').textContent.length > 0")
    toast = v.page.text_content("#toast")
    assert "copié" in toast or "#page=4" in toast


def test_screenshots(open_viewer, screenshot_dir: Path, root_url: str):
    if not root_url.startswith("http"):
        pytest.skip("screenshots are taken once, from the local server")
    v = open_viewer("#page=2")
    v.wait_spread("2-3")
    v.page.wait_for_timeout(400)
    v.page.screenshot(path=str(screenshot_dir / "desktop-spread.png"))
    v.page.click("#zoom-in")
    v.page.wait_for_timeout(600)
    v.page.screenshot(path=str(screenshot_dir / "zoom.png"))
    v.page.keyboard.press("Escape")
    v.page.click("button[data-tab='search']")
    v.page.fill("#q", "gala")
    v.page.keyboard.press("Enter")
    v.wait_spread("6-7")
    v.page.wait_for_timeout(500)
    v.page.screenshot(path=str(screenshot_dir / "search.png"))
    v.page.click("#tab-pages")
    v.page.wait_for_timeout(300)
    v.page.screenshot(path=str(screenshot_dir / "thumbnails.png"))
    phone = open_viewer("#page=3", width=390, height=844, touch=True)
    phone.wait_spread("3")
    phone.page.wait_for_timeout(400)
    phone.page.screenshot(path=str(screenshot_dir / "phone.png"))
    phone.page.click("button[data-tab='toc']")
    phone.page.wait_for_timeout(200)
    phone.page.screenshot(path=str(screenshot_dir / "phone-toc.png"))
    cover = open_viewer()
    cover.page.wait_for_timeout(400)
    cover.page.screenshot(path=str(screenshot_dir / "desktop-cover.png"))
    assert all((screenshot_dir / n).stat().st_size > 10_000 for n in ("desktop-spread.png", "phone.png", "zoom.png", "search.png"))
