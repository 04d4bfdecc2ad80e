"""Smaller scripts and stylesheets on the wire: the output's ``_static/`` minified.

The sources stay readable (the extension's ``static/``, the site's ``_static/``);
once the build has finished, the copies Sphinx made in the output's ``_static/``
are minified with rjsmin and rcssmin. Both only drop comments and whitespace and
keep every name, so a script still defines what others read (``searchtools.js``
reads ``doctools.js``'s ``Documentation``), and ``/*! ... */`` comments, which
carry licences, stay. A file is replaced only if that makes it at least
:data:`MIN_SAVING` smaller gzip-compressed, as a server sends it: already
minified files (furo's, the stemmers in Sphinx's ``language_data.js``) are left
as they are.

Sphinx adds each asset's ``?v=`` checksum while writing pages, from the copy it
made of the source just before, so the checksum follows the source and changes
whenever the minified file does. Each build copies the sources again, and this
minifies them again.

``publications_minify_assets = False`` ships the static files as they are.

Pages are left as Sphinx writes them: rewriting their markup after the build
would cost reading and writing every page again, for a few hundred bytes.
"""

from __future__ import annotations

import gzip
from collections.abc import Callable
from pathlib import Path

import rcssmin
import rjsmin
from sphinx.application import Sphinx
from sphinx.util import logging

logger = logging.getLogger(__name__)

#: Smallest worthwhile saving, as a share of the gzip-compressed size.
MIN_SAVING = 0.05

MINIFIERS: dict[str, Callable[[str], str]] = {
    ".js": lambda text: rjsmin.jsmin(text, keep_bang_comments=True),
    ".css": lambda text: rcssmin.cssmin(text, keep_bang_comments=True),
}


def _gzip_size(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=6, mtime=0))


def minified(path: Path) -> bytes | None:
    """The file's minified content, or None when minifying it is not worth it."""
    minify = MINIFIERS.get(path.suffix)
    if minify is None or ".min." in path.name:
        return None
    data = path.read_bytes()
    try:
        smaller = minify(data.decode("utf-8")).encode("utf-8")
    except UnicodeDecodeError:
        return None
    if _gzip_size(smaller) > (1 - MIN_SAVING) * _gzip_size(data):
        return None
    return smaller


def minify_static_files(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``: minify the ``.js`` and ``.css`` files of the output's ``_static/``."""
    if exception is not None or app.builder.format != "html":
        return
    if not app.config.publications_minify_assets:
        return
    static = Path(app.outdir) / "_static"
    saved = count = 0
    for path in sorted(static.rglob("*")):
        if not path.is_file():
            continue
        smaller = minified(path)
        if smaller is not None:
            saved += path.stat().st_size - len(smaller)
            count += 1
            path.write_bytes(smaller)
    if count:
        logger.info("minified %d static file(s): %.1f KiB less", count, saved / 1024)


def setup(app: Sphinx) -> None:
    app.add_config_value("publications_minify_assets", True, "", types=[bool])
    app.connect("build-finished", minify_static_files)
