"""The filter placeholder and the extension's static files, as built (no browser)."""

from __future__ import annotations

import json
import re
from pathlib import Path

from bs4 import BeautifulSoup
from pybtex.database import parse_file

from sphinx_publications.assets import (
    BIBTEX_SCRIPT,
    BUNDLES,
    LIST_SCRIPT,
    PAPER_STYLESHEET,
    PROFILE_SCRIPT,
    PROFILE_STYLESHEET,
    SEARCH_SCRIPT,
    STATIC_DIR,
    STYLESHEET,
)

SOURCES = sorted({source for sources in BUNDLES.values() for source in sources})

REPO = Path(__file__).resolve().parents[1]


def test_placeholder_says_the_filters_need_javascript_and_names_the_facets(page):
    placeholders = page("publications").select("div.publication-filters")
    assert len(placeholders) == 1
    placeholder = placeholders[0]
    # no dead controls without JavaScript, only a note the script removes
    assert placeholder.select("input, select, button") == []
    assert "need JavaScript" in placeholder.select_one(".pub-filter-nojs").get_text()
    facets = json.loads(placeholder["data-facets"])
    assert [f["name"] for f in facets] == ["year", "venue", "kind", "recognition"]
    assert [f["multiple"] for f in facets] == [False, False, False, True]


def test_every_entry_carries_the_facets(page):
    entries = page("publications").select("li.publication")
    assert len(entries) == 51
    for entry in entries:
        for name in ("data-year", "data-venue", "data-kind", "data-recognition"):
            assert name in entry.attrs


def own_assets(soup) -> list[str]:
    urls = [tag["href"] for tag in soup.select("link[rel=stylesheet]")]
    urls += [tag["src"] for tag in soup.select("script[src]")]
    names = [url.split("?")[0].rsplit("/", 1)[-1] for url in urls]
    return [name for name in names if name in BUNDLES]


def test_assets_are_linked_only_where_used(page):
    # One stylesheet and one script of the extension per page, if any.
    assert own_assets(page("publications")) == [STYLESHEET, LIST_SCRIPT]
    assert own_assets(page("papers/huang2017densely")) == [PAPER_STYLESHEET, BIBTEX_SCRIPT]
    assert own_assets(page("index")) == [PROFILE_STYLESHEET, PROFILE_SCRIPT]
    assert own_assets(page("search")) == [SEARCH_SCRIPT]
    for other in ("awards", "students"):
        assert own_assets(page(other)) == []
    script = page("publications").select_one(f"script[src*='{LIST_SCRIPT}']")
    assert script.has_attr("defer")


def test_shipped_files_join_their_sources(site):
    """Each shipped file is its sources, joined (and minified, see test_minify.py)."""
    assert set(SOURCES) == {path.name for path in STATIC_DIR.iterdir()}  # none left out
    for name in BUNDLES:
        shipped = (site / "_static" / name).read_text("utf-8")
        for source in BUNDLES[name]:
            text = re.sub(r"/\*.*?\*/", "", (STATIC_DIR / source).read_text("utf-8"), flags=re.S)
            assert text.split()[0] in shipped, (name, source)  # its first rule or statement
    assert not (site / "_static" / "bibtex.js").exists()  # sources are not shipped apart


def test_scripts_and_css_know_nothing_of_this_site():
    bib = parse_file(str(REPO / "refs.bib"))
    site_words = {e.fields.get("abbr", "") for e in bib.entries.values()} | {"Gao", "Huang"}
    site_words.discard("")
    for name in SOURCES:
        text = (STATIC_DIR / name).read_text("utf-8")
        assert not [w for w in site_words if re.search(rf"\b{re.escape(w)}\b", text)], name
        assert not re.search(r"https?://|\bimport\b|\brequire\(", text), name
    # Only the BibTeX script fetches, and only the URL of a link on the page (the .bib).
    fetching = [name for name in SOURCES if "fetch(" in (STATIC_DIR / name).read_text("utf-8")]
    assert fetching == ["bibtex.js"]


def test_facets_option(project, tmp_path):
    bib = "@article{a2020, title = {A}, author = {Gao Huang}, journal = {J}, year = {2020}}\n"
    page = "# Papers\n\n```{publication-filters}\n:facets: venue year\n```\n"
    list_ = "```{bibliography}\n:list: bullet\n:all:\n```\n"
    result = project({"index.md": page + list_, "refs.bib": bib})
    assert result.returncode == 0, result.stderr
    soup = BeautifulSoup((tmp_path / "html" / "index.html").read_text("utf-8"), "html.parser")
    facets = json.loads(soup.select_one("div.publication-filters")["data-facets"])
    assert [f["name"] for f in facets] == ["venue", "year"]


def test_unknown_facet_is_an_error(project):
    page = "# Papers\n\n```{publication-filters}\n:facets: venue colour\n```\n"
    result = project({"index.md": page, "refs.bib": ""})
    assert result.returncode != 0
    assert "unknown facet 'colour'" in result.stderr


def test_a_second_filter_form_on_a_page_is_left_out_with_a_warning(project, tmp_path):
    bib = "@article{a2020, title = {A}, author = {Gao Huang}, journal = {J}, year = {2020}}\n"
    form = "```{publication-filters}\n```\n\n"
    list_ = "```{bibliography}\n:list: bullet\n:all:\n```\n"
    page = "# Papers\n\n" + form + "## All\n\n" + form + list_
    result = project({"index.md": page, "refs.bib": bib}, options=("--keep-going",))
    assert result.returncode != 0
    assert "index.md:8: WARNING: publication-filters: a page has one filter form" in result.stderr
    assert "(the first, line 3)" in result.stderr
    soup = BeautifulSoup((tmp_path / "html" / "index.html").read_text("utf-8"), "html.parser")
    assert len(soup.select("div.publication-filters")) == 1
