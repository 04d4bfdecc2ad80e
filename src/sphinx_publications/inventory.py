"""``objects.inv`` written again only when what it lists changed.

Sphinx writes the inventory at the end of every HTML build, a no-op included: for
5,000 papers, 5,000 paper labels compressed line by line, 0.05 s of a 0.9 s no-op.
What it writes is every domain's objects, the project, its version and each object's
address: their digest (10 ms) is kept with the state of the last finished build
(:mod:`.build_state`, with the file's own digest). A build that finds both the same
leaves the file as that build wrote it. The builder's step is wrapped on this
builder only, as :mod:`.paper_search` wraps the search index's.

With ``-j N``, a changed inventory is written by a forked worker as soon as the first
page is written (:func:`write_early`): every object is known once documents are
written, and a 5,000-entry list page keeps the build's process busy meanwhile (0.05 s
off an edit of one entry). At the end, the build works out the digest again: if the
objects changed after all, or the worker failed, it writes the file itself.
"""

from __future__ import annotations

import hashlib
from typing import Any

import sphinx
from sphinx.application import Sphinx
from sphinx.builders import Builder
from sphinx.builders.html import StandaloneHTMLBuilder
from sphinx.errors import SphinxParallelError
from sphinx.util.parallel import ParallelTasks

from . import build_state
from .serial_writing import writes_in_workers

#: Builder attribute, set at ``write-started``: None until the build's first page; then
#: (digest the worker wrote the inventory from, or "", the worker while it runs, or None).
_EARLY = "_publications_inventory_early"
#: Builder attribute: Sphinx's own ``dump_inventory``, which the worker calls.
_DUMP = "_publications_dump_inventory"


def inventory_basis(app: Sphinx) -> str:
    """A digest of what Sphinx writes into ``objects.inv`` ("" if it cannot be worked out)."""
    env, config, builder = app.env, app.config, app.builder
    info = getattr(builder, "build_info", None)
    try:
        objects = [(domain.name, sorted(domain.get_objects())) for domain in env.domains.sorted()]
    except TypeError:  # objects that do not sort: Sphinx's own dump will say so
        return ""
    # Addresses: the builder, and its settings (``html_file_suffix``, ``html_link_suffix``).
    where = [builder.name, getattr(info, "config_hash", ""), sphinx.__version__]
    text = repr([objects, config.project, config.version, where])
    return hashlib.blake2b(text.encode(), digest_size=16).hexdigest()


def keep_unchanged_inventory(app: Sphinx, builder: Builder) -> None:
    """``write-started``: the builder writes ``objects.inv`` only when it would change."""
    dump = getattr(builder, "dump_inventory", None)
    if dump is None:
        return

    builder.__dict__[_EARLY] = None  # this build's first page may start it
    builder.__dict__[_DUMP] = dump

    def dump_inventory() -> None:
        basis = builder.publications_inventory_basis = inventory_basis(app)  # type: ignore[attr-defined]
        if _written_early(builder) == basis:
            return
        if not build_state.inventory_unchanged(app):
            dump()

    builder.dump_inventory = dump_inventory  # type: ignore[method-assign]


def write_early(app: Sphinx, pagename: str, *args: Any) -> None:
    """``html-page-context`` of the build's first document: the inventory, in a worker."""
    builder = app.builder
    if _EARLY not in builder.__dict__ or builder.__dict__[_EARLY] is not None:
        return  # not wrapped (another builder), or this build's first page is past
    builder.__dict__[_EARLY] = ("", None)
    if pagename not in app.env.all_docs or not writes_in_workers(app):
        return  # no document written (a page of the end: the inventory is next)
    if not _finishes_as_html(builder):
        return  # it may never write the inventory (epub, help builders)
    dump = builder.__dict__[_DUMP]

    def work() -> str:
        """The digest the inventory was written from ("": unchanged, not written)."""
        basis = builder.publications_inventory_basis = inventory_basis(app)  # type: ignore[attr-defined]
        if not basis or build_state.inventory_unchanged(app):
            return ""
        dump()
        return basis

    def done(_arg: Any, basis: str) -> None:
        builder.__dict__[_EARLY] = (basis, None)

    tasks = ParallelTasks(1)
    tasks.add_task(work, None, done)
    builder.__dict__[_EARLY] = ("", tasks)


def _finishes_as_html(builder: Builder) -> bool:
    """Whether the builder ends as Sphinx's HTML builder does, writing ``objects.inv``.

    ``epub`` and the help builders end otherwise and never write it.
    """
    kind = type(builder)
    return (
        isinstance(builder, StandaloneHTMLBuilder)
        and kind.finish is StandaloneHTMLBuilder.finish
        and kind.handle_finish is StandaloneHTMLBuilder.handle_finish
    )


def _written_early(builder: Builder) -> str:
    """The digest the worker wrote the inventory from, once it is done ("" if none did)."""
    _basis, tasks = builder.__dict__.get(_EARLY) or ("", None)
    if tasks is not None:
        try:
            tasks.join()  # its result is recorded by ``done``
        except (SphinxParallelError, OSError, EOFError):
            builder.__dict__[_EARLY] = ("", None)
    basis, _tasks = builder.__dict__.pop(_EARLY, None) or ("", None)
    return basis


def stop_early(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``: the worker of a failed build does not outlive it."""
    _basis, tasks = app.builder.__dict__.pop(_EARLY, None) or ("", None)
    if tasks is not None:
        tasks.terminate()


def setup(app: Any) -> None:
    app.connect("write-started", keep_unchanged_inventory)
    app.connect("html-page-context", write_early)
    app.connect("build-finished", stop_early)
