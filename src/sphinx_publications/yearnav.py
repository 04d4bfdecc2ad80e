"""Year navigation for a page of publications: the ``publication-years`` directive.

Every page that lists papers gives the first entry of each year (in page order) a
stable anchor, ``#year-2024`` by default (``publications_year_id``), so a year can
be linked from anywhere. The directive lists the page's years, newest first,
with their number of papers, as plain links to those anchors: it needs no
JavaScript and, being built from the rendered entries, always matches the lists.
While no listed paper has a year (an empty .bib file, a first homepage) it shows
nothing and is left out; so is a filter form (``publication-filters``) while the page
lists no paper.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from docutils import nodes
from docutils.transforms import Transform
from sphinx.application import Sphinx
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective
from sphinx.writers.html5 import HTML5Translator
from sphinxcontrib.bibtex.nodes import bibliography

from .filters import publication_filters
from .nodes import elements_around_entries, publication_entry
from .publication_list import publication_list, upcoming
from .support import application
from .translations import _

logger = logging.getLogger(__name__)


class publication_years(nodes.container):
    """The jump list; filled in once the page's entries exist."""


class PublicationYears(SphinxDirective):
    has_content = False

    def run(self) -> list[nodes.Node]:
        node = publication_years("", classes=["publication-years"])
        self.set_source_info(node)
        return [node]


def year_counts(
    entries: list[publication_entry],
) -> tuple[Counter[str], dict[str, publication_entry]]:
    """Papers per year and the first entry of each year, in document order."""
    counts: Counter[str] = Counter()
    first: dict[str, publication_entry] = {}
    for entry in entries:
        year = entry.get("data", {}).get("year", "")
        if year:
            counts[year] += 1
            first.setdefault(year, entry)
    return counts, first


def _list_source(node: nodes.Node) -> bool:
    return isinstance(node, (publication_list, bibliography))


class MarkListingPages(Transform):
    """Note on each jump list whether its page has lists, before empty ones are dropped.

    Lists that show no paper (an empty .bib file, no paper dated yet) leave the jump
    list nothing to show, and it goes without a word; on a page without any list
    (``publication-list`` or ``bibliography``) it is a mistake, and a warning says so.
    """

    default_priority = 699  # before publication_list.EmptyListSections drops empty lists

    def apply(self, **kwargs: Any) -> None:
        navs = list(self.document.findall(publication_years))
        if navs:
            has_lists = next(self.document.findall(_list_source), None) is not None
            for nav in navs:
                nav["page_has_lists"] = has_lists


class YearNavigationTransform(SphinxPostTransform):
    # After PublicationListTransform (priority 700) has turned list items into entries.
    default_priority = 701

    def run(self, **kwargs: Any) -> None:
        # Not into the entries: a kept list's 5,000 hold nothing to find.
        around = list(elements_around_entries(self.document))
        navs = [node for node in around if isinstance(node, publication_years)]
        entries = [node for node in around if isinstance(node, publication_entry)]
        if not entries:
            for form in list(self.document.findall(publication_filters)):
                form.parent.remove(form)  # nothing to filter: no form, no room kept for it
        if not entries and not navs:
            return
        counts, first = year_counts(entries)
        anchors = {year: self.add_anchor(year, entry) for year, entry in first.items()}
        for nav in navs:
            if not counts:
                if not nav.get("page_has_lists"):
                    logger.warning(
                        "publication-years: this page has no publication-list or "
                        "bibliography to list the years of",
                        location=nav,
                        type="publications",
                        subtype="empty_year_nav",
                    )
                nav.parent.remove(nav)  # (replace_self([]) refuses a node with classes)
                continue
            if application(self.env).builder.format != "html":
                nav.replace_self(year_line(counts, anchors))  # print: one line, not a list
                continue
            nav += year_list(counts, anchors)

    def add_anchor(self, year: str, entry: publication_entry) -> str | None:
        anchor = nodes.make_id(self.config.publications_year_id.format(year=year))
        if anchor in self.document.ids:
            logger.warning(
                "the year anchor %r is already used on this page; year %s gets none",
                anchor,
                year,
                location=entry,
                type="publications",
                subtype="duplicate_year_id",
            )
            return None
        entry["ids"].append(anchor)
        self.document.ids[anchor] = entry
        return anchor


def year_line(counts: Counter[str], anchors: dict[str, str | None]) -> nodes.paragraph:
    """``2025 (3) · 2024 (13) · …`` as one paragraph of links (LaTeX, text, man)."""
    line = nodes.paragraph(classes=["publication-years"])
    for index, item in enumerate(year_list(counts, anchors).findall(nodes.paragraph)):
        if index:
            line += nodes.Text(" · ")
        line += item.children
    return line


def year_list(counts: Counter[str], anchors: dict[str, str | None]) -> nodes.bullet_list:
    """``2025 (3) · 2024 (13) · …`` as a list of links, newest year first."""
    items = nodes.bullet_list()
    for year in sorted(counts, key=_newest_first):
        label: list[nodes.Node] = [
            nodes.Text(year),
            nodes.inline("", f" ({counts[year]})", classes=["publication-years-count"]),
        ]
        anchor = anchors.get(year)
        if anchor:
            content = nodes.reference("", "", *label, internal=True, refid=anchor)
        else:
            content = nodes.inline("", "", *label)
        items += nodes.list_item("", nodes.paragraph("", "", content))
    return items


def _newest_first(year: str) -> tuple[int, int, str]:
    """Years as numbers, newest first; "in press" before them, other words after."""
    match = re.search(r"[0-9]{4}", year)
    if match:
        return (1, -int(match.group(0)), year)
    return (0 if upcoming(year) else 2, 0, year)


def visit_publication_years(self: HTML5Translator, node: publication_years) -> None:
    label = _("Publications by year")
    self.body.append(self.starttag(node, "nav", "", **{"aria-label": label}))


def depart_publication_years(self: HTML5Translator, node: publication_years) -> None:
    self.body.append("</nav>\n")


def setup(app: Sphinx) -> None:
    app.add_node(publication_years, html=(visit_publication_years, depart_publication_years))
    app.add_directive("publication-years", PublicationYears)
    app.add_transform(MarkListingPages)
    app.add_post_transform(YearNavigationTransform)
