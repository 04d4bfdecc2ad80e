"""Incremental builds that are correct after a .bib edit, and cheap when nothing changed.

sphinxcontrib-bibtex's domain has one cost and one gap, both in ``env-updated``,
which runs on every build, no-op rebuilds included:

* it filters, sorts and formats every entry of every ``bibliography`` directive
  again, although the citations restored from the pickled environment are still
  current when no page was read and the .bib files and settings are unchanged;
* pages that only cite an entry are not re-read when the .bib file changes, so
  their citation labels and tooltips keep the old title.

:class:`IncrementalBibtexDomain` replaces the domain with one that skips the
recomputation when its inputs are unchanged and, when entries changed, returns
the pages citing them so Sphinx rewrites them.

(Upstream also costs directives times entries: every ``bibliography`` directive
makes a node per entry of the file. That would matter for a ``bibliography`` per
paper page; paper pages are rendered from the entries (:mod:`.paper_page`), and a
site has a few bibliographies, so nothing here works around it.)
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from typing import Any

from pybtex.database import Entry
from sphinx.application import Sphinx
from sphinx.util import logging
from sphinxcontrib.bibtex.domain import BibtexDomain

from .held import HeldDict, hold

logger = logging.getLogger(__name__)

#: Settings that shape the formatted citations without making Sphinx re-read pages
#: (the publications_* ones re-read every page when they change).
_CONFIG_PREFIXES = ("bibtex_",)


def entry_digest(entry: Entry) -> str:
    """A fingerprint of everything an entry shows: type, fields and persons.

    Entries read by the loader carry the digest of their text as read (which makes
    their fields and persons) and get their ``kind`` and ``year`` from it and the
    settings: no need to go through 5,000 entries' fields again.
    """
    source = getattr(entry, "source_digest", None)
    if source is not None:
        fields = entry.fields
        return f"{source}-{fields.get('kind', '')}-{fields.get('year', '')}"
    persons = [(role, [str(p) for p in people]) for role, people in entry.persons.items()]
    data = repr((entry.type.lower(), list(entry.fields.items()), persons))
    return hashlib.blake2b(data.encode(), digest_size=12).hexdigest()


class IncrementalBibtexDomain(BibtexDomain):
    """sphinxcontrib-bibtex's ``cite`` domain, with incremental ``env_updated``."""

    _docs_changed = False  # set, per build, when any page is read or removed

    #: After ``env_updated``: True when no page was read and no .bib file or setting
    #: changed, so everything derived from the citations is as the last build left it.
    unchanged = False

    def __init__(self, env: Any) -> None:
        super().__init__(env)
        if isinstance(self.data.get("publications_digests"), HeldDict):
            hold(self.data["publications_digests"])  # as loaded with the environment

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

    @property
    def pages_read(self) -> bool:
        """Whether this build read or removed any page."""
        return self._docs_changed

    def env_updated(self) -> Iterable[str]:
        stamp = self._inputs_stamp()
        previous = self.data.get("publications_stamp")
        self.unchanged = not self._docs_changed and previous == stamp and bool(self.citations)
        if self.unchanged:
            return []  # the citations restored from the pickle are current
        super().env_updated()
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

    def _pages_citing_changed_entries(self, files_changed: bool) -> list[str]:
        """Pages that cite an added, removed or edited entry (they are not re-read)."""
        if not files_changed and "publications_digests" in self.data:
            return []
        digests = hold(
            HeldDict((key, entry_digest(e)) for key, e in self.bibdata.data.entries.items())
        )
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
