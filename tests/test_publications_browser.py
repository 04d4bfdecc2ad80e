"""The publications page as visitors use it, in a real browser.

Playwright drives Debian's Chromium (never a downloaded browser) against the
built site, served from 127.0.0.1. Expected entries come from refs.bib, parsed
here with pybtex. Without Chromium the tests skip, except in CI (``CI`` set),
where they fail: CI must never silently skip them.
"""

from __future__ import annotations

import itertools
import re
import runpy
import unicodedata
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

import pytest
from built_site.check_tools import AXE_JS, require_npm_tool
from pybtex.database import BibliographyData, Entry, parse_file
from pybtex.database import parse_string as parse_bibtex
from support import new_page

pytestmark = pytest.mark.browser

SITE_ONLY_FIELDS = {"abbr", "presentation", "award", "equal", "code", "slides", "addendum"}
PAGE = "publications.html"
REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def shared_page(browser: Any, site_url: str) -> Iterator[tuple[Any, list[str]]]:
    """A page with default settings that tests share: a new context per test costs ~0.5 s."""
    problems: list[str] = []
    page = new_page(browser, site_url, problems)
    yield page, problems
    page.context.close()


@pytest.fixture
def open_page(
    browser: Any, site_url: str, shared_page: tuple[Any, list[str]]
) -> Iterator[Callable[..., Any]]:
    """``open_page(query="", **context_options)``: the publications page, freshly loaded.

    Without options it reuses the shared page; with options it opens a new context.
    The page may fetch nothing but the local site, and must log no errors.
    """
    page, problems = shared_page
    problems.clear()
    opened: list[Any] = []

    def open_(query: str = "", **options: Any) -> Any:
        tab = page
        if options:
            tab = new_page(browser, site_url, problems, **options)
            opened.append(tab)
        else:
            tab.goto("about:blank")  # a real load, not a same-document #fragment jump
        tab.goto(site_url + PAGE + query)
        return tab

    yield open_
    for tab in opened:
        tab.context.close()
    assert not problems


@pytest.fixture(scope="session")
def bib() -> BibliographyData:
    return parse_file(str(REPO / "refs.bib"))


@pytest.fixture(scope="session")
def venue_of() -> Callable[[Entry], str]:
    """An entry's venue facet as the site's configuration defines it."""
    aliases = runpy.run_path(str(REPO / "conf.py"))["publications_venue_aliases"]

    def venue(entry: Entry) -> str:
        abbr = entry.fields.get("abbr", "")
        return aliases.get(abbr, abbr)

    return venue


def visible_keys(page: Any) -> set[str]:
    return set(
        page.eval_on_selector_all(
            "li.publication", "items => items.filter(i => i.checkVisibility()).map(i => i.id)"
        )
    )


def ids(keys: Any) -> set[str]:
    return {f"pub-{key.lower()}" for key in keys}


def words_of(entry: Entry) -> str:
    authors = " ".join(str(p) for p in entry.persons.get("author", ()))
    return f"{entry.fields['title']} {authors}".lower()


#: The fields whose words the search box knows (refs.bib's names for what an entry shows).
SEARCHED_FIELDS = (
    "title",
    "booktitle",
    "journal",
    "abbr",
    "year",
    "award",
    "presentation",
    "addendum",
)


def folded_words(text: str) -> list[str]:
    """Lower case, without accents, cut at anything but letters and digits."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    return re.findall(r"[^\W_]+", text)


def found_by(entry: Entry, text: str) -> bool:
    """Whether the search box should show the entry: every word starts a word of it."""
    people = " ".join(str(p) for p in entry.persons.get("author", ()))
    fields = " ".join(entry.fields.get(name, "") for name in SEARCHED_FIELDS)
    known = folded_words(f"{people} {fields}")
    return all(any(w.startswith(q) for w in known) for q in folded_words(text))


def status(page: Any) -> str:
    return page.locator(".pub-filter-status").inner_text()


def query(page: Any) -> dict[str, list[str]]:
    # page.url lags behind history.pushState; ask the page itself.
    return parse_qs(page.evaluate("location.search.slice(1)"))


# -- Without JavaScript ----------------------------------------------------------------


def test_without_javascript_every_paper_shows_and_no_dead_controls(open_page, bib):
    page = open_page(java_script_enabled=False)
    assert len(visible_keys(page)) == len(bib.entries) == 51
    for part in (".pub-title", ".pub-authors", ".pub-venue"):
        assert page.locator(f"li.publication {part}:visible").count() == 51
    assert page.locator(".publication-filters select, .publication-filters input").count() == 0
    # In place of the filters, a short note says why there are none.
    note = page.locator(".publication-filters .pub-filter-nojs")
    assert note.is_visible() and "JavaScript" in note.inner_text()
    assert page.locator(".publication-filters").bounding_box()["height"] < 60
    assert page.locator(".publication-years a").count() == len(
        {e.fields["year"] for e in bib.entries.values()}
    )
    assert page.locator("svg.publication-chart-svg").is_visible()
    # Each entry links to its BibTeX file instead of a button that needs the script.
    links = page.locator("li.publication .pub-bibtex > a")
    assert links.count() == 51 and page.locator(".pub-bibtex-toggle").count() == 0
    assert all(href.endswith(".bib") for href in links.evaluate_all("as => as.map(a => a.href)"))


# -- Filters -----------------------------------------------------------------------------


@pytest.mark.parametrize("venue", ["CVPR", "TPAMI", "NeurIPS"])
def test_filter_by_venue(open_page, bib, venue_of, venue):
    page = open_page()
    page.select_option("#pub-filter-venue", venue)
    expected = ids(key for key, entry in bib.entries.items() if venue_of(entry) == venue)
    assert expected and visible_keys(page) == expected
    assert status(page) == f"Showing {len(expected)} of 51 papers"
    assert query(page) == {"venue": [venue]}


@pytest.mark.parametrize(
    "text", ["dense", "Weinberger", "huang convolutional", "ADAPTIVE", "weinberger 2017"]
)
def test_filter_by_text_over_titles_and_authors(open_page, bib, text):
    page = open_page()
    page.fill("#pub-filter-q", text)
    expected = ids(k for k, e in bib.entries.items() if found_by(e, text))
    assert expected and visible_keys(page) == expected
    assert query(page) == {"q": [text]}


def test_the_search_box_matches_the_start_of_words(open_page, bib):
    """ "oral" finds the orals, not "Temporal"; accents do not matter."""
    page = open_page()
    page.fill("#pub-filter-q", "emporal")
    assert visible_keys(page) == set()
    assert any("temporal" in e.fields["title"].lower() for e in bib.entries.values())
    page.fill("#pub-filter-q", "Wéinbèrger")
    assert visible_keys(page) == ids(k for k, e in bib.entries.items() if found_by(e, "weinberger"))


@pytest.mark.parametrize(
    ("text", "field", "value"),
    [("CVPR", "abbr", "CVPR"), ("2017", "year", "2017"), ("oral", "presentation", "Oral")],
    ids=["venue abbreviation", "year", "recognition"],
)
def test_the_search_box_finds_venues_years_and_recognition(open_page, bib, text, field, value):
    page = open_page()
    page.fill("#pub-filter-q", text)
    marked = ids(k for k, e in bib.entries.items() if e.fields.get(field) == value)
    expected = ids(k for k, e in bib.entries.items() if found_by(e, text))
    assert len(marked) >= 3 and marked <= expected  # and papers whose notes say it
    assert visible_keys(page) == expected
    # The venue's full name finds the same papers as its abbreviation.
    if field == "abbr":
        page.fill("#pub-filter-q", "computer vision pattern recognition")
        assert visible_keys(page) == marked


def test_facet_counts_follow_the_other_filters(open_page, bib, venue_of):
    page = open_page()
    page.select_option("#pub-filter-venue", "CVPR")
    years = page.eval_on_selector_all(
        "#pub-filter-year option",
        "os => os.filter(o => o.value).map(o => [o.value, o.text, o.disabled])",
    )
    for year, text, disabled in years:
        count = sum(
            1 for e in bib.entries.values() if venue_of(e) == "CVPR" and e.fields["year"] == year
        )
        assert text == f"{year} ({count})"
        assert disabled == (count == 0)
    # The year links count the same papers.
    count = page.locator(".publication-years a[href='#year-2017'] .publication-years-count")
    in_2017 = [e for e in bib.entries.values() if e.fields["year"] == "2017"]
    cvpr = sum(1 for e in in_2017 if venue_of(e) == "CVPR")
    assert 0 < cvpr < len(in_2017)
    assert count.inner_text().strip() == f"({cvpr})"
    page.select_option("#pub-filter-venue", "")
    assert count.inner_text().strip() == f"({len(in_2017)})"


def test_filters_combine_and_lists_left_empty_say_so(open_page, bib):
    page = open_page()
    page.select_option("#pub-filter-kind", "journal")
    page.select_option("#pub-filter-year", "2024")
    expected = ids(
        k for k, e in bib.entries.items() if e.type == "article" and e.fields["year"] == "2024"
    )
    assert visible_keys(page) == expected
    # The conference list has no 2024 journal papers: its note says so.
    notes = page.locator(".pub-filter-empty")
    assert notes.count() == 2
    assert [notes.nth(i).is_visible() for i in range(2)] == [True, False]
    lists = page.locator("ul.publications")
    assert [lists.nth(i).is_visible() for i in range(2)] == [False, True]  # the empty one hides
    page.fill("#pub-filter-q", "no such paper anywhere")
    assert visible_keys(page) == set()
    assert status(page) == "No paper matches (of 51)"


def test_recognition_facet(open_page, bib):
    page = open_page()
    options = page.eval_on_selector_all(
        "#pub-filter-recognition option", "os => os.map(o => o.value)"
    )
    assert options == ["", "award", "oral", "spotlight"]
    page.select_option("#pub-filter-recognition", "oral")
    expected = ids(k for k, e in bib.entries.items() if e.fields.get("presentation") == "Oral")
    assert visible_keys(page) == expected


# -- URL state -------------------------------------------------------------------------------


def test_a_filtered_url_opens_filtered(open_page, bib):
    page = open_page("?venue=ICLR&year=2025&q=transformer")
    assert page.input_value("#pub-filter-venue") == "ICLR"
    assert page.input_value("#pub-filter-year") == "2025"
    assert page.input_value("#pub-filter-q") == "transformer"
    expected = ids(
        k
        for k, e in bib.entries.items()
        if e.fields.get("abbr") == "ICLR"
        and e.fields["year"] == "2025"
        and "transformer" in words_of(e)
    )
    assert expected and visible_keys(page) == expected


def test_unknown_values_in_the_url_are_ignored(open_page):
    page = open_page("?venue=NoSuchVenue&ref=mail")
    assert page.input_value("#pub-filter-venue") == ""
    assert len(visible_keys(page)) == 51
    assert query(page) == {"ref": ["mail"]}  # other parameters stay


def test_back_and_forward_step_through_filter_changes(open_page):
    page = open_page()
    page.select_option("#pub-filter-venue", "CVPR")
    cvpr = visible_keys(page)
    page.select_option("#pub-filter-year", "2024")
    both = visible_keys(page)
    page.fill("#pub-filter-q", "d")
    page.fill("#pub-filter-q", "de")  # one run of typing: one history entry
    assert query(page) == {"venue": ["CVPR"], "year": ["2024"], "q": ["de"]}
    page.go_back()
    assert query(page) == {"venue": ["CVPR"], "year": ["2024"]}
    assert page.input_value("#pub-filter-q") == ""
    assert visible_keys(page) == both
    page.go_back()
    assert page.input_value("#pub-filter-year") == ""
    assert visible_keys(page) == cvpr
    page.go_back()
    assert page.input_value("#pub-filter-venue") == ""
    assert len(visible_keys(page)) == 51
    page.go_forward()
    assert visible_keys(page) == cvpr
    assert page.input_value("#pub-filter-venue") == "CVPR"


def test_arrowing_through_a_select_makes_one_history_entry(open_page, bib, venue_of):
    page = open_page()
    before = page.evaluate("history.length")
    page.focus("#pub-filter-venue")
    for _ in range(5):
        page.keyboard.press("ArrowDown")  # each one filters at once (Chromium on Linux)
    venue = page.input_value("#pub-filter-venue")
    assert venue  # the select moved, and the list follows it
    assert visible_keys(page) == ids(k for k, e in bib.entries.items() if venue_of(e) == venue)
    assert query(page) == {"venue": [venue]}
    assert page.evaluate("history.length") - before <= 1
    # Another control is another step back.
    page.focus("#pub-filter-year")
    page.keyboard.press("ArrowDown")
    year = page.input_value("#pub-filter-year")
    page.go_back()
    assert query(page) == {"venue": [venue]}
    page.go_back()
    assert query(page) == {} and len(visible_keys(page)) == 51
    page.go_forward()
    page.go_forward()
    assert query(page) == {"venue": [venue], "year": [year]}


def test_clear_filters(open_page):
    page = open_page("?venue=CVPR&q=net")
    clear = page.locator(".pub-filter-clear")
    clear.click()
    assert len(visible_keys(page)) == 51
    assert query(page) == {}
    assert clear.is_disabled()
    assert page.evaluate("document.activeElement.id") == "pub-filter-q"  # focus not lost


# -- Keyboard and screen readers ----------------------------------------------------------


def test_filters_work_from_the_keyboard_and_are_announced(open_page, bib):
    page = open_page()
    live = page.locator(".pub-filter-status")
    assert live.get_attribute("role") == "status"
    assert live.get_attribute("aria-live") == "polite"
    assert page.locator(".pub-filter-form").get_attribute("role") == "search"
    assert page.locator(".pub-filter-form").get_attribute("aria-label")
    page.focus("#pub-filter-q")
    page.keyboard.type("vision")
    page.keyboard.press("Tab")  # to the year select (the "Filters" button is for phones)
    assert page.evaluate("document.activeElement.id") == "pub-filter-year"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "pub-filter-venue"
    page.keyboard.type("CV")  # type-ahead in a closed select picks "CVPR (8)"
    assert page.input_value("#pub-filter-venue") == "CVPR"
    expected = ids(
        k for k, e in bib.entries.items() if found_by(e, "vision") and e.fields["abbr"] == "CVPR"
    )
    assert expected and visible_keys(page) == expected
    assert live.inner_text() == f"Showing {len(expected)} of 51 papers"
    # Every control has a visible label.
    for control in page.locator(".publication-filters select, .publication-filters input").all():
        label = page.locator(f"label[for={control.get_attribute('id')}]")
        assert label.is_visible() and label.inner_text()


IN_VIEW = """(selector) => {
  const top = document.querySelector(selector).closest("li, form").getBoundingClientRect().top;
  return top >= 0 && top < innerHeight;
}"""


def in_view(page: Any, selector: str) -> None:
    """Wait until the element's entry is scrolled into the viewport (furo scrolls smoothly).

    Polled from here: without JavaScript, the page cannot run wait_for_function.
    """
    for _ in range(40):
        if page.evaluate(IN_VIEW, selector):
            return
        page.wait_for_timeout(100)
    raise AssertionError(f"{selector} never came into view")


# -- Year navigation ------------------------------------------------------------------------


def test_year_links_jump_to_the_first_paper_of_the_year_without_javascript(open_page):
    page = open_page(java_script_enabled=False)
    page.click(".publication-years a[href='#year-2019']")
    assert page.evaluate("location.hash") == "#year-2019"
    target = page.locator("li.publication:has(#year-2019)")
    assert target.get_attribute("data-year") == "2019"
    assert target.evaluate("e => e.previousElementSibling.dataset.year") == "2020"
    in_view(page, "#year-2019")


def test_year_links_set_the_year_filter(open_page, bib):
    page = open_page()
    link = page.locator(".publication-years a[href='#year-2019']")
    link.click()
    assert query(page) == {"year": ["2019"]}
    assert page.evaluate("location.hash") == ""
    assert page.input_value("#pub-filter-year") == "2019"
    assert visible_keys(page) == ids(
        k for k, e in bib.entries.items() if e.fields["year"] == "2019"
    )
    assert link.get_attribute("aria-current") == "true"
    assert page.locator(".publication-years a[aria-current]").count() == 1
    link.click()  # the same year again: every year
    assert query(page) == {} and len(visible_keys(page)) == 51
    assert link.get_attribute("aria-current") is None
    page.go_back()  # each click is a step in history
    assert query(page) == {"year": ["2019"]}


def test_chart_bars_set_the_year_filter(open_page, bib):
    page = open_page()
    page.locator(".publication-chart-bar[data-year='2021'] rect").first.click()
    assert query(page) == {"year": ["2021"]}
    assert visible_keys(page) == ids(
        k for k, e in bib.entries.items() if e.fields["year"] == "2021"
    )
    # The list is in view again (the chart is under it), and the other bars are dimmed.
    in_view(page, ".pub-filter-form")
    dimmed = page.eval_on_selector_all(
        ".publication-chart-bar",
        "bs => bs.filter(b => getComputedStyle(b.querySelector('rect')).opacity < 1).length",
    )
    assert dimmed == page.locator(".publication-chart-bar").count() - 1


def test_a_link_to_a_hidden_paper_clears_the_filters(open_page):
    page = open_page("?venue=TPAMI")
    page.evaluate("location.hash = '#year-2017'")  # no TPAMI paper in 2017
    page.wait_for_function(
        "document.querySelectorAll('li.publication:not([hidden])').length === 51"
    )
    assert page.input_value("#pub-filter-venue") == ""
    assert page.evaluate("location.search + location.hash") == "#year-2017"
    in_view(page, "#year-2017")


# -- BibTeX --------------------------------------------------------------------------------


def open_bibtex_from_the_keyboard(page: Any, entry: Any) -> Any:
    """Focus the entry's BibTeX button, press Enter and wait for the text; return the box."""
    toggle = entry.locator(".pub-bibtex-toggle")
    assert toggle.evaluate("b => b.tagName") == "BUTTON"  # the link became a button
    assert toggle.get_attribute("aria-expanded") == "false"
    panel = page.locator(f"#{toggle.get_attribute('aria-controls')}")
    assert panel.is_hidden()
    toggle.focus()
    page.keyboard.press("Enter")
    assert toggle.get_attribute("aria-expanded") == "true"
    panel.locator("pre").wait_for()
    return panel


def test_bibtex_opens_and_copies_from_the_keyboard(open_page, bib):
    page = open_page(permissions=["clipboard-read", "clipboard-write"])
    entry = page.locator("li.publication").first
    key = entry.get_attribute("id").removeprefix("pub-")  # refs.bib's keys are lower case
    title = bib.entries[key].fields["title"]
    toggle = entry.locator(".pub-bibtex-toggle")
    # The names say which paper, for a screen reader's list of buttons.
    assert page.get_by_role("button", name=f"BibTeX of “{title}”", exact=True).count() == 1
    # The title leads to the paper's page.
    assert entry.locator(".pub-title a").get_attribute("href") == f"papers/{key}.html"
    names = page.eval_on_selector_all(".pub-bibtex-toggle", "cs => cs.map(c => c.textContent)")
    assert len(names) == 51
    assert all(re.fullmatch(r"BibTeX of “[^”]+[^.]”", name) for name in names), names
    panel = open_bibtex_from_the_keyboard(page, entry)
    assert panel.evaluate("p => p.closest('li') !== null")  # below the entry, in its item
    # Under the chips, not squeezed between them.
    assert panel.evaluate("p => p.previousElementSibling.matches('.pub-links')")
    page.keyboard.press("Tab")
    button = panel.get_by_role("button", name="Copy BibTeX", exact=True)
    assert button.evaluate("b => b === document.activeElement")
    assert button.evaluate("b => getComputedStyle(b).outlineStyle") != "none"
    box = button.bounding_box()
    assert box["width"] >= 24 and box["height"] >= 24  # WCAG 2.5.8 target size
    # Inside the box, at its top right.
    code = panel.locator(".highlight").bounding_box()
    assert code["y"] <= box["y"] and box["y"] + box["height"] <= code["y"] + code["height"]
    assert code["x"] + code["width"] - (box["x"] + box["width"]) < 16
    status = panel.locator("[role=status]")
    assert status.inner_text() == ""
    page.keyboard.press("Enter")
    page.wait_for_function(
        "s => document.querySelector(s).textContent",
        arg=f"#{panel.get_attribute('id')} [role=status]",
    )
    assert status.inner_text() == "Copied"  # shown, and announced by screen readers
    copied = page.evaluate("navigator.clipboard.readText()")
    parsed = parse_bibtex(copied, "bibtex")
    assert list(parsed.entries) == [key]
    copy = parsed.entries[key]
    original = bib.entries[key]
    assert not SITE_ONLY_FIELDS & {f.lower() for f in copy.fields}
    assert copy.fields["title"] == original.fields["title"]
    assert [str(p) for p in copy.persons["author"]] == [str(p) for p in original.persons["author"]]
    toggle.focus()
    page.keyboard.press("Space")  # closes again
    assert toggle.get_attribute("aria-expanded") == "false"
    assert panel.is_hidden()
    page.keyboard.press("Space")  # opens again, without fetching again
    assert panel.locator("pre").count() == 1 and panel.is_visible()


def test_a_failed_copy_is_announced(open_page):
    page = open_page()  # no clipboard permission: the browser refuses to write
    page.evaluate(
        "() => { navigator.clipboard.writeText = () => Promise.reject(new Error('denied')); }"
    )
    panel = open_bibtex_from_the_keyboard(page, page.locator("li.publication").first)
    panel.get_by_role("button", name="Copy BibTeX").click()
    status = panel.locator("[role=status]")
    status.filter(has_text="Copying failed").wait_for()
    assert "select the text" in status.inner_text()


def test_bibtex_that_cannot_be_loaded_says_why(browser, site_url):
    problems: list[str] = []
    page = new_page(browser, site_url, problems)
    page.route("**/*.bib", lambda route: route.fulfill(status=404, body="gone"))
    page.goto(site_url + PAGE)
    entry = page.locator("li.publication").first
    toggle = entry.locator(".pub-bibtex-toggle")
    toggle.click()
    panel = page.locator(f"#{toggle.get_attribute('aria-controls')}")
    error = panel.locator(".publication-bibtex-error")
    error.wait_for()
    assert "Could not load the BibTeX (HTTP 404)" in error.inner_text()
    assert error.locator("a").get_attribute("href").endswith(".bib")  # the file, to try again
    page.unroute("**/*.bib")
    toggle.click()  # closes
    toggle.click()  # opens: a failed load is tried again
    panel.locator("pre").wait_for()
    assert panel.locator(".publication-bibtex-error").count() == 0
    page.context.close()
    assert [p for p in problems if "404" not in p] == []  # the browser logs the 404 itself


@pytest.mark.parametrize("width", [1280, 360])
def test_a_paper_page_copies_its_bibtex(browser, site_url, bib, width):
    problems: list[str] = []
    page = new_page(
        browser,
        site_url,
        problems,
        viewport={"width": width, "height": 800},
        permissions=["clipboard-read", "clipboard-write"],
    )
    page.goto(site_url + "papers/huang2017densely.html")
    button = page.locator(".paper-bibtex").get_by_role("button", name="Copy BibTeX", exact=True)
    # The button is inside the box, above its text: the text keeps the box's whole width.
    block, pre = page.locator(".paper-bibtex .highlight"), page.locator(".paper-bibtex pre")
    assert button.evaluate("(b) => b.closest('.highlight') !== null")
    assert pre.bounding_box()["width"] >= block.bounding_box()["width"] - 2
    assert button.bounding_box()["y"] + button.bounding_box()["height"] <= pre.bounding_box()["y"]
    # Lines are kept whole: a long one scrolls inside the box (from the keyboard too).
    assert pre.evaluate("p => getComputedStyle(p).whiteSpace") == "pre"
    assert pre.evaluate("p => getComputedStyle(p).overflowWrap") != "anywhere"
    assert pre.evaluate("p => p.tabIndex") == 0
    if width == 360:
        assert pre.evaluate("p => p.scrollWidth > p.clientWidth")
        assert page.evaluate("document.documentElement.scrollWidth") <= width
    button.focus()
    page.keyboard.press("Enter")
    page.locator(".paper-bibtex [role=status]").filter(has_text="Copied").wait_for()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert list(parse_bibtex(copied, "bibtex").entries) == ["huang2017densely"]
    assert copied.strip() == page.locator(".paper-bibtex pre").inner_text().strip()
    page.context.close()
    assert problems == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_open_bibtex_boxes_have_no_accessibility_violation(open_page, scheme):
    """The site checks run axe on pages as loaded; this opens and copies first."""
    axe = require_npm_tool(AXE_JS)
    page = open_page(color_scheme=scheme, permissions=["clipboard-read", "clipboard-write"])
    panel = open_bibtex_from_the_keyboard(page, page.locator("li.publication").first)
    panel.get_by_role("button", name="Copy BibTeX").click()
    panel.locator("[role=status]").filter(has_text="Copied").wait_for()
    page.add_script_tag(path=str(axe))
    violations = page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
    )
    assert [(v["id"], [n["target"] for n in v["nodes"]]) for v in violations] == []


# -- Dark mode ------------------------------------------------------------------------------


def _luminance(color: str) -> float:
    channels = [int(c) / 255 for c in re.findall(r"\d+", color)[:3]]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


CHART_COLOURS = """() => {
  const style = (selector, name) => getComputedStyle(document.querySelector(selector))[name];
  return {
    background: getComputedStyle(document.body).backgroundColor,
    text: style(".publication-chart-total", "fill"),
    foreground: getComputedStyle(document.body).color,
    bars: [...document.querySelectorAll(".publication-chart-legend .publication-chart-swatch")]
      .map((s) => getComputedStyle(s).backgroundColor),
    rects: ["conference", "journal", "report"].map(
      (k) => style(`rect.publication-chart-${k}`, "fill")),
    select: style("#pub-filter-venue", "backgroundColor"),
  };
}"""


def test_dark_mode_toggle_recolours_the_chart_and_filters(open_page):
    page = open_page(color_scheme="light")
    light = page.evaluate(CHART_COLOURS)
    toggle = page.locator(".theme-toggle:visible")
    for _ in range(3):  # furo cycles auto -> dark -> light
        if page.evaluate("document.body.dataset.theme") == "dark":
            break
        toggle.click()
    assert page.evaluate("document.body.dataset.theme") == "dark"
    dark = page.evaluate(CHART_COLOURS)
    assert _luminance(dark["background"]) < 0.05 < 0.9 < _luminance(light["background"])
    for colours in (light, dark):
        assert colours["text"] == colours["foreground"]  # chart text follows the theme
        assert colours["bars"] == colours["rects"]  # the legend matches the bars
        assert colours["select"] == colours["background"]
        for bar in colours["rects"]:
            assert contrast(bar, colours["background"]) >= 3, (bar, colours["background"])
    assert light["rects"] != dark["rects"]
    # "auto" follows the system setting.
    page.evaluate("localStorage.setItem('theme', 'auto')")
    page.emulate_media(color_scheme="dark")
    page.reload()
    assert page.evaluate(CHART_COLOURS)["rects"] == dark["rects"]


# -- Phones and layout -----------------------------------------------------------------------


def test_no_horizontal_scrolling_on_a_phone(open_page):
    page = open_page(viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True)
    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
    # Every BibTeX box open: each is fetched and shown in its entry.
    page.eval_on_selector_all(".pub-bibtex-toggle", "bs => bs.forEach(b => b.click())")
    page.wait_for_function("document.querySelectorAll('.publication-bibtex pre').length === 51")
    width = page.evaluate("document.documentElement.clientWidth")
    assert width == 360
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    # Nothing sticks out, but inside the boxes that scroll sideways (BibTeX, year chips).
    overflowing = page.eval_on_selector_all(
        "article *",
        f"els => els.filter(e => e.getBoundingClientRect().right > {width} + 0.5"
        " && !e.closest('pre, .publication-years > ul')).map(e => e.outerHTML.slice(0, 80))",
    )
    assert overflowing == []
    for scroller in (".publication-years > ul", ".publication-bibtex pre"):
        assert page.eval_on_selector_all(
            scroller,
            f"els => els.every(e => e.getBoundingClientRect().right <= {width} + 0.5"
            " && ['auto', 'scroll'].includes(getComputedStyle(e).overflowX))",
        ), scroller
    # Long BibTeX lines scroll inside their box, which takes focus to be scrolled by keyboard.
    assert page.eval_on_selector_all(
        ".publication-bibtex pre", "ps => ps.some(p => p.scrollWidth > p.clientWidth)"
    )
    assert page.eval_on_selector_all(
        ".publication-bibtex pre", "ps => ps.every(p => p.tabIndex === 0)"
    )
    # The chart's year labels do not collide.
    boxes = page.eval_on_selector_all(
        ".publication-chart-year",
        "ts => ts.filter(t => t.checkVisibility()).map(t => t.getBoundingClientRect())"
        ".map(r => [r.left, r.right])",
    )
    assert all(a[1] <= b[0] for a, b in itertools.pairwise(boxes))


@pytest.mark.parametrize("width", [1280, 360])
def test_the_filter_form_moves_nothing_when_it_appears(open_page, width):
    """The placeholder reserves the form's exact height: no layout shift."""

    def first_entry_top(page: Any) -> float:
        return page.locator("li.publication").first.evaluate(
            "e => e.getBoundingClientRect().top + scrollY"
        )

    viewport = {"width": width, "height": 800}
    before = open_page(viewport=viewport)
    before.context.route(  # the script loads but does nothing
        "**/publications.js*",
        lambda route: route.fulfill(body="", content_type="text/javascript"),
    )
    before.reload()
    assert before.locator(".pub-filter-form").count() == 0
    with_script = open_page(viewport=viewport)
    assert with_script.locator(".pub-filter-form").count() == 1
    assert first_entry_top(with_script) == pytest.approx(first_entry_top(before), abs=0.5)
    shift = with_script.evaluate(
        """() => new Promise((resolve) => {
          let total = 0;
          const article = document.querySelector("article");
          new PerformanceObserver((list) => {
            for (const entry of list.getEntries()) {
              // furo's own header icons shift a little when its script runs: not ours
              if (entry.sources.some((s) => article.contains(s.node))) total += entry.value;
            }
          }).observe({type: "layout-shift", buffered: true});
          setTimeout(() => resolve(total), 200);
        })"""
    )
    assert shift == 0


# -- Papers first; chips; print ---------------------------------------------------------------

VIEWPORTS = {
    "desktop": {"viewport": {"width": 1280, "height": 800}},
    "phone": {"viewport": {"width": 360, "height": 740}, "is_mobile": True, "has_touch": True},
}


@pytest.mark.parametrize("view", VIEWPORTS)
def test_the_first_paper_is_in_the_first_screen(open_page, view):
    page = open_page(color_scheme="light", **VIEWPORTS[view])
    title = page.locator("li.publication .pub-title").first
    box = title.bounding_box()
    height = page.evaluate("innerHeight")
    assert box["y"] >= 0 and box["y"] + box["height"] <= height, (box, height)
    # The chart is under the lists.
    last_entry = page.locator("li.publication").last.bounding_box()
    assert page.locator(".publication-chart").bounding_box()["y"] > last_entry["y"]


def test_on_a_phone_the_selects_are_behind_a_filters_button(open_page):
    page = open_page(**VIEWPORTS["phone"])
    toggle = page.locator(".pub-filter-toggle")
    assert toggle.inner_text() == "Filters"
    select = page.locator("#pub-filter-venue")
    assert toggle.get_attribute("aria-expanded") == "false" and select.is_hidden()
    toggle.click()
    assert toggle.get_attribute("aria-expanded") == "true" and select.is_visible()
    page.select_option("#pub-filter-venue", "CVPR")
    assert toggle.inner_text() == "Filters (1)"  # says so when it is closed again
    toggle.click()
    assert select.is_hidden() and page.locator("#pub-filter-q").is_visible()


@pytest.mark.parametrize("view", VIEWPORTS)
def test_chips_never_break_and_are_big_enough_to_tap(open_page, view):
    page = open_page(**VIEWPORTS[view])
    chips = page.eval_on_selector_all(
        "li.publication .pub-chip, .pub-venue-chip, .pub-badge, .publication-years a",
        """cs => cs.map(c => ({
          html: c.outerHTML.slice(0, 60), rects: c.getClientRects().length,
          width: c.getBoundingClientRect().width, height: c.getBoundingClientRect().height,
          tap: c.matches('.pub-chip, .publication-years a')}))""",
    )
    assert len([c for c in chips if c["tap"]]) > 3 * 51
    assert [c["html"] for c in chips if c["rects"] != 1] == []
    small = [c for c in chips if c["tap"] and (c["width"] < 24 or c["height"] < 24)]
    assert small == []
    # Links in one order on every entry: the paper, then its other links, BibTeX last.
    orders = page.eval_on_selector_all(
        "li.publication .pub-links",
        "rows => rows.map(r => [...r.querySelectorAll('.pub-chip')]"
        ".map(c => c.textContent.trim()))",
    )
    for order in orders:
        assert order[0] == "Paper" and order[-1].startswith("BibTeX"), order


def _parse_colour(value: str) -> tuple[float, float, float, float]:
    """An rgb()/rgba() or color(srgb ...) value from getComputedStyle, as 0-1 channels."""
    numbers = [float(n) for n in re.findall(r"[\d.]+", value)]
    if value.startswith("color("):
        channels = numbers[:3]
        alpha = numbers[3] if len(numbers) > 3 else 1.0
    else:
        channels = [n / 255 for n in numbers[:3]]
        alpha = numbers[3] if len(numbers) > 3 else 1.0
    return (*channels, alpha)


def _relative_luminance(rgb: tuple[float, ...]) -> float:
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb[:3]]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _ratio(text: tuple[float, ...], background: tuple[float, ...]) -> float:
    high, low = sorted((_relative_luminance(text), _relative_luminance(background)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_chips_and_badges_meet_wcag_aa(open_page, scheme):
    page = open_page(color_scheme=scheme)
    colours = page.evaluate(
        """() => {
          const page = getComputedStyle(document.body).backgroundColor;
          const pick = (s) => { const e = document.querySelector(s); const c = getComputedStyle(e);
            return [s, c.color, c.backgroundColor]; };
          return {page, chips: ['.pub-venue-chip', '.pub-badge-award', '.pub-badge-presentation',
            'li.publication a.pub-chip', '.pub-bibtex-toggle', '.publication-years a',
            '.pub-filter-status'].map(pick)};
        }"""
    )
    page_bg = _parse_colour(colours["page"])
    assert (_relative_luminance(page_bg) < 0.05) == (scheme == "dark")
    for selector, fg, bg in colours["chips"]:
        background = _parse_colour(bg)
        if background[3] == 0:
            background = page_bg
        ratio = _ratio(_parse_colour(fg), background)
        assert ratio >= 4.5, (selector, fg, bg, round(ratio, 2))


def test_print_is_compact_and_without_controls(open_page):
    page = open_page()
    page.emulate_media(media="print")
    for hidden in (
        ".publication-chart",
        ".publication-filters",
        ".publication-years",
        ".pub-bibtex-toggle",
    ):
        assert page.locator(hidden).first.evaluate("e => getComputedStyle(e).display") == "none"
    assert page.locator(".print-header").is_visible()
    assert page.locator(".sidebar-drawer").evaluate("e => getComputedStyle(e).display") == "none"
    entry = page.locator("li.publication").first
    assert entry.evaluate("e => getComputedStyle(e).breakInside") == "avoid"
    # Each entry prints its paper's address.
    href = entry.locator("a.pub-paper").get_attribute("href")
    printed = entry.locator("a.pub-paper").evaluate("a => getComputedStyle(a, '::after').content")
    assert href in printed
    pdf = page.pdf(format="A4")
    pages = len(re.findall(rb"/Type\s*/Page\b(?!s)", pdf))
    assert 1 < pages <= 4  # 7 pages before the print stylesheet


# -- Thumbnails and abstracts (the site has none: a small project of its own) ----------------

THUMBNAIL_BIB = """
@inproceedings{alpha2024,
  title = {Alpha}, author = {Gao Huang}, booktitle = {Some Conference}, abbr = {SC},
  year = {2024}, url = {https://example.org/alpha}, preview = {alpha.png},
  abstract = {First paragraph.

Second paragraph.},
}
@inproceedings{beta2023,
  title = {Beta}, author = {Gao Huang}, booktitle = {Some Conference}, year = {2023},
  url = {https://example.org/beta},
}
"""


@pytest.fixture
def thumbnail_site(project, tmp_path) -> Path:
    from PIL import Image

    folder = tmp_path / "src" / "assets" / "img" / "publication_preview"
    folder.mkdir(parents=True)
    Image.new("RGB", (800, 450), (102, 8, 116)).save(folder / "alpha.png")
    page = (
        "# Papers\n\n```{publication-years}\n```\n\n```{publication-list}\n:group-by: year\n```\n"
    )
    result = project({"index.md": page, "refs.bib": THUMBNAIL_BIB})
    assert result.returncode == 0, result.stderr
    return tmp_path / "html"


@pytest.mark.parametrize("view", VIEWPORTS)
def test_a_thumbnail_is_a_column_left_of_the_entry(browser, thumbnail_site, view):
    from support import serve

    with serve(thumbnail_site) as url:
        problems: list[str] = []
        page = new_page(browser, url, problems, **VIEWPORTS[view])
        page.goto(url + "index.html")
        entry = page.locator("li.publication").first
        thumb = entry.locator(".pub-thumb img").bounding_box()
        body = entry.locator(".pub-body").bounding_box()
        title = entry.locator(".pub-title").bounding_box()
        # Side by side, the image first, at the top of the entry, at most 160 CSS px wide.
        assert thumb["x"] + thumb["width"] < body["x"]
        assert abs(thumb["y"] - title["y"]) < 12
        assert 60 < thumb["width"] <= 160
        assert body["width"] > 2 * thumb["width"]
        # An entry without a thumbnail keeps the whole width.
        other = page.locator("li.publication").nth(1)
        assert other.locator(".pub-body").bounding_box()["x"] < thumb["x"] + 1
        # The abstract opens under the chips, from the keyboard.
        summary = entry.locator("details.pub-abstract > summary")
        assert entry.locator(".pub-abstract-text").is_hidden()
        summary.focus()
        page.keyboard.press("Enter")
        text = entry.locator(".pub-abstract-text")
        assert text.is_visible() and "First paragraph." in text.inner_text()
        assert text.bounding_box()["y"] > entry.locator(".pub-chip").first.bounding_box()["y"]
        page.context.close()
        assert problems == []
