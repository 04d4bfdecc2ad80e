"""Sphinx extension: an academic homepage's publications from one BibTeX file.

Add ``"sphinx_publications"`` to ``extensions``; it loads sphinxcontrib-bibtex
and registers the ``publications`` pybtex style. Pages then list papers with the
standard ``bibliography`` directive (``:list: bullet``, ``:style: publications``).
All site-specific values (the owner's name, link labels) are configuration.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.config import ENUM, Config
from sphinx.environment import BuildEnvironment
from sphinx.util import logging

from . import (
    assets,
    chart,
    discovery,
    filters,
    first_visit,
    incremental,
    metadata,
    minify,
    nodes,
    paper_page,
    papers,
    roles,
    style,
    yearnav,
)
from .bibtex_export import DEFAULT_EXPORT_FIELDS
from .listing import PublicationListTransform
from .records import DEFAULT_LINK_FIELDS
from .validation import Rules, read_file, summary

__version__ = "0.1.0"

logger = logging.getLogger(__name__)


def _register_style(app: Sphinx, config: Config) -> None:
    style.register(config.publications_owner, config.publications_link_fields)


def _bib_paths(app: Sphinx) -> list[tuple[Path, str]]:
    confdir = Path(app.confdir)
    return [(confdir / name, str(name)) for name in app.config.bibtex_bibfiles or ()]


def _validate_bibliography(app: Sphinx) -> None:
    """Report broken .bib data and fail the build; skip when the files are unchanged and clean."""
    config = app.config
    paths = _bib_paths(app)
    stamp = (
        tuple((str(p), p.stat().st_mtime_ns, p.stat().st_size) for p, _ in paths if p.exists()),
        tuple(config.publications_owner),
        tuple(config.publications_link_fields),
        config.publications_name_variants,
    )
    if getattr(app.env, "publications_clean_stamp", None) == stamp:
        return
    rules = Rules(
        owner=tuple(config.publications_owner),
        url_fields=("url", *config.publications_link_fields),
        name_variants=config.publications_name_variants,
    )
    checked = [read_file(path, rules, shown) for path, shown in paths]
    findings = [finding for result in checked for finding in result.findings]
    for finding in findings:
        if finding.level == "warning":
            logger.warning(str(finding), type="publications", subtype="name_variant")
        else:
            logger.error(str(finding), type="publications", subtype="bibtex")
    if problems := summary(findings):
        # Fail with the report above rather than an exception: Sphinx would bury the
        # messages under a traceback and a plea to report a bug in Sphinx.
        logger.error(problems, type="publications", subtype="bibtex")
        app.statuscode = 1
    else:
        incremental.share_parsed_bibliography(app, [path for path, _ in paths], checked)
    app.env.publications_clean_stamp = stamp if not findings else None  # type: ignore[attr-defined]


def _check_citations(app: Sphinx, env: BuildEnvironment) -> None:
    """Name the .bib files when a page cites a key they do not define.

    sphinxcontrib-bibtex only says "could not find bibtex key" and renders "[]".
    """
    domain = env.get_domain("cite")
    known = {key.casefold() for key in domain.bibdata.data.entries}  # type: ignore[attr-defined]
    files = ", ".join(app.config.bibtex_bibfiles)
    for ref in domain.citation_refs:  # type: ignore[attr-defined]
        for target in ref.targets:
            if target.key.casefold() not in known:
                logger.error(
                    "cites %r, but %s has no entry with this key",
                    target.key,
                    files,
                    location=(ref.docname, ref.line),
                    type="publications",
                    subtype="unknown_key",
                )


def setup(app: Sphinx) -> dict[str, Any]:
    app.setup_extension("sphinxcontrib.bibtex")
    incremental.setup(app)
    app.add_config_value("publications_owner", [], "env", types=[list, tuple])
    app.add_config_value("publications_link_fields", dict(DEFAULT_LINK_FIELDS), "env", types=[dict])
    app.add_config_value("publications_export_fields", list(DEFAULT_EXPORT_FIELDS), "env")
    app.add_config_value("publications_venue_aliases", {}, "env", types=[dict])
    app.add_config_value("publications_entry_id", "pub-{key}", "env", types=[str])
    app.add_config_value(
        "publications_name_variants", "warning", "env", types=ENUM("error", "warning", "ignore")
    )
    nodes.setup(app)
    chart.setup(app)
    yearnav.setup(app)
    filters.setup(app)
    assets.setup(app)
    papers.setup(app)
    paper_page.setup(app)
    roles.setup(app)
    metadata.setup(app)
    discovery.setup(app)
    first_visit.setup(app)
    minify.setup(app)
    app.add_post_transform(PublicationListTransform)
    app.connect("config-inited", _register_style)
    # Before sphinxcontrib-bibtex (priority 500) parses, and drops, broken entries.
    app.connect("builder-inited", _validate_bibliography, priority=400)
    app.connect("env-check-consistency", _check_citations)
    return {
        "version": __version__,
        "env_version": 2,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
