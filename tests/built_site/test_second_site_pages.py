"""The second site (``examples/turing``: alabaster, Chinese) passes the first site's checks.

Every page is valid HTML (vnu), and axe-core finds no violation in light and dark, on a
desktop and a phone; no page has a script error, fetches from elsewhere or scrolls
sideways on a phone.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from check_tools import VIEWS, View, load_pages, page_urls
from support import build_turing, serve
from test_accessibility import describe
from test_html_validity import nu_errors


@pytest.fixture(scope="module")
def turing_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_turing(tmp_path_factory.mktemp("turing-checks"))


@pytest.fixture(scope="module")
def turing_url(turing_site: Path) -> Iterator[str]:
    with serve(turing_site) as url:
        yield url


def test_every_page_of_the_second_site_is_valid_html(java: str, turing_site: Path):
    pages = sorted(turing_site.rglob("*.html"))
    assert len(pages) > 5
    errors = [
        f"{path.relative_to(turing_site.resolve())}:{line}"
        for path, lines in nu_errors(java, pages).items()
        for line in lines
    ]
    assert not errors, f"{len(errors)} HTML errors:\n" + "\n".join(errors)


@pytest.mark.browser
@pytest.mark.parametrize("view", VIEWS, ids=[v.name for v in VIEWS])
def test_the_second_site_passes_axe_in_every_view(
    browser, turing_site: Path, turing_url: str, view: View
):
    urls = page_urls(turing_site, turing_url, sorted(turing_site.rglob("*.html")))
    visit = load_pages(browser, turing_url, urls, view)
    found = [describe(page, v) for page, vs in visit.violations.items() for v in vs]
    assert not found, "\n".join(found)
    assert visit.script_errors == []
    assert visit.foreign_requests == set()
    wide = {page: width for page, width in visit.page_widths.items() if width > view.width}
    assert not wide, wide
