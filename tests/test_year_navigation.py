"""Year navigation: stable year anchors and a jump list of years with counts."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from bs4 import BeautifulSoup
from pybtex.database import parse_file

REPO = Path(__file__).resolve().parents[1]


def test_jump_list_has_every_year_newest_first_with_counts(page):
    nav = page("publications").select("nav.publication-years")
    assert len(nav) == 1
    assert nav[0]["aria-label"]
    years = Counter(e.fields["year"] for e in parse_file(str(REPO / "refs.bib")).entries.values())
    expected = [
        (f"{year} ({years[year]})", f"#year-{year}") for year in sorted(years, reverse=True)
    ]
    assert [(a.get_text(), a["href"]) for a in nav[0].select("a")] == expected


def test_each_year_anchor_sits_in_the_first_entry_of_its_year(page):
    soup = page("publications")
    first: dict[str, object] = {}
    for entry in soup.select("li.publication"):
        first.setdefault(entry["data-year"], entry)
    for year, entry in first.items():
        anchor = soup.find(id=f"year-{year}")
        assert anchor is not None and anchor.find_parent("li") is entry
    ids = [element["id"] for element in soup.find_all(id=True)]
    assert len(ids) == len(set(ids))


LIST = "```{bibliography}\n:list: bullet\n:all:\n```\n"
BIB = """\
@inproceedings{a2017, title = {A}, author = {Gao Huang}, booktitle = {C}, year = {2017}}
@inproceedings{b2017, title = {B}, author = {Gao Huang}, booktitle = {C}, year = {2017}}
@article{c2019, title = {C}, author = {Gao Huang}, journal = {J}, year = {2019}}
"""


def html(tmp_path: Path) -> BeautifulSoup:
    return BeautifulSoup((tmp_path / "html" / "index.html").read_text("utf-8"), "html.parser")


def test_the_anchor_format_is_configurable(project, tmp_path):
    page = "# Papers\n\n```{publication-years}\n```\n\n" + LIST
    result = project({"index.md": page, "refs.bib": BIB}, conf="publications_year_id = 'y{year}'")
    assert result.returncode == 0, result.stderr
    soup = html(tmp_path)
    links = [(a.get_text(), a["href"]) for a in soup.select("nav.publication-years a")]
    assert links == [("2019 (1)", "#y2019"), ("2017 (2)", "#y2017")]
    assert soup.find(id="y2017").find_parent("li")["id"] == "pub-a2017"


def test_a_clashing_year_anchor_is_reported(project):
    page = "# Papers\n\n## Year 2017\n\n" + LIST
    result = project({"index.md": page, "refs.bib": BIB})
    assert result.returncode != 0
    assert "the year anchor 'year-2017' is already used on this page" in result.stderr


def test_a_jump_list_on_a_page_without_lists_is_reported(project):
    page = "# Papers\n\n```{publication-years}\n```\n"
    result = project({"index.md": page, "refs.bib": BIB})
    assert result.returncode != 0
    assert "index.md:3" in result.stderr
    assert "publication-years: this page has no publication-list or bibliography" in result.stderr


def test_an_empty_bibliography_leaves_no_jump_list_and_no_warning(project, tmp_path):
    page = "# Papers\n\n```{publication-years}\n```\n\n" + LIST
    result = project({"index.md": page, "refs.bib": ""})
    assert result.returncode == 0, result.stderr
    assert "publication-years" not in result.stderr
    assert not html(tmp_path).select(".publication-years")
