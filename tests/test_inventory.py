"""``objects.inv``: written again only when what it lists changed, always as a clean build's."""

from __future__ import annotations

import shutil
import zlib
from pathlib import Path

from support import sphinx_build

BIB = (
    "@article{{lovelace1843notes, author = {{Ada Lovelace}}, journal = {{Scientific Memoirs}},\n"
    "  title = {{{title}}}, year = {{1843}}}}\n"
)
PAGE = "# Papers\n\n```{publication-list}\n```\n"


def _listed(path: Path) -> str:
    """The inventory's lines (after its four header lines, compressed)."""
    return zlib.decompress(path.read_bytes().split(b"\n", 4)[4]).decode()


def _clean_inventory(tmp_path: Path) -> bytes:
    """What a clean build of the same sources writes."""
    clean = tmp_path / "clean"
    shutil.rmtree(clean, ignore_errors=True)
    shutil.rmtree(tmp_path / "clean.doctrees", ignore_errors=True)
    result = sphinx_build(tmp_path / "src", clean)
    assert result.returncode == 0, result.stderr
    return (clean / "objects.inv").read_bytes()


def test_a_no_op_leaves_the_inventory_and_an_edit_writes_a_clean_builds(project, tmp_path):
    first = project(
        {"index.md": PAGE, "refs.bib": BIB.format(title="Sketch of the Analytical Engine")},
        owner=("Ada Lovelace",),
    )
    assert first.returncode == 0, first.stderr
    written = tmp_path / "html" / "objects.inv"
    stamp = written.stat().st_mtime_ns

    again = sphinx_build(tmp_path / "src", tmp_path / "html")
    assert again.returncode == 0, again.stderr
    assert written.stat().st_mtime_ns == stamp  # not written again
    assert written.read_bytes() == _clean_inventory(tmp_path)

    (tmp_path / "src/refs.bib").write_text(BIB.format(title="Notes on a Loom"), "utf-8")
    edited = sphinx_build(tmp_path / "src", tmp_path / "html")
    assert edited.returncode == 0, edited.stderr
    assert "Notes on a Loom" in _listed(written)
    assert "Analytical" not in _listed(written)
    assert written.read_bytes() == _clean_inventory(tmp_path)


def test_an_inventory_changed_in_the_output_is_written_again(project, tmp_path):
    first = project({"index.md": PAGE, "refs.bib": BIB.format(title="Notes")})
    assert first.returncode == 0, first.stderr
    written = tmp_path / "html" / "objects.inv"
    expected = written.read_bytes()
    written.write_bytes(expected[:-10])  # cut short, as by a full disk or another tool

    again = sphinx_build(tmp_path / "src", tmp_path / "html")
    assert again.returncode == 0, again.stderr
    assert written.read_bytes() == expected


#: Records which process writes ``objects.inv``, and the build's own.
WHO_WRITES = """
import os
from pathlib import Path
from sphinx.util.inventory import InventoryFile

_dump = InventoryFile.dump.__func__

def _recorded(cls, filename, env, builder):
    with (Path(env.srcdir).parent / "writers.txt").open("a") as stream:
        stream.write(f"{os.getpid()}\\n")
    return _dump(cls, filename, env, builder)

InventoryFile.dump = classmethod(_recorded)

def setup(app):
    (Path(app.srcdir).parent / "build.txt").write_text(str(os.getpid()))
"""


def _writers(tmp_path: Path) -> tuple[str, list[str]]:
    """The build's process, and the processes that wrote the inventory since the last look."""
    writers = tmp_path / "writers.txt"
    found = writers.read_text().split() if writers.exists() else []
    writers.unlink(missing_ok=True)
    return (tmp_path / "build.txt").read_text(), found


def test_with_two_processes_a_worker_writes_the_inventory_while_the_list_is_written(
    project, tmp_path
):
    files = {"index.md": PAGE, "refs.bib": BIB.format(title="Sketch of the Analytical Engine")}
    first = project(files, conf=WHO_WRITES, owner=("Ada Lovelace",), options=("-j", "2"))
    assert first.returncode == 0, first.stderr
    written = tmp_path / "html" / "objects.inv"
    build, writers = _writers(tmp_path)
    assert writers and all(pid != build for pid in writers)  # a worker wrote it

    (tmp_path / "src/refs.bib").write_text(BIB.format(title="Notes on a Loom"), "utf-8")
    edited = sphinx_build(tmp_path / "src", tmp_path / "html", "-j", "2")
    assert edited.returncode == 0, edited.stderr
    build, writers = _writers(tmp_path)
    assert len(writers) == 1 and writers[0] != build
    assert "Notes on a Loom" in _listed(written)
    assert written.read_bytes() == _clean_inventory(tmp_path)
    _writers(tmp_path)  # forget the clean build's

    again = sphinx_build(tmp_path / "src", tmp_path / "html", "-j", "2")
    assert again.returncode == 0, again.stderr
    assert _writers(tmp_path)[1] == []  # unchanged: written by nobody


def test_a_builder_that_never_writes_the_inventory_gets_none_from_a_worker(project, tmp_path):
    """``epub`` ends otherwise than HTML: an ``objects.inv`` in its folder would be packed
    as an unknown file (a warning, so ``-W`` fails)."""
    conf = "copyright = '1843, Ada Lovelace'\nversion = '1.0'\n"
    files = {"index.md": PAGE, "refs.bib": BIB.format(title="Sketch of the Analytical Engine")}
    built = project(files, conf=conf, owner=("Ada Lovelace",))
    assert built.returncode == 0, built.stderr
    result = sphinx_build(tmp_path / "src", tmp_path / "epub", "-j", "2", builder="epub")
    assert result.returncode == 0, result.stderr
    assert not (tmp_path / "epub" / "objects.inv").exists()
