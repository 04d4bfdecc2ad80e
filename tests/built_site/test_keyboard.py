"""On a phone, furo's sidebar drawers work from the keyboard, and closed drawers take no focus.

furo opens its drawers with CSS checkbox toggles that a keyboard cannot reach;
_static/drawer-toggles.js and homepage.css fix that. These tests press the keys.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

pytestmark = pytest.mark.browser

DRAWERS = {  # the toggle in the phone header -> the drawer it opens
    "navigation": ("button.nav-overlay-icon", ".sidebar-drawer"),
    "contents": ("button.toc-header-icon", ".toc-drawer"),
}


@pytest.fixture(scope="module")
def page_with_toc(site: Path, html_pages: list[Path]) -> str:
    """A page that has an "On this page" table of contents, so both drawers exist."""
    for path in html_pages:
        soup = BeautifulSoup(path.read_text("utf-8"), "html.parser")
        icon = soup.select_one(".toc-header-icon")
        if icon is not None and "no-toc" not in icon.get("class", []):
            return path.relative_to(site).as_posix()
    pytest.fail("no page with a table of contents")


@pytest.fixture
def phone(browser, site_url: str, page_with_toc: str) -> Iterator[object]:
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.goto(site_url + page_with_toc)
    yield page
    context.close()


ON_SCREEN = """s => { const r = document.querySelector(s).getBoundingClientRect();
  return r.width > 0 && r.left >= 0 && r.right <= window.innerWidth; }"""


def focused_matches(page, selector: str) -> bool:
    return page.evaluate("s => document.activeElement.matches(s)", selector)


@pytest.mark.parametrize("drawer_name", DRAWERS)
def test_drawer_opens_and_closes_from_the_keyboard(phone, drawer_name: str):
    toggle, drawer = DRAWERS[drawer_name]
    for _ in range(10):
        phone.keyboard.press("Tab")
        if focused_matches(phone, toggle):
            break
    else:
        pytest.fail(f"Tab never reaches the {drawer_name} toggle ({toggle})")
    assert phone.get_attribute(toggle, "aria-expanded") == "false"

    phone.keyboard.press("Enter")
    phone.wait_for_function(
        "s => document.querySelector(s).contains(document.activeElement)", arg=drawer
    )
    assert phone.get_attribute(toggle, "aria-expanded") == "true"
    # The drawer slides in (0.25 s); it must end up fully on screen.
    phone.wait_for_function(ON_SCREEN, arg=drawer, timeout=2000)

    phone.keyboard.press("Escape")
    assert phone.get_attribute(toggle, "aria-expanded") == "false"
    assert focused_matches(phone, toggle), "focus does not return to the toggle"


def test_closed_drawers_take_no_focus(phone):
    """Tab through the whole page: focus never lands on a link hidden in a closed drawer."""
    stops = []
    for _ in range(500):
        phone.keyboard.press("Tab")
        stop = phone.evaluate(
            "() => { const e = document.activeElement;"
            " return e === document.body ? null : [e.outerHTML.slice(0, 80),"
            " !!e.closest('.sidebar-drawer, .toc-drawer')]; }"
        )
        if stop is None or (stops and stop[0] == stops[0][0]):
            break
        stops.append(stop)
    assert len(stops) > 3, stops
    hidden = [html for html, in_drawer in stops if in_drawer]
    assert not hidden, f"{len(hidden)} focus stops inside closed drawers, e.g. {hidden[:3]}"
