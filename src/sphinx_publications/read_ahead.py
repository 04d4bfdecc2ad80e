"""A first read of a long .bib file on two cores.

With nothing in the read cache (a clean build, or the first after an upgrade), every
entry is parsed, checked and made into its view: about 5 s for 5,000 entries, while
the other cores wait, since nothing else in a build can start before the entries
exist. With ``-j N``, a forked worker reads the second half of each file's entries
while this process reads the first half; both only fill the read cache
(:class:`~.bib.bibfile.ReadCache`), whose every result is keyed by the text it was
made from. The loader's one read of the whole file, in file order, then finds every
entry there: its findings, entries and views are those of a read on one core.
Nothing here can fail a build: should the worker fail, the loader reads what is
missing itself.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.errors import SphinxParallelError
from sphinx.util import logging
from sphinx.util.parallel import ParallelTasks, parallel_available

from .bib import bibfile

logger = logging.getLogger(__name__)

#: Fewer entries than this are read on one core: forking costs more than it saves.
PARALLEL_FROM = 1000

#: Reads one text into a cache: parse, check, derive fields, views (the loader's steps).
Learn = Callable[[str, str, bibfile.ReadCache], None]


def read_ahead(
    app: Sphinx,
    paths: list[Path],
    names: list[str],
    cache: bibfile.ReadCache,
    learn: Learn,
) -> None:
    """Fill an empty ``cache`` with the files' entries, half of them in a forked worker."""
    if cache.chunks or not (parallel_available and app.parallel > 1):
        return
    encoding = app.config.bibtex_encoding
    files = zip(paths, names, strict=True)
    texts = [(text, name) for path, name in files if (text := bibfile.text_of(path, encoding))]
    if sum(bibfile.entry_count(text) for text, _ in texts) < PARALLEL_FROM:
        return
    parts = [(bibfile.halves(text), name) for text, name in texts]
    learned: list[bibfile.ReadCache] = []

    def worker(_: Any) -> bibfile.ReadCache:
        other = bibfile.ReadCache()
        for (_first, second), name in parts:
            learn(second, name, other)
        other.used = set()  # the loader's read marks what it uses
        return other

    tasks = ParallelTasks(2)
    tasks.add_task(worker, 0, lambda _arg, result: learned.append(result))
    try:
        for (first, _second), name in parts:
            learn(first, name, cache)
    finally:
        try:
            tasks.join()
        except (SphinxParallelError, OSError, EOFError) as error:
            logger.debug("reading ahead: the worker failed (%s); the loader reads it", error)
    for other in learned:
        cache.merge(other)
