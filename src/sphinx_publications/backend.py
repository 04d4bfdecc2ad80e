"""A pybtex-docutils backend that keeps the style's ``pub-*`` tags as CSS classes.

The stock backend maps only a few HTML-like tags and drops the rest (keeping
their text), which would leave no way to style the title, authors and venue.
"""

from __future__ import annotations

import docutils.nodes
import pybtex_docutils


class PublicationBackend(pybtex_docutils.Backend):
    def format_tag(self, tag_name: str, text: list[docutils.nodes.Node]) -> list:
        if tag_name.startswith("pub-"):
            return [docutils.nodes.inline("", "", *text, classes=[tag_name])]
        return super().format_tag(tag_name, text)


BACKEND = PublicationBackend()
