"""Papers per year as an inline SVG bar chart: the ``publication-chart`` directive.

The chart is drawn at build time from the .bib data, so visitors download no
plotting library and see it without JavaScript. Bars are stacked by kind
(conference, journal, …). Colours are CSS custom properties and text uses
``currentColor``, so the chart follows the light and dark themes. Screen readers
get the SVG's title and description; everyone can open the numbers as a table,
which is also what non-HTML builders render. With no paper dated yet there is
nothing to plot: the chart goes, with its section when that is all it holds.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.environment import BuildEnvironment
from sphinx.util.docutils import SphinxDirective
from sphinx.writers.html5 import HTML5Translator

from . import bib_choices
from .bib.entry_types import KINDS
from .bib.records import Publication
from .loader import loaded
from .papers import bib_entries, publications
from .translations import _

#: Every kind there is, in the order bars stack (bottom first) and legends list.
KIND_ORDER: tuple[str, ...] = KINDS

# Geometry in CSS pixels. Horizontal positions are percentages, so the chart
# fills any width while its text keeps the page's font size.
HEIGHT = 180
TOP = 22  # room above the tallest bar for its total
BASE = 152  # the baseline; year labels go below it
BAR_SHARE = 0.64  # of each year's slot
DENSE_YEARS = 12  # beyond this, narrow screens label every other year only


def _num(value: float) -> str:
    """A coordinate without trailing zeros: "12.5", not "12.500" (0.01 % of a wide chart
    is about 0.1 px: two decimals are as exact as a screen)."""
    return f"{value:.2f}".rstrip("0").rstrip(".")


@dataclass(frozen=True)
class ChartData:
    """Paper counts per year (consecutive, oldest first) and kind."""

    kinds: tuple[str, ...]
    years: tuple[str, ...]
    counts: tuple[tuple[int, ...], ...]  # counts[year index][kind index]

    @property
    def totals(self) -> tuple[int, ...]:
        return tuple(sum(row) for row in self.counts)

    @property
    def total(self) -> int:
        return sum(self.totals)

    def kind_total(self, kind: str) -> int:
        index = self.kinds.index(kind)
        return sum(row[index] for row in self.counts)


def count_papers(pubs: Iterable[Publication], kinds: Sequence[str] | None = None) -> ChartData:
    """Count papers by year and kind; ``kinds`` limits and orders the kinds shown.

    Years without papers in between are kept (with zero), so the time axis is honest;
    papers whose year is not a number ("in press") are not plotted.
    """
    found: dict[tuple[str, str], int] = {}
    for pub in pubs:
        year = str(pub.sort_year) if pub.sort_year else ""
        if year and (kinds is None or pub.kind in kinds):
            found[year, pub.kind] = found.get((year, pub.kind), 0) + 1
    if kinds is None:
        present = {kind for _, kind in found}
        kinds = [kind for kind in KIND_ORDER if kind in present]
    if not found:
        return ChartData(tuple(kinds), (), ())
    numbers = [int(year) for year, _ in found]
    years = tuple(str(y) for y in range(min(numbers), max(numbers) + 1))
    counts = tuple(tuple(found.get((year, kind), 0) for kind in kinds) for year in years)
    return ChartData(tuple(kinds), years, counts)


def kind_label(kind: str) -> str:
    """The kind's name as a reader sees it, in the site's language."""
    return {
        "conference": _("Conference"),
        "journal": _("Journal"),
        "preprint": _("Preprint"),
        "book": _("Book"),
        "chapter": _("Chapter"),
        "thesis": _("Thesis"),
        "report": _("Report"),
        "other": _("Other"),
    }.get(kind, kind.capitalize())


def describe(data: ChartData) -> str:
    """The chart in words, for the SVG's ``<desc>``."""
    parts = [f"{kind_label(kind)} ({data.kind_total(kind)})" for kind in data.kinds]
    split = ", ".join(parts)
    peak = max(data.totals)
    busiest = [year for year, total in zip(data.years, data.totals, strict=True) if total == peak]
    return _(
        "Bar chart of %(total)s publications by year from %(first)s to %(last)s, each bar "
        "split by type: %(split)s. Most papers in one year: %(peak)s, in %(busiest)s."
    ) % {
        "total": data.total,
        "first": data.years[0],
        "last": data.years[-1],
        "split": split,
        "peak": peak,
        "busiest": " / ".join(busiest),
    }


def chart_data(env: BuildEnvironment, config: Config, kinds: tuple[str, ...] | None) -> ChartData:
    """What a chart of ``kinds`` (None: every kind) shows: every paper but cross-referenced ones."""
    parents = loaded(env).parents
    entries = bib_entries(env)
    pubs = publications(config, (e for key, e in entries.items() if key.casefold() not in parents))
    return count_papers(pubs, kinds)


class publication_chart(nodes.container):
    """The chart; its children are the data table (the text alternative)."""


class PublicationChart(SphinxDirective):
    """``.. publication-chart:: [title]`` with ``:kinds: conference journal``."""

    optional_arguments = 1
    final_argument_whitespace = True
    option_spec = {"kinds": directives.unchanged_required}  # noqa: RUF012 (docutils API)

    def run(self) -> list[nodes.Node]:
        kinds = None
        if "kinds" in self.options:
            kinds = self.options["kinds"].replace(",", " ").split()
            unknown = [kind for kind in kinds if kind not in KIND_ORDER]
            if unknown:
                raise self.error(
                    f"unknown kind {', '.join(map(repr, unknown))}; "
                    f"choose from {', '.join(KIND_ORDER)}"
                )
        inputs = None if kinds is None else tuple(kinds)
        data = chart_data(self.env, self.config, inputs)
        bib_choices.record(self.env, chart_data, inputs, data, again_on_change=False)
        if not data.years:
            # Nothing to plot (no paper has a year yet): the chart goes, with its section
            # if that is all the section is for (publication_list.EmptyListSections).
            empty = publication_chart("", years=[], classes=["publication-chart"])
            self.set_source_info(empty)
            return [empty]
        title = self.arguments[0] if self.arguments else _("Publications per year")
        chart_id = nodes.make_id(f"publication-chart-{self.env.new_serialno('publication-chart')}")
        node = publication_chart(
            "",
            data_table(data),
            ids=[chart_id],
            classes=["publication-chart"],
            title=title,
            kinds=list(data.kinds),
            years=list(data.years),
            counts=[list(row) for row in data.counts],
        )
        self.set_source_info(node)
        return [node]


def data_table(data: ChartData) -> nodes.table:
    """The numbers behind the chart: one row per year, one column per kind, and totals."""
    header = [_("Year"), *(kind_label(k) for k in data.kinds), _("Total")]
    rows = [
        [year, *map(str, row), str(total)]
        for year, row, total in zip(data.years, data.counts, data.totals, strict=True)
    ]
    tgroup = nodes.tgroup(cols=len(header))
    for index, name in enumerate(header):
        # Widths in characters serve the text builder; years head their rows.
        tgroup += nodes.colspec(colwidth=len(name), stub=int(index == 0))
    tgroup += nodes.thead("", _row(header))
    tgroup += nodes.tbody("", *(_row(cells) for cells in rows))
    # No title: Sphinx would number it and give it an automatic, unstable id.
    return nodes.table("", tgroup, classes=["publication-chart-table"])


def _row(cells: Sequence[str]) -> nodes.row:
    return nodes.row("", *(nodes.entry("", nodes.paragraph("", cell)) for cell in cells))


def render_svg(data: ChartData, title: str, chart_id: str) -> str:
    """The stacked bar chart as SVG markup; every text in it is escaped here."""
    esc = html.escape
    slot = 100 / len(data.years)
    bar = slot * BAR_SHARE
    scale = (BASE - TOP) / (max(data.totals) or 1)
    dense = " publication-chart-dense" if len(data.years) > DENSE_YEARS else ""
    out = [
        f'<svg class="publication-chart-svg{dense}" width="100%" height="{HEIGHT}" '
        f'role="img" aria-labelledby="{chart_id}-title" aria-describedby="{chart_id}-desc">',
        f'<title id="{chart_id}-title">{esc(title)}</title>',
        f'<desc id="{chart_id}-desc">{esc(describe(data))}</desc>',
        f'<line class="publication-chart-axis" x1="0" x2="100%" y1="{BASE}" y2="{BASE}"/>',
    ]
    last = len(data.years) - 1
    for index, (year, row, total) in enumerate(
        zip(data.years, data.counts, data.totals, strict=True)
    ):
        left = slot * index + (slot - bar) / 2
        centre = slot * (index + 0.5)
        out.append(f'<g class="publication-chart-bar" data-year="{year}">')
        top = float(BASE)
        for kind, count in zip(data.kinds, row, strict=True):
            if not count:
                continue
            height = count * scale
            top -= height
            out.append(
                f'<rect class="publication-chart-{kind}" x="{_num(left)}%" '
                f'y="{_num(top)}" width="{_num(bar)}%" height="{_num(height)}">'
                f"<title>{year}, {esc(kind_label(kind))}: {count}</title></rect>"
            )
        # Centred by publications.css (text-anchor), not an attribute on every label.
        if total:
            out.append(
                f'<text class="publication-chart-total" x="{_num(centre)}%" '
                f'y="{_num(top - 6)}">{total}</text>'
            )
        minor = " publication-chart-minor" if (last - index) % 2 else ""
        out.append(
            f'<text class="publication-chart-year{minor}" x="{_num(centre)}%" '
            f'y="{BASE + 18}">{year}</text>'
        )
        out.append("</g>")
    out.append("</svg>")
    return "\n".join(out)


def legend(data: ChartData, title: str) -> str:
    items = "".join(
        f'<li><span class="publication-chart-swatch publication-chart-{kind}" '
        f'aria-hidden="true"></span>{html.escape(kind_label(kind))}</li>'
        for kind in data.kinds
    )
    return (
        f'<figcaption><span class="publication-chart-caption">{html.escape(title)}</span>'
        f'<ul class="publication-chart-legend">{items}</ul></figcaption>'
    )


def visit_publication_chart(self: HTML5Translator, node: publication_chart) -> None:
    data = ChartData(
        tuple(node["kinds"]), tuple(node["years"]), tuple(tuple(r) for r in node["counts"])
    )
    chart_id = node["ids"][0]
    self.body.append(self.starttag(node, "figure", ""))
    self.body.append(legend(data, node["title"]))
    self.body.append(render_svg(data, node["title"], chart_id))
    self.body.append(
        '\n<details class="publication-chart-data"><summary>'
        + html.escape(_("The numbers as a table"))
        + "</summary>\n"
    )


def depart_publication_chart(self: HTML5Translator, node: publication_chart) -> None:
    self.body.append("</details>\n</figure>\n")


def setup(app: Sphinx) -> None:
    app.add_node(publication_chart, html=(visit_publication_chart, depart_publication_chart))
    app.add_directive("publication-chart", PublicationChart)
