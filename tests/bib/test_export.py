"""The BibTeX visitors copy: what the page shows, as valid BibTeX."""

from __future__ import annotations

from sphinx_publications.bib.export import export_entry


def test_the_copy_keeps_the_subtitle_the_page_shows(read):
    bib = read(
        "@book{x, author = {Ada Lovelace}, title = {The Poetical Science}, "
        "subtitle = {Imagination and Calculation}, publisher = {P}, date = {1843}}"
    )
    text = export_entry(bib.data.entries["x"])
    assert "  subtitle = {Imagination and Calculation},\n" in text
    assert text.index("title = ") < text.index("subtitle = ") < text.index("publisher = ")
