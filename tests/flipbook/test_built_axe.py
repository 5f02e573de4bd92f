"""axe-core on the built flipbook, closed and with each side panel open, at a desktop, a tablet and a phone
width: no violation of WCAG 2.2 AA nor of axe's best practices (issue #16: the panel's close button sat in
the tab list, a critical violation while a panel was open)."""

from __future__ import annotations

from pathlib import Path

import pytest

from localserver import served

AXE_RULES = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa",
                                                   "best-practice"]}}


@pytest.fixture(scope="module")
def flipbook_url(real_dist: Path):
    with served(real_dist / "site" / "flipbook") as url:
        yield url


@pytest.mark.parametrize("width, height", [(1440, 900), (768, 1024), (390, 844)])
def test_axe_finds_no_violation_closed_or_with_a_panel_open(open_url, flipbook_url: str, width: int, height: int):
    from axe_playwright_python.sync_playwright import Axe

    axe, problems = Axe(), []
    v = open_url(flipbook_url + "index.html#page=4", width=width, height=height)
    for panel in (None, "toc", "pages", "search"):
        if panel:
            v.page.click(f"button[data-tab='{panel}']")
            v.page.wait_for_selector(f"#tp-{panel}", state="visible")
            assert v.page.evaluate("[...document.querySelectorAll('[role=tablist] > *')]"
                                   ".every(e => e.getAttribute('role') === 'tab')")
        for found in axe.run(v.page, options=AXE_RULES).response["violations"]:
            problems.append(f"{panel or 'closed'}: {found['id']} ({found['impact']}) "
                            f"at {[n['target'] for n in found['nodes']][:3]}")
        if panel:
            v.page.keyboard.press("Escape")
            v.page.wait_for_selector("#panel", state="hidden")
    assert problems == []
