"""Screenshots of the built site, so the look is seen rather than assumed.

``make screenshots`` (``python -m tools.screenshots``) serves an already-built HTML folder
on 127.0.0.1 and photographs the home page, the publications page, a paper page and the
search results page, on a desktop and a phone, in light and dark colour schemes, with
Debian's Chromium (never a downloaded browser). It builds nothing itself.

Pages may fetch nothing but the local server: other requests are aborted and printed as
problems, like script errors. A page that fails to load makes the exit status non-zero.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import quote

from sphinx_publications.papers import paper_slug
from tools.browser import CHROMIUM_ARGS, chromium_executable, new_page, serve

PAGES = ("index", "publications", "paper", "search")
SCHEMES = ("light", "dark")
#: A desktop, and the smallest common phone at its real pixel density (2), so text
#: in the phone shots is as sharp as on the device.
VIEWPORTS: dict[str, dict[str, Any]] = {
    "desktop": {"viewport": {"width": 1280, "height": 800}},
    "phone": {
        "viewport": {"width": 360, "height": 740},
        "is_mobile": True,
        "has_touch": True,
        "device_scale_factor": 2,
    },
}
SEARCH_TIMEOUT_MS = 10_000
#: Sphinx fills the search summary only when every result is shown (searchtools.js).
_SEARCH_DONE = (
    "() => (document.querySelector('#search-results .search-summary')"
    " ?.textContent.trim() ?? '') !== ''"
)


@dataclass(frozen=True)
class Target:
    """One page to photograph: its name in the file names and its URL below the site."""

    name: str
    path: str


class _FirstHeading(HTMLParser):
    """Collects the text of the first ``<h1>``, without its ``¶`` permalink."""

    def __init__(self) -> None:
        super().__init__()
        self.depth = 0
        self.done = False
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "h1" and not self.done:
            self.depth = 1
        elif self.depth and tag == "a" and ("class", "headerlink") in attrs:
            self.depth += 1  # inside the permalink: skip its text

    def handle_endtag(self, tag: str) -> None:
        if tag == "h1" and self.depth:
            self.depth, self.done = 0, True
        elif tag == "a" and self.depth > 1:
            self.depth -= 1

    def handle_data(self, data: str) -> None:
        if self.depth == 1:
            self.parts.append(data)


def page_title(html: Path) -> str:
    """The page's ``<h1>``: on a paper page, the paper's title."""
    parser = _FirstHeading()
    parser.feed(html.read_text("utf-8"))
    return " ".join("".join(parser.parts).split())


def search_word(title: str) -> str:
    """A word of the title that search will find: the first of four letters or more."""
    words = re.findall(r"[A-Za-z]+", title)
    return next((w for w in words if len(w) >= 4), words[0] if words else "learning")


def paper_page(site: Path, key: str | None) -> Path:
    """The page of ``key`` (named as the extension names it, in whichever folder the
    site's ``publications_paper_dir`` is), else the first under papers/."""
    if key is not None:
        name = f"{paper_slug(key)}.html"
        found = sorted(site.glob(f"*/{name}"))
        if not found:
            raise FileNotFoundError(f"no paper page for {key!r}: no {name} in {site}'s folders")
        return found[0]
    pages = sorted((site / "papers").glob("*.html"))
    if not pages:
        raise FileNotFoundError(f"no paper pages in {site / 'papers'}")
    return pages[0]


def targets(site: Path, pages: Sequence[str], paper_key: str | None) -> list[Target]:
    """The URLs of the chosen pages; the search looks for a word of the paper's title."""
    paper = paper_page(site, paper_key) if {"paper", "search"} & set(pages) else None
    found: list[Target] = []
    for name in pages:
        if name == "paper" and paper is not None:
            found.append(Target(name, paper.relative_to(site).as_posix()))
        elif name == "search" and paper is not None:
            found.append(Target(name, f"search.html?q={quote(search_word(page_title(paper)))}"))
        else:
            found.append(Target(name, f"{name}.html"))
    return found


def shoot(
    browser: Any,
    site_url: str,
    target: Target,
    device: str,
    scheme: str,
    out: Path,
    full_page: bool,
) -> tuple[list[Path], list[str], bool]:
    """Photograph one page in one view: (files written, problems seen, whether it loaded)."""
    from playwright.sync_api import Error as PlaywrightError

    problems: list[str] = []
    page = new_page(
        browser,
        site_url,
        problems,
        color_scheme=scheme,
        service_workers="block",
        **VIEWPORTS[device],
    )
    stem = f"{target.name}-{device}-{scheme}"
    written: list[Path] = []
    try:
        try:
            response = page.goto(site_url + target.path, wait_until="load")
        except PlaywrightError as error:
            problems.append(f"failed to load {target.path}: {error.message.splitlines()[0]}")
            return written, problems, False
        if response is None or not response.ok:
            status = response.status if response is not None else "no response"
            problems.append(f"failed to load {target.path}: HTTP {status}")
            return written, problems, False
        if target.name == "search":
            try:
                page.wait_for_function(_SEARCH_DONE, timeout=SEARCH_TIMEOUT_MS)
            except PlaywrightError:
                print(f"note: {stem}: no search results after {SEARCH_TIMEOUT_MS / 1000:g} s")
            else:
                if page.locator("#search-results ul.search li").count() == 0:
                    print(f"note: {stem}: the search for {target.path} found nothing")
        page.evaluate("document.fonts.ready.then(() => true)")
        shots = [(out / f"{stem}.png", False)]
        if full_page:
            shots.append((out / f"{stem}-full.png", True))
        for path, whole in shots:
            page.screenshot(path=str(path), full_page=whole, animations="disabled")
            written.append(path)
        return written, problems, True
    finally:
        page.context.close()


def _shown(path: Path) -> str:
    """``path`` relative to the working folder when it is inside it: shorter to read."""
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    """The command line; defaults fit ``make screenshots`` run from the repository."""
    parser = argparse.ArgumentParser(
        prog="python -m tools.screenshots",
        description="Screenshots of the built site: desktop and phone, light and dark.",
    )
    parser.add_argument("--site", type=Path, default=Path("_build/html"), help="built HTML folder")
    parser.add_argument("--out", type=Path, default=Path("_build/screenshots"), help="PNG folder")
    parser.add_argument(
        "--full-page", action="store_true", help="also write whole-page shots (*-full.png)"
    )
    parser.add_argument(
        "--pages", nargs="+", choices=PAGES, default=list(PAGES), help="which pages (default: all)"
    )
    parser.add_argument("--paper", metavar="KEY", help="BibTeX key of the paper page to show")
    return parser.parse_args(argv)


def shoot_all(browser: Any, args: argparse.Namespace, chosen: Sequence[Target]) -> int:
    """Serve the site and photograph every page in every view; the exit status."""
    args.out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    failed = problems = 0
    with serve(args.site) as site_url:
        for target in chosen:
            print(f"{target.name}: {target.path}")
            for device in VIEWPORTS:
                for scheme in SCHEMES:
                    files, seen, loaded = shoot(
                        browser, site_url, target, device, scheme, args.out, args.full_page
                    )
                    written += files
                    problems += len(seen)
                    failed += not loaded
                    for problem in seen:
                        print(f"problem: {target.name}-{device}-{scheme}: {problem}")
    for path in written:
        print(f"wrote {_shown(path)}")
    print(f"{len(written)} screenshots in {_shown(args.out)}; {problems} problems, {failed} failed")
    return 1 if failed else 0


def main(argv: Sequence[str] | None = None, browser: Any = None) -> int:
    """Write the screenshots; 0 if every page loaded, 1 if one did not, 2 if it cannot run.

    ``browser``: a Playwright browser already running (the tests' own: Playwright's sync
    API runs once per thread); without it, Debian's Chromium is launched here.
    """
    args = parse_args(argv)
    if not (args.site / "index.html").is_file():
        print(f"no built site in {args.site}: run `make html` first", file=sys.stderr)
        return 2
    try:
        chosen = targets(args.site, args.pages, args.paper)
    except FileNotFoundError as error:
        print(error, file=sys.stderr)
        return 2
    if browser is not None:
        return shoot_all(browser, args, chosen)
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        print("needs the playwright package: pip install -e '.[test]'", file=sys.stderr)
        return 2
    executable = chromium_executable()
    if executable is None:
        print("needs Chromium: apt-get install chromium (or set $CHROMIUM)", file=sys.stderr)
        return 2
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            return shoot_all(launched, args, chosen)
        finally:
            launched.close()


if __name__ == "__main__":
    sys.exit(main())
