"""The publications-per-year chart: an inline SVG drawn at build time from refs.bib."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from pybtex.database import BibliographyData, Entry, parse_file

from sphinx_publications.bib.records import Settings, from_entry
from sphinx_publications.chart import count_papers

REPO = Path(__file__).resolve().parents[1]
KIND = {"inproceedings": "conference", "article": "journal", "techreport": "report"}
BAR_TITLE = re.compile(r"^(\d{4}), (\w+): (\d+)$")


@pytest.fixture(scope="module")
def bib() -> BibliographyData:
    return parse_file(str(REPO / "refs.bib"))


@pytest.fixture(scope="module")
def expected(bib: BibliographyData) -> Counter[tuple[str, str]]:
    """Papers per (year, kind), straight from refs.bib."""
    return Counter((e.fields["year"], KIND[e.type]) for e in bib.entries.values())


@pytest.fixture(scope="module")
def chart(page) -> BeautifulSoup:
    figures = page("publications").select("figure.publication-chart")
    assert len(figures) == 1
    return figures[0]


def test_svg_is_labelled_for_screen_readers(chart):
    svg = chart.select_one("svg")
    assert svg["role"] == "img"
    title = svg.find("title", recursive=False)
    desc = svg.find("desc", recursive=False)
    assert svg["aria-labelledby"] == title["id"]
    assert svg["aria-describedby"] == desc["id"]
    assert title.get_text() == "Publications per year"
    assert desc.get_text().startswith("Bar chart of 51 publications by year from 2016 to 2025")
    assert "Most papers in one year: 13, in 2024." in desc.get_text()


def test_colours_come_from_css_so_both_themes_work(chart):
    svg = chart.select_one("svg")
    for element in svg.find_all(True):
        assert not {"fill", "stroke", "style", "color"} & set(element.attrs), element
    legend = [li.get_text() for li in chart.select("figcaption .publication-chart-legend li")]
    assert legend == ["Conference", "Journal", "Report"]
    for swatch in chart.select(".publication-chart-swatch"):
        assert swatch["aria-hidden"] == "true"


def test_bars_count_the_papers_in_refs_bib(chart, expected):
    shown: Counter[tuple[str, str]] = Counter()
    years = []
    for bar in chart.select("svg g.publication-chart-bar"):
        year = bar["data-year"]
        years.append(int(year))
        heights = []
        for rect in bar.select("rect"):
            label_year, kind, count = BAR_TITLE.match(rect.title.get_text()).groups()
            assert label_year == year
            assert rect["class"] == [f"publication-chart-{kind.lower()}"]
            shown[year, kind.lower()] += int(count)
            heights.append(float(rect["height"]) / int(count))
        assert max(heights) - min(heights) < 0.01  # one scale for every bar
        total = sum(n for (y, _), n in expected.items() if y == year)
        assert bar.select_one(".publication-chart-total").get_text() == str(total)
        assert bar.select_one(".publication-chart-year").get_text() == year
    assert shown == expected
    assert years == list(range(min(years), max(years) + 1))  # oldest first, no gaps
    assert sum(shown.values()) == 51


def test_the_numbers_as_a_table(chart, expected):
    table = chart.select_one("details.publication-chart-data table")
    assert chart.select_one("details.publication-chart-data > summary").get_text()
    header = [th.get_text(strip=True) for th in table.select("thead th")]
    assert header == ["Year", "Conference", "Journal", "Report", "Total"]
    for row in table.select("tbody tr"):
        year, *numbers, total = [c.get_text(strip=True) for c in row.find_all(["th", "td"])]
        assert row.find("th") is not None  # the year heads its row
        kinds = ["conference", "journal", "report"]
        assert [int(n) for n in numbers] == [expected[year, k] for k in kinds]
        assert int(total) == sum(int(n) for n in numbers)
    assert not table.get("id")  # no unstable automatic id (furo would duplicate it)


def _entry(kind: str, year: str) -> Entry:
    return Entry(kind, fields={"title": "T", "year": year})


def _pubs(*entries: Entry) -> list:
    for number, entry in enumerate(entries):
        entry.key = f"k{number}"
    return [from_entry(entry, Settings()) for entry in entries]


def test_count_papers_keeps_years_without_papers():
    data = count_papers(_pubs(_entry("article", "2020"), _entry("inproceedings", "2023")))
    assert data.kinds == ("conference", "journal")
    assert data.years == ("2020", "2021", "2022", "2023")
    assert data.counts == ((0, 1), (0, 0), (0, 0), (1, 0))
    only = count_papers(_pubs(_entry("article", "2020"), _entry("misc", "2021")), kinds=["journal"])
    assert only.years == ("2020",) and only.counts == ((1,),)
    undated = count_papers(_pubs(_entry("article", "in press"), _entry("article", "2019")))
    assert undated.years == ("2019",)  # "in press" is listed, not plotted


BIB = """\
@article{a2020, title = {A}, author = {Gao Huang}, journal = {J}, year = {2020}}
@inproceedings{b2022, title = {B}, author = {Gao Huang}, booktitle = {C}, year = {2022}}
"""


def test_kinds_option(project, tmp_path):
    page = "# Papers\n\n```{publication-chart} Journal papers\n:kinds: journal\n```\n"
    result = project({"index.md": page, "refs.bib": BIB})
    assert result.returncode == 0, result.stderr
    soup = BeautifulSoup((tmp_path / "html" / "index.html").read_text("utf-8"), "html.parser")
    assert [r["class"] for r in soup.select("svg rect")] == [["publication-chart-journal"]]
    assert soup.select_one("svg title").get_text() == "Journal papers"


def test_unknown_kind_is_an_error(project):
    page = "# Papers\n\n```{publication-chart}\n:kinds: journal poster\n```\n"
    result = project({"index.md": page, "refs.bib": BIB})
    assert result.returncode != 0
    assert "unknown kind 'poster'" in result.stderr


def test_other_builders_get_the_table(tmp_path):
    """Builders without an SVG (text, LaTeX, …) render the chart as its table."""
    from support import copy_site, sphinx_build

    srcdir = copy_site(tmp_path / "src")
    result = sphinx_build(srcdir, tmp_path / "text", builder="text")
    assert result.returncode == 0, result.stderr
    text = (tmp_path / "text" / "publications.txt").read_text("utf-8")
    assert re.search(r"Year\s+\|\s+Conference\s+\|\s+Journal\s+\|\s+Report\s+\|\s+Total", text)
    assert re.search(r"2024\s+\|\s+9\s+\|\s+4\s+\|\s+0\s+\|\s+13", text)
    assert "2024 (13)" in text  # the year list
