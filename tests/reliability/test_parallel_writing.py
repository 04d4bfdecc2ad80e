"""Paper pages written by worker processes (``-j 2``) are the pages one process writes.

With ``-j N`` the paper pages are rendered in forked workers, in chunks; the output
must not depend on which worker wrote which page, and a later incremental build in
parallel must equal a clean serial one.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from harness import differences
from support import sphinx_build

from sphinx_publications.page_writer import PARALLEL_FROM

pytestmark = pytest.mark.skipif(
    sys.platform != "linux", reason="Sphinx writes in parallel only where it can fork"
)

#: Enough papers for the pages to be written by workers.
COUNT = PARALLEL_FROM + 6


def bibliography(count: int, retitled: int | None = None) -> str:
    entries = []
    for n in range(count):
        title = f"Parallel Study Number {n}" + (" Revised" if n == retitled else "")
        entries.append(
            f"@inproceedings{{grace{n:03d},\n"
            f"  title = {{{title}}},\n"
            f"  author = {{Grace Hopper and Author {n}, Second}},\n"
            f"  booktitle = {{Conference on Compilers}},\n"
            f"  abstract = {{Words about study {n} that the site search finds.}},\n"
            f"  year = {{{1950 + n % 30}}},\n}}\n"
        )
    return "\n".join(entries)


def write_project(srcdir: Path, bib: str) -> None:
    srcdir.mkdir(parents=True, exist_ok=True)
    (srcdir / "conf.py").write_text(
        "extensions = ['myst_parser', 'sphinx_publications']\n"
        "bibtex_bibfiles = ['refs.bib']\n"
        "publications_owner = ['Grace Hopper']\n",
        "utf-8",
    )
    (srcdir / "index.md").write_text(
        "# Grace Hopper\n\n```{toctree}\nabout\n```\n\n"
        "## Publications\n\n```{publication-list}\n```\n",
        "utf-8",
    )
    # A page no edit touches: an incremental build does not write every document.
    (srcdir / "about.md").write_text("# About\n\nCompilers.\n", "utf-8")
    (srcdir / "refs.bib").write_text(bib, "utf-8")


def test_pages_written_in_parallel_equal_those_written_serially(tmp_path: Path) -> None:
    srcdir = tmp_path / "src"
    write_project(srcdir, bibliography(COUNT))
    serial = sphinx_build(srcdir, tmp_path / "serial")
    parallel = sphinx_build(srcdir, tmp_path / "parallel", "-j", "2", quiet=False)
    assert serial.returncode == 0, serial.stderr
    assert parallel.returncode == 0, parallel.stderr
    assert f"paper pages: {COUNT} written" in parallel.stdout
    assert differences(tmp_path / "parallel", tmp_path / "serial") == []

    # An edit, built incrementally in parallel, equals a clean serial build of it.
    (srcdir / "refs.bib").write_text(bibliography(COUNT, retitled=3), "utf-8")
    again = sphinx_build(srcdir, tmp_path / "parallel", "-j", "2", quiet=False)
    assert again.returncode == 0, again.stderr
    # The paper and its neighbours in the list (the papers of its year).
    assert "paper pages: 3 written" in again.stdout, again.stdout
    clean = sphinx_build(srcdir, tmp_path / "clean")
    assert clean.returncode == 0, clean.stderr
    assert differences(tmp_path / "parallel", tmp_path / "clean") == []
    assert "Revised" in (tmp_path / "parallel" / "papers" / "grace003.html").read_text("utf-8")


def test_a_setting_every_page_shows_rewrites_every_page_in_parallel(tmp_path: Path) -> None:
    """A changed setting (the site's title, on every page) makes every paper page due."""
    srcdir = tmp_path / "src"
    write_project(srcdir, bibliography(COUNT))
    first = sphinx_build(srcdir, tmp_path / "parallel", "-j", "2", quiet=False)
    assert first.returncode == 0, first.stderr
    conf = srcdir / "conf.py"
    conf.write_text(conf.read_text("utf-8") + "html_title = 'Compilers and More'\n", "utf-8")
    again = sphinx_build(srcdir, tmp_path / "parallel", "-j", "2", quiet=False)
    assert again.returncode == 0, again.stderr
    assert f"paper pages: {COUNT} written" in again.stdout, again.stdout
    clean = sphinx_build(srcdir, tmp_path / "clean")
    assert clean.returncode == 0, clean.stderr
    assert differences(tmp_path / "parallel", tmp_path / "clean") == []
    assert "Compilers and More" in (tmp_path / "parallel" / "papers" / "grace003.html").read_text(
        "utf-8"
    )
