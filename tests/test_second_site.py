"""The second site in the repository, ``examples/turing``: another owner, theme, language.

A copy of the example is built like Gao Huang's site (warnings as errors, nitpicky),
and the tests check what its configuration asks for: the alabaster theme, the extension's
words in Chinese, thumbnails, a list grouped by year, the selected papers on the home
page, paper pages under ``paper/`` with Google Scholar's tags, anchors ``#p-<key>``,
and nothing of the other site.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from itertools import pairwise
from pathlib import Path
from urllib.parse import urljoin

import pytest
from bs4 import BeautifulSoup
from pybtex.database import parse_file
from support import TURING, build_turing

from sphinx_publications.bib.markup import to_text

EXAMPLE = TURING
#: Papers with a preview image in the example's _static/previews.
PREVIEWS = sorted(path.stem for path in (EXAMPLE / "_static" / "previews").glob("*.png"))
THUMBNAIL_BUDGET = 15 * 1024


@pytest.fixture(scope="module")
def entries() -> dict:
    return parse_file(str(EXAMPLE / "refs.bib"), "bibtex").entries


@pytest.fixture(scope="module")
def turing(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_turing(tmp_path_factory.mktemp("turing"))


@pytest.fixture(scope="module")
def page(turing: Path) -> Callable[[str], BeautifulSoup]:
    cache: dict[str, BeautifulSoup] = {}

    def load(name: str) -> BeautifulSoup:
        if name not in cache:
            html = (turing / f"{name}.html").read_text("utf-8")
            cache[name] = BeautifulSoup(html, "html.parser")
        return cache[name]

    return load


def meta(soup: BeautifulSoup, name: str) -> list[str]:
    return [tag["content"] for tag in soup.find_all("meta", attrs={"name": name})]


def test_the_example_has_four_small_previews():
    assert len(PREVIEWS) == 4
    for key in PREVIEWS:
        assert (EXAMPLE / "_static" / "previews" / f"{key}.png").stat().st_size < 100 * 1024


def test_the_site_uses_the_alabaster_theme_in_chinese(page):
    for name in ("index", "publications", "paper/turing1950computing"):
        soup = page(name)
        assert soup.html["lang"] == "zh-CN"
        styles = [link["href"] for link in soup.find_all("link", rel="stylesheet")]
        assert any("alabaster.css" in href for href in styles), name
        assert not any("furo" in href or "pydata" in href for href in styles), name
        # The sidebar: the site's name (an h1), then its pages and search: no level skipped.
        sidebar = soup.select_one("div.sphinxsidebar")
        levels = [int(h.name[1]) for h in sidebar.find_all(["h1", "h2", "h3", "h4", "h5", "h6"])]
        assert levels[0] == 1, name
        assert all(b <= a + 1 for a, b in pairwise(levels)), (name, levels)
        assert [a.get_text() for a in sidebar.select(".toctree-l1 > a")] == ["论文"], name


def test_the_extension_speaks_chinese(page):
    soup = page("publications")
    assert soup.select_one("nav.publication-years")["aria-label"] == "按年份浏览论文"
    facets = json.loads(soup.select_one(".publication-filters")["data-facets"])
    assert [facet["label"] for facet in facets] == ["年份", "期刊/会议", "类型"]
    chips = [a.get_text() for a in soup.select("li#p-turing1950computing .pub-links a")]
    assert chips == ["论文", "BibTeX"]
    messages = json.loads(soup.select_one("script[data-messages]")["data-messages"])
    assert messages["copy"] == "复制" and messages["any"] == "不限"
    chart = soup.select_one("figure.publication-chart")
    assert chart.select_one(".publication-chart-caption").get_text() == "每年发表论文数"
    paper = page("paper/turing1950computing")
    headings = [h.get_text().rstrip("¶#") for h in paper.select("article h2, [role=main] h2")]
    assert "提及本文的页面" in headings
    assert paper.select_one(".paper-back").get_text() == "返回论文"
    labels = {a.get_text() for a in paper.select(".paper-pager-label")}
    assert labels == {"上一篇", "下一篇"}


def test_entries_have_thumbnails_sized_lazy_and_small(page, turing):
    soup = page("publications")
    entries = soup.select("li.publication")
    with_images = 0
    for position, entry in enumerate(entries):
        key = entry["id"].removeprefix("p-")
        image = entry.select_one(".pub-thumb img")
        if key not in PREVIEWS:
            assert image is None, key
            continue
        with_images += 1
        assert image["alt"] == entry.select_one(".pub-title").get_text()
        assert (image["width"], image["height"]) == ("160", "100")
        one, two = (part.split()[0] for part in image["srcset"].split(","))
        assert one == image["src"] and two.endswith("-2x.webp")
        # The first entries are seen at once; those below load when scrolled to.
        assert image.get("loading") == ("lazy" if position >= 2 else None), key
        file_1x = turing / urljoin("publications.html", image["src"])
        assert file_1x.stat().st_size <= THUMBNAIL_BUDGET, file_1x.name
        assert (turing / urljoin("publications.html", two)).is_file()
    assert with_images == len(PREVIEWS)
    computable = soup.select_one("li#p-turing1936computable img")
    assert computable["alt"] == (
        "On Computable Numbers, with an Application to the Entscheidungsproblem"
    )


def test_the_list_is_grouped_under_year_headings(page, entries):
    soup = page("publications")
    headings = soup.select("p.pub-year[role=heading]")
    years = sorted({entry.fields["year"] for entry in entries.values()}, reverse=True)
    assert [h.get_text() for h in headings] == years
    for heading in headings:
        group = heading.find_next_sibling("ul")
        assert {li["data-year"] for li in group.select("li.publication")} == {heading.get_text()}
    assert len(soup.select("li.publication")) == len(entries)


def test_the_home_page_lists_the_selected_papers(page, entries):
    selected = [key for key, entry in entries.items() if entry.fields.get("selected") == "true"]
    assert len(selected) == 3
    newest_first = sorted(selected, key=lambda key: entries[key].fields["year"], reverse=True)
    home = page("index")
    assert [li["id"] for li in home.select("li.publication")] == [f"p-{k}" for k in newest_first]
    assert home.select_one("h1").get_text().rstrip("¶#") == "艾伦·图灵"
    person = [
        json.loads(script.string) for script in home.find_all("script", type="application/ld+json")
    ]
    assert person[0]["@type"] == "Person" and person[0]["name"] == "Alan Turing"
    assert "email" not in person[0]


def test_papers_have_pages_under_paper_and_anchors_p_key(page, turing, entries):
    assert not (turing / "papers").exists()
    soup = page("publications")
    ids = {element["id"] for element in soup.find_all(id=True)}
    for key in entries:
        assert (turing / "paper" / f"{key}.html").is_file(), key
        assert (turing / "paper" / f"{key}.bib").is_file(), key
        assert f"p-{key}" in ids, key
        link = soup.select_one(f"li#p-{key} .pub-title a")
        assert link["href"] == f"paper/{key}.html"
    assert not any(i.startswith("pub-") for i in ids)
    assert (turing / "paper" / "publications.bib").is_file()
    kinds = {li["id"]: li["data-kind"] for li in soup.select("li.publication")}
    assert kinds["p-turing1936computable"] == kinds["p-turing1939systems"] == "journal"
    assert kinds["p-turing1938systems"] == "thesis"


def test_paper_pages_carry_google_scholar_tags(page, entries):
    for key, entry in entries.items():
        soup = page(f"paper/{key}")
        fields = entry.fields
        assert meta(soup, "citation_title") == [to_text(fields["title"])]
        assert meta(soup, "citation_author") == ["A. M. Turing"]
        assert meta(soup, "citation_publication_date") == [fields["year"]]
        if entry.type == "article":
            assert meta(soup, "citation_journal_title") == [fields["journal"]]
            assert meta(soup, "citation_volume") == [fields["volume"]]
            assert meta(soup, "citation_firstpage") == [fields["pages"].split("--")[0]]
            assert meta(soup, "citation_doi") == [fields["doi"]]
        else:
            assert meta(soup, "citation_dissertation_institution") == ["Princeton University"]


def test_nothing_of_the_other_site_is_in_it(turing):
    text_files = [
        path
        for path in turing.rglob("*")
        if path.is_file() and path.suffix in {".html", ".js", ".css", ".bib", ".txt", ".xml"}
    ]
    assert text_files
    for path in text_files:
        text = path.read_text("utf-8", errors="replace").casefold()
        for word in ("gao huang", "tsinghua", "huang2017"):
            assert word not in text, f"{path.relative_to(turing)}: {word}"
