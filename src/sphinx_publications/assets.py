"""Load code-block assets only on pages that show code.

Sphinx puts every stylesheet and script on every page. Syntax highlighting
(``pygments.css``) and sphinx-copybutton (``copybutton.css``, ``copybutton.js``,
``clipboard.min.js``) act only on code blocks, which on a homepage appear on the
pages with BibTeX. Elsewhere they cost about 9 KiB gzip and 4 requests per first
visit. ``publications_code_assets`` names them; ``[]`` keeps every asset everywhere.
"""

from __future__ import annotations

from pathlib import PurePosixPath
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx

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
            context[key] = [a for a in context[key] if not _is_code_asset(a, names)]


def setup(app: Sphinx) -> None:
    app.add_config_value(
        "publications_code_assets", list(DEFAULT_CODE_ASSETS), "html", types=[list, tuple]
    )
    app.connect("html-page-context", drop_unused_code_assets)
