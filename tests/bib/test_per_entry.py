"""Values kept per parsed entry: by identity, never outliving the entry."""

import gc

from pybtex.database import Entry

from sphinx_publications.bib.per_entry import PerEntry


def test_equal_entries_keep_their_own_values() -> None:
    first, second = Entry("article", {"title": "Same"}), Entry("article", {"title": "Same"})
    assert first == second
    values: PerEntry[str] = PerEntry()
    assert values.get(first, "basis", lambda: "first") == "first"
    assert values.get(first, "basis", lambda: "made again") == "first"
    assert values.get(second, "basis", lambda: "second") == "second"
    assert values.get(first, "other basis", lambda: "remade") == "remade"


def test_a_collected_entry_is_forgotten() -> None:
    values: PerEntry[str] = PerEntry()
    entry = Entry("article")
    values.set(entry, "basis", "kept")
    del entry
    gc.collect()
    assert len(values) == 0
