"""An incremental build after a refs.bib edit updates every page that shows or cites the entry.

sphinxcontrib-bibtex re-reads only pages with a ``bibliography`` directive; pages
that merely cite an entry kept its old title in their tooltips until a clean
build (see sphinx_publications.incremental).
"""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
from pathlib import Path

from bs4 import BeautifulSoup

OLD, NEW = "Densely Connected Convolutional Networks", "Densely Connected Networks, Revised"
BIB = f"""\
@inproceedings{{huang2017densely,
  title     = {{{OLD}}},
  author    = {{Gao Huang and Zhuang Liu}},
  booktitle = {{IEEE Conference on Computer Vision and Pattern Recognition}},
  year      = {{2017}},
}}

@inproceedings{{huang2018condensenet,
  title     = {{CondenseNet: An Efficient DenseNet}},
  author    = {{Gao Huang and Shichen Liu}},
  booktitle = {{IEEE Conference on Computer Vision and Pattern Recognition}},
  year      = {{2018}},
}}
"""
PAGES = {
    "index.md": "# Home\n\n```{toctree}\n:hidden:\n\nnews\nother\npapers\n```\n\n"
    "Our best-known paper: {cite:p}`huang2017densely`.\n",
    "news.md": "# News\n\n{cite:t}`huang2017densely` received an award.\n",
    "other.md": "# Other\n\nSee {cite:p}`huang2018condensenet`.\n",
    "papers.md": "# Papers\n\n```{bibliography}\n:all:\n```\n",
}


def shown_text(html: Path) -> str:
    """The page's text plus its attributes' text (citation tooltips are ``title``s)."""
    soup = BeautifulSoup(html.read_text("utf-8"), "html.parser")
    body = soup.select_one("[role=main]")
    titles = " ".join(tag["title"] for tag in body.select("[title]"))
    return " ".join((body.get_text() + " " + titles).split())


def test_editing_an_entry_updates_every_page_that_shows_or_cites_it(project, tmp_path):
    assert project({**PAGES, "refs.bib": BIB}).returncode == 0
    srcdir, outdir = tmp_path / "src", tmp_path / "html"
    for page in ("index", "news", "papers"):
        assert OLD in shown_text(outdir / f"{page}.html"), page
    untouched = (outdir / "other.html").stat().st_mtime_ns

    bib = srcdir / "refs.bib"
    bib.write_text(BIB.replace(OLD, NEW), "utf-8")
    later = bib.stat().st_mtime_ns + 2_000_000_000
    os.utime(bib, ns=(later, later))
    result = project({})  # writes no page: an incremental build of the same project
    assert result.returncode == 0, result.stderr

    for page in ("index", "news", "papers"):
        text = shown_text(outdir / f"{page}.html")
        assert NEW in text, page
        assert OLD not in text, page
    assert (outdir / "other.html").stat().st_mtime_ns == untouched  # cites another entry


def test_pages_rewritten_without_re_reading_keep_their_citations(project, tmp_path):
    """A rebuild that re-formats nothing (no page read, same .bib) still resolves citations."""
    assert project({**PAGES, "refs.bib": BIB}).returncode == 0
    outdir = tmp_path / "html"
    # html_title only rewrites pages: none is re-read, so the citations come from the pickle.
    result = project({}, conf="html_title = 'Renamed'\n")
    assert result.returncode == 0, result.stderr  # -W: an unresolved citation would warn
    index = (outdir / "index.html").read_text("utf-8")
    assert "Renamed" in index
    assert OLD in shown_text(outdir / "index.html")


def test_listed_keys_and_cited_filters_select_the_same_entries_as_upstream(project, tmp_path):
    """The indexed filter: ``:filter: False`` lists only its keys; ``:cited:`` only cited ones."""
    pages = {
        "index.md": "# Home\n\n```{toctree}\n:hidden:\n\npaper\n```\n\n"
        "Cited: {cite:p}`huang2018condensenet`.\n\n"
        "```{bibliography}\n:cited:\n```\n",
        "paper.md": "# One paper\n\n"
        "```{bibliography}\n:list: bullet\n:filter: False\n\nhuang2017densely\n```\n",
    }
    result = project({**pages, "refs.bib": BIB})
    assert result.returncode == 0, result.stderr
    home, paper = (shown_text(tmp_path / "html" / f"{p}.html") for p in ("index", "paper"))
    assert "CondenseNet" in home and OLD not in home
    assert OLD in paper and "CondenseNet" not in paper


def test_a_settings_change_is_formatted_once_and_saved(project, tmp_path):
    """Sphinx saves the environment only if a page was updated; the new citations must be."""
    assert project({**PAGES, "refs.bib": BIB}).returncode == 0
    outdir = tmp_path / "html"
    pickled = tmp_path / "html.doctrees" / "environment.pickle"
    before = pickle.loads(pickled.read_bytes()).domaindata["cite"]["publications_stamp"]
    result = project({}, conf="bibtex_tooltips = False\n")  # rewrites pages, reads none
    assert result.returncode == 0, result.stderr
    after = pickle.loads(pickled.read_bytes()).domaindata["cite"]["publications_stamp"]
    assert after != before
    soup = BeautifulSoup((outdir / "news.html").read_text("utf-8"), "html.parser")
    assert not soup.select(".bibtex-citation a[title]")  # the tooltips are gone


class Cycle:
    itself: Cycle


def test_builds_leave_no_process_wide_state(project, tmp_path):
    """Builds in one process (notebooks, sphinx.testing, watchers) leave the collector alone."""
    result = project(PAGES | {"refs.bib": BIB})
    assert result.returncode == 0, result.stderr
    script = f"""
import gc, sys
from sphinx.cmd.build import build_main
src, out = {str(tmp_path / "src")!r}, {str(tmp_path / "inproc")!r}
for options in ([], ["-E"], ["-E", "-D", "html_theme=no_such_theme"]):
    build_main(["-q", *options, "-b", "html", src, out])
    assert gc.isenabled(), options
    assert gc.get_freeze_count() == 0, options
print("ok")
"""
    checked = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert checked.stdout.strip().endswith("ok"), checked.stderr


def test_the_bibliography_is_parsed_once_per_build(project, tmp_path):
    """The site's check parses refs.bib; sphinxcontrib-bibtex reuses it, not parsing again."""
    result = project(PAGES | {"refs.bib": BIB})
    assert result.returncode == 0, result.stderr
    srcdir, outdir = tmp_path / "src", tmp_path / "clean"
    verbose = sphinx_build_verbose(srcdir, outdir)
    assert "checking bibtex cache... up to date" in verbose
    assert "parsing bibtex file" not in verbose
    assert NEW not in shown_text(outdir / "papers.html")
    assert OLD in shown_text(outdir / "papers.html")


def test_keys_in_two_files_are_still_reported(project, tmp_path):
    other = BIB.split("\n\n")[0] + "\n"  # huang2017densely again, in a second file
    result = project(
        PAGES | {"refs.bib": BIB, "more.bib": other},
        conf="bibtex_bibfiles = ['refs.bib', 'more.bib']\n",
    )
    assert result.returncode != 0
    assert "huang2017densely" in result.stderr


def sphinx_build_verbose(srcdir: Path, outdir: Path) -> str:
    command = [sys.executable, "-m", "sphinx", "-N", "-b", "html", "-W", "-n", "-E"]
    result = subprocess.run(
        [*command, "-d", str(outdir) + ".doctrees", str(srcdir), str(outdir)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_a_no_op_build_keeps_the_search_index_file_and_an_edit_updates_it(project, tmp_path):
    """Loading and writing back an unchanged index is most of a large no-op; it is skipped."""
    assert project({**PAGES, "refs.bib": BIB}).returncode == 0
    index = tmp_path / "html" / "searchindex.js"
    written = index.stat().st_mtime_ns
    assert "revis" not in index.read_text("utf-8")
    assert project({}).returncode == 0  # nothing changed
    assert index.stat().st_mtime_ns == written
    assert project({"refs.bib": BIB.replace(OLD, NEW)}).returncode == 0
    assert index.stat().st_mtime_ns != written
    assert '"revis"' in index.read_text("utf-8")  # the new title's words, stemmed
    edited = index.read_bytes()
    index.unlink()  # a file deleted from the output is written again, the same
    assert project({}).returncode == 0
    assert index.read_bytes() == edited


_ANOTHER_VERSION = """
import sys
from sphinx_publications import entry_cache, papers

entry_cache.code_digest = lambda: "0" * 64  # the extension, upgraded
if sys.argv[1] == "no-op":
    def named_again(*args):
        raise AssertionError("the pages were named again")
    papers._name_pages = named_again
from sphinx.cmd.build import main
sys.exit(main(sys.argv[2:]))
"""


def test_other_code_of_the_extension_reads_everything_once_then_builds_nothing(project, tmp_path):
    """An upgrade never meets an environment it did not save, and saves its own at once.

    Sphinx saves the environment only after reading a document: were it kept across
    an upgrade, each later no-op would work out again what the old one holds.
    """
    assert project({**PAGES, "refs.bib": BIB}).returncode == 0
    srcdir, outdir = tmp_path / "src", tmp_path / "html"
    pickled = tmp_path / "html.doctrees" / "environment.pickle"
    command = ["-N", "-b", "html", "-W", "-n", "-d", str(pickled.parent), str(srcdir), str(outdir)]

    def build(step: str) -> str:
        result = subprocess.run(
            [sys.executable, "-c", _ANOTHER_VERSION, step, *command],
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 0, result.stderr
        return result.stdout

    saved = pickled.stat().st_mtime_ns
    upgraded = build("first")
    assert "version not current" in upgraded
    assert "4 added, 0 changed" in upgraded
    assert pickled.stat().st_mtime_ns != saved
    saved = pickled.stat().st_mtime_ns
    assert "0 added, 0 changed, 0 removed" in build("no-op")
    assert pickled.stat().st_mtime_ns == saved
