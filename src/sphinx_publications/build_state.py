"""Incremental builds that write exactly what a clean build writes, interrupted or not.

Sphinx saves its environment after reading and before writing, and decides what
to write from it: a build stopped in between (Ctrl-C, a killed CI job, a full
disk) leaves an environment that believes everything is written. And some of
what a page shows is not in its source: the site's navigation (every page's
sidebar), the ``?v=`` checksums of static files, the paper pages. So this module
keeps what was *written*, in a small state file next to the doctrees, saved only
when a build has finished without an error:

* a build that starts while a previous one is unfinished (its marker file is
  still there) re-reads and rewrites everything, paper pages included;
* when the navigation (titles, toctrees) or a static file changed since the last
  finished build, every page is written again, as a clean build would;
* the output of a page removed since the last finished build is deleted;
* Sphinx's search index loses the entries it empties on incremental builds.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging

from .support import support

logger = logging.getLogger(__name__)

VERSION = 1


def _files(app: Sphinx) -> tuple[Path, Path]:
    """(state file, unfinished-build marker) for this builder and output folder."""
    digest = hashlib.sha256(str(Path(app.outdir).resolve()).encode()).hexdigest()[:10]
    base = Path(app.doctreedir) / f"sphinx-publications-{app.builder.name}-{digest}"
    return base.with_suffix(".json"), base.with_suffix(".unfinished")


def previous(app: Sphinx) -> dict[str, Any]:
    """What the last finished build wrote ({} after an unfinished one, or the first time)."""
    return getattr(app.builder, "publications_previous", {})


def start(app: Sphinx) -> None:
    """``builder-inited``: read the last finished build's state; mark this build unfinished."""
    if not support(app.builder).web:
        return
    state_file, marker = _files(app)
    state: dict[str, Any] = {}
    if not marker.exists():
        try:
            state = json.loads(state_file.read_text("utf-8"))
        except (OSError, ValueError):
            state = {}
        if state.get("version") != VERSION:
            state = {}
    missing = [n for n in ("searchindex.js", "objects.inv") if not Path(app.outdir, n).exists()]
    if state and missing and Path(app.outdir).exists():
        state = {}  # Sphinx cannot update a search index it cannot load: start afresh
    app.builder.publications_previous = state  # type: ignore[attr-defined]
    app.builder.publications_written = {}  # type: ignore[attr-defined]
    marker.parent.mkdir(parents=True, exist_ok=True)
    marker.write_text("a build is writing; if this file remains, the next build is full\n")


def everything_outdated(
    app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]
) -> list[str]:
    """``env-get-outdated``: after an unfinished build (no state), read every page again."""
    if support(app.builder).web and not previous(app) and env.all_docs:
        return sorted(env.found_docs)
    return []


def site_signature(app: Sphinx, env: BuildEnvironment) -> str:
    """What every page shows besides its own content: titles, toctrees, static files."""
    navigation = [
        (name, env.titles[name].astext() if name in env.titles else "")
        for name in sorted(env.found_docs)
    ]
    toctrees = sorted((k, sorted(v)) for k, v in env.toctree_includes.items())
    return _digest([navigation, toctrees, _static_files(app)])


def _static_files(app: Sphinx) -> list[tuple[str, str]]:
    folders = [Path(app.confdir, p) for p in app.config.html_static_path or ()]
    theme = getattr(app.builder, "theme", None)
    if theme is not None:
        folders += [Path(d, "static") for d in theme.get_theme_dirs()]
    folders.append(Path(__file__).parent / "static")
    found = []
    for folder in folders:
        if folder.is_dir():
            for path in sorted(folder.rglob("*")):
                if path.is_file():
                    found.append((str(path.relative_to(folder)), _file_digest(path)))
    return found


def _file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:16]


def _digest(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:20]


def rewrite_when_site_changed(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """``env-get-updated``: every page, when navigation or static files changed."""
    if not support(app.builder).web:
        return []
    signature = site_signature(app, env)
    app.builder.publications_signature = signature  # type: ignore[attr-defined]
    old = previous(app).get("signature")
    if old is not None and old != signature:
        return sorted(env.found_docs)
    return []


def record_pages(app: Sphinx, pages: dict[str, str]) -> None:
    """Note the paper pages (page -> digest) this build leaves in the output."""
    app.builder.publications_written = pages  # type: ignore[attr-defined]


def prune_search_index(app: Sphinx) -> None:
    """Drop the words Sphinx's incremental update left without pages (a clean build has none)."""
    indexer = getattr(app.builder, "indexer", None)
    for name in ("_mapping", "_title_mapping"):
        mapping = getattr(indexer, name, None)
        if isinstance(mapping, dict):
            for word in [w for w, docs in mapping.items() if not docs]:
                del mapping[word]


def remove_outputs(app: Sphinx, docnames: Iterable[str]) -> None:
    for docname in docnames:
        with contextlib.suppress(OSError, AttributeError):
            Path(app.builder.get_outfilename(docname)).unlink()


def finish(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``: a finished build without problems saves what it wrote."""
    if not support(app.builder).web:
        return
    state_file, marker = _files(app)
    problems = getattr(app, "_warncount", 0) or app.statuscode
    if exception is not None or problems:
        return  # the marker stays: the next build writes everything
    env = app.env
    docs = sorted(env.found_docs)
    gone = set(previous(app).get("docs", ())) - set(docs)
    remove_outputs(app, gone)
    state = {
        "version": VERSION,
        "docs": docs,
        "signature": getattr(app.builder, "publications_signature", None)
        or site_signature(app, env),
        "pages": getattr(app.builder, "publications_written", {}),
    }
    tmp = state_file.with_suffix(".tmp")
    tmp.write_text(json.dumps(state, sort_keys=True), "utf-8")
    os.replace(tmp, state_file)
    marker.unlink(missing_ok=True)


def setup(app: Sphinx) -> None:
    app.connect("builder-inited", start, priority=300)
    app.connect("env-get-outdated", everything_outdated)
    app.connect("env-get-updated", rewrite_when_site_changed)
    app.connect("build-finished", finish, priority=950)
