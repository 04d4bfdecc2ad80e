"""The benchmark runs end to end and prints its tables (no timing is asserted here:
performance goals are measured by ``make bench``, never by unit tests)."""

from __future__ import annotations

from pathlib import Path

from pybtex.database import parse_string

from benchmarks import bench, synthetic
from sphinx_publications.bib import bibfile, checks

SITE_FIELDS = {"abbr", "award", "presentation", "equal", "code", "slides", "project", "addendum"}


def markdown_tables(text: str) -> dict[str, list[list[str]]]:
    """Each ``### Heading``'s table, as rows of cells (header first, alignment row dropped)."""
    tables: dict[str, list[list[str]]] = {}
    heading = ""
    for line in text.splitlines():
        if line.startswith("### "):
            heading = line[4:]
        elif line.startswith("|") and not line.startswith("| ---"):
            tables.setdefault(heading, []).append([c.strip() for c in line.strip("|").split("|")])
    return tables


def test_quick_run_prints_every_table(capsys):
    assert bench.main(["--quick", "--sizes", "20"]) == 0
    tables = markdown_tables(capsys.readouterr().out)
    assert set(tables) == {"Build cost", "Page weight (first visit, no cache)", "Targets"}
    for rows in tables.values():
        assert len({len(row) for row in rows}) == 1  # every row has the header's columns
    builds = {row[0]: row for row in tables["Build cost"][1:]}
    assert list(builds) == ["Floor (one page)", "This site", "Synthetic 20"]
    assert int(builds["Synthetic 20"][1]) >= 20  # plus real entries that pages name
    assert all(float(builds["This site"][i]) > 0 for i in (3, 5, 6, 8, 9, 10, 11))
    kinds = {(row[0], row[2]) for row in tables["Page weight (first visit, no cache)"][1:]}
    assert {("This site", "home"), ("This site", "publications")} <= kinds
    assert {("Synthetic 20", "home"), ("Synthetic 20", "publications")} <= kinds
    targets = [row[0] for row in tables["Targets"][1:]]
    assert any(t.startswith("Clean build of the site") for t in targets)


def test_synthetic_bibliography_is_a_plain_export_the_site_accepts(tmp_path: Path):
    text = synthetic.bibliography(300, "Gao Huang")
    assert text == synthetic.bibliography(300, "Gao Huang")  # a seed, not chance
    entries = parse_string(text, "bibtex").entries
    assert len(entries) == 300
    for entry in entries.values():
        assert any(str(p) in ("Huang, Gao",) for p in entry.persons["author"])
        assert not SITE_FIELDS & {name.lower() for name in entry.fields}
    assert any(key.startswith("DBLP:") for key in entries)
    assert any(not key.startswith("DBLP:") for key in entries)
    path = tmp_path / "refs.bib"
    path.write_text(text, "utf-8")
    bib = bibfile.read(path)
    owner = ("Gao Huang",)
    found = bib.findings + checks.check(bib, checks.Context(checks.owner_keys(owner), owner))
    assert [f for f in found if f.level == "error" or f.code == "name-variant"] == []
