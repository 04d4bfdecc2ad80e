"""Every internal link resolves, every id is unique, and pages load nothing from other hosts.

External links are not fetched here (no network in tests); ``make linkcheck``
checks them where the network exists.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from bs4 import BeautifulSoup, Tag
from check_tools import VIEWS

#: Attributes that hold a URL, and those that hold a list of them.
URL_ATTRIBUTES = ("href", "src", "action", "poster", "data")
SRCSET_ATTRIBUTES = ("srcset", "imagesrcset")
#: ``<link rel=...>`` values that make the browser fetch (or connect to) the URL.
FETCHING_RELS = {
    "stylesheet",
    "icon",
    "shortcut",
    "apple-touch-icon",
    "mask-icon",
    "manifest",
    "preload",
    "prefetch",
    "modulepreload",
    "preconnect",
    "dns-prefetch",
}
#: Elements whose URL attributes the browser fetches as part of the page.
FETCHING_TAGS = {"script", "img", "source", "iframe", "video", "audio", "embed", "object", "input"}
CSS_URL = re.compile(r"""(?:url\(\s*['"]?|@import\s+['"])([^'")\s]+)""")


@pytest.fixture(scope="session")
def soups(html_pages: list[Path]) -> dict[Path, BeautifulSoup]:
    return {p: BeautifulSoup(p.read_text("utf-8"), "html.parser") for p in html_pages}


def urls_in(soup: BeautifulSoup) -> Iterator[tuple[Tag, str]]:
    """Every (element, URL) of a page, srcset candidates included."""
    for element in soup.find_all(True):
        for name in URL_ATTRIBUTES:
            value = element.get(name)
            if isinstance(value, str) and value.strip():
                yield element, value.strip()
        for name in SRCSET_ATTRIBUTES:
            for candidate in str(element.get(name) or "").split(","):
                if candidate.strip():
                    yield element, candidate.split()[0]


def is_external(url: str) -> bool:
    parts = urlsplit(url)
    return bool(parts.scheme or parts.netloc)


def fetches(element: Tag) -> bool:
    """Whether the browser loads this element's URL while showing the page."""
    if element.name == "link":
        return bool(FETCHING_RELS & {r.lower() for r in element.get("rel", [])})
    return element.name in FETCHING_TAGS


def third_party_resources(soup: BeautifulSoup) -> list[str]:
    """Scripts, styles, fonts, images ... that the page would load from another host."""
    found = [url for element, url in urls_in(soup) if fetches(element) and is_external(url)]
    for element in soup.find_all(style=True):
        found += [u for u in CSS_URL.findall(element["style"]) if is_external(u)]
    for element in soup.find_all("style"):
        found += [u for u in CSS_URL.findall(element.get_text()) if is_external(u)]
    return [u for u in found if not u.startswith("data:")]


def ids_of(soup: BeautifulSoup) -> list[str]:
    return [e["id"] for e in soup.find_all(id=True)] + [
        e["name"] for e in soup.find_all("a", attrs={"name": True})
    ]


def broken_internal_links(
    site: Path, soups: dict[Path, BeautifulSoup]
) -> Iterator[tuple[str, str, str]]:
    """(page, url, problem) for each internal URL whose file or fragment is missing."""
    root = site.resolve()
    ids = {path.resolve(): set(ids_of(soup)) for path, soup in soups.items()}
    for page, soup in soups.items():
        name = page.relative_to(site).as_posix()
        for _, url in urls_in(soup):
            parts = urlsplit(url)
            if parts.scheme.lower() in ("javascript", "vbscript"):
                yield name, url, "script URL"
                continue
            if is_external(url):
                continue
            path, fragment = unquote(parts.path), unquote(parts.fragment)
            base = root if path.startswith("/") else page.parent  # "/_static/..." (404 pages)
            target = (base / path.lstrip("/")).resolve() if path else page.resolve()
            if path.endswith("/") or target.is_dir():
                target = target / "index.html"
            if not target.is_relative_to(root):
                yield name, url, "points outside the site"
            elif not target.is_file():
                yield name, url, "no such file"
            elif fragment and target in ids and fragment not in ids[target]:
                yield name, url, f"no id {fragment!r} in {target.name}"


def test_every_internal_link_resolves(site, soups):
    broken = [
        f"{page}: {url}: {problem}" for page, url, problem in broken_internal_links(site, soups)
    ]
    assert not broken, f"{len(broken)} broken internal links:\n" + "\n".join(broken)


def test_no_duplicate_ids(site, soups):
    duplicates = {
        page.relative_to(site).as_posix(): sorted(
            i for i, n in Counter(ids_of(soup)).items() if n > 1
        )
        for page, soup in soups.items()
    }
    assert not {page: ids for page, ids in duplicates.items() if ids}


def test_pages_reference_no_third_party_resources(site, soups):
    found = {
        page.relative_to(site).as_posix(): third_party_resources(soup)
        for page, soup in soups.items()
    }
    assert not {page: urls for page, urls in found.items() if urls}


def test_stylesheets_load_nothing_from_other_hosts(site):
    found = {
        css.relative_to(site).as_posix(): [
            u
            for u in CSS_URL.findall(css.read_text("utf-8"))
            if is_external(u) and not u.startswith("data:")
        ]
        for css in site.rglob("*.css")
    }
    assert not {name: urls for name, urls in found.items() if urls}


@pytest.mark.browser
def test_pages_request_nothing_from_other_hosts(visit):
    """Loaded in Chromium (every view), pages ask only the local server for anything."""
    foreign = sorted(set().union(*(visit(view).foreign_requests for view in VIEWS)))
    assert not foreign, "requests to other hosts:\n" + "\n".join(foreign)


# -- The checks themselves catch what they are for ---------------------------------------
SNIPPET = """<!doctype html><html><head>
<link rel="stylesheet" href="https://cdn.example.org/a.css">
<link rel="canonical" href="https://me.example.org/">
<script src="//cdn.example.org/a.js"></script></head>
<body style="background: url('https://img.example.org/bg.png')">
<a href="https://example.org/">an external link is fine</a>
<img srcset="local.png 1x, https://img.example.org/b.png 2x" src="data:image/png;base64,AA">
<a href="#here" id="dup">x</a><span id="dup"></span><a href="javascript:alert(1)">x</a>
<a href="other.html#nowhere">x</a><a href="missing.html">x</a>
<a href="/other.html#somewhere">x</a><a href="/gone.html">x</a></body></html>"""


def test_the_link_checks_catch_their_problems(tmp_path):
    (tmp_path / "other.html").write_text("<p id='somewhere'>", "utf-8")
    (tmp_path / "index.html").write_text(SNIPPET, "utf-8")
    soups = {p: BeautifulSoup(p.read_text("utf-8"), "html.parser") for p in tmp_path.glob("*.html")}
    index = soups[tmp_path / "index.html"]
    assert sorted(third_party_resources(index)) == [
        "//cdn.example.org/a.js",
        "https://cdn.example.org/a.css",
        "https://img.example.org/b.png",
        "https://img.example.org/bg.png",
    ]
    assert Counter(ids_of(index))["dup"] == 2
    problems = {(url, problem) for _, url, problem in broken_internal_links(tmp_path, soups)}
    assert problems == {
        ("#here", "no id 'here' in index.html"),
        ("javascript:alert(1)", "script URL"),
        ("other.html#nowhere", "no id 'nowhere' in other.html"),
        ("missing.html", "no such file"),
        ("local.png", "no such file"),
        ("/gone.html", "no such file"),
    }
