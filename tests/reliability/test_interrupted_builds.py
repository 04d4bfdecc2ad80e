"""A build that was interrupted or failed leaves nothing stale once a later build succeeds.

Each case edits refs.bib of the built project (:mod:`harness`) — a title changed
(it shows in the list, in a ``{paper}`` tooltip on the home page, on the paper's
page, in its BibTeX and in the export of all papers) or an entry removed — and
starts ``sphinx-build`` in a subprocess, reading its unbuffered output and
signalling it (SIGINT as Ctrl-C does, or SIGKILL as the OOM killer or a CI
timeout does) as soon as a chosen line appears; or it makes one output file
impossible to write. Then a plain incremental build must succeed and write exactly
what a clean build of the same sources writes.

Each stopping point is tried with both signals, and with both edits (the edit
alternates, so that ten builds cover every point, signal and edit).
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from harness import OPTIONS, REFERENCED, Project, build, clean_build, differences

REMOVED = "somerville1841stars"
EDITS = {
    "title": lambda p: p.titles.__setitem__(REFERENCED, "Notes on the Engine, Revised"),
    "removal": lambda p: p.entries.remove(REMOVED),
}
#: Where the build is stopped: text of its output (signalled as soon as it is printed).
POINTS = {
    # The reading phase starts (a changed title reads no page: bib_choices).
    "reading": "updating environment: ",
    "after pickling": "pickling environment... done",
    "writing": "writing output... [",
    "paper pages": "paper pages:",
    "search index": "dumping search index",
}
SIGNALS = {"SIGINT": signal.SIGINT, "SIGKILL": signal.SIGKILL}
CASES = [
    pytest.param(point, sig, list(EDITS)[(i + j) % 2], id=f"{point}-{sig}")
    for i, point in enumerate(POINTS)
    for j, sig in enumerate(SIGNALS)
]


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The project built once, in ``work/`` (sources, output, doctrees), and kept as ``pristine/``.

    Cases work in ``work/`` itself: the environment names its sources by path.
    """
    root = tmp_path_factory.mktemp("interrupted")
    work = root / "work"
    Project().write(work / "src")
    result = build(work / "src", work / "html", work / "html.doctrees")
    assert result.returncode == 0, result.output
    shutil.copytree(work, root / "pristine")
    return root / "pristine"


@pytest.fixture
def work(pristine: Path) -> Path:
    """The built project, as the first build left it."""
    work = pristine.with_name("work")
    shutil.rmtree(work)
    shutil.copytree(pristine, work)
    return work


@pytest.fixture(scope="module")
def clean(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """A clean build of the project after each edit."""
    outputs = {}
    for name in EDITS:
        root = tmp_path_factory.mktemp(f"clean-{name}")
        edit(root, name)
        outputs[name] = clean_build(root / "src", root)
    return outputs


def edit(work: Path, name: str) -> None:
    """Make one of :data:`EDITS` to the project's sources (only refs.bib changes)."""
    project = Project()
    EDITS[name](project)
    written = project.write(work / "src")
    assert written in (["refs.bib"], list(project.files())), written


def interrupted_build(work: Path, marker: str, sig: signal.Signals) -> tuple[int, str]:
    """``sphinx-build`` in a subprocess, signalled when ``marker`` appears in its output."""
    command = [sys.executable, "-u", "-m", "sphinx", *OPTIONS, "-d", str(work / "html.doctrees")]
    process = subprocess.Popen(
        [*command, str(work / "src"), str(work / "html")],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    output = b""
    sent = False
    while chunk := os.read(process.stdout.fileno(), 4096):
        output += chunk
        if not sent and marker.encode() in output:
            process.send_signal(sig)
            sent = True
    process.wait(timeout=60)
    process.stdout.close()
    text = output.decode("utf-8", "replace")
    assert sent, f"{marker!r} never appeared:\n{text}"
    return process.returncode, text


@pytest.mark.parametrize(("point", "sig", "change"), CASES)
def test_a_build_after_an_interrupted_one_equals_a_clean_build(clean, work, point, sig, change):
    edit(work, change)
    code, output = interrupted_build(work, POINTS[point], SIGNALS[sig])
    rebuild = build(work / "src", work / "html", work / "html.doctrees")
    assert rebuild.returncode == 0, rebuild.output
    assert differences(work / "html", clean[change]) == [], f"stopped with {code}:\n{output}"


#: An output that cannot be written: a folder where the build must write a file.
BLOCKED = [
    pytest.param("title", f"papers/{REFERENCED}.html", id="paper page"),
    pytest.param("title", f"papers/{REFERENCED}.bib", id="paper BibTeX"),
    pytest.param("removal", "publications.html", id="document"),
]


@pytest.mark.parametrize(("change", "blocked"), BLOCKED)
def test_a_build_after_a_write_error_equals_a_clean_build(clean, work, change, blocked):
    """Works as root too (a folder in the way of a file stops root as well as anyone)."""
    edit(work, change)
    target = work / "html" / blocked
    target.unlink()
    target.mkdir()
    failed = build(work / "src", work / "html", work / "html.doctrees")
    assert failed.returncode != 0
    assert "error writing file" in failed.output
    assert "Traceback" not in failed.output and "Extension error" not in failed.output
    target.rmdir()
    rebuild = build(work / "src", work / "html", work / "html.doctrees")
    assert rebuild.returncode == 0, rebuild.output
    assert differences(work / "html", clean[change]) == []


def permissions_apply(folder: Path) -> bool:
    """Whether a read-only folder stops this process (not for root with CAP_DAC_OVERRIDE)."""
    probe = folder / "read-only"
    probe.mkdir()
    probe.chmod(0o555)
    try:
        (probe / "file").write_text("", "utf-8")
    except PermissionError:
        return True
    finally:
        probe.chmod(0o755)
        shutil.rmtree(probe)
    return False


def test_a_build_after_a_read_only_folder_equals_a_clean_build(clean, work, tmp_path):
    """``chmod -R a-w papers``, then back. Root skips it, but not without CAP_DAC_OVERRIDE:
    ``setpriv --bounding-set=-dac_override,-dac_read_search python -m pytest ...``."""
    if not permissions_apply(tmp_path):
        pytest.skip("this process writes into read-only folders (root)")
    edit(work, "title")
    papers = work / "html" / "papers"
    locked = [papers, *papers.iterdir()]
    for path in locked:
        path.chmod(0o555 if path.is_dir() else 0o444)
    try:
        failed = build(work / "src", work / "html", work / "html.doctrees")
    finally:
        for path in locked:
            path.chmod(0o755 if path.is_dir() else 0o644)
    assert failed.returncode != 0
    assert "error writing file" in failed.output
    assert "Traceback" not in failed.output and "Extension error" not in failed.output
    rebuild = build(work / "src", work / "html", work / "html.doctrees")
    assert rebuild.returncode == 0, rebuild.output
    assert differences(work / "html", clean["title"]) == []


# -- Generated files deleted, forced rebuilds, removed papers ------------------------------


def test_a_deleted_paper_page_is_written_again(pristine, work):
    """Defect 4: the next build crashed (``'StandaloneHTMLBuilder' has no 'fignumbers'``)."""
    page = work / "html" / "papers" / f"{REFERENCED}.html"
    page.unlink()
    result = build(work / "src", work / "html", work / "html.doctrees")
    assert result.returncode == 0, result.output
    assert "paper pages: 1 written, 0 removed" in result.output
    assert differences(work / "html", pristine / "html") == []


def test_write_all_renders_every_paper_page_again(pristine, work):
    """``-a`` rewrites every page, paper pages too (a theme upgrade may not change mtimes)."""
    page = work / "html" / "papers" / f"{REFERENCED}.html"
    page.write_text(page.read_text("utf-8") + "<!-- stale -->", "utf-8")
    result = build(work / "src", work / "html", work / "html.doctrees", "-a")
    assert result.returncode == 0, result.output
    assert f"paper pages: {len(Project().entries)} written" in result.output
    assert differences(work / "html", pristine / "html") == []


def test_a_removed_paper_leaves_the_site_and_the_export(clean, work):
    """Defect 6: the export of all papers kept a removed paper."""
    edit(work, "removal")
    result = build(work / "src", work / "html", work / "html.doctrees")
    assert result.returncode == 0, result.output
    papers = work / "html" / "papers"
    assert not (papers / f"{REMOVED}.html").exists()
    assert not (papers / f"{REMOVED}.bib").exists()
    assert REMOVED not in (papers / "publications.bib").read_text("utf-8")
    assert REMOVED not in (work / "html" / "publications.html").read_text("utf-8")
    assert differences(work / "html", clean["removal"]) == []
