"""Every configuration value of the extension, with its default, in one table.

The README's "Configuration" section documents the same names; a test checks
that each value here appears there.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from sphinx.application import Sphinx

from .bib.export import DEFAULT_EXPORT_FIELDS
from .bib.records import DEFAULT_LINK_FIELDS


class Value(NamedTuple):
    name: str
    default: Any
    rebuild: str
    types: Any
    doc: str


VALUES: tuple[Value, ...] = (
    Value(
        "publications_owner",
        [],
        "env",
        [list, tuple],
        "The owner's name as the .bib files spell it (every spelling): emphasised in lists.",
    ),
    Value(
        "publications_link_fields",
        dict(DEFAULT_LINK_FIELDS),
        "env",
        [dict],
        "Fields shown as links, with their labels, in the order entries show them.",
    ),
    Value(
        "publications_export_fields",
        list(DEFAULT_EXPORT_FIELDS),
        "env",
        [list, tuple],
        "Fields kept in the BibTeX visitors copy (persons are always kept).",
    ),
    Value(
        "publications_venue_aliases",
        {},
        "env",
        [dict],
        "Venue names merged in the venue filter: {'NIPS': 'NeurIPS'}.",
    ),
    Value(
        "publications_venue_kinds",
        {},
        "env",
        [dict],
        "Venues (name or abbreviation) mapped to a kind: {'CoRR': 'preprint'}.",
    ),
    Value(
        "publications_entry_id",
        "pub-{key}",
        "env",
        [str],
        "The HTML id of a paper's entry in a list.",
    ),
    Value(
        "publications_year_id",
        "year-{year}",
        "env",
        [str],
        "The HTML id of the first entry of each year on a page.",
    ),
    Value(
        "publications_paper_dir",
        "papers",
        "env",
        [str],
        "The folder of the output where each paper's page and BibTeX go.",
    ),
    Value(
        "publications_files_dirs",
        ["assets/pdf"],
        "env",
        [list, tuple],
        "Folders (next to conf.py) where relative links such as pdf = {paper.pdf} are found.",
    ),
    Value(
        "publications_preview_dirs",
        ["assets/img/publication_preview", "_static/previews"],
        "env",
        [list, tuple],
        "Folders of thumbnails: the 'preview' field's file, or an image named after the key.",
    ),
    Value(
        "publications_strict",
        False,
        "",
        [bool],
        "Notes on the .bib files fail the build too (for CI).",
    ),
    Value(
        "publications_one_build_per_process",
        False,
        "",
        [bool],
        "The process exits after the build (sphinx-build): its objects are left to the exit.",
    ),
    Value(
        "publications_person",
        {},
        "html",
        [dict],
        "The owner as schema.org Person (name, jobTitle, affiliation, sameAs, email, image).",
    ),
)


def setup(app: Sphinx) -> None:
    for value in VALUES:
        app.add_config_value(value.name, value.default, value.rebuild, types=value.types)
