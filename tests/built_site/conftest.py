"""Fixtures for the checks on the built site: its pages, a local server, the browser.

The checks run over every HTML file of the build (a glob), so they also cover
pages added later (paper pages, the 404 page). In the browser (axe, script errors,
requests, widths), the paper pages, all made from one template, are sampled: every
fourth, and the largest; the other pages are all visited.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from check_tools import View, Visit, load_pages, page_urls, require


@pytest.fixture(scope="session")
def html_pages(site: Path) -> list[Path]:
    """Every built HTML page, whoever added it."""
    pages = sorted(site.rglob("*.html"))
    assert pages, f"no HTML pages in {site}"
    return pages


#: Every how many paper pages the browser checks visit one.
PAPER_SAMPLE = 4


@pytest.fixture(scope="session")
def browser_pages(site: Path, html_pages: list[Path]) -> list[Path]:
    """The pages loaded in the browser: all but most paper pages (see the module's docstring)."""
    papers = [p for p in html_pages if p.relative_to(site).parts[0] == "papers"]
    largest = max(papers, key=lambda p: p.stat().st_size, default=None)
    sample = set(papers[::PAPER_SAMPLE]) | ({largest} if largest else set())
    return [p for p in html_pages if p not in papers or p in sample]


@pytest.fixture(scope="session")
def java() -> str:
    path = shutil.which("java")
    require(path, "Java is not installed (Debian package 'default-jre-headless')")
    return str(path)


@pytest.fixture(scope="session")
def visit(browser, site: Path, site_url: str, browser_pages: list[Path]) -> Callable[[View], Visit]:
    """Load the pages in a view once (cached): run axe-core, record requests and errors."""
    urls = page_urls(site, site_url, browser_pages)
    cache: dict[View, Visit] = {}

    def run(view: View) -> Visit:
        if view not in cache:
            cache[view] = load_pages(browser, site_url, urls, view)
        return cache[view]

    return run
