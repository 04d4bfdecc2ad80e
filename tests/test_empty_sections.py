"""A bibliography with no paper of a kind, none dated, or none yet: the site still builds.

None of these is a mistake (a student's first homepage has no paper yet), so none fails
a build with warnings as errors; what would show nothing goes, with its section when
showing it is all the section is for. A jump list on a page without any list is a
mistake, and says so (``tests/test_year_navigation.py``).
"""

from __future__ import annotations

from pathlib import Path

from bs4 import BeautifulSoup

PAGE = """\
# Papers

```{publication-filters}
```

```{publication-years}
```

## Books and theses

Monographs first.

```{publication-list}
:kinds: book
```

```{publication-list}
:kinds: thesis
```

## Journal articles

```{publication-list}
:kinds: journal
```

## Papers per year

```{publication-chart}
```
"""

DATED = (
    "@article{j2020, author = {Grace Hopper}, title = {J}, journal = {Computing}, year = {2020}}\n"
)
UNDATED = "@article{nodate, author = {Grace Hopper}, title = {Undated}, journal = {Computing}}\n"


def built(project, tmp_path: Path, bib: str, page: str = PAGE) -> BeautifulSoup:
    result = project({"index.md": page, "refs.bib": bib}, owner=("Grace Hopper",))
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr and "Traceback" not in result.stderr
    return BeautifulSoup((tmp_path / "html" / "index.html").read_text("utf-8"), "html.parser")


def headings(soup: BeautifulSoup) -> list[str]:
    return [h.get_text().rstrip("¶") for h in soup.select("h2")]


def test_two_empty_lists_take_their_section_and_its_text_with_them(project, tmp_path):
    soup = built(project, tmp_path, DATED)
    assert headings(soup) == ["Journal articles", "Papers per year"]
    assert "Monographs first." not in soup.get_text()
    assert [li["id"] for li in soup.select("li.publication")] == ["pub-j2020"]
    assert soup.select("nav.publication-years a")[0]["href"] == "#year-2020"
    assert soup.select(".publication-filters")


def test_an_empty_bibliography_builds_without_lists_chart_jump_list_or_filters(project, tmp_path):
    soup = built(project, tmp_path, "")
    assert headings(soup) == []
    assert not soup.select(
        ".publication-years, .publication-chart, .publication-filters, li.publication"
    )


def test_papers_without_a_year_are_listed_without_chart_or_jump_list(project, tmp_path):
    soup = built(project, tmp_path, UNDATED)
    assert headings(soup) == ["Journal articles"]
    assert [li["id"] for li in soup.select("li.publication")] == ["pub-nodate"]
    assert not soup.select(".publication-years, .publication-chart")


def test_an_empty_chart_beside_a_list_leaves_the_list(project, tmp_path):
    page = "# Papers\n\n## Journals\n\n```{publication-list}\n```\n\n```{publication-chart}\n```\n"
    soup = built(project, tmp_path, UNDATED, page)
    assert headings(soup) == ["Journals"]
    assert soup.select("li.publication") and not soup.select(".publication-chart")


def test_papers_without_a_year_in_a_list_grouped_by_year_come_under_undated(project, tmp_path):
    page = "# Papers\n\n```{publication-list}\n:group-by: year\n```\n"
    soup = built(project, tmp_path, DATED + UNDATED, page)
    assert [p.get_text() for p in soup.select("p.pub-year")] == ["2020", "Undated"]
