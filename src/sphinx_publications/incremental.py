"""Incremental builds that are correct after a .bib edit, and cheap when nothing changed.

sphinxcontrib-bibtex's domain has three costs and one gap, all in ``env-updated``,
which runs on every build, no-op rebuilds included:

* it filters, sorts and formats every entry of every ``bibliography`` directive
  again, although the citations restored from the pickled environment are still
  current when no page was read and the .bib files and settings are unchanged;
* for every entry it scans every citation of the project (entries times citations);
* every directive makes a citation node (kept in the pickled environment) for
  every entry of the file and walks the whole file when filtering, even one that
  shows only the entries it lists (``:filter: False``, as a page per paper does):
  directives times entries, in time and in environment size;
* pages that only cite an entry are not re-read when the .bib file changes, so
  their citation labels and tooltips keep the old title.

:class:`IncrementalBibtexDomain` replaces the domain with one that skips the
recomputation when its inputs are unchanged, indexes citations and listed keys,
and, when entries changed, returns the pages citing them so Sphinx rewrites them;
:class:`ListedKeysBibliography` makes a ``:filter: False`` directive create nodes
for its listed keys only, and :class:`PageBibliographyTransform` fills a page's
lists from that page's citations, not a scan of all (pages times citations).
"""

from __future__ import annotations

import ast
import gc
import hashlib
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from pybtex.database import Entry
from sphinx.application import Sphinx
from sphinx.util import logging
from sphinxcontrib.bibtex.directives import BibliographyDirective
from sphinxcontrib.bibtex.domain import BibtexDomain, Citation, _FilterVisitor
from sphinxcontrib.bibtex.nodes import bibliography as bibliography_node
from sphinxcontrib.bibtex.transforms import BibliographyTransform

logger = logging.getLogger(__name__)

#: Settings that shape the formatted citations without making Sphinx re-read pages
#: (the publications_* ones re-read every page when they change).
_CONFIG_PREFIXES = ("bibtex_",)


def entry_digest(entry: Entry) -> str:
    """A fingerprint of everything an entry shows: type, fields and persons."""
    persons = [(role, [str(p) for p in people]) for role, people in entry.persons.items()]
    data = repr((entry.type.lower(), list(entry.fields.items()), persons))
    return hashlib.blake2b(data.encode(), digest_size=12).hexdigest()


def _lists_only_its_keys(filter_: ast.AST) -> bool:
    """True for ``:filter: False``: the directive shows exactly the keys it lists."""
    body = filter_.body[0] if isinstance(filter_, ast.Module) and filter_.body else None
    value = body.value if isinstance(body, ast.Expr) else None
    return isinstance(value, ast.Constant) and value.value is False


class _EntryIndex:
    """Where each entry is: its position in the files and its file."""

    def __init__(self, bibdata: Any) -> None:
        self.data = bibdata.data
        self.position = {key: n for n, key in enumerate(bibdata.data.entries)}
        self.file_of = {key: path for path, info in bibdata.bibfiles.items() for key in info.keys}

    def listed(self, keys: Iterable[str], bibfiles: Iterable[Any]) -> list[Entry]:
        """The entries with these keys found in these files, in file order (as upstream)."""
        files = set(bibfiles)
        entries = self.data.entries
        found = [entries[key] for key in set(keys) if self.file_of.get(key) in files]
        return sorted(found, key=lambda entry: self.position[entry.key])


class IncrementalBibtexDomain(BibtexDomain):
    """sphinxcontrib-bibtex's ``cite`` domain, with incremental ``env_updated``."""

    _docs_changed = False  # set, per build, when any page is read or removed
    _listed_keys: list[str] | None = None  # set while a ``:filter: False`` directive runs
    _index: _EntryIndex | None = None
    _cited_in: dict[str, set[str]] | None = None
    _by_doc: tuple[Any, int, dict[str, list[Citation]]] = (None, 0, {})

    def clear_doc(self, docname: str) -> None:
        self._docs_changed = True
        super().clear_doc(docname)

    @property
    def entry_index(self) -> _EntryIndex:
        if self._index is None or self._index.data is not self.bibdata.data:
            self._index = _EntryIndex(self.bibdata)
        return self._index

    def citations_of(self, docnames: Iterable[str]) -> list[Citation]:
        """The citations listed on these pages (upstream code scans all, per page)."""
        citations = self.citations
        indexed, count, by_doc = self._by_doc
        if indexed is not citations or count != len(citations):
            by_doc = defaultdict(list)
            for citation in citations:
                by_doc[citation.bibliography_key.docname].append(citation)
            self._by_doc = (citations, len(citations), by_doc)
        return [c for docname in docnames for c in by_doc.get(docname, ())]

    def get_entries(self, bibfiles: list[Any]) -> Iterable[Entry]:
        if self._listed_keys is None:
            return super().get_entries(bibfiles)
        return self.entry_index.listed(self._listed_keys, bibfiles)

    def _inputs_stamp(self) -> tuple:
        bibdata = self.bibdata
        files = tuple((str(path), info.mtime) for path, info in bibdata.bibfiles.items())
        settings = tuple(
            (item.name, repr(item.value))
            for item in self.env.config
            if item.name.startswith(_CONFIG_PREFIXES)
        )
        return (bibdata.encoding, files, settings)

    def env_updated(self) -> Iterable[str]:
        stamp = self._inputs_stamp()
        previous = self.data.get("publications_stamp")
        if not self._docs_changed and previous == stamp and self.citations:
            return []  # the citations restored from the pickle are current
        cited_in: defaultdict[str, set[str]] = defaultdict(set)
        for ref in self.citation_refs:
            for target in ref.targets:
                cited_in[target.key].add(ref.docname)
        self._cited_in = cited_in
        try:
            super().env_updated()
        finally:
            self._cited_in = None
        self.data["publications_stamp"] = stamp
        pages = self._pages_citing_changed_entries(previous is None or previous[1] != stamp[1])
        if not self._docs_changed:
            # Settings or .bib files changed but no page was read: Sphinx saves the
            # environment only when some page is updated, and these are the pages whose
            # output the change can affect.
            pages = sorted(
                {*pages, *(key.docname for key in self.bibliographies)}
                | {ref.docname for ref in self.citation_refs}
            )
        return pages

    def get_filtered_entries(self, bibliography_key: Any) -> Iterable[tuple[str, Entry]]:
        """Upstream's filter, with the per-entry scans replaced by look-ups."""
        if self._cited_in is None:  # called from elsewhere than env_updated
            yield from super().get_filtered_entries(bibliography_key)
            return
        bibliography = self.bibliographies[bibliography_key]
        if _lists_only_its_keys(bibliography.filter_):
            entries = self.entry_index.listed(bibliography.keys, bibliography.bibfiles)
        else:
            entries = self.get_entries(bibliography.bibfiles)
        for entry in entries:
            key = bibliography.keyprefix + entry.key
            cited_docnames = self._cited_in.get(key, set())
            visitor = _FilterVisitor(
                entry=entry, docname=bibliography_key.docname, cited_docnames=cited_docnames
            )
            try:
                success = visitor.visit(bibliography.filter_)
            except ValueError as err:
                logger.warning(
                    "syntax error in :filter: expression; %s",
                    err,
                    location=(bibliography_key.docname, bibliography.line),
                    type="bibtex",
                    subtype="filter_syntax_error",
                )
                success = bool(cited_docnames)
            if success or entry.key in bibliography.keys:
                yield key, entry

    def _pages_citing_changed_entries(self, files_changed: bool) -> list[str]:
        """Pages that cite an added, removed or edited entry (they are not re-read)."""
        if not files_changed and "publications_digests" in self.data:
            return []
        digests = {key: entry_digest(e) for key, e in self.bibdata.data.entries.items()}
        previous: dict[str, str] = self.data.get("publications_digests", {})
        self.data["publications_digests"] = digests
        changed = {k for k in digests.keys() | previous.keys() if digests.get(k) != previous.get(k)}
        if not changed or not previous:
            return []  # nothing changed, or the first build, which writes every page
        prefixes = {b.keyprefix for b in self.bibliographies.values()} | {""}
        keys = {prefix + key for key in changed for prefix in prefixes}
        return sorted(
            {ref.docname for ref in self.citation_refs if any(t.key in keys for t in ref.targets)}
        )


def citations_of(domain: Any, docnames: Iterable[str]) -> list[Citation]:
    """The citations listed on these pages, indexed when the domain is ours."""
    if isinstance(domain, IncrementalBibtexDomain):
        return domain.citations_of(sorted(docnames))
    return list(domain.citations)


class PageBibliographyTransform(BibliographyTransform):
    """Upstream's transform, shown only the citations of the page it transforms.

    Upstream scans every citation of the project for every bibliography. This
    runs first and hands it the page's citations; upstream's own instance, which
    runs next, then finds no bibliography left to fill.
    """

    default_priority = BibliographyTransform.default_priority - 1

    def run(self, **kwargs: Any) -> None:
        domain = self.env.get_domain("cite")
        if not isinstance(domain, IncrementalBibtexDomain):
            return
        docnames = {node["docname"] for node in self.document.findall(bibliography_node)}
        if not docnames:
            return
        every = domain.data["citations"]
        domain.data["citations"] = domain.citations_of(sorted(docnames))
        try:
            super().run(**kwargs)
        finally:
            domain.data["citations"] = every


class ListedKeysBibliography(BibliographyDirective):
    """``bibliography``; with ``:filter: False`` it makes nodes for its listed keys only.

    Upstream makes a citation node, with an id, for every entry of the files, because
    it learns which entries a filter selects only later; ``:filter: False`` selects
    exactly the listed keys, so the other nodes would never be used.
    """

    def run(self) -> list:
        domain = self.env.get_domain("cite")
        listed_only = self.options.get("filter", "").strip() == "False"
        if not listed_only or not isinstance(domain, IncrementalBibtexDomain):
            return list(super().run())
        domain._listed_keys = [line.strip() for line in self.content if line.strip()]
        try:
            return list(super().run())
        finally:
            domain._listed_keys = None


def pause_gc_while_the_environment_loads(app: Sphinx, config: Any) -> None:
    """Keep the cyclic garbage collector off what lives to the end of the build.

    Python's collector walks every live object again and again as a build
    allocates more: unpickling the environment sets off a collection per batch
    of objects although it creates no garbage, and the parsed bibliography, the
    environment and its formatted citations are walked by every later full
    collection, including the one at exit. For 5,000 papers that was three
    quarters of a no-op rebuild and a third of a clean one. So the collector is
    off while Sphinx loads the environment (between ``config-inited`` and
    ``builder-inited``), and what is alive is frozen (``gc.freeze``) after
    loading, after the .bib files are parsed, and after reading, each time
    right after a full collection so that no garbage is frozen. A process that
    builds many times may prefer ``publications_freeze_environment = False``.
    """
    if config.publications_freeze_environment and gc.isenabled():
        gc.disable()
        app.connect("builder-inited", freeze_and_resume_gc, priority=0)
        app.connect("builder-inited", lambda app: collect_and_freeze(), priority=900)
        app.connect("env-updated", lambda app, env: collect_and_freeze(), priority=900)


def freeze_and_resume_gc(app: Sphinx) -> None:
    gc.freeze()  # the loaded environment: unpickling made no garbage
    gc.enable()


def collect_and_freeze() -> list[str]:
    gc.collect()
    gc.freeze()
    return []


def setup(app: Sphinx) -> None:
    app.add_config_value("publications_freeze_environment", True, "", types=[bool])
    app.connect("config-inited", pause_gc_while_the_environment_loads)
    app.add_domain(IncrementalBibtexDomain, override=True)
    app.add_directive("bibliography", ListedKeysBibliography, override=True)
    app.add_post_transform(PageBibliographyTransform)
