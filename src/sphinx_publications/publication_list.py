"""The ``publication-list`` directive: a list of papers chosen by kind, selection or key.

::

    ```{publication-list}
    :kinds: conference report
    ```

    ```{publication-list}
    :exclude-kinds: journal
    ```

    ```{publication-list}
    :selected:
    ```

Papers are listed newest year first and, within a year, in the order of the .bib
file. Which papers a list shows is decided when the page is read (read again when
an edit of a .bib file changes that choice, :mod:`.bib_choices`), so a list that
would be empty takes its section with it: no orphan heading ("Selected Journal
Papers" over nothing) when a bibliography has no paper of a kind. The entries themselves are
made when the page is written, for the builder at hand (:mod:`.entry_nodes`).

``:group-by: year`` puts a year heading over each year's papers.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from docutils import nodes
from docutils.parsers.rst import directives
from docutils.transforms import Transform
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.environment.collectors import EnvironmentCollector
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from . import bib_choices
from .bib.entry_types import KINDS
from .bib.records import Publication
from .chart import publication_chart
from .loader import loaded
from .papers import bib_entries, no_paper, publications

logger = logging.getLogger(__name__)


class publication_list(nodes.General, nodes.Element):
    """A list of papers: ``node["keys"]`` in order, ``node["group_by"]``; filled when written."""


def sort_key(pub: Publication, position: int) -> tuple[int, int]:
    """Newest first; "in press" and other undated work before everything dated."""
    return (-pub.sort_year if pub.sort_year else -10_000 if upcoming(pub.year) else 0, position)


def upcoming(year: str) -> bool:
    words = year.casefold()
    return any(w in words for w in ("press", "appear", "forthcoming", "accepted", "submitted"))


def ordered(pubs: Iterable[Publication]) -> list[Publication]:
    return [pub for _, pub in sorted((sort_key(p, i), p) for i, p in enumerate(pubs))]


def choose(
    env: BuildEnvironment, config: Any, inputs: tuple[tuple[str, ...] | None, bool, tuple[str, ...]]
) -> tuple[list[str], list[str]]:
    """The keys a list shows, in order, and the keys it names that no .bib file has.

    ``inputs``: the kinds it shows (None: all), whether only selected papers, and the
    keys it names (none: every paper but those only cross-referenced).
    """
    kinds, selected, wanted = inputs
    entries = bib_entries(env)
    unknown = [key for key in wanted if key not in entries]
    if wanted:
        chosen = [entries[key] for key in wanted if key in entries]
    else:
        parents = loaded(env).parents
        if parents:
            chosen = [e for k, e in entries.items() if k.casefold() not in parents]
        else:  # no entry is only a crossref's parent (most files)
            chosen = list(entries.values())
    pubs = publications(config, chosen)
    pubs = [
        pub
        for pub in pubs
        if (kinds is None or pub.kind in kinds) and (not selected or pub.selected)
    ]
    return [pub.key for pub in ordered(pubs)], unknown


class PublicationList(SphinxDirective):
    """``publication-list``: ``:kinds:`` or ``:exclude-kinds:``, ``:selected:``, ``:group-by:``.

    Keys given as content (one per line) choose the papers instead.
    """

    has_content = True
    option_spec = {  # noqa: RUF012 (docutils API)
        "kinds": directives.unchanged_required,
        "exclude-kinds": directives.unchanged_required,
        "selected": directives.flag,
        "group-by": lambda value: directives.choice(value, ("year", "none")),
        "class": directives.class_option,
    }

    def run(self) -> list[nodes.Node]:
        kinds = self._kinds()
        wanted = tuple(line.strip() for line in self.content if line.strip())
        shown = None if kinds is None else tuple(sorted(kinds))
        inputs = (shown, "selected" in self.options, wanted)
        chosen = keys, unknown = choose(self.env, self.config, inputs)
        for key in unknown:
            logger.error(
                "publication-list: %r: %s",
                key,
                no_paper(self.env, self.config, key),
                location=self.get_location(),
                type="publications",
                subtype="unknown_key",
            )
        bib_choices.record(self.env, choose, inputs, chosen, again_on_change=bool(unknown))
        node = publication_list(
            "",
            keys=keys,
            group_by=self.options.get("group-by", "none"),
            classes=["publication-list", *self.options.get("class", [])],
        )
        self.set_source_info(node)
        return [node]

    def _kinds(self) -> set[str] | None:
        if "kinds" not in self.options and "exclude-kinds" not in self.options:
            return None
        chosen = self._kind_option("kinds") if "kinds" in self.options else set(KINDS)
        return chosen - self._kind_option("exclude-kinds")

    def _kind_option(self, name: str) -> set[str]:
        kinds = set(self.options.get(name, "").replace(",", " ").split())
        unknown = sorted(kinds - set(KINDS))
        if unknown:
            raise self.error(
                f"unknown kind {', '.join(map(repr, unknown))}; choose from {', '.join(KINDS)}"
            )
        return kinds


def _shows_nothing(node: nodes.Node) -> bool:
    """A list with no paper, or a chart with no year to plot (an empty .bib file, say)."""
    if isinstance(node, publication_list):
        return not node["keys"]
    return isinstance(node, publication_chart) and not node["years"]


def _placeholder(node: nodes.Node) -> bool:
    return isinstance(node, (publication_list, publication_chart))


#: Nodes that may share a section with an empty list or chart and go with it.
_FRAMING = (
    nodes.title,
    nodes.paragraph,
    nodes.rubric,
    nodes.comment,
    nodes.target,
    nodes.substitution_definition,
    publication_list,
    publication_chart,
)


class EmptyListSections(Transform):
    """Drop an empty list or chart, and its section when showing it is all the section is for.

    A bibliography may have no paper of a kind, or none yet (a new site, a student's
    first homepage): that is no mistake, and the page shows no heading over nothing.
    """

    default_priority = 700

    def apply(self, **kwargs: Any) -> None:
        for node in list(self.document.findall(_placeholder)):
            if not _shows_nothing(node) or not _in_document(node):
                continue  # (it went with a section dropped before)
            section = node.parent
            if (
                isinstance(section, nodes.section)
                and not isinstance(section.parent, nodes.document)
                and all(isinstance(child, _FRAMING) for child in section.children)
                and all(_shows_nothing(n) for n in section.findall(_placeholder))
            ):
                section.parent.remove(section)
            else:
                node.parent.remove(node)


def _in_document(node: nodes.Node) -> bool:
    """Whether ``node`` is still in its document: removing a node keeps its ``parent``."""
    while node.parent is not None:
        if not any(child is node for child in node.parent.children):
            return False
        node = node.parent
    return True


def listed(env: BuildEnvironment) -> dict[str, list[str]]:
    """docname -> the keys its publication lists show, in page order."""
    if not hasattr(env, "publications_listed"):
        env.publications_listed = {}  # type: ignore[attr-defined]
    return env.publications_listed  # type: ignore[attr-defined]


class ListedCollector(EnvironmentCollector):
    """Which page lists which paper: for "Mentioned on", and for links without paper pages."""

    def clear_doc(self, app: Sphinx, env: BuildEnvironment, docname: str) -> None:
        listed(env).pop(docname, None)

    def merge_other(
        self, app: Sphinx, env: BuildEnvironment, docnames: Any, other: BuildEnvironment
    ) -> None:
        theirs = listed(other)
        for docname in docnames:
            if docname in theirs:
                listed(env)[docname] = theirs[docname]

    def process_doc(self, app: Sphinx, doctree: nodes.document) -> None:
        keys = [key for node in doctree.findall(publication_list) for key in node["keys"]]
        if keys:
            listed(app.env)[app.env.docname] = keys


def home_of(env: BuildEnvironment) -> dict[str, str]:
    """For each key, the page that lists it (the one listing the most papers wins)."""
    pages = sorted(listed(env).items(), key=lambda item: (-len(item[1]), item[0]))
    home: dict[str, str] = {}
    for docname, keys in pages:
        for key in keys:
            home.setdefault(key.casefold(), docname)
    return home


def setup(app: Sphinx) -> None:
    app.add_node(publication_list)
    app.add_directive("publication-list", PublicationList)
    app.add_transform(EmptyListSections)
    app.add_env_collector(ListedCollector)
