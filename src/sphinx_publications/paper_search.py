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

from . import build_state, collector
from .bib.records import Publication
from .papers import bib_entries, pages_to_write, publication
from .translations import venue_line


class _KeepPaperPages:
    """The indexer's ``prune``, keeping the paper pages as if they were documents.

    Sphinx's ``prune`` walks every word of the index, three times a build: 5,000 paper
    pages' words, to take out the one page an edit changed, or none. So the pages it
    would take out are found first, among those the index holds (every page in a
    word's set was fed with a title, or loaded with one, and ``prune`` drops both
    alike): none, and there is nothing to do; a few, and only their words are taken
    out, as ``prune`` does (an emptied word keeps its empty set).
    """

    def __init__(self, indexer: Any, pages: frozenset[str]) -> None:
        self.indexer = indexer
        self.prune = indexer.prune
        self.pages = pages

    def __call__(self, docnames: Iterable[str]) -> None:
        self.keep_only({*docnames, *self.pages})

    def keep_only(self, keep: set[str]) -> None:
        """Take every page but ``keep`` out of the index (paper pages too)."""
        indexer = self.indexer
        if not _takes_out_by_hand(indexer):
            self.prune(keep)
            return
        gone = [docname for docname in indexer._titles if docname not in keep]
        if not gone:
            return
        if len(gone) > FEW_PAGES:
            self.prune(keep)
            return
        for name in ("_titles", "_filenames", "_all_titles"):
            held = getattr(indexer, name)
            for docname in gone:
                held.pop(docname, None)
        for name in ("_mapping", "_title_mapping"):
            for docnames_of_word in getattr(indexer, name).values():
                docnames_of_word.difference_update(gone)


#: Up to this many pages leave the index by hand; more, by Sphinx's ``prune``.
FEW_PAGES = 64


def _takes_out_by_hand(indexer: Any) -> bool:
    """Whether the index holds what ``prune`` changes as Sphinx 8.2 to 9.2 keep it."""
    return all(
        isinstance(getattr(indexer, name, None), dict)
        for name in ("_titles", "_filenames", "_all_titles", "_mapping", "_title_mapping")
    )


def _keep_paper_pages(indexer: Any, pages: frozenset[str]) -> _KeepPaperPages:
    if not isinstance(indexer.prune, _KeepPaperPages):
        indexer.prune = _KeepPaperPages(indexer, pages)
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
        # 5,000 paper pages' words, in sets: they live until the index is written.
        with collector.lasting(app):
            load(docnames)

    def dump_search_index() -> None:
        if not index_kept(app):
            with collector.paused():  # the frozen index's lists and dicts: no cycle
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
    keep.keep_only((set(app.env.all_docs) | set(pages)) - set(todo))
    entries = bib_entries(app.env)
    for pagename in todo:
        key = pages[pagename]
        pub = publication(app.config, entries[key])
        indexer.feed(pagename, f"{pagename}.bib", pub.title or key, search_doctree(pagename, pub))
    return len(todo)


def setup(app: Sphinx) -> None:
    app.connect("write-started", keep_loaded_paper_pages)
