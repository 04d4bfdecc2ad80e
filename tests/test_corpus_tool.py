"""``make corpus`` (tools/corpus.py) counts the papers the site shows from another .bib file."""

from __future__ import annotations

from pathlib import Path

from tools.corpus import measure

BIB = """\
@article{lovelace1843notes,
  author = {Ada Lovelace}, title = {Notes on the Analytical Engine},
  journal = {Scientific Memoirs}, year = {1843},
}
@book{lovelace1842sketch,
  author = {Ada Lovelace}, title = {Sketch of the Engine}, publisher = {Taylor}, year = {1842},
}
"""


def test_every_paper_of_the_file_is_counted_on_the_page(tmp_path: Path):
    bib = tmp_path / "lovelace.bib"
    bib.write_text(BIB, "utf-8")
    row = measure(bib, ["Ada Lovelace"], "hand-written", tmp_path / "work")
    assert row.status == 0, row.first_error
    assert (row.shown, row.entries) == (2, 2)
    assert not row.traceback


def test_an_entry_the_reader_skips_is_still_in_the_file(tmp_path: Path):
    bib = tmp_path / "lovelace.bib"
    broken = "@misc{lovelace1844broken,\n  author = {Ada Lovelace}\n  title = {No Comma},\n}\n"
    bib.write_text(BIB + broken, "utf-8")
    row = measure(bib, ["Ada Lovelace"], "hand-written", tmp_path / "work")
    assert row.status == 1 and "lovelace1844broken" in row.first_error
    assert (row.shown, row.entries) == (2, 3)
