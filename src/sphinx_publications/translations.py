"""The extension's own words, translated with Sphinx's ``language``.

Every string the extension shows goes through :data:`_` (message catalog
``sphinx_publications``, shipped in ``locale/``); the scripts get theirs from the
page (:func:`script_messages`). The content, the .bib file's values and the
owner's pages, is shown as written.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sphinx.locale import get_translation

if TYPE_CHECKING:
    from .bib.records import Publication

CATALOG = "sphinx_publications"
LOCALE_DIR = Path(__file__).parent / "locale"

_ = get_translation(CATALOG)


def script_messages() -> str:
    """The scripts' words, translated, as JSON for a ``data-messages`` attribute.

    ``{name}`` in a message is filled in by the script.
    """
    import json

    messages = {
        "search": _("Title, author, venue, year…"),
        "searchShort": _("Search"),
        "filters": _("Filters"),
        "filtersActive": _("Filters ({count})"),
        "any": _("Any"),
        "clear": _("Clear filters"),
        "form": _("Filter publications"),
        "all": _("Showing all {total} papers"),
        "some": _("Showing {shown} of {total} papers"),
        "none": _("No paper matches (of {total})"),
        "emptyList": _("No paper in this list matches the filters."),
        "copy": _("Copy"),
        "copyBibtex": _("Copy BibTeX"),
        "copied": _("Copied"),
        "copyFailed": _("Copying failed: select the text and copy it"),
        "loading": _("Loading…"),
        "loadFailed": _("Could not load the BibTeX ({error}):"),
        "file": _("open the .bib file"),
        "of": _("of “{title}”"),
        "hideBibtex": _("Hide BibTeX"),
        "email": _("Email"),
    }
    return json.dumps(messages, ensure_ascii=False, separators=(",", ":"))


def venue_line(pub: Publication) -> str:
    """The venue line of an entry with its genre ("PhD thesis") and month translated.

    The venue's own name stays as written, like every value of the .bib file.
    """
    return pub.venue_line_in(_translated, _month_year)


def venue_label(pub: Publication) -> str:
    """:attr:`~.Publication.venue_label` with the genre translated (a filter's value)."""
    return pub.venue_abbr or pub.venue_in(_translated)


def _translated(word: str) -> str:
    return _(word)


def _month_year(month: str, year: str) -> str:
    return _("{month} {year}").format(month=month, year=year)
