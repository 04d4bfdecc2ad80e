"""Paper pages in the site search: found by title, authors, venue, recognition and abstract.

Sphinx's search index knows only documents: it drops every other page when it
loads the last index and again just before writing it. The paper pages are kept
through both (the index's ``prune`` is wrapped, on this build's indexer only, the
one way the indexer offers), so a build feeds only the pages whose entry changed
or that the loaded index lacks, from a doctree of what a visitor searches for (not
the page's chips and buttons, which would show up as excerpt debris). What a page
contributes depends on its entry alone, so an incremental build's index equals a
clean one's.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.builders import Builder
from sphinx.util.docutils import new_document

from . import build_state
from .bib.records import Publication
from .papers import bib_entries, pages_to_write, publication
from .translations import venue_line


class _KeepPaperPages:
    """The indexer's ``prune``, keeping the paper pages as if they were documents."""

    def __init__(self, prune: Any, pages: frozenset[str]) -> None:
        self.prune = prune
        self.pages = pages

    def __call__(self, docnames: Iterable[str]) -> None:
        self.prune({*docnames, *self.pages})


def _keep_paper_pages(indexer: Any, pages: frozenset[str]) -> _KeepPaperPages:
    if not isinstance(indexer.prune, _KeepPaperPages):
        indexer.prune = _KeepPaperPages(indexer.prune, pages)
    return indexer.prune


def keep_loaded_paper_pages(app: Sphinx, builder: Builder) -> None:
    """``write-started``: the index loaded from the last build keeps its paper pages.

    The builder makes its indexer and loads the last index in one step; the step
    is wrapped, on this builder only, to wrap the new indexer's ``prune`` first.
    When the build changes nothing the index holds (a no-op), the index is neither
    loaded nor written: the file stays as the last finished build wrote it.
    """
    load = getattr(builder, "load_indexer", None)
    dump = getattr(builder, "dump_search_index", None)
    if load is None or dump is None or not getattr(builder, "search", False):
        return
    pages = frozenset(pages_to_write(app.env))

    def load_indexer(docnames: Any) -> None:
        if build_state.search_index_unchanged(app, docnames):
            builder.publications_index_kept = True  # type: ignore[attr-defined]
            return
        if getattr(builder, "indexer", None) is not None:
            _keep_paper_pages(builder.indexer, pages)
        load(docnames)

    def dump_search_index() -> None:
        if not index_kept(app):
            dump()

    builder.load_indexer = load_indexer  # type: ignore[method-assign]
    builder.dump_search_index = dump_search_index  # type: ignore[method-assign]


def index_kept(app: Sphinx) -> bool:
    """Whether this build keeps the last search index as it is (nothing to feed it)."""
    return getattr(app.builder, "publications_index_kept", False)


def search_doctree(pagename: str, pub: Publication) -> nodes.document:
    """What the search index learns of a paper page."""
    doctree = new_document(pagename)
    text = " ".join(
        part
        for part in (
            ", ".join(a.name for a in pub.authors + pub.editors),
            venue_line(pub),
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


def index_paper_pages(app: Sphinx, pages: dict[str, str], changed: Iterable[str]) -> int:
    """Feed the paper pages (page -> key) that ``changed`` or the index lacks; how many.

    Pages of removed papers leave the index when it is written.
    """
    indexer: Any = getattr(app.builder, "indexer", None)
    if indexer is None or index_kept(app):
        return 0
    keep = _keep_paper_pages(indexer, frozenset(pages))
    held = getattr(indexer, "_titles", None)  # the pages it holds, where Sphinx keeps them
    known = set(held) if isinstance(held, dict) else set()
    todo = sorted({page for page in pages if page not in known} | (set(changed) & set(pages)))
    if not todo:
        return 0
    keep.prune((set(app.env.all_docs) | set(pages)) - set(todo))
    entries = bib_entries(app.env)
    for pagename in todo:
        key = pages[pagename]
        pub = publication(app.config, entries[key])
        indexer.feed(pagename, f"{pagename}.bib", pub.title or key, search_doctree(pagename, pub))
    return len(todo)


def setup(app: Sphinx) -> None:
    app.connect("write-started", keep_loaded_paper_pages)
