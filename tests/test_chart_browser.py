"""The chart with every kind of paper, as a browser shows it: colours and the table on a phone.

A neutral project (Ada Lovelace's invented papers, furo's own blue as the brand) with
papers of all eight kinds in several years.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from typing import Any

import pytest
from support import new_page, serve

from sphinx_publications.bib.entry_types import KINDS

pytestmark = pytest.mark.browser

#: One entry type (and its venue) per kind, in the chart's order.
ENTRY_OF_KIND = {
    "conference": "@inproceedings{{{key}, booktitle = {{Conference on Engines}},",
    "journal": "@article{{{key}, journal = {{Journal of Engines}},",
    "preprint": "@misc{{{key}, eprint = {{2101.0000{n}}}, archiveprefix = {{arXiv}},",
    "book": "@book{{{key}, publisher = {{Mechanics Press}},",
    "chapter": "@incollection{{{key}, booktitle = {{A Book of Engines}}, publisher = {{Press}},",
    "thesis": "@phdthesis{{{key}, school = {{University of London}},",
    "report": "@techreport{{{key}, institution = {{Mechanics Institute}},",
    "other": "@misc{{{key}, howpublished = {{A talk}},",
}

COLOURS = """() => ({
  background: getComputedStyle(document.body).backgroundColor,
  legend: [...document.querySelectorAll('.publication-chart-legend li')].map((li) => [
    li.textContent.trim(), getComputedStyle(li.querySelector('.publication-chart-swatch'))
      .backgroundColor]),
  bars: Object.fromEntries(%s.map((k) => [k,
    getComputedStyle(document.querySelector(`rect.publication-chart-${k}`)).fill])),
})"""


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    from support import sphinx_build

    root = tmp_path_factory.mktemp("kinds")
    entries = []
    for year, (n, kind) in itertools.product((2021, 2022, 2023), enumerate(KINDS)):
        key = f"{kind}{year}"
        head = ENTRY_OF_KIND[kind].format(key=key, n=n)
        entries.append(
            f"{head} title = {{On {kind} {year}}}, author = {{Ada Lovelace}}, year = {{{year}}}}}\n"
        )
    (root / "refs.bib").write_text("\n".join(entries), "utf-8")
    (root / "index.md").write_text(
        "# Papers\n\n```{publication-chart}\n```\n\n```{publication-list}\n```\n", "utf-8"
    )
    (root / "conf.py").write_text(
        "project = 'Ada Lovelace'\n"
        "extensions = ['myst_parser', 'sphinx_publications']\n"
        "bibtex_bibfiles = ['refs.bib']\n"
        "publications_owner = ['Ada Lovelace']\n"
        "html_theme = 'furo'\n",
        "utf-8",
    )
    out = root / "html"
    result = sphinx_build(root, out)
    assert result.returncode == 0, result.stderr
    with serve(out) as url:
        yield url


def _rgb(colour: str) -> tuple[float, ...]:
    return tuple(float(c) for c in re.findall(r"[\d.]+", colour)[:3])


def _linear(rgb: tuple[float, ...]) -> list[float]:
    channels = [c / 255 for c in rgb]
    return [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]


def _contrast(a: str, b: str) -> float:
    def luminance(colour: str) -> float:
        r, g, b = _linear(_rgb(colour))
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def _lab(colour: str) -> tuple[float, float, float]:
    """CIE L*a*b* (D65) of a CSS rgb() colour."""
    r, g, b = _linear(_rgb(colour))
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883

    def f(t: float) -> float:
        return t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116

    return 116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))


def _difference(a: str, b: str) -> float:
    """CIE76 colour difference: about 2 is just noticeable; under 20 reads as one colour
    in a small patch beside the other (furo's blue and a blue-700 were 15 to 23)."""
    return sum((p - q) ** 2 for p, q in zip(_lab(a), _lab(b), strict=True)) ** 0.5


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_kind_has_a_colour_of_its_own(browser: Any, served: str, scheme: str):
    problems: list[str] = []
    page = new_page(browser, served, problems, color_scheme=scheme)
    page.goto(f"{served}/index.html")
    colours = page.evaluate(COLOURS % list(KINDS))
    legend = dict(colours["legend"])
    assert list(legend) == [
        "Conference",
        "Journal",
        "Preprint",
        "Book",
        "Chapter",
        "Thesis",
        "Report",
        "Other",
    ]
    bars = colours["bars"]
    assert list(legend.values()) == list(bars.values())  # the legend matches the bars
    for kind, colour in bars.items():
        assert _contrast(colour, colours["background"]) >= 3, (kind, colour)
    for (one, a), (other, b) in itertools.combinations(bars.items(), 2):
        assert _difference(a, b) >= 20, (one, a, other, b)
    assert problems == []


def test_the_table_of_every_kind_fits_a_phone(browser: Any, served: str):
    problems: list[str] = []
    page = new_page(
        browser, served, problems, viewport={"width": 360, "height": 740}, is_mobile=True
    )
    page.goto(f"{served}/index.html")
    page.locator(".publication-chart-data > summary").click()
    table = page.locator("table.publication-chart-table")
    assert table.locator("thead th").count() == len(KINDS) + 2  # year and total
    box, column = table.bounding_box(), page.locator("article").bounding_box()
    assert box["x"] + box["width"] <= column["x"] + column["width"], (box, column)
    # The kinds' names turn; the years do not.
    heads = table.locator("thead th").evaluate_all(
        "ths => ths.map(th => getComputedStyle(th).writingMode)"
    )
    assert heads[0] == "horizontal-tb" and set(heads[1:]) <= {"sideways-lr", "vertical-rl"}
    assert problems == []
