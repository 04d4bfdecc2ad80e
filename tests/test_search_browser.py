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
        # A paper's title: paper pages are not in Sphinx's index, the list is.
        ("Densely Connected Convolutional Networks", "publications.html"),
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
