"""The pybtex style that renders an entry the way academic homepages do.

Stock pybtex styles lower-case titles and know nothing of equal contribution,
code links or awards, so this style builds each entry directly from a
:class:`~.records.Publication` (which is also faster than pybtex templates:
sphinxcontrib-bibtex formats every entry on every build).

Parts are wrapped in ``pub-*`` tags; :mod:`.backend` turns them into classed
inlines so CSS can put title, authors and venue on lines of their own.
"""

from __future__ import annotations

from functools import lru_cache

import pybtex.plugin
from pybtex.backends.plaintext import Backend as PlaintextBackend
from pybtex.database import Entry
from pybtex.richtext import HRef, Tag, Text
from pybtex.style import FormattedEntry
from pybtex.style.formatting import BaseStyle
from pybtex.style.labels.number import LabelStyle as NumberLabels
from pybtex.style.names.plain import NameStyle as PlainNames
from pybtex.style.sorting import BaseSortingStyle

from .bib.records import Publication, Settings, publication_of
from .bib.rich_notes import Segment
from .publication_list import sort_key

STYLE_NAME = "publications"
SORTING_NAME = "newest_first"


class NewestFirst(BaseSortingStyle):
    """Newest year first; within a year, the order of the .bib file (the sort is stable)."""

    settings = Settings()

    def sorting_key(self, entry: Entry) -> tuple[int, int]:
        return sort_key(publication_of(entry, self.settings), 0)


class PublicationStyle(BaseStyle):
    """Title (linked) and links / authors with the owner emphasised / venue, year."""

    # Classes, not plugin names: pybtex resolves a name by reading every installed
    # package's metadata, and sphinxcontrib-bibtex creates a style per bibliography.
    default_sorting_style = NewestFirst
    default_label_style = NumberLabels
    default_name_style = PlainNames
    settings = Settings()

    def publication(self, entry: Entry) -> Publication:
        return publication_of(entry, self.settings)

    def format_entry(self, label: str, entry: Entry, bib_data=None) -> FormattedEntry:
        # sphinxcontrib-bibtex formats an entry for every list that shows it, and again
        # for its tooltip. The text does not depend on the label, so it is rendered once
        # per entry and shared, also in the pickled environment.
        return FormattedEntry(entry.key, rendered(self.publication(entry)), label)


@lru_cache(maxsize=16384)
def rendered(pub: Publication) -> Text:
    """:func:`render`, once per publication: the list, its tooltips and the paper's page
    show the same text, which depends on nothing but the (immutable) publication view."""
    return render(pub)


def render(pub: Publication) -> Text:
    """The rich text of one entry."""
    title: Text = Text(pub.title)
    if pub.url:
        title = Text(HRef(pub.url, title))
    if not pub.title.endswith((".", "?", "!")):
        title += "."
    parts: list = [Tag("pub-title", title)]
    if pub.authors:
        parts += [" ", Tag("pub-authors", _authors(pub), ".")]
    if pub.venue_line:
        parts += [" ", Tag("pub-venue", pub.venue_line, ".")]
    for note in pub.notes:
        parts += [" ", Tag("pub-addendum", "(", *(_segment(s) for s in note), ")")]
    if pub.pubstate:
        parts += [" ", Tag("pub-addendum", f"({pub.pubstate})")]
    return Text(*parts)


def _segment(segment: Segment) -> Text:
    """A note's segment: pybtex's tags are its styles, an address its link."""
    text, styles, url = segment
    rich = Text(text)
    for style in reversed(styles.split()):
        rich = Text(Tag("tt" if style == "code" else style, rich))
    return Text(HRef(url, rich)) if url else rich


def _authors(pub: Publication) -> Text:
    names: list[Text] = []
    for author in pub.authors:
        name = Text(Tag("strong", author.name)) if author.is_owner else Text(author.name)
        if author.equal:
            name += "*"
        names.append(name)
    return Text(", ").join(names)


def register(settings: Settings) -> None:
    """Register the style, configured for this site, under :data:`STYLE_NAME`.

    sphinxcontrib-bibtex instantiates styles without arguments, so the site's
    configuration travels as class attributes of registered subclasses.
    """
    sorting = type("ConfiguredNewestFirst", (NewestFirst,), {"settings": settings})
    configured = type(
        "ConfiguredPublicationStyle",
        (PublicationStyle,),
        {"settings": settings, "default_sorting_style": sorting},
    )
    _register("pybtex.style.formatting", STYLE_NAME, configured)
    _register("pybtex.style.sorting", SORTING_NAME, sorting)
    # sphinxcontrib-bibtex looks this backend up by name for every citation's tooltip.
    _register("pybtex.backends", "plaintext", PlaintextBackend)


def _register(group: str, name: str, klass: type) -> None:
    """``pybtex.plugin.register_plugin(group, name, klass, force=True)``, without its scan.

    pybtex looks through every installed package's entry points before it registers,
    and with ``force`` ignores what it found: 5 ms a call, three a build. Its runtime
    store, which its ``find_plugin`` looks in first, is written as ``register_plugin``
    writes it; a pybtex that keeps it otherwise is left to ``register_plugin``.
    """
    store = getattr(pybtex.plugin, "_RUNTIME_PLUGINS", None)
    if isinstance(store, dict) and group in pybtex.plugin._DEFAULT_PLUGINS:
        store.setdefault(group, {})[name] = klass
    else:
        pybtex.plugin.register_plugin(group, name, klass, force=True)
