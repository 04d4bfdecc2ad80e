"""A homepage's footer: whose site it is and when the page last changed; no pager.

Documentation themes end every page with "previous / next" links and "Made with
Sphinx": furniture that reads as a manual on a homepage. Here the template
context loses ``prev`` and ``next`` (themes then show no pager) and Sphinx's
credit line, and gains ``homepage_owner`` and ``homepage_updated`` for a footer
template ("Gao Huang · updated 2026-11-24").

The date is when the page's sources last changed (its file and what it depends
on, such as the .bib file for a list), not the time of the build: a page that did
not change keeps its date, so an incremental build and a clean one agree.
"""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.util.i18n import format_date

from ..translations import _


def last_change(app: Sphinx, pagename: str) -> datetime.datetime | None:
    env = app.env
    if pagename not in env.found_docs:
        return None
    paths = [Path(env.doc2path(pagename))]
    paths += [Path(env.srcdir, dep) for dep in env.dependencies.get(pagename, ())]
    times = []
    for path in paths:
        try:
            times.append(path.stat().st_mtime)
        except OSError:
            continue
    if not times:
        return None
    return datetime.datetime.fromtimestamp(max(times), tz=datetime.UTC)


def footer_context(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    config = app.config
    context["prev"] = None
    context["next"] = None
    context["show_sphinx"] = False
    person = config.publications_person or {}
    context["homepage_owner"] = person.get("name") or config.author or config.project
    changed = last_change(app, pagename)
    if changed is not None:
        fmt = config.html_last_updated_fmt or "%Y-%m-%d"
        date = format_date(fmt, date=changed, language=config.language)
        context["homepage_updated"] = _("Updated %s") % date


def setup(app: Sphinx) -> None:
    app.connect("html-page-context", footer_context)
