"""robots.txt pointing crawlers at the sitemap, and a check of ``html_baseurl``.

The sitemap's URL in robots.txt must be absolute, and the host differs between a
local build and Read the Docs, so robots.txt is written at build time from
``html_baseurl`` instead of being a file in the repository. A ``robots.txt`` of
the site's own in ``html_extra_path`` wins.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urljoin

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.util import logging

logger = logging.getLogger(__name__)

ROBOTS_TXT = "robots.txt"


def check_baseurl(app: Sphinx, config: Config) -> None:
    """Canonical links, the sitemap and robots.txt join page names onto ``html_baseurl``."""
    base = config.html_baseurl
    if base and not base.endswith("/"):
        logger.warning(
            "html_baseurl %r should end with '/': page URLs are joined onto it "
            "(sphinx-sitemap would write %r)",
            base,
            base + "index.html",
            type="publications",
            subtype="config",
        )


def robots_txt(config: Config, sitemap: str | None) -> str:
    lines = ["User-agent: *", "Disallow:"]
    if sitemap:
        lines += ["", f"Sitemap: {urljoin(config.html_baseurl, sitemap)}"]
    return "\n".join(lines) + "\n"


def _has_own_robots_txt(app: Sphinx) -> bool:
    extras = [Path(app.confdir, extra) for extra in app.config.html_extra_path or ()]
    return any(path.name == ROBOTS_TXT or (path / ROBOTS_TXT).is_file() for path in extras)


def write_robots_txt(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``: robots.txt in the output root of HTML builds."""
    if exception is not None or app.builder.format != "html" or not app.config.html_baseurl:
        return
    if getattr(app.builder, "embedded", False) or _has_own_robots_txt(app):
        return
    sitemap = app.config.sitemap_filename if "sphinx_sitemap" in app.extensions else None
    (Path(app.outdir) / ROBOTS_TXT).write_text(robots_txt(app.config, sitemap), encoding="utf-8")


def setup(app: Sphinx) -> None:
    app.connect("config-inited", check_baseurl)
    app.connect("build-finished", write_robots_txt)
