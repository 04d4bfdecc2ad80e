"""Doctree nodes for publication entries.

All subclass standard nodes, so builders without a visitor of their own
(text, LaTeX, …) render them as the list item / code block they are; Sphinx's
translators fall back along the class hierarchy.
"""

from __future__ import annotations

import html

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.writers.html5 import HTML5Translator


class publication_entry(nodes.list_item):
    """One paper in a list; ``node["data"]`` becomes ``data-*`` attributes for filtering."""


class plain_text_block(nodes.literal_block):
    """Text shown as is (BibTeX): the HTML of a ``none``-language code block, without Pygments.

    Sphinx runs every code block through Pygments, and builds a new formatter,
    stylesheet included, for each: most of the cost of writing a paper's page, for a
    block that has no token to colour.
    """

    def __init__(self, text: str, **attributes: object) -> None:
        super().__init__(text, text, language="none", **attributes)


def visit_plain_text_block(self: HTML5Translator, node: plain_text_block) -> None:
    text = node.astext()
    text = text if text.endswith("\n") else text + "\n"
    self.body.append(self.starttag(node, "div", suffix="", CLASS="highlight-none notranslate"))
    self.body.append(
        f'<div class="highlight"><pre><span></span>{html.escape(text, quote=False)}</pre></div>\n'
    )
    self.body.append("</div>\n")
    raise nodes.SkipNode


def visit_publication_entry(self: HTML5Translator, node: publication_entry) -> None:
    attributes = {f"data-{name}": value for name, value in node.get("data", {}).items()}
    self.body.append(self.starttag(node, "li", "", **attributes))


def depart_publication_entry(self: HTML5Translator, node: publication_entry) -> None:
    self.body.append("</li>\n")


def setup(app: Sphinx) -> None:
    app.add_node(publication_entry, html=(visit_publication_entry, depart_publication_entry))
    app.add_node(plain_text_block, html=(visit_plain_text_block, None))
