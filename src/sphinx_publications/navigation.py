"""The site navigation of paper pages, rendered once per build.

A paper page is in no toctree and every paper page is in the same folder, so the
navigation a theme renders into each page's sidebar (furo, pydata-sphinx-theme,
alabaster's ``navigation.html``: ``toctree()`` in the template context) is the same
for all of them: it is rendered once instead of once per paper.
"""

from __future__ import annotations

import inspect
import json
from collections.abc import Callable
from typing import Any

from sphinx.builders.html import StandaloneHTMLBuilder
from sphinx.environment.adapters.toctree import global_toctree_for_doc

#: Sphinx 9 passes the builder's tags explicitly; 8.2 reads them from the builder.
_TAKES_TAGS = "tags" in inspect.signature(global_toctree_for_doc).parameters


def shared_navigation(builder: StandaloneHTMLBuilder, pagename: str) -> Callable[..., str]:
    """The template's ``toctree()`` for paper pages, computed once per set of arguments."""
    rendered: dict[str, str] = {}

    def toctree(collapse: bool = True, **kwargs: Any) -> str:
        kwargs.setdefault("includehidden", False)
        if kwargs.get("maxdepth") == "":
            kwargs.pop("maxdepth")
        key = json.dumps([collapse, kwargs], sort_keys=True, default=str)
        if key not in rendered:
            if _TAKES_TAGS:
                kwargs["tags"] = builder.tags
            tree = global_toctree_for_doc(
                builder.env, pagename, builder, collapse=collapse, **kwargs
            )
            rendered[key] = builder.render_partial(tree)["fragment"] if tree else ""
        return rendered[key]

    return toctree
