"""Publication entries, made when a page is written: ``publication-list`` and ``bibliography``.

A post-transform, so that each builder gets entries it can show (:mod:`.support`):

* every ``publication-list`` becomes a bullet list of entries (with year headings
  if asked);
* a bullet ``bibliography`` of sphinxcontrib-bibtex formatted by this extension's
  style is given the same entries (other styles' lists are left alone).

Each entry gets a permanent id from its key (``pub-<key>``), so links such as
``publications.html#pub-huang2017densely`` survive any edit to other entries, and
``data-*`` facets (year, venue, kind, recognition) for the page's filters. An entry
with its own paper page is left out of Sphinx's search index (``no-search``): the
search finds the paper's page, and 5,000 entries are not indexed twice.

On HTML builders an entry whose inputs did not change since the last build is not
made again: its HTML is kept (:mod:`.entry_cache`), so one edit to a 5,000-paper
list costs one entry, not 5,000.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from docutils import nodes
from pybtex.database import Entry
from sphinx.application import Sphinx
from sphinx.errors import NoUri
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging
from sphinx.util.docutils import new_document
from sphinx.util.osutil import relative_uri

from . import collector, entry_cache
from .bib.records import Publication
from .entry_nodes import Targets, entry_body
from .nodes import publication_entry, publication_year
from .papers import (
    bib_entries,
    bibtex_uri,
    entry_id,
    find_entry,
    pages_to_write,
    paper_docname,
    publication,
    publications,
)
from .publication_list import publication_list
from .style import STYLE_NAME
from .support import application, refnode, support
from .thumbnails_nodes import thumbnail_node
from .translations import _, venue_label

logger = logging.getLogger(__name__)


class EntryRenderer:
    """Makes the entries of one page being written, with the builder's URIs."""

    def __init__(self, app: Sphinx, docname: str, document: nodes.document | None = None) -> None:
        """``document``: the page the entries go into (a paper page's links need none)."""
        self.app = app
        self.docname = docname
        self._document = document
        self.config = app.config
        self.support = support(app.builder)
        # The build's page names (a cached mapping: never copied per page).
        self.pages = pages_to_write(app.env) if self.support.pages else {}
        self.position = 0
        self._cache: entry_cache.PageCache | bool | None = False  # looked up when needed

    @property
    def document(self) -> nodes.document:
        if self._document is None:
            self._document = new_document(self.docname)
        return self._document

    @property
    def cache(self) -> entry_cache.PageCache | None:
        """The page's kept entries (paper pages make a renderer for its links alone)."""
        if self._cache is False:
            self._cache = entry_cache.for_page(self.app, self.docname)
        return self._cache  # type: ignore[return-value]

    def link(self, docname: str, anchor: str | None, inner: nodes.Node, title: str) -> nodes.Node:
        try:
            return refnode(self.app.builder, self.docname, docname, anchor, inner, title)
        except NoUri:
            return inner

    def targets(self, pub: Publication) -> Targets:
        bibtex = ""
        if self.support.files:
            bibtex = bibtex_uri(self.app.builder, self.docname, self.config, pub.key)
        return Targets(self.support, self.page(pub), bibtex, self.files(pub), self.link)

    def page(self, pub: Publication) -> tuple[str, str | None] | None:
        page_name = paper_docname(self.config, pub.key)
        return (page_name, None) if page_name in self.pages else None

    def files(self, pub: Publication) -> dict[str, str]:
        """URIs of the site's files that the entry links, relative to the page."""
        files: dict[str, str] = {}
        if not self.support.files or not any(link.local for link in pub.links):
            return files
        from .site_files import file_uri

        base = self.app.builder.get_target_uri(self.docname)
        for link in pub.links:
            if link.local:
                target = file_uri(self.app, link.url)
                if target:
                    files[link.url] = relative_uri(base, target)
        return files

    def entry(self, pub: Publication, source: Entry | None = None) -> publication_entry:
        """The list entry of ``pub``; ``source``: its parsed entry, if the caller has it."""
        node_id = entry_id(self.config, pub.key)
        document = self.document
        ids = [] if node_id in document.ids else [node_id]
        page = self.page(pub)
        # An entry with its own page is found there (paper_search): Sphinx's search index
        # skips ``no-search`` elements, so the list's words are not indexed a second time.
        classes = ["publication", *(["no-search"] if page is not None else [])]
        entry = publication_entry("", ids=ids, classes=classes, data=facets(pub, self.config))
        thumbnail = None
        if self.support.files:
            thumbnail = thumbnail_node(self.app, self.docname, pub, eager=self.position < 2)
        self.position += 1
        for node_id in ids:
            document.ids[node_id] = entry
        cache = self.cache
        if cache is None:
            entry += entry_body(pub, self.targets(pub), thumbnail)
            return entry
        # Everything the entry's HTML is made from besides the page (entry_cache.page_basis).
        thumb = thumbnail.attributes if thumbnail is not None else None
        identity = self.identity(pub, source)
        key = cache.key(identity, page is not None, self.files(pub), thumb)
        kept = cache.get(key)
        if kept is None:
            entry["cache_key"] = key  # its visitor keeps the HTML the translator writes
            entry += entry_body(pub, self.targets(pub), thumbnail)
        else:
            entry["cache_key"], entry["kept_html"], entry["kept_start"] = key, kept[0], kept[2]
            entry["kept_text"] = kept[1]
            entry += nodes.Text(kept[1])  # for what reads the page's text (search)
        return entry

    def identity(self, pub: Publication, entry: Entry | None = None) -> object:
        """What the entry's view is made from: its text as read (:mod:`.loader`), or the view.

        The view (:func:`~.bib.records.publication_of`) is made from the entry's text, its
        derived ``kind`` and ``year`` and the settings, which the page's basis holds.
        """
        if entry is None:
            entry = find_entry(self.app.env, pub.key)
        digest = getattr(entry, "source_digest", None)
        if entry is None or digest is None:
            return pub
        return (digest, entry.fields.get("kind", ""), entry.fields.get("year", ""))

    def bullet_list(
        self,
        pubs: list[Publication],
        classes: list[str],
        sources: Mapping[str, Entry] | None = None,
    ) -> nodes.bullet_list:
        """The entries of ``pubs``; ``sources``: their parsed entries by key, if at hand."""
        items = nodes.bullet_list(classes=["publications", *classes])
        sources = sources or {}
        items.extend([self.entry(pub, sources.get(pub.key)) for pub in pubs])
        return items


def facets(pub: Publication, config: Any) -> dict[str, str]:
    """The ``data-*`` attributes that the publication filters read."""
    venue = config.publications_venue_aliases.get(pub.venue_label) or venue_label(pub)
    return {
        "year": pub.year,
        "venue": venue,
        "kind": pub.kind,
        "recognition": " ".join(pub.recognition),
    }


class PublicationListTransform(SphinxPostTransform):
    """Fill the lists, and make sphinxcontrib-bibtex's bibliographies (filled at 5) entries.

    Late: after Sphinx's post-transforms (5 to 401) and themes' (furo's at 500), which
    find nothing to do in an entry (its links are resolved as it is made) but would
    each walk every node of a 5,000-entry list.
    """

    default_priority = 700

    def run(self, **kwargs: Any) -> None:
        lists = list(self.document.findall(publication_list))
        items = [
            item
            for item in self.document.findall(nodes.list_item)
            if "docname" in item and not isinstance(item, publication_entry)
        ]
        if not lists and not items:
            return
        app = application(self.env)
        renderer = EntryRenderer(app, self.env.docname, self.document)
        # A long list's nodes live until its page is written: not scanned meanwhile.
        with collector.lasting(app):
            for node in lists:
                node.replace_self(self.fill(renderer, node))
            if items:
                self.decorate_bibliographies(renderer, items)

    def fill(self, renderer: EntryRenderer, node: publication_list) -> list[nodes.Node]:
        entries = bib_entries(self.env)
        found = [entry for key in node["keys"] if (entry := entries.get(key)) is not None]
        sources = {entry.key: entry for entry in found}
        pubs = publications(self.config, found)
        classes = [c for c in node["classes"] if c != "publication-list"]
        if node["group_by"] != "year":
            return [renderer.bullet_list(pubs, classes, sources)]
        groups: dict[str, list[Publication]] = {}
        for pub in pubs:
            groups.setdefault(pub.year, []).append(pub)
        # One level below the section the list is in (a page's title is level 1).
        level = min(6, 1 + len([a for a in _ancestors(node) if isinstance(a, nodes.section)]))
        result: list[nodes.Node] = []
        for year, group in groups.items():
            heading = year or _("Undated")
            result.append(publication_year(heading, heading, classes=["pub-year"], level=level))
            result.append(renderer.bullet_list(group, classes, sources))
        return result

    def decorate_bibliographies(
        self, renderer: EntryRenderer, items: list[nodes.list_item]
    ) -> None:
        domain = self.env.get_domain("cite")
        docnames = {item["docname"] for item in items}
        citation_by_node = {}
        for citation in domain.citations:  # type: ignore[attr-defined]
            if citation.bibliography_key.docname in docnames:
                bibliography = domain.bibliographies[citation.bibliography_key]  # type: ignore[attr-defined]
                if bibliography.style == STYLE_NAME and bibliography.list_ == "bullet":
                    citation_by_node[id(bibliography.citation_nodes[citation.key])] = citation
        for item in items:
            citation = citation_by_node.get(id(item))
            if citation is not None:
                pub = publication(self.config, citation.entry)
                item["ids"] = []  # replace_self() would carry over the positional auto-id
                item.replace_self(renderer.entry(pub))


def _ancestors(node: nodes.Node) -> list[nodes.Node]:
    found = []
    while node.parent is not None:
        node = node.parent
        found.append(node)
    return found


def setup(app: Sphinx) -> None:
    app.add_post_transform(PublicationListTransform)
