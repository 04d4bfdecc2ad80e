"""A build that writes few documents writes them in its own process.

With ``-j N``, Sphinx writes every document after the first in a forked worker, and
waits for it. After an edit of one entry of 5,000 papers the documents due are the
home page and the publication list: the build's process resolves the 5 MB list, and
the worker then touches, page by page, memory it shares with the build's process
(31,000 copy-on-write page faults) while the build's process waits. Writing the list
took 0.4 s in the worker, 0.2 s in the build's process, and the other core meanwhile
works out the paper pages' digests (:mod:`.page_writer`).

Sphinx itself reads documents in parallel only when more than five are due; the same
threshold is used here for writing, but for a build that reads every document. The
documents due are those read in this build and those this extension asks to write
again (its ``env-get-updated`` handlers); another extension's may add more, written
here too. Only the choice of process changes: what is written is the same. Paper
pages are not documents and keep their workers.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sphinx.application import Sphinx
from sphinx.builders import Builder
from sphinx.environment import BuildEnvironment
from sphinx.util.parallel import parallel_available

#: As in Sphinx's reading: documents are written in workers only when more are due.
SERIAL_UP_TO = 5

_DUE = "publications_documents_due"
_PARALLEL = "publications_parallel_ok"
_READ_ALL = "publications_read_every_document"


def note_due(builder: Builder, docnames: Iterable[str]) -> None:
    """Record documents this build writes again (read, or asked for by this extension)."""
    due = builder.__dict__.setdefault(_DUE, set())
    due.update(docnames)


def note_read(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """``env-before-read-docs``: the documents read are written too."""
    builder = app.builder
    builder.__dict__[_DUE] = set()  # a new build
    builder.__dict__[_READ_ALL] = bool(docnames) and set(docnames) >= set(env.found_docs)
    note_due(builder, docnames)


def write_few_here(app: Sphinx, builder: Builder) -> None:
    """``write-started``: few documents due are written in this process.

    Not in a build that read every document (the first, or after a change of the
    settings): each list's entries are all made anew there, and a worker writing a
    5,000-entry list keeps its memory (17 MB) out of the build's process, where the
    build's peak would be.
    """
    parallel = builder.parallel_ok
    builder.__dict__[_PARALLEL] = parallel
    due = builder.__dict__.pop(_DUE, set())
    due |= {parent for docname in due for parent in app.env.files_to_rebuild.get(docname, ())}
    read_all = builder.__dict__.pop(_READ_ALL, False)
    if parallel and len(due) <= SERIAL_UP_TO and not read_all:
        builder.parallel_ok = False


def workers_allowed(builder: Any) -> bool:
    """Whether Sphinx allowed this build to write in worker processes (``-j N``)."""
    return bool(builder.__dict__.get(_PARALLEL, getattr(builder, "parallel_ok", False)))


def writes_in_workers(app: Sphinx) -> bool:
    """Whether this build writes in forked worker processes (``-j N`` on a system with fork)."""
    return parallel_available and workers_allowed(app.builder) and app.parallel > 1


def setup(app: Sphinx) -> None:
    app.connect("env-before-read-docs", note_read)
    app.connect("write-started", write_few_here)
