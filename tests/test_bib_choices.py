"""After a .bib edit, a page with a list or chart is read again only when what it shows changes.

An edited title changes no list: the page is written again with the new title, not
read again. A paper that changes kind or year moves between lists and chart bars:
the page is read again (its lists decide their papers, and empty ones their
headings, when it is read). A list naming a key the .bib file lacks shows its error
on every build after an edit, until the key is fixed.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from bs4 import BeautifulSoup

ENTRY = """\
@{type}{{{key},
  title  = {{{title}}},
  author = {{Ada Lovelace and Charles Babbage}},
  {venue} = {{{where}}},
  year   = {{{year}}},
}}
"""
PAGES = {
    "index.md": "# Papers\n\n"
    "## Conference papers\n\n```{publication-list}\n:kinds: conference\n```\n\n"
    "## Journal papers\n\n```{publication-list}\n:kinds: journal\n```\n\n"
    "## Per year\n\n```{publication-chart}\n```\n",
    "other.md": "---\norphan: true\n---\n# Other\n\nNo list here.\n",
}


def bib(**changes: dict[str, str]) -> str:
    """Two conference papers and a journal paper; ``changes`` edit one of them by key."""
    entries = {
        "lovelace1843notes": dict(type="inproceedings", title="Notes on the Engine",
                                  venue="booktitle", where="Scientific Memoirs", year="1843"),
        "babbage1837engine": dict(type="inproceedings", title="On the Analytical Engine",
                                  venue="booktitle", where="Royal Society", year="1837"),
        "menabrea1842sketch": dict(type="article", title="Sketch of the Engine",
                                   venue="journal", where="Bibliotheque Universelle", year="1842"),
    }  # fmt: skip
    for key, fields in changes.items():
        entries[key] = {**entries[key], **fields}
    return "\n".join(ENTRY.format(key=key, **fields) for key, fields in entries.items())


def rebuild(project, tmp_path: Path, text: str, pages: dict[str, str] | None = None):
    """Write refs.bib (with a later mtime, as an edit has) and build; returns the result."""
    path = tmp_path / "src" / "refs.bib"
    path.write_text(text, "utf-8")
    later = path.stat().st_mtime_ns + 2_000_000_000
    os.utime(path, ns=(later, later))
    return project(pages or {}, quiet=False)


def read_docs(output: str) -> set[str]:
    return set(re.findall(r"reading sources\.\.\. \[\s*\d+%\] (\S+)", output))


def section_text(tmp_path: Path, section_id: str) -> str:
    soup = BeautifulSoup((tmp_path / "html" / "index.html").read_text("utf-8"), "html.parser")
    section = soup.find(id=section_id)
    return " ".join(section.get_text(" ").split()) if section else ""


def test_an_edited_title_rewrites_the_list_without_reading_its_page(project, tmp_path):
    assert project({**PAGES, "refs.bib": bib()}).returncode == 0
    result = rebuild(project, tmp_path, bib(lovelace1843notes={"title": "Notes, Revised"}))
    assert result.returncode == 0, result.stderr
    assert read_docs(result.stdout) == set()
    conference = section_text(tmp_path, "conference-papers")
    assert "Notes, Revised" in conference and "Notes on the Engine" not in conference


def test_a_paper_that_changes_kind_moves_between_lists_and_its_page_is_read(project, tmp_path):
    assert project({**PAGES, "refs.bib": bib()}).returncode == 0
    moved = bib(lovelace1843notes={"type": "article", "venue": "journal"})
    result = rebuild(project, tmp_path, moved)
    assert result.returncode == 0, result.stderr
    assert read_docs(result.stdout) == {"index"}
    assert "Notes on the Engine" in section_text(tmp_path, "journal-papers")
    assert "Notes on the Engine" not in section_text(tmp_path, "conference-papers")

    # The last conference paper becomes a journal paper: its list and heading go.
    gone = bib(
        lovelace1843notes={"type": "article", "venue": "journal"},
        babbage1837engine={"type": "article", "venue": "journal"},
    )
    assert rebuild(project, tmp_path, gone).returncode == 0
    assert section_text(tmp_path, "conference-papers") == ""
    assert "On the Analytical Engine" in section_text(tmp_path, "journal-papers")


def test_a_new_year_redraws_the_chart(project, tmp_path):
    assert project({**PAGES, "refs.bib": bib()}).returncode == 0
    html = tmp_path / "html" / "index.html"
    assert "1850" not in html.read_text("utf-8")
    result = rebuild(project, tmp_path, bib(lovelace1843notes={"year": "1850"}))
    assert result.returncode == 0, result.stderr
    assert read_docs(result.stdout) == {"index"}
    table = BeautifulSoup(html.read_text("utf-8"), "html.parser").select_one(
        "table.publication-chart-table"
    )
    years = [row.th.get_text(strip=True) for row in table.tbody.find_all("tr")]
    assert years[0] == "1837" and years[-1] == "1850"


def test_a_list_naming_an_unknown_key_shows_its_error_after_every_edit(project, tmp_path):
    listed = "lovelace1843notes\nturing1936numbers"
    pages = {"index.md": f"# Papers\n\n```{{publication-list}}\n{listed}\n```\n"}
    first = project({**pages, "refs.bib": bib()}, options=("--keep-going",), quiet=False)
    assert first.returncode != 0 and "turing1936numbers" in first.stderr
    for title in ("Notes, Revised", "Notes, Revised Again"):
        again = rebuild(project, tmp_path, bib(lovelace1843notes={"title": title}))
        assert again.returncode != 0 and "turing1936numbers" in again.stderr
        assert read_docs(again.stdout) == {"index"}
