"""A paper's thumbnail on the page: found, made small (:mod:`.thumbnails`), and linked.

An entry has a thumbnail when its ``preview`` field names an image (al-folio's
convention, relative to ``assets/img/publication_preview/``) or when an image
named after its key is in one of ``publications_preview_dirs``. The image is
resized and encoded as WebP at 1x and 2x when the page is written; the ``<img>``
gets its ``width``/``height``, the paper's title as ``alt`` text, and
``loading="lazy"`` below the first entries of a page.
"""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx
from sphinx.util import logging
from sphinx.util.osutil import relative_uri

from .bib.records import Publication
from .loader import loaded
from .nodes import publication_thumbnail
from .papers import paper_slug
from .thumbnails import ThumbnailError, find_preview, make_thumbnail

logger = logging.getLogger(__name__)

#: CSS width of a thumbnail in a list, and on a paper's page.
LIST_WIDTH = 160
PAGE_WIDTH = 480


def preview_folders(app: Sphinx) -> list[Path]:
    return [Path(app.confdir, name) for name in app.config.publications_preview_dirs]


def preview_source(app: Sphinx, pub: Publication) -> Path | None:
    try:
        return find_preview(pub.key, pub.preview or None, preview_folders(app))
    except ThumbnailError:
        return None  # reported by the check of the .bib file


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
