"""Incremental builds that write exactly what a clean build writes, interrupted or not.

Sphinx saves its environment after reading and before writing, and decides what
to write from it: a build stopped in between (Ctrl-C, a killed CI job, a full
disk, a write error) leaves an environment that believes everything is written.
And some of what a page shows is not in its source: the site's navigation (every
page's sidebar), the ``?v=`` checksums of static files, the paper pages. So this
module keeps what was *written*, in a small state file next to the doctrees
(``sphinx-publications-<builder>-<output folder's hash>.json``):

* ``finished`` is false from the start of a build (``builder-inited``, before
  Sphinx pickles anything) until it has finished without an error or warning. A
  build that finds it false re-reads and rewrites everything, paper pages
  included: it cannot know what the unfinished one wrote. So does one that finds
  a file gone that it updates in place (``needed``: the search index and
  ``objects.inv``, those of them the builder wrote);
* ``files`` and ``pages``: the outputs of documents and the paper pages the site
  has, or may have, in the output. Just before writing starts (``write-started``)
  the names of this build are added to them, so that even an interrupted build
  leaves a list of what it may have written. A finished build deletes what is on
  the list and no longer in the site: a removed or renamed page's HTML (which
  Sphinx leaves), a removed paper's page and BibTeX, the export of an old
  ``publications_paper_dir``, a PDF of the site that no entry links any more;
* ``pages`` also holds each paper page's digest (:mod:`.page_writer`) and
  ``signature`` the site's navigation (titles, toctrees), its static files and
  templates: when the signature changed since the last finished build, every
  page is written again, as a clean build would (Sphinx rewrites only pages whose
  own source changed, so the others keep an old title in their sidebar, or an
  old ``?v=`` checksum);
* ``search_index``: the digest of Sphinx's search index file and of what it was
  made from. A build that writes no document and finds both unchanged neither
  loads nor rewrites the index (:func:`search_index_unchanged`): for 5,000
  papers that was a third of a no-op;
* ``inventory``: the same for ``objects.inv``, from a digest of every object it
  lists (:mod:`.inventory`, :func:`inventory_unchanged`).

Three of Sphinx's own leftovers are cleaned up as well: the words its incremental
search index update leaves without pages (``"word":[]``, which a clean build does
not have; :func:`prune_search_index`); ``.buildinfo.bak``, which Sphinx writes
into the output when the configuration changed; and, for builds repeated in one
process, its cache of static files' checksums (:func:`_forget_checksums`).

What still differs from a clean build: nothing, for the changes the tests make
(``tests/reliability``: .bib entries added, removed, edited, reordered; pages
added, removed, renamed, retitled, citing a paper or not; ``html_title``,
``publications_*`` values, a template, a stylesheet; generated files deleted from
the output; builds interrupted by SIGINT or SIGKILL at any stage, or failed by a
write error). A template or static file replaced by an older copy (an older
mtime, which Sphinx alone would miss) is caught too: the signature hashes their
contents. Not looked after here: a file removed from ``html_static_path`` or
``html_extra_path`` stays in the output, as Sphinx leaves it, and so do the
thumbnails (``_images/pub/``) of removed papers.

A build with a warning counts as unfinished even when warnings are not errors
(no ``-W``): the next build is a full one, and shows the warning again, where
Sphinx alone would report it once and then forget it.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from collections.abc import Collection, Iterable
from pathlib import Path
from typing import Any

import sphinx
from sphinx.application import Sphinx
from sphinx.builders import Builder
from sphinx.environment import BuildEnvironment
from sphinx.util import logging

from .entry_cache import code_digest
from .loader import loaded
from .papers import EXPORT_NAME, pages_to_write
from .serial_writing import note_due
from .site_files import output_name
from .support import support

logger = logging.getLogger(__name__)

VERSION = 2
#: Files whose absence means the output cannot be updated in place: start afresh.
#: Only those the last finished build wrote are looked for (``singlehtml`` writes no
#: search index, EPUB neither file): looking for the others made every build a full one.
_NEEDED = ("searchindex.js", "objects.inv")
_INVENTORY = "objects.inv"


def _state_file(app: Sphinx) -> Path:
    """The state file of this builder and output folder (one doctree folder may serve two)."""
    digest = hashlib.sha256(str(Path(app.outdir).resolve()).encode()).hexdigest()[:10]
    return Path(app.doctreedir) / f"sphinx-publications-{app.builder.name}-{digest}.json"


def _load(path: Path) -> dict[str, Any]:
    try:
        state = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    return state if isinstance(state, dict) and state.get("version") == VERSION else {}


def _save(app: Sphinx, state: dict[str, Any]) -> None:
    """Write the state atomically: a build killed while saving leaves the old file or the new."""
    path = _state_file(app)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps({"version": VERSION, **state}, sort_keys=True), "utf-8")
    os.replace(tmp, path)


def previous(app: Sphinx) -> dict[str, Any]:
    """What the last finished build left (paper digests are "" after an unfinished one)."""
    return getattr(app.builder, "publications_previous", {})


def unfinished(app: Sphinx) -> bool:
    """Whether the output may not be what the environment says (every page is written)."""
    return getattr(app.builder, "publications_unfinished", False)


def start(app: Sphinx) -> None:
    """``builder-inited``: read the last build's state; mark this build unfinished."""
    if not support(app.builder).web:
        return
    state = _load(_state_file(app))
    outdir = Path(app.outdir)
    needed = state.get("needed", _NEEDED)
    complete = state.get("finished") is True and all((outdir / n).exists() for n in needed)
    if not complete:
        # Keep the names (to delete what is no longer in the site), not the digests.
        state = {
            "files": state.get("files", []),
            "pages": dict.fromkeys(state.get("pages", {}), ""),
        }
    _forget_checksums()
    app.builder.publications_previous = state  # type: ignore[attr-defined]
    app.builder.publications_unfinished = not complete  # type: ignore[attr-defined]
    app.builder.publications_written = {}  # type: ignore[attr-defined]
    app.builder.publications_docs_written = set()  # type: ignore[attr-defined]
    files, pages = state.get("files", []), state.get("pages", {})
    _save(app, {"finished": False, "files": files, "pages": pages})


def _forget_checksums() -> None:
    """Forget the ``?v=`` checksums of static files an earlier build in this process made.

    Sphinx caches them by path for the life of the process (a private
    ``functools.cache`` in ``sphinx.builders.html._assets`` in Sphinx 9): right for
    ``sphinx-build``, one build per process, but a second build in the same process
    (``sphinx.testing``, a notebook, a watcher) would put the checksum of a file's
    old copy into its pages. Nothing else empties that cache; if it is not there,
    there is nothing to forget.
    """
    try:
        from sphinx.builders.html import _assets
    except ImportError:
        return
    cached = getattr(_assets, "_file_checksum_inner", None)
    if callable(getattr(cached, "cache_clear", None)):
        cached.cache_clear()


def everything_outdated(
    app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]
) -> list[str]:
    """``env-get-outdated``: after an unfinished build, read every page again."""
    if support(app.builder).web and unfinished(app) and env.all_docs:
        return sorted(env.found_docs)
    return []


def site_signature(app: Sphinx, env: BuildEnvironment) -> str:
    """What every page shows besides its own content: titles, toctrees, static files, templates."""
    navigation = [
        (name, env.titles[name].astext() if name in env.titles else "")
        for name in sorted(env.found_docs)
    ]
    toctrees = sorted((k, sorted(v)) for k, v in env.toctree_includes.items())
    return _digest([navigation, toctrees, _theme_files(app)])


def _theme_files(app: Sphinx) -> list[tuple[str, str]]:
    """Static files and templates by content (Sphinx looks at templates' mtimes only)."""
    folders = [Path(app.confdir, p) for p in app.config.html_static_path or ()]
    folders += [Path(app.confdir, p) for p in app.config.templates_path or ()]
    theme = getattr(app.builder, "theme", None)
    if theme is not None:
        folders += [Path(d) for d in theme.get_theme_dirs()]
    folders.append(Path(__file__).parent / "static")
    found = []
    for folder in folders:
        if folder.is_dir():
            for path in sorted(folder.rglob("*")):
                if path.is_file() and "__pycache__" not in path.parts:
                    found.append((str(path.relative_to(folder)), _file_digest(path)))
    return found


def _file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:16]


def _digest(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:20]


def rewrite_when_site_changed(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """``env-get-updated``: every page, when navigation, static files or templates changed."""
    if not support(app.builder).web:
        return []
    signature = site_signature(app, env)
    app.builder.publications_signature = signature  # type: ignore[attr-defined]
    old = previous(app).get("signature")
    if old is not None and old != signature:
        note_due(app.builder, env.found_docs)
        return sorted(env.found_docs)
    return []


def owned_files(app: Sphinx) -> list[str]:
    """The outputs this module looks after, relative to the output folder (POSIX).

    Each document's page, the export of all papers, and the site's files that
    entries link to (:mod:`.site_files` copies them, as long as an entry links
    them); paper pages and their BibTeX are looked after by :mod:`.page_writer`,
    through ``pages``.
    """
    builder, outdir = app.builder, Path(app.outdir)
    files = set()
    for docname in app.env.found_docs:
        with contextlib.suppress(ValueError):
            files.add(Path(builder.get_outfilename(docname)).relative_to(outdir).as_posix())
    if support(builder).files:
        files.add(f"{app.config.publications_paper_dir}/{EXPORT_NAME}")
        files |= {output_name(app, value) for value in loaded(app.env).site_files}
    return sorted(files)


def about_to_write(app: Sphinx, builder: Builder) -> None:
    """``write-started``: add this build's names to the list of what the output may hold."""
    if not support(builder).web:
        return
    state = previous(app)
    pages = dict.fromkeys(state.get("pages", {}), "")
    if support(builder).pages:
        pages.update(dict.fromkeys(pages_to_write(app.env), ""))
    files = sorted({*state.get("files", ()), *owned_files(app)})
    _save(app, {"finished": False, "files": files, "pages": pages})


def note_written(app: Sphinx, doctree: Any, docname: str) -> None:
    """``doctree-resolved``: the documents this build writes (in the main process, also with -j)."""
    written = getattr(app.builder, "publications_docs_written", None)
    if written is not None:
        written.add(docname)


def every_document_written(app: Sphinx) -> bool:
    """Whether this build wrote every document (``-a``, or settings changed)."""
    written = getattr(app.builder, "publications_docs_written", set())
    return bool(app.env.found_docs) and app.env.found_docs <= written


def _search_index_basis(app: Sphinx) -> str:
    """What the search index holds besides the words of the documents written this build.

    Worked out once a build, when writing starts (all of it is settled by then) or at its
    end.
    """
    builder = app.builder
    basis = builder.__dict__.get("_publications_search_basis")
    if basis is not None:
        return basis
    env, config = app.env, app.config
    settings = ("language", "html_search_language", "html_search_options", "html_search_scorer")
    basis = builder._publications_search_basis = _digest(  # type: ignore[attr-defined]
        [
            sorted(env.all_docs),
            sorted(pages_to_write(env).items()),  # paper pages, from the entries ...
            loaded(env).stamp,  # ... as the .bib files and the settings make them
            [config[name] for name in settings],
            sphinx.__version__,
            code_digest(),  # what this extension feeds the index for each paper page
        ]
    )
    return basis


def _search_index(app: Sphinx) -> dict[str, str] | None:
    """The search index file's digest and basis, or None if it is not there."""
    name = getattr(app.builder, "searchindex_filename", "")
    try:
        digest = _file_digest(Path(app.outdir) / name) if name else ""
    except OSError:
        return None
    return {"digest": digest, "basis": _search_index_basis(app)} if digest else None


def _inventory(app: Sphinx) -> dict[str, str] | None:
    """The inventory file's digest and what it lists (:mod:`.inventory`), or None."""
    basis = getattr(app.builder, "publications_inventory_basis", "")
    if not basis:
        return None
    try:
        return {"digest": _file_digest(Path(app.outdir) / _INVENTORY), "basis": basis}
    except OSError:
        return None


def inventory_unchanged(app: Sphinx) -> bool:
    """Whether ``objects.inv`` is as the last finished build wrote it, from the objects this
    build's inventory lists (the builder's ``publications_inventory_basis``, their digest):
    then it need not be written."""
    if unfinished(app):
        return False
    current = _inventory(app)
    return current is not None and previous(app).get("inventory") == current


def search_index_unchanged(app: Sphinx, docnames: Collection[str]) -> bool:
    """Whether loading the search index, pruning it and writing it again would change nothing.

    That is when no document is written, the index's inputs are the last finished
    build's, and so is the file. Loading and writing the index of 5,000 papers
    (1.7 MB) was a third of a no-op.
    """
    if docnames or unfinished(app):
        return False
    recorded = previous(app).get("search_index")
    return recorded is not None and recorded == _search_index(app)


def record_pages(app: Sphinx, pages: dict[str, str], inputs: str = "", settings: str = "") -> None:
    """Note the paper pages (page -> digest) this build leaves, and what they were made from
    (``inputs``: everything; ``settings``: what every page shows alike)."""
    app.builder.publications_written = pages  # type: ignore[attr-defined]
    app.builder.publications_inputs = inputs  # type: ignore[attr-defined]
    app.builder.publications_page_settings = settings  # type: ignore[attr-defined]


def prune_search_index(app: Sphinx) -> None:
    """Drop the words Sphinx's incremental update left without pages (a clean build has none).

    Sphinx loads the last search index, takes the pages it rewrites out of every
    word's set of pages and feeds them again: a word that is no longer on any page
    stays, with an empty set, and is written as ``"word":[]``. The indexer has no
    public way to list or drop words, so its two mappings are reached directly,
    each only if it is still the dict of sets it is in Sphinx 9.
    """
    indexer = getattr(app.builder, "indexer", None)
    for name in ("_mapping", "_title_mapping"):
        mapping = getattr(indexer, name, None)
        if isinstance(mapping, dict):
            for word in [w for w, docs in mapping.items() if isinstance(docs, set) and not docs]:
                del mapping[word]


def remove_outputs(app: Sphinx, names: Iterable[str]) -> None:
    """Delete output files (relative names), and the folders that leaves empty (dirhtml)."""
    outdir = Path(app.outdir).resolve()
    for name in sorted(set(names)):
        path = (outdir / name).resolve()
        if outdir not in path.parents:
            continue
        path.unlink(missing_ok=True)
        for folder in path.parents:
            if folder == outdir or outdir not in folder.parents:
                break
            try:
                folder.rmdir()  # only when empty
            except OSError:
                break


def finish(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``: a build without errors or warnings deletes what left the site, saves."""
    if not support(app.builder).web:
        return
    problems = getattr(app, "_warncount", 0) or app.statuscode
    if exception is not None or problems:
        return  # still unfinished: the next build writes everything
    files = owned_files(app)
    remove_outputs(app, set(previous(app).get("files", ())) - set(files))
    # Sphinx's backup of the last build's settings, written only when they changed.
    remove_outputs(app, [".buildinfo.bak"])
    state = {
        "finished": True,
        "files": files,
        "pages": getattr(app.builder, "publications_written", {}),
        "inputs": getattr(app.builder, "publications_inputs", ""),
        "page_settings": getattr(app.builder, "publications_page_settings", ""),
        "signature": getattr(app.builder, "publications_signature", None)
        or site_signature(app, app.env),
        "search_index": _search_index(app),
        "inventory": _inventory(app),
        "needed": [name for name in _NEEDED if (Path(app.outdir) / name).exists()],
    }
    _save(app, state)


def setup(app: Sphinx) -> None:
    app.connect("builder-inited", start, priority=300)
    app.connect("env-get-outdated", everything_outdated)
    app.connect("env-get-updated", rewrite_when_site_changed)
    app.connect("write-started", about_to_write)
    app.connect("doctree-resolved", note_written)
    app.connect("build-finished", finish, priority=950)
