"""Doctree nodes for publication entries.

Both subclass standard nodes, so builders without a visitor of their own
(text, LaTeX, …) render them as the list item / container they are; Sphinx's
translators fall back along the class hierarchy.
"""

from __future__ import annotations

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.writers.html5 import HTML5Translator


class publication_entry(nodes.list_item):
    """One paper in a list; ``node["data"]`` becomes ``data-*`` attributes for filtering."""


class bibtex_details(nodes.container):
    """A disclosure widget (``<details>``) holding an entry's BibTeX."""


def visit_publication_entry(self: HTML5Translator, node: publication_entry) -> None:
    attributes = {f"data-{name}": value for name, value in node.get("data", {}).items()}
    self.body.append(self.starttag(node, "li", "", **attributes))


def depart_publication_entry(self: HTML5Translator, node: publication_entry) -> None:
    self.body.append("</li>\n")


def visit_bibtex_details(self: HTML5Translator, node: bibtex_details) -> None:
    self.body.append(self.starttag(node, "details", ""))
    self.body.append(f"<summary>{self.encode(node.get('summary', 'BibTeX'))}</summary>\n")


def depart_bibtex_details(self: HTML5Translator, node: bibtex_details) -> None:
    self.body.append("</details>\n")


def setup(app: Sphinx) -> None:
    app.add_node(publication_entry, html=(visit_publication_entry, depart_publication_entry))
    app.add_node(bibtex_details, html=(visit_bibtex_details, depart_bibtex_details))
