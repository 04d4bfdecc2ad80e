"""The ``publication-filters`` directive: where a page's filter form goes.

The form is built in the browser by ``static/filters.js`` (in ``publications.js``) from the
entries' ``data-*`` facets, so without JavaScript the page shows the full list
and no dead controls. The directive only leaves an empty placeholder that says
which facets to offer; CSS reserves the form's height in it, so nothing below
moves when the script fills it in. A page that lists no paper (an empty .bib file)
gets no placeholder: :mod:`.yearnav`'s post-transform, which looks at the page's
entries, removes it.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any, NamedTuple

from docutils import nodes
from docutils.parsers.rst import directives
from docutils.transforms import Transform
from sphinx.application import Sphinx
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective
from sphinx.writers.html5 import HTML5Translator

from .nodes import other_builders
from .translations import _

logger = logging.getLogger(__name__)


class Facet(NamedTuple):
    label: str
    #: The entry's value is a space-separated list (``data-recognition="oral award"``).
    multiple: bool = False


def facet_labels() -> Mapping[str, Facet]:
    """The facets :func:`.listing.facets` writes on each entry, in the form's order."""
    return {
        "year": Facet(_("Year")),
        "venue": Facet(_("Venue")),
        "kind": Facet(_("Type")),
        "recognition": Facet(_("Recognition"), multiple=True),
    }


FACETS = ("year", "venue", "kind", "recognition")


class publication_filters(nodes.General, nodes.Element):
    """Placeholder for the filter form; ``node["facets"]`` lists what it offers."""


class PublicationFilters(SphinxDirective):
    """``:facets: year venue`` chooses and orders the facets (default: all)."""

    has_content = False
    option_spec = {"facets": directives.unchanged_required}  # noqa: RUF012 (docutils API)

    def run(self) -> list[nodes.Node]:
        names = self.options.get("facets", " ".join(FACETS)).replace(",", " ").split()
        labels = facet_labels()
        unknown = [name for name in names if name not in FACETS]
        if unknown:
            raise self.error(
                f"unknown facet {', '.join(map(repr, unknown))}; choose from {', '.join(FACETS)}"
            )
        facets = [
            {"name": name, "label": labels[name].label, "multiple": labels[name].multiple}
            for name in names
        ]
        note = _("The search and filters need JavaScript; every paper is listed below.")
        node = publication_filters(
            "",
            nodes.paragraph(note, note, classes=["pub-filter-nojs"]),
            facets=facets,
            classes=["publication-filters"],
        )
        self.set_source_info(node)
        return [node]


class OneFormPerPage(Transform):
    """A second filter form on a page is left out with a warning.

    The form filters every list of its page, and the script fills the first placeholder
    only: another would stay an empty gap.
    """

    default_priority = 500

    def apply(self, **kwargs: Any) -> None:
        forms = list(self.document.findall(publication_filters))
        for node in forms[1:]:
            logger.warning(
                "publication-filters: a page has one filter form, and it filters every "
                "list of the page (the first, line %s); this one is left out",
                forms[0].line,
                location=node,
                type="publications",
                subtype="second_filter_form",
            )
            node.parent.remove(node)


def visit_publication_filters(self: HTML5Translator, node: publication_filters) -> None:
    facets = json.dumps(node["facets"], separators=(",", ":"))
    self.body.append(self.starttag(node, "div", "", **{"data-facets": facets}))


def depart_publication_filters(self: HTML5Translator, node: publication_filters) -> None:
    self.body.append("</div>\n")


def setup(app: Sphinx) -> None:
    app.add_node(
        publication_filters,
        html=(visit_publication_filters, depart_publication_filters),
        **other_builders(),
    )
    app.add_directive("publication-filters", PublicationFilters)
    app.add_transform(OneFormPerPage)
