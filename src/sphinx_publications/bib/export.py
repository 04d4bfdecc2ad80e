"""BibTeX for visitors to copy: valid, and without the site's own fields.

pybtex's writer re-encodes field values that are already LaTeX (``&`` in a URL
becomes ``\\&``), so entries are written from their raw values here instead.
"""

from __future__ import annotations

from collections.abc import Iterable

from pybtex.database import Entry

from .links import classify, split
from .names import without_homonym_number
from .per_entry import PerEntry

#: Fields a citation needs; everything else (links, awards, equal contribution,
#: abbreviations, DBLP bookkeeping) is left out of exported BibTeX.
DEFAULT_EXPORT_FIELDS: tuple[str, ...] = (
    "title",
    "subtitle",  # biblatex's: the page shows "Title: Subtitle", so does the copy
    "titleaddon",
    "booktitle",
    "journal",
    "volume",
    "number",
    "pages",
    "year",
    "month",
    "publisher",
    "address",
    "organization",
    "institution",
    "school",
    "type",
    "series",
    "edition",
    "chapter",
    "howpublished",
    "note",
    "doi",
    "url",
    "eprint",
    "archiveprefix",
    "primaryclass",
    "isbn",
    "issn",
    # biblatex
    "date",
    "journaltitle",
    "eventtitle",
    "location",
    "eprinttype",
    "eprintclass",
    "version",
)

_PERSON_ROLES = ("author", "editor")
#: Each entry's exported text, for as long as the entry lives.
_EXPORTS: PerEntry[str] = PerEntry()


def export_entry(entry: Entry, fields: Iterable[str] = DEFAULT_EXPORT_FIELDS) -> str:
    """One entry as BibTeX text, persons first, then the kept fields in a fixed order.

    Written once per entry and list of fields (:func:`remember` seeds it from an
    earlier build).
    """
    fields = tuple(fields)
    return _EXPORTS.get(entry, fields, _export)


def remember(entry: Entry, fields: tuple[str, ...], text: str) -> None:
    """Give an entry the BibTeX an earlier build wrote of the same text and fields."""
    _EXPORTS.set(entry, fields, text)


def _export(entry: Entry, fields: tuple[str, ...]) -> str:
    lines = [f"@{entry.type.lower()}{{{entry.key},"]
    for role in _PERSON_ROLES:
        persons = entry.persons.get(role)
        if persons:
            names = " and ".join(str(without_homonym_number(p)) for p in persons)
            lines.append(f"  {role} = {{{names}}},")
    for name in fields:
        value = entry.fields.get(name)
        if value is None or not value.strip():
            continue
        if name == "url" and any(classify(part).kind == "unsafe" for part in split(value)):
            continue  # reported as an error; never handed on
        lines.append(f"  {name} = {{{value}}},")
    lines.append("}")
    return "\n".join(lines)


def one_file(exported: Iterable[str]) -> str:
    """Entries exported by :func:`export_entry`, as one .bib file: a blank line between."""
    return "\n\n".join(exported) + "\n"
