"""The extension leaves Python's garbage collector as it found it (collector.py)."""

from __future__ import annotations

import gc
import os

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
