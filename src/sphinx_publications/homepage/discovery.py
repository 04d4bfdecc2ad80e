"""Search engines: ``sitemap.xml``, ``robots.txt``, and the site's public address.

Every absolute URL (canonical links, ``og:url``, the sitemap) comes from
``html_baseurl``. Without one (a local build) they are left out, with one line
saying so, rather than pointing at ``localhost``.

The sitemap lists every page of the site, paper pages included, from the
environment, so an incremental build writes the same sitemap as a clean one
(sphinx-sitemap lists only the pages a build rewrote). ``robots.txt`` points to
it, when the site is served at the root of its host (a ``robots.txt`` anywhere
else is not read) and the site has no ``robots.txt`` of its own in
``html_extra_path``.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urljoin, urlsplit
from xml.sax.saxutils import escape

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.util import logging

from ..papers import pages_to_write
from ..support import support

logger = logging.getLogger(__name__)

ROBOTS_TXT = "robots.txt"
SITEMAP = "sitemap.xml"
#: Pages that are not content, left out of the sitemap.
DEFAULT_EXCLUDES = ("genindex", "search", "404", "py-modindex")


def check_baseurl(app: Sphinx, config: Config) -> None:
    """Canonical links, the sitemap and robots.txt join page names onto ``html_baseurl``."""
    base = config.html_baseurl
    if not base:
        logger.info(
            "html_baseurl is not set: no canonical links, og:url or sitemap.xml "
            "(set it to the site's public address)"
        )
        return
    if not base.endswith("/"):
        logger.warning(
            "html_baseurl %r should end with '/': page URLs are joined onto it",
            base,
            type="publications",
            subtype="config",
        )


def sitemap_xml(app: Sphinx) -> str:
    """The sitemap: every page but the excluded ones, by absolute URL, in a fixed order."""
    builder = app.builder
    base = app.config.html_baseurl
    excluded = set(app.config.homepage_sitemap_excludes)
    pages = [doc for doc in app.env.found_docs if doc not in excluded]
    pages += list(pages_to_write(app.env)) if support(builder).pages else []
    # get_target_uri() percent-encodes names (a page named in Chinese), as sitemaps require.
    urls = sorted({urljoin(base, builder.get_target_uri(page)) for page in pages})
    body = "".join(f"<url><loc>{escape(url)}</loc></url>\n" for url in urls)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
        f"{body}</urlset>\n"
    )


def robots_txt(config: Config) -> str:
    lines = ["User-agent: *", "Disallow:", "", f"Sitemap: {urljoin(config.html_baseurl, SITEMAP)}"]
    return "\n".join(lines) + "\n"


def _has_own_robots_txt(app: Sphinx) -> bool:
    extras = [Path(app.confdir, extra) for extra in app.config.html_extra_path or ()]
    return any(path.name == ROBOTS_TXT or (path / ROBOTS_TXT).is_file() for path in extras)


def write_files(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``: sitemap.xml and robots.txt in the output of HTML builds."""
    if exception is not None or not support(app.builder).pages or not app.config.html_baseurl:
        return
    outdir = Path(app.outdir)
    (outdir / SITEMAP).write_text(sitemap_xml(app), encoding="utf-8")
    at_root = urlsplit(app.config.html_baseurl).path in ("", "/")
    if at_root and not _has_own_robots_txt(app):
        (outdir / ROBOTS_TXT).write_text(robots_txt(app.config), encoding="utf-8")


def setup(app: Sphinx) -> None:
    app.add_config_value("homepage_sitemap_excludes", list(DEFAULT_EXCLUDES), "html", [list])
    app.connect("config-inited", check_baseurl)
    app.connect("build-finished", write_files)
