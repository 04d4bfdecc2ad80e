"""Fixtures for the checks on the built site: its pages, a local server, the browser.

The checks run over every HTML file of the build (a glob), so they also cover
pages added later (paper pages, the 404 page). In the browser (axe, script errors,
requests, widths), the paper pages, all made from one template, are sampled: every
fourth, and the largest; the other pages are all visited.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from check_tools import AXE_JS, View, require, require_npm_tool


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


@dataclass
class Visit:
    """What happened while every page was loaded in one view."""

    violations: dict[str, list[dict]] = field(default_factory=dict)  # page -> axe violations
    foreign_requests: set[str] = field(default_factory=set)
    script_errors: list[str] = field(default_factory=list)
    page_widths: dict[str, int] = field(default_factory=dict)


def page_urls(site: Path, site_url: str, html_pages: list[Path]) -> dict[str, str]:
    """Page name -> URL for every built page, plus the search page showing results."""
    urls = {
        p.relative_to(site).as_posix(): site_url + p.relative_to(site).as_posix()
        for p in html_pages
    }
    if "search.html" in urls:
        urls["search.html?q=learning"] = site_url + "search.html?q=learning"
    return urls


@pytest.fixture(scope="session")
def visit(browser, site: Path, site_url: str, browser_pages: list[Path]) -> Callable[[View], Visit]:
    """Load the pages in a view once (cached): run axe-core, record requests and errors.

    Requests to any host but the local server are recorded and aborted, so the
    tests never fetch anything from the network.
    """
    axe = require_npm_tool(AXE_JS)
    urls = page_urls(site, site_url, browser_pages)
    cache: dict[View, Visit] = {}

    def run(view: View) -> Visit:
        if view in cache:
            return cache[view]
        report = Visit()
        context = browser.new_context(
            color_scheme=view.color_scheme,
            viewport={"width": view.width, "height": view.height},
            service_workers="block",
        )

        def guard(route) -> None:
            url = route.request.url
            if url.startswith(site_url):
                route.continue_()
            else:
                report.foreign_requests.add(url)
                route.abort()

        context.route("**/*", guard)
        page = context.new_page()
        current = {"name": ""}
        page.on("pageerror", lambda e: report.script_errors.append(f"{current['name']}: {e}"))
        page.on(
            "console",
            lambda m: (
                m.type == "error" and report.script_errors.append(f"{current['name']}: {m.text}")
            ),
        )
        for name, url in urls.items():
            current["name"] = name
            page.goto(url, wait_until="load")
            page.add_script_tag(path=str(axe))
            report.violations[name] = page.evaluate(
                "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
            )
            report.page_widths[name] = page.evaluate("document.documentElement.scrollWidth")
        context.close()
        cache[view] = report
        return report

    return run
