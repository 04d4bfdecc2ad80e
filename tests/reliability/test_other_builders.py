"""Incremental builds with the other web builders: a rebuild reads nothing it need not.

The build state counts the last build as finished only if the files it needs to
update the output in place are still there. ``singlehtml`` writes no search index
and EPUB neither a search index nor ``objects.inv``: looking for them made every
build of theirs, a no-op too, read and write everything again.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from harness import ENTRIES, Project, build, differences

BUILDERS = ("dirhtml", "singlehtml", "epub")


def _build(project: Project, srcdir: Path, out: Path, builder: str) -> str:
    project.write(srcdir)
    result = build(srcdir, out, out.with_suffix(".doctrees"), "-b", builder, "-D", "version=1")
    assert result.returncode == 0, result.output
    return result.output


def _comparable(folder: Path, builder: str) -> None:
    """Drop what EPUB stamps with the time of the build (its package file and zip)."""
    if builder == "epub":
        (folder / "content.opf").unlink()
        for path in folder.glob("*.epub"):
            path.unlink()


@pytest.mark.parametrize("builder", BUILDERS)
def test_a_rebuild_reads_only_what_changed(builder, tmp_path):
    project = Project()
    srcdir, out = tmp_path / "src", tmp_path / "out"
    _build(project, srcdir, out, builder)

    assert "0 added, 0 changed, 0 removed" in _build(project, srcdir, out, builder)

    key = project.entries[0]
    project.titles[key] = f"{ENTRIES[key]['title']}, Revised"
    project.pages["about"].text = "Other words about this page."
    output = _build(project, srcdir, out, builder)
    assert "0 added, 1 changed, 0 removed" in output

    clean = tmp_path / "clean"
    _build(project, srcdir, clean, builder)
    _comparable(out, builder)
    _comparable(clean, builder)
    assert differences(out, clean) == []
