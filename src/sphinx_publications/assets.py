"""The extension's own CSS and JavaScript, shipped as package data.

``static/`` is added to ``html_static_path`` so the files land in the site's
``_static/``; each page links them only when it uses them: ``publications.css`` on
pages with publication entries, a chart, year navigation or filters,
``paper-page.css`` on pages with a paper's details (a paper page need not download
the list's styles: it is one of many pages, each a first visit from a search engine),
the filter script (deferred) on pages with a ``publication-filters`` placeholder,
and ``publication-bibtex.css`` and its script (deferred: copy buttons, the list's
BibTeX on demand) on pages with BibTeX, a paper's or a list's links to it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx

from .chart import publication_chart
from .filters import publication_filters
from .nodes import publication_entry
from .yearnav import publication_years

STATIC_DIR = Path(__file__).parent / "static"
STYLESHEET = "publications.css"
PAPER_STYLESHEET = "paper-page.css"
FILTER_SCRIPT = "publication-filters.js"
BIBTEX_STYLESHEET = "publication-bibtex.css"
BIBTEX_SCRIPT = "publication-bibtex.js"

_STYLED = (
    publication_entry,
    publication_chart,
    publication_years,
    publication_filters,
)
#: Paper pages' own parts, which are plain docutils nodes once written.
_PAPER_CLASSES = {"paper-citation", "paper-bibtex", "paper-facts"}


def _is_paper_part(node: nodes.Node) -> bool:
    return isinstance(node, nodes.Element) and not _PAPER_CLASSES.isdisjoint(node["classes"])


def _shows_bibtex(node: nodes.Node) -> bool:
    """A paper's BibTeX block, or a list entry (each links to its BibTeX)."""
    if isinstance(node, publication_entry):
        return True
    return isinstance(node, nodes.Element) and "paper-bibtex" in node["classes"]


def _add_static_path(app: Sphinx) -> None:
    if app.builder.format == "html":
        app.config.html_static_path.append(str(STATIC_DIR))


def _add_page_assets(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    if not isinstance(doctree, nodes.document):
        return  # generated pages (search, genindex) have no publications
    if doctree.next_node(lambda node: isinstance(node, _STYLED)) is not None:
        app.add_css_file(STYLESHEET)
    if doctree.next_node(_is_paper_part) is not None:
        app.add_css_file(PAPER_STYLESHEET)
    if doctree.next_node(publication_filters) is not None:
        app.add_js_file(FILTER_SCRIPT, loading_method="defer")
    if doctree.next_node(_shows_bibtex) is not None:
        app.add_css_file(BIBTEX_STYLESHEET)
        app.add_js_file(BIBTEX_SCRIPT, loading_method="defer")


def setup(app: Sphinx) -> None:
    app.connect("builder-inited", _add_static_path)
    app.connect("html-page-context", _add_page_assets)
