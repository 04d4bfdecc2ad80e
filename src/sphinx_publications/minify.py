"""Smaller pages, scripts and stylesheets on the wire: the output minified.

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

The HTML pages a build writes lose their indentation (:func:`minify_page`): about
0.24 KiB gzip less on every page, furo's templates being deeply indented. They
also lose the SVG ``<symbol>`` definitions nothing on the page refers to: furo
puts its whole icon sprite on every page, with the icons of its "edit" and "view
source" buttons when those are turned off (0.2 KiB gzip). The rest of the markup
stays as Sphinx writes it: a minifier such as minify-html saves more by also
rewriting quotes and character references (``content=x``, a raw ``<`` inside an
attribute), which undoes the escaping the page metadata chose and which tools
reading the pages need not expect.

``publications_minify_assets = False`` ships the static files as they are,
``publications_minify_html = False`` the pages.
"""

from __future__ import annotations

import gzip
import re
import time
from collections.abc import Callable
from pathlib import Path
from weakref import WeakKeyDictionary

import rcssmin
import rjsmin
from sphinx.application import Sphinx
from sphinx.util import logging

logger = logging.getLogger(__name__)

#: Smallest worthwhile saving, as a share of the gzip-compressed size.
MIN_SAVING = 0.05

#: Each running build: when it started writing, and the pages it wrote.
_STARTED: WeakKeyDictionary[Sphinx, float] = WeakKeyDictionary()
_WRITTEN: WeakKeyDictionary[Sphinx, list[str]] = WeakKeyDictionary()

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


#: Elements whose text keeps its whitespace (or is not HTML).
_VERBATIM = re.compile(r"<(pre|textarea|script|style)\b.*?</\1\s*>", re.S | re.I)
_INDENT = re.compile(r"\n\s+")
_SYMBOL = re.compile(r"<symbol\b[^>]*?\bid=\"([^\"]+)\".*?</symbol>\s*", re.S)


def minify_page(html: str) -> str:
    """The page without indentation and blank lines, outside ``<pre>`` and the like,
    and without the SVG symbols it never uses.

    For HTML a line break followed by spaces is one space, as is the line break
    alone: neither the text nor its rendering change. A symbol shows only where a
    ``<use href="#id">`` (or ``url(#id)``) names it; one whose ``#id`` occurs
    nowhere in the page, scripts included, never shows.
    """

    def outside_verbatim(part: str) -> str:
        part = _SYMBOL.sub(lambda s: s.group() if f"#{s.group(1)}" in html else "", part)
        return _INDENT.sub("\n", part)

    parts, start = [], 0
    for verbatim in _VERBATIM.finditer(html):
        parts += [outside_verbatim(html[start : verbatim.start()]), verbatim.group()]
        start = verbatim.end()
    parts.append(outside_verbatim(html[start:]))
    return "".join(parts)


def _note_start(app: Sphinx, builder: object) -> None:
    _STARTED[app] = time.time()
    _WRITTEN[app] = []


def _note_page(app: Sphinx, pagename: str, *args: object) -> None:
    if app.builder.format == "html":
        _WRITTEN.setdefault(app, []).append(app.builder.get_outfilename(pagename))


def written_pages(app: Sphinx, started: float) -> list[Path]:
    """The pages this build wrote: as ``html-page-context`` saw them, one by one.

    Pages written in parallel (``-j``) pass that event in other processes; then the
    output is searched for pages changed since the build started writing.
    """
    written = _WRITTEN.pop(app, [])
    if app.parallel <= 1:
        return [Path(name) for name in written]
    since = started - 1  # file times may lag the clock a little
    return [path for path in Path(app.outdir).rglob("*.html") if path.stat().st_mtime >= since]


def minify_pages(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``: minify the HTML pages this build wrote."""
    started = _STARTED.pop(app, None)
    if exception is not None or app.builder.format != "html" or started is None:
        return
    if not app.config.publications_minify_html:
        return
    count = 0
    for path in written_pages(app, started):
        if not path.is_file():
            continue
        html = path.read_text("utf-8")
        smaller = minify_page(html)
        if smaller != html:  # a page minified by the build before stays untouched
            path.write_text(smaller, "utf-8", newline="")
            count += 1
    if count:
        logger.info("minified %d page(s)", count)


def setup(app: Sphinx) -> None:
    app.add_config_value("publications_minify_assets", True, "", types=[bool])
    app.add_config_value("publications_minify_html", True, "", types=[bool])
    app.connect("write-started", _note_start)
    app.connect("html-page-context", _note_page)
    app.connect("build-finished", minify_static_files)
    app.connect("build-finished", minify_pages)
