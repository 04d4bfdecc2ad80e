"""Sphinx extension: a researcher's publications from the BibTeX file they already have.

Add ``"sphinx_publications"`` to ``extensions`` and list the .bib files in
``bibtex_bibfiles``. Pages then list papers with the ``publication-list``
directive (or sphinxcontrib-bibtex's ``bibliography``, which gets this extension's
style by default), link a paper with ``{paper}`key```, and every paper gets a page
of its own on HTML builders. The .bib files are checked before anything renders
them: errors fail the build with ``refs.bib:LINE: KEY: field: problem``, notes are
summarised (``python -m sphinx_publications check`` lists them).

Everything the extension does is about publications. Page-weight tuning, a
sitemap and a homepage's footer are in the opt-in ``sphinx_publications.homepage``.
"""

from __future__ import annotations

from typing import Any

from sphinx.application import Sphinx
from sphinx.config import Config

from . import (
    asset_tags,
    assets,
    bib_choices,
    build_state,
    chart,
    collector,
    config,
    entry_cache,
    filters,
    incremental,
    inventory,
    latex_text,
    listing,
    loader,
    metadata,
    nodes,
    page_body,
    page_writer,
    paper_page,
    paper_search,
    papers,
    profile,
    publication_list,
    roles,
    serial_writing,
    site_files,
    style,
    template_cache,
    thumbnails_nodes,
    yearnav,
)
from .translations import CATALOG, LOCALE_DIR

__version__ = "0.2.0"


def _configure(app: Sphinx, config: Config) -> None:
    """``config-inited``: this extension's style is the default, and knows the site's settings."""
    if "bibtex_default_style" not in config._raw_config:
        config.bibtex_default_style = style.STYLE_NAME
    style.register(loader.settings(config))


def env_version() -> int:
    """This code's version of what it keeps in the environment: any change of the code.

    Sphinx discards an environment saved with another ``env_version`` and reads every
    document again. Tied to the code, not bumped by hand, an upgrade (or an edit of
    the extension) never meets data an earlier version saved, and the first build
    after it saves the environment: a bump by hand, forgotten, would leave each later
    build that reads nothing to work out again what the old data no longer matches.
    """
    return int(entry_cache.code_digest()[:13], 16)  # a safe integer in JSON read by a browser


def setup(app: Sphinx) -> dict[str, Any]:
    app.require_sphinx("8.2")
    app.setup_extension("sphinxcontrib.bibtex")
    app.add_message_catalog(CATALOG, str(LOCALE_DIR))
    config.setup(app)
    collector.setup(app)
    incremental.setup(app)
    bib_choices.setup(app)
    nodes.setup(app)
    chart.setup(app)
    yearnav.setup(app)
    filters.setup(app)
    assets.setup(app)
    papers.setup(app)
    publication_list.setup(app)
    listing.setup(app)
    latex_text.setup(app)
    entry_cache.setup(app)
    paper_page.setup(app)
    page_writer.setup(app)
    serial_writing.setup(app)
    paper_search.setup(app)
    inventory.setup(app)
    page_body.setup(app)
    asset_tags.setup(app)
    build_state.setup(app)
    template_cache.setup(app)
    site_files.setup(app)
    thumbnails_nodes.setup(app)
    roles.setup(app)
    metadata.setup(app)
    profile.setup(app)
    app.connect("config-inited", _configure)
    # Before sphinxcontrib-bibtex (priority 500) would parse the files itself.
    app.connect("builder-inited", loader.load, priority=400)
    app.connect("env-before-read-docs", loader.unpickle_before_forking)
    return {
        "version": __version__,
        "env_version": env_version(),
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
