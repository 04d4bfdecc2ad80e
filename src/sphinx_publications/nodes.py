"""Doctree nodes for publication entries.

The entry subclasses a standard node, so builders without a visitor of their own
(text, LaTeX, …) render it as the list item it is; Sphinx's translators fall back
along the class hierarchy.
"""

from __future__ import annotations

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.writers.html5 import HTML5Translator


class publication_entry(nodes.list_item):
    """One paper in a list; ``node["data"]`` becomes ``data-*`` attributes for filtering."""


def visit_publication_entry(self: HTML5Translator, node: publication_entry) -> None:
    attributes = {f"data-{name}": value for name, value in node.get("data", {}).items()}
    self.body.append(self.starttag(node, "li", "", **attributes))


def depart_publication_entry(self: HTML5Translator, node: publication_entry) -> None:
    self.body.append("</li>\n")


def setup(app: Sphinx) -> None:
    app.add_node(publication_entry, html=(visit_publication_entry, depart_publication_entry))
