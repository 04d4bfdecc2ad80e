"""A list page's body handed to ``html-page-context`` with a short ``repr``.

Sphinx's ``EventManager.emit`` works out ``repr(args)`` for a debug message before
the logger decides whether to show it (``sphinx/events.py``). For ``html-page-context``
the arguments hold the page's context, and with it the page's body: 5 MB of HTML on a
5,000-paper list page, whose ``repr`` took 0.05 s of every build that writes the page
(an edit of one entry took 2 s in all). The body of a page with a publication list is
handed over as :class:`PageBody`: the same text, a ``str``, whose ``repr`` gives its
length. Builders with a ``handle_page`` of their own keep a plain ``str``: ``pickle``
and ``json`` serialise the context, whose pages then load without this extension.
"""

from __future__ import annotations

from typing import Any

from sphinx.application import Sphinx
from sphinx.builders import Builder
from sphinx.builders.html import StandaloneHTMLBuilder

from .publication_list import listed


class PageBody(str):
    """A page's HTML, whose ``repr`` (of debug messages) is its length, not its text."""

    __slots__ = ()

    def __repr__(self) -> str:
        return f"<page body: {len(self):,} characters>"


def _renders_context(builder: Builder) -> bool:
    """Whether the builder renders the context with a template, as Sphinx's HTML builder does.

    A builder with its own ``handle_page`` may do anything with it: ``pickle`` and
    ``json`` serialise it.
    """
    return (
        isinstance(builder, StandaloneHTMLBuilder)
        and type(builder).handle_page is StandaloneHTMLBuilder.handle_page
    )


def short_body_repr(app: Sphinx, builder: Builder) -> None:
    """``write-started``: a page with a list has its body as a :class:`PageBody`."""
    if not _renders_context(builder):
        return
    get_doc_context = builder.get_doc_context  # type: ignore[attr-defined]

    def doc_context(docname: str, body: str, metatags: str) -> dict[str, Any]:
        context = get_doc_context(docname, body, metatags)
        text = context.get("body")
        if type(text) is str and docname in listed(app.env):
            context["body"] = PageBody(text)
        return context

    builder.get_doc_context = doc_context  # type: ignore[attr-defined]


def setup(app: Sphinx) -> None:
    app.connect("write-started", short_body_repr)
