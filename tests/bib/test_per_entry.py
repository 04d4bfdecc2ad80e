"""Values kept per parsed entry: by identity, never outliving the entry."""

import gc

from pybtex.database import Entry

from sphinx_publications.bib.per_entry import PerEntry


def test_equal_entries_keep_their_own_values() -> None:
    first, second = Entry("article", {"title": "Same"}), Entry("article", {"title": "Same"})
    assert first == second
    values: PerEntry[str] = PerEntry()
    values.set(first, "first")
    assert values.get(first) == "first"
    assert values.get(second) is None


def test_a_collected_entry_is_forgotten() -> None:
    values: PerEntry[str] = PerEntry()
    entry = Entry("article")
    values.set(entry, "kept")
    del entry
    gc.collect()
    assert len(values) == 0
