"""The stylesheet and script tags of paper pages: made once per folder, not once per page.

Sphinx makes each ``<link>`` and ``<script>`` tag of a page with the file's
checksum, resolving its path on disk for every tag of every page (the checksum
itself is cached). Paper pages are thousands of pages in one folder with the same
assets, so each tag is made once per build for the folder and reused; other
pages are left to Sphinx.
"""

from __future__ import annotations

import os
import posixpath
from collections.abc import Callable
from typing import Any

from sphinx.application import Sphinx

from .papers import pages_to_write


def _asset_key(asset: Any) -> tuple[Any, ...]:
    attributes = getattr(asset, "attributes", None)
    if attributes is None:
        return (str(asset),)
    filename = os.fspath(getattr(asset, "filename", ""))
    return (type(asset).__name__, filename, tuple(sorted(attributes.items())))


def _memoized(make: Callable[[Any], str], memo: dict, scope: tuple) -> Callable[[Any], str]:
    def tag(asset: Any) -> str:
        key = (*scope, _asset_key(asset))
        if key not in memo:
            memo[key] = make(asset)
        return memo[key]

    return tag


def share_asset_tags(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """``html-page-context``: paper pages of one folder share their asset tags.

    A tag depends on the asset and on the page's folder (its relative path to
    ``_static``), never on the page itself.
    """
    if pagename not in pages_to_write(app.env):
        return
    memo = app.builder.__dict__.setdefault("_publications_asset_tags", {})
    scope = (app.builder.name, posixpath.dirname(pagename))
    for name in ("css_tag", "js_tag"):
        make = context.get(name)
        if callable(make):
            context[name] = _memoized(make, memo, (*scope, name))


def setup(app: Sphinx) -> None:
    app.connect("html-page-context", share_asset_tags, priority=900)
