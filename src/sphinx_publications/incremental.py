"""Incremental builds that are correct after a .bib edit, and cheap when nothing changed.

sphinxcontrib-bibtex's domain has three costs and one gap, all in ``env-updated``,
which runs on every build, no-op rebuilds included:

* it filters, sorts and formats every entry of every ``bibliography`` directive
  again, although the citations restored from the pickled environment are still
  current when no page was read and the .bib files and settings are unchanged;
* for every entry it scans every citation of the project (entries times citations);
* every directive walks the whole file, even one that shows only the entries it
  lists (``:filter: False``, as a page per paper does): directives times entries;
* pages that only cite an entry are not re-read when the .bib file changes, so
  their citation labels and tooltips keep the old title.

:class:`IncrementalBibtexDomain` replaces the domain with one that skips the
recomputation when its inputs are unchanged, indexes citations and listed keys,
and, when entries changed, returns the pages citing them so Sphinx rewrites them.
"""

from __future__ import annotations

import ast
import hashlib
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from pybtex.database import Entry
from sphinx.application import Sphinx
from sphinx.util import logging
from sphinxcontrib.bibtex.domain import BibtexDomain, _FilterVisitor

logger = logging.getLogger(__name__)

#: Settings whose values shape the formatted citations.
_CONFIG_PREFIXES = ("bibtex_", "publications_")


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


class IncrementalBibtexDomain(BibtexDomain):
    """sphinxcontrib-bibtex's ``cite`` domain, with incremental ``env_updated``."""

    _docs_changed = False  # set, per build, when any page is read or removed

    def clear_doc(self, docname: str) -> None:
        self._docs_changed = True
        super().clear_doc(docname)

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
        self._index_entries()
        try:
            super().env_updated()
        finally:
            del self._cited_in, self._position, self._file_of
        self.data["publications_stamp"] = stamp
        return self._pages_citing_changed_entries(previous is None or previous[1] != stamp[1])

    def _index_entries(self) -> None:
        """What the upstream filter looks up per entry, computed once per build."""
        cited_in: defaultdict[str, set[str]] = defaultdict(set)
        for ref in self.citation_refs:
            for target in ref.targets:
                cited_in[target.key].add(ref.docname)
        self._cited_in = cited_in
        self._position = {key: n for n, key in enumerate(self.bibdata.data.entries)}
        self._file_of = {
            key: path for path, info in self.bibdata.bibfiles.items() for key in info.keys
        }

    def get_filtered_entries(self, bibliography_key: Any) -> Iterable[tuple[str, Entry]]:
        """Upstream's filter, with the per-entry scans replaced by look-ups."""
        bibliography = self.bibliographies[bibliography_key]
        if _lists_only_its_keys(bibliography.filter_):
            entries = self._listed_entries(bibliography)
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

    def _listed_entries(self, bibliography: Any) -> list[Entry]:
        """The directive's listed keys found in its files, in file order (as upstream)."""
        entries = self.bibdata.data.entries
        found = [
            entries[key]
            for key in bibliography.keys
            if self._file_of.get(key) in bibliography.bibfiles
        ]
        return sorted(found, key=lambda entry: self._position[entry.key])

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


def setup(app: Sphinx) -> None:
    app.add_domain(IncrementalBibtexDomain, override=True)
