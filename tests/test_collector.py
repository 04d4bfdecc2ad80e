"""The extension leaves Python's garbage collector as it found it (collector.py)."""

from __future__ import annotations

import gc
import os
import subprocess
import sys
import weakref
from pathlib import Path
from types import SimpleNamespace

import pytest
from support import in_forked_worker

from sphinx_publications import collector


def test_a_pause_restores_the_collector_even_after_an_error():
    assert gc.isenabled()
    with pytest.raises(RuntimeError), collector.paused():
        assert not gc.isenabled()
        raise RuntimeError
    assert gc.isenabled()


def test_a_pause_does_not_enable_a_collector_someone_else_disabled():
    gc.disable()
    try:
        with collector.paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    finally:
        gc.enable()


def _frozen_in_child(parent: int, pipe) -> None:
    collector.freeze_in_worker(parent)
    pipe.send(gc.get_freeze_count())


def test_only_a_worker_process_is_frozen():
    parent = os.getpid()
    before = gc.get_freeze_count()
    collector.freeze_in_worker(parent)
    assert gc.get_freeze_count() == before  # the build's own process: never

    frozen = in_forked_worker(_frozen_in_child, parent)
    assert isinstance(frozen, int) and frozen > 0
    assert gc.get_freeze_count() == before


def _app(one_build_per_process: bool = False) -> SimpleNamespace:
    config = SimpleNamespace(publications_one_build_per_process=one_build_per_process)
    return SimpleNamespace(builder=SimpleNamespace(), config=config)


def test_what_a_lasting_step_made_is_frozen_until_the_build_finishes():
    assert gc.get_freeze_count() == 0
    app = _app()
    with collector.lasting(app):
        assert not gc.isenabled()
        made = [[] for _ in range(1000)]
    assert gc.isenabled()
    assert gc.get_freeze_count() >= len(made)
    collector.after_build(app, None)
    assert gc.get_freeze_count() == 0
    collector.after_build(app, None)  # once only: a second build-finished changes nothing


def _frozen(thing: object) -> bool:
    """Whether ``thing`` is in the permanent generation (which get_objects leaves out)."""
    return not any(tracked is thing for tracked in gc.get_objects())


class _Node:
    """A parent and child pointing at each other, as docutils nodes do: cyclic garbage."""

    def __init__(self) -> None:
        self.child = self


def _made_and_thrown_away() -> weakref.ref:
    thrown = _Node()
    return weakref.ref(thrown)


def test_a_lasting_step_is_frozen_without_a_scan_and_given_back_when_the_build_ends():
    """No scan after the block: what it threw away in a cycle waits for build-finished."""
    app = _app()
    with collector.lasting(app):
        thrown = _made_and_thrown_away()
        kept = _Node()
    try:
        assert _frozen(kept)
        assert thrown() is not None  # no collection ran between the block and the freeze
    finally:
        collector.after_build(app, None)
    gc.collect()
    assert thrown() is None


def test_a_lasting_step_freezes_nothing_when_something_else_froze_objects():
    theirs: list[object] = []
    gc.freeze()
    try:
        app = _app()
        with collector.lasting(app):
            made: list[object] = []
        assert _frozen(theirs) and not _frozen(made)
        collector.after_build(app, None)  # and does not unfreeze what it did not freeze
        assert _frozen(theirs) and not _frozen(made)
    finally:
        gc.unfreeze()


def test_what_sphinx_loaded_before_the_builder_is_frozen_first():
    """``builder-inited``: the environment (here, anything alive) is out of later scans."""
    app = _app()
    loaded = [[] for _ in range(1000)]
    collector.freeze_loaded(app)
    try:
        assert gc.isenabled()
        assert _frozen(loaded) and all(_frozen(item) for item in loaded[:10])
    finally:
        collector.after_build(app, None)
    assert not _frozen(loaded)


def test_a_process_that_builds_once_leaves_the_build_frozen_for_its_exit():
    app = _app(one_build_per_process=True)
    try:
        made = [[] for _ in range(1000)]
        collector.after_build(app, None)
        assert gc.get_freeze_count() >= len(made)
    finally:
        gc.unfreeze()


_BUILD = """
import gc, sys
from pathlib import Path
from sphinx.application import Sphinx

src = Path(sys.argv[1])
app = Sphinx(src, src, src / "_build/html", src / "_build/doctrees", "html",
             status=None, warning=sys.stderr, warningiserror=True, parallel=0)
# The environment existed at builder-inited (which Sphinx() emits): frozen since.
frozen_env = not any(tracked is app.env for tracked in gc.get_objects())
during = []
app.connect("build-finished", lambda app, exc: during.append(gc.get_freeze_count()), priority=1)
app.build()
print(app.statuscode, during[0] > 0, gc.get_freeze_count(), gc.isenabled(), frozen_env)
"""


def _build(tmp_path: Path, conf: str = "") -> list[str]:
    entries = "".join(
        f"@article{{paper{i},\n  author = {{Ada Lovelace}},\n  title = {{Paper {i}}},\n"
        f"  journal = {{Notes}},\n  year = {{{1840 + i}}},\n}}\n"
        for i in range(5)
    )
    (tmp_path / "refs.bib").write_text(entries, "utf-8")
    (tmp_path / "index.md").write_text("# Papers\n\n```{publication-list}\n```\n", "utf-8")
    (tmp_path / "conf.py").write_text(
        "extensions = ['myst_parser', 'sphinx_publications']\n"
        "bibtex_bibfiles = ['refs.bib']\npublications_owner = ['Ada Lovelace']\n" + conf,
        "utf-8",
    )
    for _ in range(2):  # the second build reads nothing: the environment is all it loads
        result = subprocess.run(
            [sys.executable, "-c", _BUILD, str(tmp_path)],
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 0, result.stderr
    return result.stdout.split()


def test_a_build_leaves_the_collector_as_it_found_it(tmp_path: Path):
    """Frozen while the build runs (the environment), given back at build-finished."""
    assert _build(tmp_path) == ["0", "True", "0", "True", "True"]


def test_a_site_built_once_per_process_leaves_its_objects_frozen(tmp_path: Path):
    status, frozen_during, frozen_after, enabled, frozen_env = _build(
        tmp_path, "publications_one_build_per_process = True\n"
    )
    assert (status, frozen_during, enabled, frozen_env) == ("0", "True", "True", "True")
    assert int(frozen_after) > 0
