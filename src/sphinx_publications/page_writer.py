"""Writing the paper pages and BibTeX files: only what changed, and nothing stale.

At ``html-collect-pages`` each paper page gets a digest of everything it shows
(its entry, the pages mentioning it, its neighbours in the list, the site's
settings, and the site signature of :mod:`.build_state`: navigation, static files
and templates, by content; this module's version). A page is rendered when its
digest differs from the one the last *finished* build wrote, when its file is
missing from the output, or when this build wrote every document (``-a``: what
Sphinx's users expect to rewrite everything); pages of removed papers are
deleted. After an unfinished build the digests are unknown, and every page is
rendered again.

With ``-j N``, work starts as soon as the first document is written
(:func:`start_early`), beside Sphinx writing the documents (a 5,000-entry list page is
written by one process): every page's rendering, in worker processes, when none was
written before; otherwise the digests, in one worker, which tells the pages due (after
an edit of one entry, a few). ``html-collect-pages`` waits for them and renders
whatever else is due.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.builders.html import StandaloneHTMLBuilder
from sphinx.util import logging
from sphinx.util.parallel import ParallelTasks, make_chunks

from . import build_state, collector
from .batch import rendering_many_pages
from .loader import loaded
from .navigation import shared_navigation
from .paper_page import page_parts, render_page, write_bib_files
from .paper_search import index_paper_pages
from .papers import bib_entries, pages_to_write
from .publication_list import listed
from .roles import paper_references
from .serial_writing import writes_in_workers
from .support import support

logger = logging.getLogger(__name__)

#: Whether a paper's page ("page") or BibTeX file ("bib") is in the output.
Presence = Callable[[str, str], bool]

#: Bump when the markup of a paper's page changes, so every page is rendered again.
RENDER_VERSION = "3"


def entry_digest(entry: Any) -> str:
    """What the entry is made of: its text as read (and its crossref parent's), and its kind."""
    source = getattr(entry, "source_digest", None)
    if source is not None:
        return f"{source}-{entry.fields.get('kind', '')}"
    persons = {role: [str(p) for p in people] for role, people in entry.persons.items()}
    data = [
        entry.type.lower(),
        entry.key,
        sorted((k.lower(), v) for k, v in entry.fields.items()),
        persons,
    ]
    return hashlib.sha256(json.dumps(data, ensure_ascii=False).encode()).hexdigest()[:16]


def _digest(*parts: Any) -> str:
    text = json.dumps(parts, ensure_ascii=False, default=str, sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _page_digest(settings: list[Any], entry: str, parts: dict[str, Any]) -> str:
    """One paper page's digest: its parts are strings, tuples and None, whose ``repr`` is
    stable (JSON with sorted keys took 0.1 s for 5,000 pages)."""
    text = repr((RENDER_VERSION, settings, entry, parts))
    return hashlib.blake2b(text.encode(), digest_size=8).hexdigest()


def _settings_digest(settings: list[Any]) -> str:
    """What every paper page shows alike, and how it is rendered: when it changes, all are due."""
    return _digest(RENDER_VERSION, settings)


def _settings(app: Sphinx) -> list[Any]:
    builder = app.builder
    info = getattr(builder, "build_info", None)
    return [
        getattr(info, "config_hash", ""),
        getattr(info, "tags_hash", ""),
        builder.name,
        getattr(builder, "publications_signature", ""),
    ]


@dataclass
class _Plan:
    """What this build's paper pages are made from, worked out once per build."""

    pages: dict[str, str]  #: page name -> key
    inputs: str
    #: What each page shows besides its entry, by key: of every page, or (worked out
    #: in a worker) of the pages due only.
    parts: dict[str, Any] = field(default_factory=dict)
    digests: dict[str, str] = field(default_factory=dict)
    #: Pages whose rendering started while the documents were written, and its workers.
    started: list[str] = field(default_factory=list)
    workers: ParallelTasks | None = None
    #: The worker working out the digests while the documents are written.
    digesting: ParallelTasks | None = None
    #: Whether every page and BibTeX file was in the output when first looked at: only
    #: this extension writes them, and it has not started to when it looks again.
    all_present: bool | None = None

    def work_out_digests(self, app: Sphinx, settings: list[Any]) -> None:
        self.take_digests()
        if not self.digests and self.pages:
            self._digests(app, settings)

    def _digests(self, app: Sphinx, settings: list[Any]) -> None:
        self.work_out_parts(app)
        entries = bib_entries(app.env)
        with collector.paused():
            self.digests = {
                page: _page_digest(settings, entry_digest(entries[key]), self.parts[key])
                for page, key in self.pages.items()
            }

    def work_out_parts(self, app: Sphinx) -> None:
        """Every page's parts (a worker may have worked out those of the pages due only)."""
        if len(self.parts) < len(self.pages):
            with collector.paused():
                self.parts = page_parts(app)

    def digest_in_worker(
        self, app: Sphinx, settings: list[Any], before: dict[str, str], present: Presence
    ) -> None:
        """Work out the digests in a forked worker, while this process writes the documents.

        The worker sends back the digests and the parts of the pages due (changed or
        missing): after an edit of one entry, a few of 5,000.
        """

        def work() -> tuple[dict[str, str], dict[str, Any]]:
            self._digests(app, settings)
            due = _due(self, before, present, everything=False)
            return self.digests, {self.pages[page]: self.parts[self.pages[page]] for page in due}

        def done(_arg: Any, result: tuple[dict[str, str], dict[str, Any]]) -> None:
            self.digests, self.parts = result

        tasks = ParallelTasks(1)
        tasks.add_task(work, None, done)
        self.digesting = tasks

    def take_digests(self) -> None:
        """Wait for the worker working out the digests, if one is."""
        if self.digesting is not None:
            tasks, self.digesting = self.digesting, None
            tasks.join()

    def sources(self, app: Sphinx, pages: list[str]) -> dict[str, tuple[Any, Any]]:
        """The entry and parts of each of ``pages``, for rendering them."""
        if any(self.pages[page] not in self.parts for page in pages):
            self.work_out_parts(app)
        entries = bib_entries(app.env)
        return {page: (entries[self.pages[page]], self.parts[self.pages[page]]) for page in pages}

    def join(self) -> None:
        if self.workers is not None:
            workers, self.workers = self.workers, None
            workers.join()

    def terminate(self) -> None:
        """Stop the workers of a failed build."""
        for tasks in (self.workers, self.digesting):
            if tasks is not None:
                tasks.terminate()
        self.workers = self.digesting = None


def _writes_pages(app: Sphinx) -> bool:
    what = support(app.builder)
    return what.files and what.pages and isinstance(app.builder, StandaloneHTMLBuilder)


def _plan(app: Sphinx) -> _Plan:
    plan = getattr(app.builder, "publications_plan", None)
    if plan is None:
        plan = _Plan(pages_to_write(app.env), _inputs(app, _settings(app)))
        app.builder.publications_plan = plan  # type: ignore[attr-defined]
    return plan


def start_early(app: Sphinx, *args: Any) -> None:
    """``html-page-context`` of the first document written: start the paper pages' work.

    Once documents are written, everything a paper page shows is settled (the
    environment, the copied static files, the templates). Sphinx writes a long list
    page in one process; workers use the other cores meanwhile. When every page is due
    (none written yet, the last build unfinished, or what every page shows changed),
    their rendering starts here; otherwise one worker works out the digests, which
    tell the few pages due. Whether every document is written (``-a``) is known at
    ``html-collect-pages``, which takes the digests, renders the rest and waits.
    """
    builder = app.builder
    if getattr(builder, "publications_plan", None) is not None or not _writes_pages(app):
        return
    plan = _plan(app)
    state = build_state.previous(app)
    nproc = app.parallel
    if not writes_in_workers(app) or _unchanged(app, state, plan):
        return
    before = state.get("pages", {})
    settings = _settings(app)
    if before and all(before.values()) and state.get("page_settings") == _settings_digest(settings):
        # 0.3 s of 5,000 pages' parts and digests, off the documents' critical path.
        plan.digest_in_worker(app, settings, before, _present(app))
        return
    # Every page is due.
    todo = sorted(plan.pages)
    if len(todo) >= PARALLEL_FROM:
        # One worker per core, each with its share: Sphinx starts a task's process only
        # when another ends or someone waits, and nobody waits until html-collect-pages.
        plan.workers = _start_workers(
            app, todo, plan.sources(app, todo), [todo[i::nproc] for i in range(nproc)]
        )
        plan.started = todo


def _due(plan: _Plan, before: dict[str, str], present: Presence, everything: bool) -> list[str]:
    """The pages to render: all (``everything``), or those changed or missing from the output."""
    return [
        page
        for page in sorted(plan.pages)
        if everything or before.get(page) != plan.digests[page] or not present(page, "page")
    ]


def forget_plan(app: Sphinx, builder: Any) -> None:
    """``write-started``: each build works out its own plan (once, at its first page)."""
    builder.publications_plan = None


def stop_early(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``: workers of a failed build do not outlive it."""
    plan = getattr(app.builder, "publications_plan", None)
    if plan is not None:
        plan.terminate()


def write_paper_pages(app: Sphinx) -> list[tuple[str, dict, str]]:
    """``html-collect-pages``: render the paper pages that changed; write the BibTeX files.

    Pages are written here directly rather than returned, so that ``html-page-context``
    receives each page's doctree.
    """
    builder = app.builder
    if not _writes_pages(app):
        return []
    plan = _plan(app)
    pages = plan.pages
    settings = _settings(app)
    state = build_state.previous(app)
    inputs = plan.inputs
    if not plan.started and _unchanged(app, state, plan):
        # Nothing any paper page shows changed since the last finished build, and every
        # page and .bib file is there: no digest to work out, nothing to write.
        index_paper_pages(app, pages, changed=())
        build_state.prune_search_index(app)
        build_state.record_pages(app, dict(state["pages"]), inputs, _settings_digest(settings))
        return []
    plan.work_out_digests(app, settings)
    digests = plan.digests
    before = state.get("pages", {})
    rewrite_all = build_state.every_document_written(app)
    present = _present(app)
    changed = [page for page in pages if rewrite_all or before.get(page) != digests[page]]
    removed = sorted(set(before) - set(digests))
    # Neither a paper's BibTeX nor its search words depend on its page: they are made
    # here while the workers started early render the pages.
    bib_missing = [page for page in pages if not present(page, "bib")]
    write_bib_files(
        app,
        [pages[page] for page in sorted({*changed, *bib_missing})],
        made={key: parts["bibtex"] for key, parts in plan.parts.items()},
    )
    with collector.paused():
        index_paper_pages(app, pages, changed)
    started = set(plan.started)
    plan.join()
    todo = [page for page in _due(plan, before, present, rewrite_all) if page not in started]
    # Not paused: a page's garbage is collected as the pages are made.
    _render_pages(app, todo, plan.sources(app, todo))
    rendered = len(todo) + len(started)
    outdir = Path(app.outdir)
    build_state.remove_outputs(
        app,
        [Path(builder.get_outfilename(p)).relative_to(outdir).as_posix() for p in removed]
        + [f"{pagename}.bib" for pagename in removed],
    )
    build_state.prune_search_index(app)
    build_state.record_pages(app, digests, inputs, _settings_digest(settings))
    if rendered or removed:
        logger.info("paper pages: %d written, %d removed", rendered, len(removed))
    return []


#: Fewer pages than this are rendered in this process: forking costs more than it saves.
PARALLEL_FROM = 64


def _render_pages(app: Sphinx, todo: list[str], sources: dict[str, tuple[Any, Any]]) -> None:
    """Render the pages ``todo``, in worker processes when the build writes in parallel.

    ``-j N`` makes Sphinx write documents in forked processes when every extension
    says it is safe (``builder.parallel_ok``); paper pages are written the same way,
    in chunks, each worker inheriting the build's state. Warnings reach the main
    process (Sphinx's :class:`~sphinx.util.parallel.ParallelTasks` collects them).
    """
    if not todo:
        return
    if writes_in_workers(app) and len(todo) >= PARALLEL_FROM:
        _start_workers(app, todo, sources, make_chunks(todo, app.parallel)).join()
    else:
        _renderer(app, todo, sources)(todo)


def _start_workers(
    app: Sphinx,
    todo: list[str],
    sources: dict[str, tuple[Any, Any]],
    chunks: list[list[str]],
) -> ParallelTasks:
    """Worker processes rendering ``chunks`` of ``todo`` (not waited for)."""
    render = _renderer(app, todo, sources)
    tasks = ParallelTasks(app.parallel)
    for chunk in chunks:
        tasks.add_task(render, chunk)
    return tasks


def _renderer(
    app: Sphinx, todo: list[str], sources: dict[str, tuple[Any, Any]]
) -> Callable[[list[str]], int]:
    navigation = shared_navigation(app.builder, todo[0])
    parent = os.getpid()

    def render(chunk: list[str]) -> int:
        collector.freeze_in_worker(parent)
        with rendering_many_pages(app):
            for pagename in chunk:
                entry, parts = sources[pagename]
                render_page(app, pagename, entry, parts, navigation)
        return len(chunk)

    return render


def _inputs(app: Sphinx, settings: list[Any]) -> str:
    """Everything the paper pages are made from, in one digest that is cheap to work out."""
    env = app.env
    cite = env.get_domain("cite")
    citations = [(c.bibliography_key.docname, c.key) for c in cite.citations]  # type: ignore[attr-defined]
    return _digest(
        RENDER_VERSION,
        settings,
        loaded(env).stamp,
        sorted(listed(env).items()),
        sorted(paper_references(env).items()),
        sorted(citations),
    )


def _unchanged(app: Sphinx, state: dict[str, Any], plan: _Plan) -> bool:
    """Whether the last finished build wrote the plan's pages from the same inputs, all
    still there."""
    inputs, pages = plan.inputs, plan.pages
    before = state.get("pages", {})
    if not inputs or state.get("inputs") != inputs or set(before) != set(pages):
        return False
    if build_state.every_document_written(app) or not all(before.values()):
        return False
    if plan.all_present is None:  # 5,000 pages and files: looked for once a build
        present = _present(app)
        plan.all_present = all(present(page, "page") and present(page, "bib") for page in pages)
    return plan.all_present


def _present(app: Sphinx) -> Presence:
    """Whether a paper's page or BibTeX file is in the output: one listing of the folder.

    (Not a look at the disk per page: 5,000 of them cost a noticeable part of a build.)
    """
    folder = os.path.join(app.outdir, app.config.publications_paper_dir)
    try:
        names = {entry.name for entry in os.scandir(folder)}
    except OSError:
        names = set()
    suffix = app.builder.out_suffix
    listed = app.builder.name != "dirhtml"  # dirhtml: a folder per page, its file is asked
    outdir = Path(app.outdir)

    def present(pagename: str, what: str) -> bool:
        head, _, name = pagename.rpartition("/")
        if head != app.config.publications_paper_dir or (what == "page" and not listed):
            target = app.builder.get_outfilename(pagename) if what == "page" else ""
            return Path(target or outdir / f"{pagename}.bib").is_file()
        return f"{name}{suffix if what == 'page' else '.bib'}" in names

    return present


def write_files_without_pages(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``: the BibTeX files where a builder keeps files but has no paper pages.

    ``singlehtml`` links each entry's BibTeX, and does not emit ``html-collect-pages``.
    """
    what = support(app.builder)
    if exception is None and what.files and not what.pages:
        write_bib_files(app, list(bib_entries(app.env)))


def setup(app: Sphinx) -> None:
    app.connect("write-started", forget_plan)
    app.connect("html-page-context", start_early)
    app.connect("html-collect-pages", write_paper_pages)
    app.connect("build-finished", write_files_without_pages)
    app.connect("build-finished", stop_early)
