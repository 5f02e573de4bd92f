"""The flipbook that `kambook build` makes for the repository's book, opened in headless Chromium."""

from __future__ import annotations

import pytest

from localserver import served


@pytest.fixture(scope="module")
def built_flipbook(built_book):
    _, dist = built_book
    return dist / "flipbook"


@pytest.fixture(scope="module", params=["file", "http"])
def flipbook_url(request, built_flipbook):
    if request.param == "file":
        yield built_flipbook.as_uri() + "/"
        return
    with served(built_flipbook) as url:
        yield url


def open_page(browser, url: str, width: int = 1280, height: int = 800):
    context = browser.new_context(viewport={"width": width, "height": height}, device_scale_factor=1)
    page = context.new_page()
    errors: list[str] = []
    requests: list[str] = []
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("request", lambda r: requests.append(r.url))
    page.goto(url)
    page.wait_for_function("document.getElementById('book') && document.getElementById('book').dataset.spread")
    return context, page, errors, requests


def spread_is(page, value: str) -> None:
    page.wait_for_function("v => { const b = document.getElementById('book'); "
                           "return b.dataset.spread === v && !b.classList.contains('turning'); }", arg=value)


def test_real_flipbook_navigation_search_and_phone(browser, flipbook_url):
    context, page, errors, requests = open_page(browser, flipbook_url + "index.html")
    try:
        assert page.evaluate("document.getElementById('book').dataset.spread") == "1"
        page.wait_for_function("(() => { const i = document.querySelector('.page[data-n=\"1\"] .sheet img');"
                               " return i && i.complete && i.naturalWidth > 0; })()")
        page.keyboard.press("ArrowRight")
        spread_is(page, "2-3")
        page.click("button[data-tab='search']")
        page.fill("#q", "gala")
        page.keyboard.press("Enter")
        spread_is(page, "2-3")
        assert page.evaluate("location.hash") == "#page=3", "the programme page announces the gala dinner"
        assert page.locator('.page[data-n="3"] .text .hit.now').first.text_content().lower().startswith("gala")
    finally:
        context.close()
    assert not errors, errors
    assert all(u.startswith(flipbook_url) or u.startswith("data:") for u in requests), requests

    context, page, errors, _ = open_page(browser, flipbook_url + "index.html#page=7")
    try:
        spread_is(page, "6-7")
        assert "Page 7 sur" in page.evaluate("document.getElementById('live').textContent")
    finally:
        context.close()
    context, page, errors, _ = open_page(browser, flipbook_url + "index.html#page=9", width=390, height=844)
    try:
        spread_is(page, "9")
        assert not errors
    finally:
        context.close()
