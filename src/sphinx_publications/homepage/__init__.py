"""The site kit of a researcher's homepage: opt-in, on top of ``sphinx_publications``.

``extensions = ["sphinx_publications.homepage"]`` loads the publications extension
and adds what a homepage (not a documentation project) wants, each part with its
own configuration:

* :mod:`.discovery`: ``sitemap.xml`` of every page, paper pages included, and
  ``robots.txt``, from ``html_baseurl`` (left out, with a note, without one);
* :mod:`.assets`: Sphinx's assets only on pages that use them, a small favicon
  inlined (``homepage_*_assets``; Sphinx's and the theme's files only);
* :mod:`.minify`: the site's, Sphinx's and this extension's scripts and
  stylesheets minified (``homepage_minify_assets = True``);
* :mod:`.theme_css`: the theme's stylesheet without the documentation features the
  site names as unused (``homepage_unused_theme_features``);
* :mod:`.footer`: what a homepage's footer says (the owner, the date of the last
  change of the page) for templates, and no "previous/next" documentation pager.
"""

from __future__ import annotations

from typing import Any

from sphinx.application import Sphinx

from .. import __version__
from . import assets, discovery, footer, minify, theme_css


def setup(app: Sphinx) -> dict[str, Any]:
    app.setup_extension("sphinx_publications")
    assets.setup(app)
    discovery.setup(app)
    minify.setup(app)
    footer.setup(app)
    theme_css.setup(app)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
