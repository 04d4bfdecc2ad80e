"""Paper pages in the site search: found by title, authors, venue, recognition and abstract.

Sphinx's search index knows only documents: it drops every other page twice per
build (when it loads the last index, and again just before writing it). Each build
therefore feeds every paper page again, from a doctree of what a visitor searches
for (not the page's chips and buttons, which would show up as excerpt debris), and
keeps them through the final prune. A clean and an incremental build feed the same.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.docutils import new_document

from .bib.records import Publication
from .papers import bib_entries, publication


def search_doctree(pagename: str, pub: Publication) -> nodes.document:
    """What the search index learns of a paper page."""
    doctree = new_document(pagename)
    text = " ".join(
        part
        for part in (
            ", ".join(a.name for a in pub.authors + pub.editors),
            pub.venue_line,
            pub.venue_abbr,
            pub.award,
            pub.presentation,
            pub.abstract,
        )
        if part
    )
    title = pub.title or pagename
    doctree += nodes.section("", nodes.title(title, title), nodes.paragraph(text, text))
    return doctree


def index_paper_pages(app: Sphinx, pages: dict[str, str]) -> None:
    """Feed the paper pages (page -> key) to the builder's search index, if it has one."""
    indexer: Any = getattr(app.builder, "indexer", None)
    if indexer is None:
        return
    entries = bib_entries(app.env)
    for pagename, key in sorted(pages.items()):
        pub = publication(app.config, entries[key])
        indexer.feed(pagename, f"{pagename}.bib", pub.title or key, search_doctree(pagename, pub))
    # The indexer has no way to keep pages that are not documents: its prune is
    # wrapped, on this build's indexer only, to keep these.
    prune = indexer.prune
    papers = frozenset(pages)
    indexer.prune = lambda docnames: prune({*docnames, *papers})
