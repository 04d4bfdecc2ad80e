"""Code-block assets (highlighting, copy button) load only on pages that show code."""

from __future__ import annotations

import pytest

CODE_ASSETS = ("pygments.css", "copybutton.css", "copybutton.js", "clipboard.min.js")


def assets(soup) -> set[str]:
    urls = [tag["href"] for tag in soup.select("link[rel=stylesheet]")]
    urls += [tag["src"] for tag in soup.select("script[src]")]
    return {url.split("?")[0].rsplit("/", 1)[-1] for url in urls}


@pytest.mark.parametrize("name", ["index", "awards", "students", "search", "genindex"])
def test_pages_without_code_do_not_load_code_assets(page, name):
    loaded = assets(page(name))
    assert "furo.css" in loaded and "furo.js" in loaded
    assert not loaded & set(CODE_ASSETS)


def test_the_publications_page_with_bibtex_blocks_loads_them(page):
    assert page("publications").select_one("div.highlight pre")
    assert set(CODE_ASSETS) <= assets(page("publications"))


def test_an_empty_list_keeps_every_asset_everywhere(project, tmp_path):
    result = project(
        {"index.md": "# Home\n", "refs.bib": ""},
        conf="extensions.append('sphinx_copybutton')\npublications_code_assets = []\n",
    )
    assert result.returncode == 0, result.stderr
    html = (tmp_path / "html" / "index.html").read_text("utf-8")
    assert "pygments.css" in html and "copybutton.js" in html


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
