"""Sphinx's search still works on the built site, in a real browser.

The site ships Sphinx's search scripts minified and without ``sphinx_highlight.js``
(first_visit.py, minify.py); a mistake in either shows here as no results or a
script error.
"""

from __future__ import annotations

from urllib.parse import quote

import pytest
from support import new_page

pytestmark = pytest.mark.browser


@pytest.mark.parametrize(
    ("query", "page"),
    [
        # A paper's title finds the paper's own page (the list's entries are not indexed
        # a second time: test_papers.py).
        ("Densely Connected Convolutional Networks", "papers/huang2017densely.html"),
        ("densely", "papers/huang2017densely.html"),
        ("Publications", "publications.html"),
        ("Awards", "awards.html"),
    ],
)
def test_searching_finds_the_page(browser, site_url, query, page):
    problems: list[str] = []
    tab = new_page(browser, site_url, problems)
    tab.goto(f"{site_url}search.html?q={quote(query)}")
    results = tab.locator("#search-results ul.search li a")
    results.first.wait_for(timeout=10_000)
    hrefs = [href.split("#")[0] for href in results.evaluate_all("as => as.map(a => a.href)")]
    assert site_url + page in hrefs
    status = tab.locator("#search-results .search-summary").inner_text()
    assert "Search finished, found" in status
    tab.context.close()
    assert problems == []


def test_a_query_without_matches_says_so(browser, site_url):
    problems: list[str] = []
    tab = new_page(browser, site_url, problems)
    tab.goto(f"{site_url}search.html?q=zzyzxnothing")
    summary = tab.locator("#search-results .search-summary")
    summary.filter(has_text="did not match any documents").wait_for(timeout=10_000)
    assert tab.locator("#search-results ul.search li").count() == 0
    tab.context.close()
    assert problems == []


def test_the_search_page_has_a_search_field_on_a_phone(browser, site_url):
    problems: list[str] = []
    tab = new_page(browser, site_url, problems, viewport={"width": 360, "height": 740})
    tab.goto(f"{site_url}search.html?q=densely")
    field = tab.locator("article input[name=q]")
    assert field.is_visible() and field.input_value() == "densely"  # filled in by Sphinx's search
    field.fill("snapshot ensembles")
    field.press("Enter")
    tab.wait_for_url("**/search.html?q=snapshot+ensembles")
    link = tab.locator("#search-results ul.search li a[href*='papers/huang2017snapshot']")
    link.first.wait_for(timeout=10_000)
    tab.context.close()
    assert problems == []


def test_the_404_page_offers_a_way_on(browser, site_url):
    """A search field and links home and to the publications (the page's links are absolute)."""
    problems: list[str] = []
    tab = new_page(browser, site_url, problems, viewport={"width": 360, "height": 740})
    tab.goto(f"{site_url}404.html")
    links = tab.locator("article a")
    assert links.evaluate_all("as => as.map(a => a.getAttribute('href'))") == [
        "/",
        "/publications.html",
    ]
    field = tab.get_by_role("searchbox", name="Search this site")
    field.fill("densely")
    field.press("Enter")
    tab.wait_for_url("**/search.html?q=densely")
    tab.locator("#search-results ul.search li a").first.wait_for(timeout=10_000)
    tab.context.close()
    assert problems == []


def test_excerpts_of_paper_pages_are_text_not_link_labels(browser, site_url):
    """The excerpt under a result has the paper's authors and venue, not "PaperCodeBibTeX"."""
    problems: list[str] = []
    tab = new_page(browser, site_url, problems)
    tab.goto(f"{site_url}search.html?q=densely")
    result = tab.locator(
        "#search-results ul.search li", has=tab.locator("a[href*='huang2017densely']")
    )
    result.locator("p.context").wait_for(timeout=10_000)
    excerpt = result.locator("p.context").inner_text()
    assert "Weinberger" in excerpt
    for noise in ("PaperCode", "Slides", "\u00a9"):
        assert noise not in excerpt, excerpt
    tab.context.close()
    assert problems == []
