"""Assets load only where used: the BibTeX script with BibTeX, pygments.css with highlighted
code, Sphinx's search scripts on the search page (where a site asks for it), furo's extension
styles with extensions. The publications extension alone drops nothing."""

from __future__ import annotations

import pytest

from sphinx_publications.assets import (
    BUNDLES,
    LIST_SCRIPT,
    PAPER_STYLESHEET,
    PROFILE_SCRIPT,
    PROFILE_STYLESHEET,
    SEARCH_SCRIPT,
    STYLESHEET,
)

KIT = "extensions.append('sphinx_publications.homepage')\nhtml_theme = 'furo'\n"
SEARCH_ASSETS = ("documentation_options.js", "doctools.js")
#: What a page legitimately loads of the extension's own files, besides its lists'.
OWN = {"index": {PROFILE_STYLESHEET, PROFILE_SCRIPT}, "search": {SEARCH_SCRIPT}}
CODE_ASSETS = (*BUNDLES, *SEARCH_ASSETS, "pygments.css")
NOWHERE = ("sphinx_highlight.js", "furo-extensions.css", "copybutton.js", "clipboard.min.js")


def assets(soup) -> set[str]:
    urls = [tag["href"] for tag in soup.select("link[rel=stylesheet]")]
    urls += [tag["src"] for tag in soup.select("script[src]")]
    return {url.split("?")[0].rsplit("/", 1)[-1] for url in urls}


@pytest.mark.parametrize("name", ["index", "awards", "students", "search", "genindex"])
def test_pages_without_code_do_not_load_code_assets(page, name):
    loaded = assets(page(name))
    assert "furo.css" in loaded and "furo.js" in loaded
    allowed = set(SEARCH_ASSETS if name == "search" else ()) | OWN.get(name, set())
    assert not loaded & (set(CODE_ASSETS) - allowed)


@pytest.mark.parametrize(
    ("name", "own"),
    [
        ("publications", {STYLESHEET, LIST_SCRIPT}),
        ("papers/huang2017densely", {PAPER_STYLESHEET, "publication-bibtex.js"}),
    ],
)
def test_pages_with_bibtex_load_its_script_but_no_highlighting(page, name, own):
    soup = page(name)
    assert soup.select_one(".pub-bibtex a[href$='.bib'], .paper-bibtex div.highlight pre")
    loaded = assets(soup)
    assert loaded & set(BUNDLES) == own
    assert not loaded & {"pygments.css", *SEARCH_ASSETS}


def test_the_search_page_keeps_sphinx_search_scripts(page):
    soup = page("search")
    assert {*SEARCH_ASSETS, "searchtools.js", "language_data.js"} <= assets(soup)
    # searchtools.js reads the flag of sphinx_highlight.js, which is left out.
    inline = [s.get_text() for s in soup.select("script:not([src])")]
    assert "var SPHINX_HIGHLIGHT_ENABLED = false;" in inline


@pytest.mark.parametrize("name", ["index", "publications", "papers/huang2017densely", "search"])
def test_assets_no_page_here_uses_are_left_out(page, name):
    assert not assets(page(name)) & set(NOWHERE)


def test_highlighted_code_loads_pygments_css(project, tmp_path):
    page = "# Home\n\n```python\nprint(1)\n```\n"
    result = project({"index.md": page, "refs.bib": ""}, conf=KIT)
    assert result.returncode == 0, result.stderr
    html = (tmp_path / "html" / "index.html").read_text("utf-8")
    assert "pygments.css" in html


def test_without_the_kit_or_by_default_sphinx_assets_stay(project, tmp_path):
    """sphinx-copybutton and pydata-sphinx-theme read DOCUMENTATION_OPTIONS on every page."""
    for conf in ("html_theme = 'furo'\n", KIT):
        result = project({"index.md": "# Home\n", "refs.bib": ""}, conf=conf)
        assert result.returncode == 0, result.stderr
        html = (tmp_path / "html" / "index.html").read_text("utf-8")
        assert "documentation_options.js" in html and "doctools.js" in html, conf


def test_empty_lists_keep_every_asset_everywhere(project, tmp_path):
    result = project(
        {"index.md": "# Home\n", "refs.bib": ""},
        conf=KIT + "homepage_highlight_assets = []\n"
        "homepage_search_assets = []\nhomepage_search_term_assets = []\n"
        "homepage_extension_styles = {}\n",
    )
    assert result.returncode == 0, result.stderr
    html = (tmp_path / "html" / "index.html").read_text("utf-8")
    names = ("pygments.css", "doctools.js", "sphinx_highlight.js", "furo-extensions.css")
    assert all(name in html for name in names)
    search = (tmp_path / "html" / "search.html").read_text("utf-8")
    assert "sphinx_highlight.js" in search and "SPHINX_HIGHLIGHT_ENABLED" not in search


@pytest.mark.parametrize(
    ("conf", "kept"),
    [
        ("", False),
        # An extension it styles is loaded (here one the project has, named in the list).
        ("homepage_extension_styles = {'furo-extensions.css': ['myst_parser']}\n", True),
        ("html_context = {'READTHEDOCS': True}\n", True),  # furo renders the RTD flyout
    ],
)
def test_furo_extension_styles_stay_with_what_they_style(project, tmp_path, conf, kept):
    result = project({"index.md": "# Home\n", "refs.bib": ""}, conf=KIT + conf)
    assert result.returncode == 0, result.stderr
    html = (tmp_path / "html" / "index.html").read_text("utf-8")
    assert ("furo-extensions.css" in html) is kept


def test_the_small_svg_favicon_is_inline(page):
    icon = page("index").select_one("link[rel~=icon]")["href"]
    assert icon.startswith("data:image/svg+xml,")
    assert "%3Csvg" in icon and '"' not in icon  # safe inside the attribute


def test_a_favicon_over_the_limit_stays_a_file(project, tmp_path):
    svg = '<svg xmlns="http://www.w3.org/2000/svg"><rect width="1" height="1"/></svg>'
    result = project(
        {"index.md": "# Home\n", "refs.bib": "", "icon.svg": svg},
        conf=KIT + "html_favicon = 'icon.svg'\nhomepage_inline_favicon = 10\n",
    )
    assert result.returncode == 0, result.stderr
    html = (tmp_path / "html" / "index.html").read_text("utf-8")
    assert 'href="_static/icon.svg"' in html


def test_pages_carry_only_the_icons_they_use(page):
    """furo's sprite without its edit and view-source icons (_templates/partials/icons.html)."""
    for name in ("index", "publications", "search", "papers/huang2017densely"):
        soup = page(name)
        used = {use["href"] for use in soup.select("use[href]")}
        symbols = {f"#{symbol['id']}" for symbol in soup.select("symbol[id]")}
        assert used <= symbols, name
        assert not {"#svg-pencil", "#svg-eye"} & symbols, name
