"""Fewer requests per first visit: code-block assets only where there is code, and
a small SVG favicon inlined.

Sphinx puts every stylesheet and script on every page. Syntax highlighting
(``pygments.css``) and sphinx-copybutton (``copybutton.css``, ``copybutton.js``,
``clipboard.min.js``) act only on code blocks, which on a homepage appear on the
pages with BibTeX. Elsewhere they cost about 9 KiB gzip and 4 requests per first
visit. ``publications_code_assets`` names them; ``[]`` keeps every asset everywhere.

A favicon is one more request on every first visit; an SVG of a few hundred bytes
costs less inline, as a ``data:`` URI (``publications_inline_favicon`` is the
largest size inlined, in bytes; 0 turns it off).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import quote

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.osutil import SEP

DEFAULT_CODE_ASSETS = ("pygments.css", "copybutton.css", "copybutton.js", "clipboard.min.js")


def shows_code(doctree: nodes.Node | None) -> bool:
    """Whether the page has a code block or highlighted inline code."""
    if doctree is None:  # search page, general index: Sphinx's own templates, no code
        return False
    for node in doctree.findall(nodes.Element):
        if isinstance(node, (nodes.literal_block, nodes.doctest_block)):
            return True
        if isinstance(node, nodes.literal) and "highlight" in node.get("classes", ()):
            return True
    return False


def _is_code_asset(asset: Any, names: set[str]) -> bool:
    filename = getattr(asset, "filename", asset)
    return bool(filename) and PurePosixPath(str(filename)).name in names


def drop_unused_code_assets(
    app: Sphinx, pagename: str, templatename: str, context: dict, doctree: nodes.Node | None
) -> None:
    names = set(app.config.publications_code_assets)
    if not names or shows_code(doctree):
        return
    for key in ("css_files", "script_files"):
        if key in context:
            # In place: the list is the builder's, which later handlers' add_css_file() /
            # add_js_file() extend, and which Sphinx restores before the next page.
            context[key][:] = [a for a in context[key] if not _is_code_asset(a, names)]


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
    limit = app.config.publications_inline_favicon
    favicon = app.config.html_favicon
    if not limit or not favicon or "://" in str(favicon) or not str(favicon).endswith(".svg"):
        return
    path = Path(app.confdir) / favicon
    if path.is_file():
        uri = _svg_data_uri(str(path), path.stat().st_mtime_ns, limit)
        if uri is not None and context.get("favicon_url"):
            context["favicon_url"] = uri


def setup(app: Sphinx) -> None:
    app.add_config_value(
        "publications_code_assets", list(DEFAULT_CODE_ASSETS), "html", types=[list, tuple]
    )
    app.add_config_value("publications_inline_favicon", 2048, "html", types=[int])
    app.connect("html-page-context", drop_unused_code_assets)
    # After Sphinx's own handler, which turns favicon_url into a relative path.
    app.connect("html-page-context", inline_small_favicon, priority=600)
