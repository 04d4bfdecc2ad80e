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

Only files of the site (``html_static_path``), of this extension and of Sphinx
itself are minified; other extensions' and the theme's files are left as they are.
``homepage_minify_assets = True`` turns it on.

Pages are left as Sphinx writes them: rewriting their markup after the build
would cost reading and writing every page again, for a few hundred bytes.
"""

from __future__ import annotations

import gzip
from collections.abc import Callable
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.util import logging

logger = logging.getLogger(__name__)

#: Smallest worthwhile saving, as a share of the gzip-compressed size.
MIN_SAVING = 0.05


def _minify_js(text: str) -> str:
    import rjsmin

    return rjsmin.jsmin(text, keep_bang_comments=True)


def _minify_css(text: str) -> str:
    import rcssmin

    return rcssmin.cssmin(text, keep_bang_comments=True)


MINIFIERS: dict[str, Callable[[str], str]] = {".js": _minify_js, ".css": _minify_css}


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


def own_static_files(app: Sphinx) -> set[str]:
    """Paths (relative to ``_static``) of the site's, this extension's and Sphinx's files."""
    import sphinx

    from ..assets import BUNDLES

    confdir = Path(app.confdir).resolve()
    # The site's own folders only: extensions add theirs to html_static_path too.
    folders = [
        path
        for path in (Path(app.confdir, name).resolve() for name in app.config.html_static_path)
        if path == confdir or confdir in path.parents
    ]
    folders.append(Path(sphinx.__file__).parent / "themes" / "basic" / "static")
    names = set(BUNDLES) | {"documentation_options.js"}
    for folder in folders:
        if folder.is_dir():
            names |= {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}
    return {name.removesuffix("_t") for name in names}


def minify_static_files(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``: minify the ``.js`` and ``.css`` files of the output's ``_static/``."""
    if exception is not None or app.builder.format != "html":
        return
    if not app.config.homepage_minify_assets:
        return
    static = Path(app.outdir) / "_static"
    saved = count = 0
    ours = own_static_files(app)
    for path in sorted(static.rglob("*")):
        if not path.is_file() or path.relative_to(static).as_posix() not in ours:
            continue
        smaller = minified(path)
        if smaller is not None:
            saved += path.stat().st_size - len(smaller)
            count += 1
            path.write_bytes(smaller)
    if count:
        logger.info("minified %d static file(s): %.1f KiB less", count, saved / 1024)


def setup(app: Sphinx) -> None:
    app.add_config_value("homepage_minify_assets", False, "", types=[bool])
    # Last, after themes have written their files (furo rewrites pygments.css).
    app.connect("build-finished", minify_static_files, priority=900)
