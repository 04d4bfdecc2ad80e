"""The benchmark runs end to end and prints its tables (no timing is asserted here:
performance goals are measured by ``make bench``, never by unit tests)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import yaml
from pybtex.database import parse_string

from benchmarks import bench, findings, hugo, side_by_side, synthetic
from sphinx_publications.bib import bibfile, checks
from sphinx_publications.cli import check_files

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
    out = capsys.readouterr().out
    tables = markdown_tables(out)
    assert set(tables) == {
        "Build cost",
        "Against Hugo",
        "Page weight (first visit, no cache)",
        "Targets",
    }
    for rows in tables.values():
        assert len({len(row) for row in rows}) == 1  # every row has the header's columns
    builds = {row[0]: row for row in tables["Build cost"][1:]}
    assert list(builds) == ["Floor (one page)", "This site", "Synthetic 20"]
    assert int(builds["Synthetic 20"][1]) >= 20  # plus real entries that pages name
    assert all(float(builds["This site"][i]) > 0 for i in (3, 5, 6, 8, 9, 10, 11))
    check_against_hugo(out, {row[0]: row for row in tables["Against Hugo"][1:]})
    kinds = {(row[0], row[2]) for row in tables["Page weight (first visit, no cache)"][1:]}
    assert {("This site", "home"), ("This site", "publications")} <= kinds
    assert {("Synthetic 20", "home"), ("Synthetic 20", "publications")} <= kinds
    targets = {row[0]: row[2] for row in tables["Targets"][1:]}
    assert any(t.startswith("Clean build of the site") for t in targets)
    assert targets[f"Clean build, 20 papers, in memory ≤ 7{bench.TIMES} Hugo's"] in HUGO_STATUS
    assert not any("≤ 3 s" in t for t in targets)  # issue 6's no-op target, superseded
    assert "Sphinx alone's no-op" in next(
        row[1] for row in tables["Targets"][1:] if row[0].startswith("No-op rebuild, 20 papers")
    )
    findings_target = "Checks of 20 entries, 40 notes ≤ 1 s more than fewer"
    assert targets[findings_target] in {"met", "**missed**"}


def test_the_noisy_file_has_two_notes_on_every_entry_each_on_its_line(tmp_path: Path):
    """The findings benchmark compares like with like: the notes it times are real."""
    path = tmp_path / "noisy.bib"
    path.write_text(findings.with_doi(synthetic.bibliography(30, findings.OWNER), "x"), "utf-8")
    lines = path.read_text("utf-8").splitlines()
    found = check_files([path], ["Nobody Here"], [], [])
    for field in ("doi", "author"):
        notes = {f.key: f.line for f in found if f.field == field and f.level == "note"}
        assert len(notes) == 30, field
        assert all(re.match(rf"\s*{field}\s*=", lines[line - 1]) for line in notes.values())
    cost = findings.measure(30, runs=1)
    assert cost.notes >= 60 and cost.clean > 0 and cost.noisy > 0


HUGO_STATUS = {"met", "**missed**", "not measured"}


def check_against_hugo(out: str, rows: dict[str, list[str]]) -> None:
    """This site's in-memory row is measured; Hugo's is too, or a note says why not."""
    assert "In memory:" in out
    alone = rows["Sphinx alone (one page, no extension)"]
    assert alone[1] == "0" and int(alone[2]) >= 1  # no paper; its page (and Sphinx's own)
    assert float(alone[3]) > 0 and float(alone[7]) > 0  # its clean build and no-op
    assert alone[8] == bench.NONE  # nothing to edit
    site = rows["This site, 20 papers"]
    assert int(site[1]) >= 20
    assert all(float(site[i]) > 0 for i in (3, 5, 7, 8, 9))
    if "Hugo, 20 papers" in rows:
        hugo_row = rows["Hugo, 20 papers"]
        assert hugo_row[1] == site[1]  # the same entries
        assert int(hugo_row[2]) == int(hugo_row[1]) + 2  # a page each, the list, the home page
        assert all(float(hugo_row[i]) > 0 for i in (3, 5, 7, 8, 9))
        assert site[4].endswith(bench.TIMES) and float(site[4][:-1]) > 0
    else:
        assert "Hugo: not built" in out


def test_without_hugo_the_comparison_says_why(monkeypatch, tmp_path: Path):
    monkeypatch.setattr(hugo.shutil, "which", lambda name: None)
    assert hugo.executable() is None
    assert bench.hugo_note().startswith("Hugo: not built")
    [comparison] = bench.comparisons([20], tmp_path, with_hugo=False)
    assert comparison.hugo is None
    site = comparison.site
    for step in site.steps:
        site.seconds[step] = site.cpu_seconds[step] = [0.5]
        site.peak_mib[step] = [60.0]
    rows = markdown_tables("### T\n" + bench.comparison_table([comparison]))["T"]
    assert len(rows) == 2 and len({len(row) for row in rows}) == 1
    _, measured, met = bench.hugo_target(comparison)
    assert met is None and "no Hugo" in measured


def test_hugo_project_has_a_page_bundle_per_entry(tmp_path: Path):
    bib = tmp_path / "refs.bib"
    bib.write_text(synthetic.bibliography(5, "Gao Huang") + SPECIAL, "utf-8")
    papers = hugo.papers_of(bib)
    assert len(papers) == 6
    special = papers[-1]
    assert special.title == "Ren\u00e9's Nets & Trees"
    assert special.authors == ("J\u00fcrgen Schmidhuber", "Laurens van der Maaten")
    assert special.bibtex.startswith("@article{DBLP:journals/x/S24,") and special.bibtex.endswith(
        "}"
    )
    assert special.slug == "DBLP-journals-x-S24"
    project = hugo.write_project(tmp_path / "hugo", "Gao Huang", papers)
    page = (project / "content" / "publication" / special.slug / "index.md").read_text("utf-8")
    front = yaml.safe_load(page.split("---\n")[1])
    assert front["title"] == special.title and front["year"] == 2024
    assert front["links"] == [
        {"name": "arXiv:2401.00001", "url": "https://arxiv.org/abs/2401.00001"},
        {"name": "DOI:10.1/x", "url": "https://doi.org/10.1/x"},
    ]
    assert "```bibtex\n@article{DBLP:journals/x/S24," in page
    assert hugo.count_papers(project) == 6
    edited = hugo.edit_entry(project)
    edited_page = project / "content" / "publication" / edited / "index.md"
    assert 'title: "Benchmark-edited ' in edited_page.read_text("utf-8")


SPECIAL = r"""
@article{DBLP:journals/x/S24,
  author = {J{\"{u}}rgen Schmidhuber and Laurens van der Maaten},
  title = {Ren{\'{e}}'s Nets {\&} Trees},
  journal = {X},
  year = {2024},
  eprint = {2401.00001},
  doi = {10.1/x},
}
% a comment after the last entry
"""


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


def test_side_by_side_builds_each_revision_from_its_own_compiled_source(tmp_path: Path):
    """Each revision's extension is what its builds import, compiled before they start."""
    source = side_by_side.extension_source("HEAD", tmp_path / "before")
    assert list((source / "sphinx_publications" / "__pycache__").glob("page_writer.*.pyc"))
    variant = side_by_side.Variant("before", "HEAD", source, tmp_path / "site")
    imported = subprocess.run(
        [sys.executable, "-c", "import sphinx_publications; print(sphinx_publications.__file__)"],
        env=variant.env(),
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert Path(imported).parent == source / "sphinx_publications"


def test_side_by_side_prints_both_revisions_times(capsys):
    assert side_by_side.main(["HEAD", "HEAD", "--size", "20", "--runs", "1"]) == 0
    rows = markdown_tables("### T\n" + capsys.readouterr().out)["T"]
    assert [row[0] for row in rows[1:]] == ["noop", "edit_bib"]
    for row in rows[1:]:
        assert float(row[1]) > 0 and float(row[2]) > 0  # one round: one time each
        before_cpu, after_cpu = (float(value) for value in row[5].split(" → "))
        assert before_cpu > 0 and after_cpu > 0  # and the CPU time each build took
