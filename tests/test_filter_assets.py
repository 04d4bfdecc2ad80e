"""The filter placeholder and the extension's static files, as built (no browser)."""

from __future__ import annotations

import json
import re
from pathlib import Path

from bs4 import BeautifulSoup
from pybtex.database import parse_file

from sphinx_publications.assets import (
    BIBTEX_SCRIPT,
    BIBTEX_STYLESHEET,
    FILTER_SCRIPT,
    PAPER_STYLESHEET,
    STATIC_DIR,
    STYLESHEET,
)

OWN_FILES = (STYLESHEET, PAPER_STYLESHEET, FILTER_SCRIPT, BIBTEX_STYLESHEET, BIBTEX_SCRIPT)

REPO = Path(__file__).resolve().parents[1]


def test_placeholder_is_empty_and_names_the_facets(page):
    placeholders = page("publications").select("div.publication-filters")
    assert len(placeholders) == 1
    placeholder = placeholders[0]
    assert placeholder.decode_contents() == ""  # no controls without JavaScript
    facets = json.loads(placeholder["data-facets"])
    assert [f["name"] for f in facets] == ["year", "venue", "kind", "recognition"]
    assert [f["multiple"] for f in facets] == [False, False, False, True]
    assert "--pub-filter-rows-wide: 2" in placeholder["style"]


def test_every_entry_carries_the_facets(page):
    entries = page("publications").select("li.publication")
    assert len(entries) == 51
    for entry in entries:
        for name in ("data-year", "data-venue", "data-kind", "data-recognition"):
            assert name in entry.attrs


def test_assets_are_linked_only_where_used(site, page):
    head = page("publications")
    scripts = [s for s in head.select("script[src]") if FILTER_SCRIPT in s["src"]]
    assert len(scripts) == 1 and scripts[0].has_attr("defer")
    assert head.select(f"link[href*='{STYLESHEET}']")
    for other in ("index", "awards", "students"):
        text = (site / f"{other}.html").read_text("utf-8")
        assert STYLESHEET not in text and FILTER_SCRIPT not in text
        assert PAPER_STYLESHEET not in text
    assert not head.select(f"link[href*='{PAPER_STYLESHEET}']")
    paper = page("papers/huang2017densely")  # only the paper page's own stylesheet
    assert paper.select(f"link[href*='{PAPER_STYLESHEET}']")
    assert not paper.select(f"link[href*='{STYLESHEET}']")


def test_scripts_and_css_know_nothing_of_this_site():
    bib = parse_file(str(REPO / "refs.bib"))
    site_words = {e.fields.get("abbr", "") for e in bib.entries.values()} | {"Gao", "Huang"}
    site_words.discard("")
    for name in OWN_FILES:
        text = (STATIC_DIR / name).read_text("utf-8")
        assert not [w for w in site_words if re.search(rf"\b{re.escape(w)}\b", text)], name
        assert not re.search(r"https?://|\bimport\b|\brequire\(", text), name
    # Only the BibTeX script fetches, and only the URL of a link on the page (the .bib).
    fetching = [name for name in OWN_FILES if "fetch(" in (STATIC_DIR / name).read_text("utf-8")]
    assert fetching == [BIBTEX_SCRIPT]


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
