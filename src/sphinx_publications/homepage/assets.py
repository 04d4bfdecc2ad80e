"""Fewer requests per first visit: Sphinx's assets only on the pages that use them, and a
small SVG favicon inlined (part of the opt-in ``sphinx_publications.homepage``).

Sphinx puts every stylesheet and script on every page. On a homepage most of them
act on a few pages only, and elsewhere cost bytes and a request each:

* ``homepage_highlight_assets``: ``pygments.css`` colours highlighted code only;
  a block in language ``none`` (BibTeX here) or ``text`` has no token to colour.
* ``homepage_search_assets`` (empty by default): Sphinx's ``doctools.js`` and
  ``documentation_options.js`` serve its search page (``searchtools.js`` needs
  them); furo's script and search box do not, but other extensions may, so a site
  names them here only when it knows none of its extensions reads them.
* ``homepage_search_term_assets``: ``sphinx_highlight.js`` marks the searched
  words on a page opened from the search results, and in the results' excerpts:
  about 2 KiB gzip and a request, on no page here. ``searchtools.js`` reads its
  flag ``SPHINX_HIGHLIGHT_ENABLED``, so a search page without the script defines
  it, ``false``, in one line of inline script.
* ``homepage_extension_styles``: stylesheets that style only other extensions'
  markup, each with those extensions: furo's ``furo-extensions.css`` (1.2 KiB gzip)
  styles sphinx-copybutton, sphinx-design, sphinx-inline-tabs and sphinx-panels,
  and the Read the Docs flyout and ad that furo renders when ``READTHEDOCS`` is in
  the template context; it stays when one of them is there.

An asset named in several lists stays if any of them needs it. ``[]`` (``{}``) keeps
a list's assets everywhere. Only Sphinx's own files and the theme's are ever left
out; other extensions' assets are never touched.

A favicon is one more request on every first visit; an SVG of a few hundred bytes
costs less inline, as a ``data:`` URI (``homepage_inline_favicon`` is the
largest size inlined, in bytes; 0 turns it off).
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import quote

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.osutil import SEP

from ..nodes import elements_around_entries
from ..papers import pages_to_write

DEFAULT_HIGHLIGHT_ASSETS = ("pygments.css",)
#: Not by default: sphinx-copybutton, pydata-sphinx-theme and others read
#: ``DOCUMENTATION_OPTIONS`` on every page. A site that knows it has none of them may
#: list ``documentation_options.js`` and ``doctools.js`` here.
DEFAULT_SEARCH_ASSETS: tuple[str, ...] = ()
DEFAULT_SEARCH_TERM_ASSETS = ("sphinx_highlight.js",)
#: furo's assets/styles/extensions/: what furo-extensions.css styles, by extension module.
DEFAULT_EXTENSION_STYLES = {
    "furo-extensions.css": [
        "sphinx_copybutton",
        "sphinx_design",
        "sphinx_inline_tabs",
        "sphinx_panels",
    ],
}
#: What searchtools.js needs of sphinx_highlight.js when that is left out.
SEARCH_TERMS_OFF = "var SPHINX_HIGHLIGHT_ENABLED = false;"
SEARCH_TERM_SCRIPT = "sphinx_highlight.js"
#: Languages Sphinx writes without tokens, so without any pygments.css rule to apply.
PLAIN_LANGUAGES = {"none", "text"}


def shows_highlighted_code(doctree: nodes.Node | None, default_language: str) -> bool:
    """Whether some code on the page is in a language pygments colours."""
    if doctree is None:  # search page, general index: Sphinx's own templates, no code
        return False
    for node in elements_around_entries(doctree):
        if isinstance(node, nodes.doctest_block):
            return True
        is_code = isinstance(node, nodes.literal_block) or (
            isinstance(node, nodes.literal) and "highlight" in node.get("classes", ())
        )
        if is_code and node.get("language", default_language) not in PLAIN_LANGUAGES:
            return True
    return False


def _name(asset: Any) -> str:
    filename = getattr(asset, "filename", asset)
    return posixpath.basename(str(filename)) if filename else ""


def unused_assets(
    app: Sphinx, templatename: str, context: dict, doctree: nodes.Node | None
) -> set[str]:
    """File names of the configured assets that nothing on this page uses."""
    config = app.config
    groups: list[tuple[Iterable[str], bool]] = [
        (
            config.homepage_highlight_assets,
            shows_highlighted_code(doctree, config.highlight_language),
        ),
        (config.homepage_search_assets, templatename == "search.html"),
        (config.homepage_search_term_assets, False),
    ]
    on_rtd = bool(context.get("READTHEDOCS"))
    for name, extensions in config.homepage_extension_styles.items():
        groups.append(([name], on_rtd or any(ext in app.extensions for ext in extensions)))
    unused = set().union(*(names for names, used in groups if not used))
    return unused.difference(*(names for names, used in groups if used))


def drop_unused_assets(
    app: Sphinx, pagename: str, templatename: str, context: dict, doctree: nodes.Node | None
) -> None:
    # Paper pages show their BibTeX as plain text: no code for pygments to colour. What
    # they leave out is the same for all of them: worked out once per build.
    if pagename in pages_to_write(app.env):
        memo = app.builder.__dict__.setdefault("_homepage_paper_unused_assets", {})
        key = (templatename, bool(context.get("READTHEDOCS")))
        if key not in memo:
            memo[key] = unused_assets(app, templatename, context, None)
        names = memo[key]
    else:
        names = unused_assets(app, templatename, context, doctree)
    dropped: set[str] = set()
    for key in ("css_files", "script_files"):
        if key in context:
            # In place: the list is the builder's, which later handlers' add_css_file() /
            # add_js_file() extend, and which Sphinx restores before the next page.
            assets = context[key]
            kept = [a for a in assets if _name(a) not in names]
            if len(kept) < len(assets):
                dropped |= {_name(a) for a in assets} - {_name(a) for a in kept}
                assets[:] = kept
    if templatename == "search.html" and SEARCH_TERM_SCRIPT in dropped:
        app.add_js_file(None, body=SEARCH_TERMS_OFF)


@lru_cache(maxsize=4)
def _svg_data_uri(path: str, mtime_ns: int, limit: int) -> str | None:
    data = Path(path).read_bytes()
    if len(data) > limit:
        return None
    # Spaces are escaped too: a raw space makes the href an invalid URL (W3C checker).
    return "data:image/svg+xml," + quote(data.decode("utf-8"), safe=SEP + "=:;,'()")


def inline_small_favicon(
    app: Sphinx, pagename: str, templatename: str, context: dict, doctree: nodes.Node | None
) -> None:
    limit = app.config.homepage_inline_favicon
    favicon = app.config.html_favicon
    if not limit or not favicon or "://" in str(favicon) or not str(favicon).endswith(".svg"):
        return
    memo = app.builder.__dict__  # the file is looked at once per build
    if "_homepage_favicon_uri" not in memo:
        path = Path(app.confdir) / favicon
        found = path.is_file()
        memo["_homepage_favicon_uri"] = (
            _svg_data_uri(str(path), path.stat().st_mtime_ns, limit) if found else None
        )
    uri = memo["_homepage_favicon_uri"]
    if uri is not None and context.get("favicon_url"):
        context["favicon_url"] = uri


def setup(app: Sphinx) -> None:
    app.add_config_value(
        "homepage_highlight_assets",
        list(DEFAULT_HIGHLIGHT_ASSETS),
        "html",
        types=[list, tuple],
    )
    app.add_config_value(
        "homepage_search_assets", list(DEFAULT_SEARCH_ASSETS), "html", types=[list, tuple]
    )
    app.add_config_value(
        "homepage_search_term_assets",
        list(DEFAULT_SEARCH_TERM_ASSETS),
        "html",
        types=[list, tuple],
    )
    app.add_config_value(
        "homepage_extension_styles",
        {name: list(exts) for name, exts in DEFAULT_EXTENSION_STYLES.items()},
        "html",
        types=[dict],
    )
    app.add_config_value("homepage_inline_favicon", 2048, "html", types=[int])
    app.connect("html-page-context", drop_unused_assets)
    # After Sphinx's own handler, which turns favicon_url into a relative path.
    app.connect("html-page-context", inline_small_favicon, priority=600)
