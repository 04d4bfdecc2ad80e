"""Python's cyclic garbage collector, kept out of the way of bulk work.

Reading 5,000 entries or making 5,000 list entries creates hundreds of thousands of
objects that all live on. Each allocation burst makes the collector scan every object
the process holds (the environment Sphinx loaded included): about a fifth of a large
build went into scans that found nothing to free.

:func:`paused` stops the collector for one such step of this extension and restores
its previous state afterwards, even on error (Mercurial's ``nogc`` does the same);
objects it left unscanned are collected as usual afterwards.

:func:`lasting` is for a step whose objects live until the build ends (the parsed
entries, the doctree of a 5,000-entry list), and :func:`freeze_loaded` for the
environment Sphinx loaded: what is alive at the end of the pause is frozen
(:func:`gc.freeze`) so that later collections skip it, and worker processes forked
afterwards do not copy its pages by scanning it. :func:`after_build`, at
``build-finished``, gives it back to the collector, so a process that goes on after
the build finds the collector as it was. Nothing is frozen if something else froze
objects in the process. A site built only by ``sphinx-build`` says so
(``publications_one_build_per_process``): its build's objects are left frozen for the
process's exit, which then skips them.
:func:`freeze_in_worker` is for the worker processes the extension renders paper
pages in: each exists for that task alone, so the objects it inherited need never be
scanned there (what :func:`gc.freeze` is documented for).
"""

from __future__ import annotations

import gc
import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

#: Set on the builder by the build that froze objects, until :func:`after_build`.
_FROZE = "publications_froze_objects"


@contextmanager
def paused() -> Iterator[None]:
    """No automatic collection during the block; the collector's state is restored after."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@contextmanager
def lasting(app: Any) -> Iterator[None]:
    """No collection during the block; what is alive after it is left out of later scans.

    Frozen before the collector is back: its first collection would otherwise scan
    everything the block made (all of it young) once more, 0.3 s after reading 5,000
    entries and 0.5 s after making their list. What the block threw away in a
    reference cycle stays frozen with it until ``build-finished``: the steps wrapped
    throw nothing away in cycles (``tests/bib/test_reading.py`` checks the read), but
    for an entry BibTeX cannot read, whose parser pybtex's syntax error refers to.
    """
    with paused():
        yield
        _freeze(app)


def freeze_loaded(app: Any) -> None:
    """``builder-inited``, first: what Sphinx loaded (the environment) lives until the end.

    An environment unpickled for 5,000 papers is most of a no-op build's objects, and
    all of them young: the collector's first full scan, soon after, took 0.07 s and
    found nothing to free.
    """
    with paused():
        _freeze(app)


def _freeze(app: Any) -> None:
    builder = app.builder
    if getattr(builder, _FROZE, False) or gc.get_freeze_count() == 0:
        gc.freeze()
        setattr(builder, _FROZE, True)


def after_build(app: Any, exception: BaseException | None) -> None:
    """``build-finished``: what this build froze is scanned again, as before the build.

    With ``publications_one_build_per_process`` (a ``sphinx-build`` process, which exits
    next), everything still alive is frozen instead: the interpreter's exit then neither
    scans nor frees the build's objects one by one (a tenth of a large build's time).
    """
    if getattr(app.config, "publications_one_build_per_process", False):
        gc.freeze()
    elif getattr(app.builder, _FROZE, False):
        gc.unfreeze()
    setattr(app.builder, _FROZE, False)


def freeze_in_worker(parent: int) -> None:
    """In a worker process forked from ``parent``, exclude inherited objects from scans."""
    if os.getpid() != parent:
        gc.freeze()


def setup(app: Any) -> None:
    app.connect("builder-inited", freeze_loaded, priority=0)
    # Last: other handlers of build-finished still see the build's objects unscanned.
    app.connect("build-finished", after_build, priority=1000)
