"""The extension's own CSS and JavaScript, shipped as package data.

The sources in ``static/`` are small and readable, one concern each (``list.css``,
``paper.css``, ``bibtex.css``, ``filters.js``, ``bibtex.js``). Pages link files
joined from them (:data:`BUNDLES`), written into the output's ``_static/`` when
the builder starts: at most one stylesheet and one script of the extension per
page. gzip starts every file afresh, so a few files of one or two KiB each cost
more bytes apart than joined, and a request each.

Each page links them only when it uses them: ``publications.css`` on pages with
publication entries, a chart, year navigation or filters; ``paper-page.css`` on
pages with a paper's details (a paper page need not download the list's styles: it
is one of many pages, each a first visit from a search engine); both carry the
BibTeX boxes' styles. ``publications.js`` (deferred: the filters and the BibTeX
buttons) on pages with a ``publication-filters`` placeholder, else
``publication-bibtex.js`` (the BibTeX buttons alone) on pages with BibTeX: a
paper's, or a list's links to it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util import logging

from .chart import publication_chart
from .filters import publication_filters
from .nodes import elements_around_entries, publication_entry
from .papers import pages_to_write
from .profile import homepage_profile
from .translations import script_messages
from .yearnav import publication_years

logger = logging.getLogger(__name__)

STATIC_DIR = Path(__file__).parent / "static"
STYLESHEET = "publications.css"
PAPER_STYLESHEET = "paper-page.css"
LIST_SCRIPT = "publications.js"
BIBTEX_SCRIPT = "publication-bibtex.js"
SEARCH_SCRIPT = "publication-search.js"
PROFILE_STYLESHEET = "homepage-profile.css"
PROFILE_SCRIPT = "homepage-profile.js"
#: The files pages link, each joined from these sources in ``static/``, in this order.
BUNDLES: dict[str, tuple[str, ...]] = {
    STYLESHEET: ("entries.css", "list.css", "bibtex.css", "print.css"),
    PAPER_STYLESHEET: ("entries.css", "paper.css", "bibtex.css", "print.css"),
    PROFILE_STYLESHEET: ("profile.css",),
    LIST_SCRIPT: ("messages.js", "filters.js", "bibtex.js", "profile.js"),
    BIBTEX_SCRIPT: ("messages.js", "bibtex.js", "profile.js"),
    PROFILE_SCRIPT: ("profile.js",),
    SEARCH_SCRIPT: ("search.js",),
}

_STYLED = (
    publication_entry,
    publication_chart,
    publication_years,
    publication_filters,
)
#: Paper pages' own parts, which are plain docutils nodes once written.
_PAPER_CLASSES = {"paper-citation", "paper-bibtex", "paper-navigation"}
#: What :func:`page_parts` finds on every paper page (:mod:`.paper_page`).
PAPER_PAGE_PARTS = frozenset({"paper", "bibtex"})


def page_parts(doctree: nodes.document) -> set[str]:
    """What on a page needs the extension's files, found in one walk of its doctree.

    ``"list"``: entries, a chart, year navigation or filters; ``"filters"``;
    ``"paper"``: a paper's details; ``"bibtex"``: a paper's BibTeX block, or a list
    entry (each links to its BibTeX); ``"profile"``: the home page's profile header.
    """
    parts: set[str] = set()
    for node in elements_around_entries(doctree):
        if isinstance(node, _STYLED):
            parts.add("list")
            if isinstance(node, publication_filters):
                parts.add("filters")
            elif isinstance(node, publication_entry):
                parts.add("bibtex")
        elif isinstance(node, homepage_profile):
            parts.add("profile")
        classes = node["classes"]
        if classes and not _PAPER_CLASSES.isdisjoint(classes):
            parts.add("paper")
            if "paper-bibtex" in classes:
                parts.add("bibtex")
    return parts


def bundle(name: str) -> str:
    """The text of a shipped file: its sources, joined."""
    return "\n".join((STATIC_DIR / source).read_text("utf-8") for source in BUNDLES[name])


def _write_bundles(app: Sphinx) -> None:
    """Put the shipped files into the output's ``_static/`` before any page links them.

    Sphinx then adds their checksums to the links (``?v=``) while writing pages, and
    copies the site's own ``_static/`` over them, so a site can replace one.
    """
    if app.builder.format != "html":
        return
    static = Path(app.outdir) / "_static"
    try:
        static.mkdir(parents=True, exist_ok=True)
        for name in BUNDLES:
            (static / name).write_text(bundle(name), encoding="utf-8", newline="\n")
    except OSError as error:  # a read-only or full output folder: said, not a crash report
        logger.error(
            "cannot write the publication styles and scripts into %s: %s",
            static,
            error.strerror or error,
            type="publications",
            subtype="output",
        )


def _add_page_assets(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    if app.builder.format != "html":
        return
    if templatename == "search.html":
        app.add_js_file(SEARCH_SCRIPT, loading_method="defer")
    if not isinstance(doctree, nodes.document):
        return  # generated pages (search, genindex) have no publications
    # A paper page is made by this extension: its parts are known without a walk.
    parts = PAPER_PAGE_PARTS if pagename in pages_to_write(app.env) else page_parts(doctree)
    if "list" in parts:
        app.add_css_file(STYLESHEET)
    if "paper" in parts:
        app.add_css_file(PAPER_STYLESHEET)
    if "profile" in parts:
        app.add_css_file(PROFILE_STYLESHEET)
    # The same words on every page of a build: made once.
    memo = app.builder.__dict__
    if "_publications_script_messages" not in memo:
        memo["_publications_script_messages"] = script_messages()
    words = memo["_publications_script_messages"]
    messages = {"data-messages": words}
    if "filters" in parts:
        app.add_js_file(LIST_SCRIPT, loading_method="defer", **messages)
    elif "bibtex" in parts:
        app.add_js_file(BIBTEX_SCRIPT, loading_method="defer", **messages)
    elif "profile" in parts:
        app.add_js_file(PROFILE_SCRIPT, loading_method="defer")


def setup(app: Sphinx) -> None:
    app.connect("builder-inited", _write_bundles)
    app.connect("html-page-context", _add_page_assets)
