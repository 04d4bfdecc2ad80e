"""A paper's thumbnail on the page: found, made small (:mod:`.thumbnails`), and linked.

An entry has a thumbnail when its ``preview`` field names an image (al-folio's
convention, relative to ``assets/img/publication_preview/``) or when an image
named after its key is in one of ``publications_preview_dirs``. The image is
resized and encoded as WebP at 1x and 2x when the page is written; the ``<img>``
gets its ``width``/``height``, the paper's title as ``alt`` text, and
``loading="lazy"`` below the first entries of a page.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.util import logging
from sphinx.util.osutil import relative_uri

from .bib.records import Publication
from .loader import loaded
from .nodes import publication_thumbnail
from .papers import bib_entries, paper_slug, publication
from .support import support
from .thumbnails import FOLDER, ThumbnailError, find_preview, make_thumbnail

logger = logging.getLogger(__name__)

#: CSS width of a thumbnail in a list, and on a paper's page.
LIST_WIDTH = 160
PAGE_WIDTH = 480


def preview_folders(app: Sphinx) -> list[Path]:
    return [Path(app.confdir, name) for name in app.config.publications_preview_dirs]


def preview_source(app: Sphinx, pub: Publication) -> Path | None:
    try:
        if not pub.preview and paper_slug(pub.key) not in _preview_stems(app):
            return None  # no image named after the key: nothing to look up
        return find_preview(pub.key, pub.preview or None, preview_folders(app))
    except ThumbnailError:
        return None  # reported by the check of the .bib file


def _preview_stems(app: Sphinx) -> frozenset[str]:
    """The names, without suffix, of the files in the preview folders (listed once a build).

    Most entries have no preview: a set lookup instead of a look into each folder.
    """
    builder = app.builder
    stems = builder.__dict__.get("_publications_preview_stems")
    if stems is None:
        names: set[str] = set()
        for folder in preview_folders(app):
            try:
                names |= {os.path.splitext(name)[0] for name in os.listdir(folder)}
            except OSError:
                continue
        stems = builder.__dict__["_publications_preview_stems"] = frozenset(names)
    return stems


def thumbnail_node(
    app: Sphinx, docname: str, pub: Publication, *, eager: bool, width: int = LIST_WIDTH
) -> publication_thumbnail | None:
    """The ``<img>`` of a paper's thumbnail for the page ``docname``, or None."""
    source = preview_source(app, pub)
    if source is None:
        return None
    try:
        thumb = make_thumbnail(source, Path(app.outdir), paper_slug(pub.key), width)
    except ThumbnailError as error:
        logger.error(
            "%s: %s: preview: %s",
            loaded(app.env).location(pub.key),
            pub.key,
            error,
            type="publications",
            subtype="thumbnail",
        )
        app.statuscode = 1
        return None
    base = app.builder.get_target_uri(docname)
    src = relative_uri(base, thumb.path_1x)
    srcset = f"{src} 1x, {relative_uri(base, thumb.path_2x)} 2x" if thumb.path_2x else ""
    return publication_thumbnail(
        "",
        src=src,
        srcset=srcset,
        width=thumb.width,
        height=thumb.height,
        alt=pub.title,
        loading="" if eager else "lazy",
    )


#: A thumbnail's files: ``<slug>-<width>.webp``, ``-2x.webp``, ``.json``; ``<slug>.svg``.
_THUMBNAIL_FILE = re.compile(r"(?P<stem>.+)(?:-\d+(?:-2x)?\.(?:webp|json)|\.svg)")


def remove_stale_thumbnails(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``: delete the thumbnails of papers that no longer have a preview.

    A removed paper (or preview) leaves its files behind otherwise, which a clean
    build would not write.
    """
    if exception is not None or not support(app.builder).files:
        return
    folder = Path(app.outdir, FOLDER)
    try:
        names = os.listdir(folder)
    except OSError:
        return  # no thumbnails
    stems = set()
    for entry in bib_entries(app.env).values():
        pub = publication(app.config, entry)
        if preview_source(app, pub) is not None:
            stems.add(paper_slug(pub.key))
    for name in names:
        match = _THUMBNAIL_FILE.fullmatch(name)
        if match and match["stem"] not in stems:
            (folder / name).unlink(missing_ok=True)


def setup(app: Sphinx) -> None:
    app.connect("build-finished", remove_stale_thumbnails)
