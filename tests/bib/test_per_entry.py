"""Values kept per parsed entry: by identity, never outliving the entry."""

import gc

from pybtex.database import Entry

from sphinx_publications.bib.per_entry import PerEntry


def test_equal_entries_keep_their_own_values() -> None:
    first, second = Entry("article", {"title": "Same"}), Entry("article", {"title": "Same"})
    assert first == second
    values: PerEntry[str] = PerEntry()
    assert values.get(first, "basis", lambda entry, basis: "first") == "first"
    assert values.get(first, "basis", lambda entry, basis: "made again") == "first"
    assert values.get(second, "basis", lambda entry, basis: "second") == "second"
    assert values.get(first, "other basis", lambda entry, basis: f"re{basis}") == "reother basis"


def test_a_value_is_made_from_its_entry_and_basis() -> None:
    entry = Entry("article", {"title": "Notes"})
    values: PerEntry[str] = PerEntry()
    made = values.get(entry, "html", lambda e, basis: f"{e.fields['title']} as {basis}")
    assert made == "Notes as html"


def test_a_collected_entry_is_forgotten() -> None:
    values: PerEntry[str] = PerEntry()
    entry = Entry("article")
    values.set(entry, "basis", "kept")
    del entry
    gc.collect()
    assert len(values) == 0
