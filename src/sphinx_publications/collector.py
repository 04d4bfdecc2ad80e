"""Python's cyclic garbage collector, kept off what lives for the whole build.

A build holds the environment and the bibliography (5,000 entries, their names
and views) from start to end. Python's collector walks every tracked object at
each full collection, and the allocations of a build trigger several: on a
5,000-paper site, editing one entry spent about 2 s of 7 in them, walking the
same long-lived objects again and again. So once they are loaded (the end of
``builder-inited``) and again once the pages are read (``env-updated``),
:func:`gc.freeze` moves every object there is into the collector's permanent
generation, which full collections skip; the garbage of writing is still
collected as usual. (It also keeps forked workers of ``-j`` from copying memory
the collector would touch: what :func:`gc.freeze` is documented for.)

``build-finished`` gives them back (:func:`gc.unfreeze`): a build leaves the
process's collector as it found it (notebooks, ``sphinx.testing`` and watchers
build many times in one process; ``tests/test_incremental.py``). Where the collector
is off, or something else in the process froze objects, nothing is done.
And while the .bib files are loaded (:func:`paused`), nothing is collected: every
object made then lives on.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sphinx.application import Sphinx


def freeze(app: Sphinx, *args: Any) -> None:
    """Move every object there is out of the collector's way, until the build ends.

    Garbage among them (little: a build's garbage is mostly its written pages) waits
    for the end of the build; a collection first would cost what freezing saves.
    """
    builder = app.builder
    if not builder.__dict__.get("_publications_froze"):
        if not gc.isenabled() or gc.get_freeze_count():
            return  # not ours to change
        builder._publications_froze = True  # type: ignore[attr-defined]
    gc.freeze()


def give_back(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``: what this build froze is the collector's again."""
    if app.builder.__dict__.pop("_publications_froze", False):
        gc.unfreeze()


@contextmanager
def paused() -> Iterator[None]:
    """No collection while the block makes objects that all live on (the bibliography).

    Loading 5,000 entries' cached views and names triggers full collections that
    find nothing to free. The collector is as it was after the block, error or not.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def setup(app: Sphinx) -> None:
    # After the .bib files are loaded (loader: priority 400; paper pages: 600).
    app.connect("builder-inited", freeze, priority=900)
    app.connect("env-updated", freeze, priority=900)
    app.connect("build-finished", give_back, priority=999)
