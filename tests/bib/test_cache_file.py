"""The read cache on disk: a base, and a journal of what later reads added."""

from __future__ import annotations

import pickle
from pathlib import Path

from sphinx_publications.bib import bibfile, cache_file

VERSION = "test"


def _entries(count: int, edited: int | None = None) -> str:
    return "".join(
        f"@article{{k{i},\n  author = {{Ann Author{i} and Bo Writer}},\n"
        f"  title = {{Paper {i}{' (revised)' if i == edited else ''}}},\n  year = 2020\n}}\n\n"
        for i in range(count)
    )


def _read_and_save(bib: Path, store: Path, text: str) -> bibfile.BibFile:
    """What the loader does: load the cache, read the file with it, save what it used."""
    bib.write_text(text, "utf-8")
    stored = cache_file.load(store, VERSION)
    result = bibfile.read(bib, "refs.bib", cache=stored.cache)
    cache_file.save(store, VERSION, stored)
    return result


def _journal(store: Path) -> Path:
    return store.with_name("bib.journal.pickle")


def _parsed_again(store: Path, bib: Path) -> int:
    """How many chunks a read with the saved cache parses again."""
    cache = cache_file.load(store, VERSION).cache
    known = set(cache.chunks)
    bibfile.read(bib, "refs.bib", cache=cache)
    return len(set(cache.chunks) - known)


def test_an_edit_is_saved_as_a_small_journal_and_the_base_is_not_written_again(tmp_path):
    bib, store = tmp_path / "refs.bib", tmp_path / "bib.pickle"
    _read_and_save(bib, store, _entries(20))
    base = store.read_bytes()
    assert not _journal(store).exists()

    edited = _read_and_save(bib, store, _entries(20, edited=3))

    assert store.read_bytes() == base
    assert _journal(store).stat().st_size < len(base) / 5
    assert _parsed_again(store, bib) == 0
    assert edited.data.entries["k3"].fields["title"] == "Paper 3 (revised)"


def test_the_journal_holds_only_what_the_last_read_used(tmp_path):
    bib, store = tmp_path / "refs.bib", tmp_path / "bib.pickle"
    _read_and_save(bib, store, _entries(20))
    _read_and_save(bib, store, _entries(20, edited=3))
    one_edit = _journal(store).read_bytes()
    _read_and_save(bib, store, _entries(20, edited=4))  # entry 3 is back as in the base
    with _journal(store).open("rb") as stream:
        _, _, journal = pickle.load(stream)
    assert journal.chunks  # the edited entry 4
    assert [key for key, _ in journal.chunks] == [
        key for key, _ in journal.chunks if "Paper 4" in key
    ]
    assert len(_journal(store).read_bytes()) < 2 * len(one_edit)


def test_a_new_base_replaces_both_files_when_much_of_the_base_is_unused(tmp_path):
    bib, store = tmp_path / "refs.bib", tmp_path / "bib.pickle"
    _read_and_save(bib, store, _entries(20))
    _read_and_save(bib, store, _entries(20, edited=3))
    assert _journal(store).exists()
    base = store.read_bytes()

    _read_and_save(bib, store, _entries(8))  # 12 of 20 entries removed: 60% unused

    assert store.read_bytes() != base
    assert not _journal(store).exists()
    assert len(cache_file.load(store, VERSION).cache.chunks) == 8
    assert _parsed_again(store, bib) == 0


def test_a_journal_beside_another_base_is_ignored(tmp_path):
    """A save interrupted after its new base, before removing the old journal."""
    bib, store = tmp_path / "refs.bib", tmp_path / "bib.pickle"
    _read_and_save(bib, store, _entries(20))
    _read_and_save(bib, store, _entries(20, edited=3))
    journal = _journal(store).read_bytes()
    _read_and_save(bib, store, _entries(8))  # a new base
    _journal(store).write_bytes(journal)

    cache = cache_file.load(store, VERSION).cache

    assert len(cache.chunks) == 8  # the new base's
    assert not [key for key, _ in cache.chunks if "revised" in key]


def test_a_damaged_or_older_cache_is_an_empty_one(tmp_path):
    bib, store = tmp_path / "refs.bib", tmp_path / "bib.pickle"
    _read_and_save(bib, store, _entries(5))
    assert cache_file.load(store, "another version").cache.size() == 0
    store.write_bytes(store.read_bytes()[:100])
    assert cache_file.load(store, VERSION).cache.size() == 0
    with store.open("wb") as stream:
        pickle.dump((VERSION, bibfile.ReadCache()), stream)  # the shape before journals
    assert cache_file.load(store, VERSION).cache.size() == 0
    assert cache_file.load(tmp_path / "missing.pickle", VERSION).cache.size() == 0


def test_a_damaged_journal_costs_only_what_it_held(tmp_path):
    bib, store = tmp_path / "refs.bib", tmp_path / "bib.pickle"
    _read_and_save(bib, store, _entries(20))
    _read_and_save(bib, store, _entries(20, edited=3))
    _journal(store).write_bytes(b"\x80\x05 not a pickle")

    assert _parsed_again(store, bib) == 1
