"""What stays fixed while thousands of paper pages are rendered, so it is not redone per page.

Rendering a page through the theme costs two things per page that cannot change in
the middle of a build:

- Jinja looks at the modification time of every template the page includes (a dozen
  for furo) before using its compiled form: ``auto_reload``, meant for a server
  whose templates are edited while it runs.
- Sphinx makes a debug message for every event it emits and every asset a handler
  adds. Unless the build runs with ``-vv`` its handlers drop them; a worker process
  first collects each one (with a look at the call stack) and sends it to the
  build's process.

:func:`rendering_many_pages` turns both off for the block and restores them after it,
even on error. The pages are the same bytes either way.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sphinx.util.logging import NAMESPACE

#: ``-vv`` (Sphinx's verbosity 2) shows debug messages: then they are kept.
_SHOWS_DEBUG = 2


@contextmanager
def rendering_many_pages(app: Any) -> Iterator[None]:
    """Templates not checked on disk, debug messages not made, during the block."""
    environment = getattr(getattr(app.builder, "templates", None), "environment", None)
    reload = getattr(environment, "auto_reload", None)
    logger = logging.getLogger(NAMESPACE)
    level = logger.level
    quiet = app.verbosity < _SHOWS_DEBUG and level <= logging.DEBUG
    if reload:
        environment.auto_reload = False  # type: ignore[union-attr]
    if quiet:
        logger.setLevel(logging.DEBUG + 1)
    try:
        yield
    finally:
        if quiet:
            logger.setLevel(level)
        if reload:
            environment.auto_reload = reload  # type: ignore[union-attr]
