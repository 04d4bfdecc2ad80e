"""Python's cyclic garbage collector, kept out of the way of bulk work.

Reading 5,000 entries or making 5,000 list entries creates hundreds of thousands of
objects that all live on. Each allocation burst makes the collector scan every object
the process holds (the environment Sphinx loaded included): about a fifth of a large
build went into scans that found nothing to free.

:func:`paused` stops the collector for one such step of this extension and restores
its previous state afterwards, even on error (Mercurial's ``nogc`` does the same);
objects it left unscanned are collected as usual afterwards. :func:`freeze_in_worker`
is for the worker processes the extension renders paper pages in: each exists for
that task alone, so the objects it inherited need never be scanned there (what
:func:`gc.freeze` is documented for); the build's own process is never frozen.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Iterator
from contextlib import contextmanager


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


def freeze_in_worker(parent: int) -> None:
    """In a worker process forked from ``parent``, exclude inherited objects from scans."""
    if os.getpid() != parent:
        gc.freeze()
