"""Files of the site that entries link to (``pdf = {paper.pdf}``), copied into the output.

al-folio users keep their PDFs and posters in ``assets/pdf/`` and name them in
the .bib file relative to it. Such a value is found in ``publications_files_dirs``
(folders next to ``conf.py``) and copied to ``<publications_paper_dir>/files/``;
the check reports a file that is missing (:mod:`.bib.checks`).
"""

from __future__ import annotations

import shutil
from pathlib import Path
from urllib.parse import quote

from sphinx.application import Sphinx

from .loader import find_file, loaded
from .support import support

FOLDER = "files"


def output_name(app: Sphinx, value: str) -> str:
    """Where a site file goes in the output, relative to it (POSIX)."""
    return f"{app.config.publications_paper_dir}/{FOLDER}/{value.strip('/')}"


def file_uri(app: Sphinx, value: str) -> str | None:
    """The output-relative URL of a site file, or None when the file does not exist."""
    path, _ = find_file(app, value)
    return quote(output_name(app, value)) if path is not None else None


def copy_site_files(app: Sphinx) -> list:
    """``html-collect-pages``: copy every file an entry links to (when it changed)."""
    if not support(app.builder).files:
        return []
    outdir = Path(app.outdir)
    # Found when the .bib files were read (:func:`.loader.load`), not per build.
    for value in loaded(app.env).site_files:
        source, _ = find_file(app, value)
        if source is None:
            continue
        target = outdir / output_name(app, value)
        if _is_current(source, target):
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
    return []


def _is_current(source: Path, target: Path) -> bool:
    try:
        return target.stat().st_size == source.stat().st_size and (
            target.stat().st_mtime >= source.stat().st_mtime
        )
    except FileNotFoundError:
        return False


def copy_after_build(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``: the same for builders without ``html-collect-pages`` (singlehtml)."""
    if exception is None and not support(app.builder).pages:
        copy_site_files(app)


def setup(app: Sphinx) -> None:
    app.connect("html-collect-pages", copy_site_files)
    app.connect("build-finished", copy_after_build)
