"""Where the site checks find their tools, and what happens when one is missing.

The W3C Nu checker and axe-core come from npm (tests/package.json, installed by
``make test``); the browser is the system's Chromium (``chromium`` on the PATH, or
the path in env ``CHROMIUM``), never a download. A missing tool skips its checks
locally but fails them in CI (env ``CI`` set).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from support import require

NODE_MODULES = Path(__file__).resolve().parents[1] / "node_modules"
VNU_JAR = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
AXE_JS = NODE_MODULES / "axe-core" / "axe.min.js"


def require_npm_tool(path: Path) -> Path:
    require(path.exists(), f"{path.name} is missing: run `npm ci --prefix tests` (make test does)")
    return path


@dataclass(frozen=True)
class View:
    """How a visitor sees the site: colour scheme and viewport."""

    name: str
    color_scheme: str
    width: int
    height: int


#: Desktop wide enough for both furo sidebars (82em), and the smallest common phone.
VIEWS = (
    View("light", "light", 1440, 900),
    View("dark", "dark", 1440, 900),
    View("light-360px", "light", 360, 740),
    View("dark-360px", "dark", 360, 740),
)


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


def load_pages(browser, site_url: str, urls: dict[str, str], view: View) -> Visit:
    """Load each page in one view: run axe-core, record requests, script errors and widths.

    Requests to any host but the local server are recorded and aborted, so the
    tests never fetch anything from the network.
    """
    axe = require_npm_tool(AXE_JS)
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
        lambda m: m.type == "error" and report.script_errors.append(f"{current['name']}: {m.text}"),
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
    return report
