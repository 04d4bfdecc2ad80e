"""Assets load only where used: copy button with code, pygments.css with highlighted code,
Sphinx's search scripts on the search page."""

from __future__ import annotations

import pytest

COPY_ASSETS = ("copybutton.css", "copybutton.js", "clipboard.min.js", "documentation_options.js")
SEARCH_ASSETS = ("documentation_options.js", "doctools.js", "sphinx_highlight.js")
CODE_ASSETS = (*COPY_ASSETS, "pygments.css", "doctools.js", "sphinx_highlight.js")


def assets(soup) -> set[str]:
    urls = [tag["href"] for tag in soup.select("link[rel=stylesheet]")]
    urls += [tag["src"] for tag in soup.select("script[src]")]
    return {url.split("?")[0].rsplit("/", 1)[-1] for url in urls}


@pytest.mark.parametrize("name", ["index", "awards", "students", "search", "genindex"])
def test_pages_without_code_do_not_load_code_assets(page, name):
    loaded = assets(page(name))
    assert "furo.css" in loaded and "furo.js" in loaded
    assert not loaded & (set(CODE_ASSETS) - set(SEARCH_ASSETS if name == "search" else ()))


@pytest.mark.parametrize("name", ["publications", "papers/huang2017densely"])
def test_pages_with_bibtex_blocks_load_the_copy_button_but_no_highlighting(page, name):
    assert page(name).select_one("div.highlight-none div.highlight pre")
    loaded = assets(page(name))
    assert set(COPY_ASSETS) <= loaded
    assert not loaded & {"pygments.css", "doctools.js", "sphinx_highlight.js"}


def test_the_search_page_keeps_sphinx_search_scripts(page):
    assert {*SEARCH_ASSETS, "searchtools.js"} <= assets(page("search"))


def test_highlighted_code_loads_pygments_css(project, tmp_path):
    page = "# Home\n\n```python\nprint(1)\n```\n"
    result = project({"index.md": page, "refs.bib": ""})
    assert result.returncode == 0, result.stderr
    html = (tmp_path / "html" / "index.html").read_text("utf-8")
    assert "pygments.css" in html


def test_empty_lists_keep_every_asset_everywhere(project, tmp_path):
    result = project(
        {"index.md": "# Home\n", "refs.bib": ""},
        conf="extensions.append('sphinx_copybutton')\npublications_code_assets = []\n"
        "publications_highlight_assets = []\npublications_search_assets = []\n",
    )
    assert result.returncode == 0, result.stderr
    html = (tmp_path / "html" / "index.html").read_text("utf-8")
    assert all(name in html for name in ("pygments.css", "copybutton.js", "doctools.js"))


def test_the_small_svg_favicon_is_inline(page):
    icon = page("index").select_one("link[rel~=icon]")["href"]
    assert icon.startswith("data:image/svg+xml,")
    assert "%3Csvg" in icon and '"' not in icon  # safe inside the attribute


def test_a_favicon_over_the_limit_stays_a_file(project, tmp_path):
    svg = '<svg xmlns="http://www.w3.org/2000/svg"><rect width="1" height="1"/></svg>'
    result = project(
        {"index.md": "# Home\n", "refs.bib": "", "icon.svg": svg},
        conf="html_favicon = 'icon.svg'\npublications_inline_favicon = 10\n",
    )
    assert result.returncode == 0, result.stderr
    html = (tmp_path / "html" / "index.html").read_text("utf-8")
    assert 'href="_static/icon.svg"' in html
