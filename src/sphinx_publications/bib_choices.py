"""What pages chose from the .bib files when read: read again only when the choice changes.

A ``publication-list`` decides which papers it shows, and a ``publication-chart``
what it counts, when its page is read (an empty list takes its heading with it,
:mod:`.publication_list`). Sphinx's way of keeping them current, a dependency on
the .bib files, reads such pages again on every edit: a third of a second, for a
list of 5,000 papers, to find that an edited title changes no list.

So each such directive records how it chose (a module-level function and its
inputs) and a digest of what it chose. When the .bib files or their settings
changed since a page was read (the loader's stamp, :func:`.loader.loaded`), its
choices are made again (``env-get-outdated``): a page where one came out otherwise
is read again, any other is written again (``env-get-updated``), since its entries
are made when it is written (:mod:`.listing`). A page whose list names a key no
.bib file has is read again on every change, so that its error shows until fixed.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.environment import BuildEnvironment
from sphinx.environment.collectors import EnvironmentCollector

from .loader import loaded
from .serial_writing import note_due

#: ``choose(env, config, inputs)``: a directive's choice, made from the .bib files.
Choose = Callable[[BuildEnvironment, Config, Any], Any]


@dataclass
class PageChoices:
    """A page's choices: the stamp of the .bib files they were made from, and each one."""

    stamp: Any
    made: list[tuple[Choose, Any, str]] = field(default_factory=list)
    again_on_change: bool = False  #: read again whenever the .bib files change


def page_choices(env: BuildEnvironment) -> dict[str, PageChoices]:
    """docname -> its choices, for pages whose directives chose from the .bib files."""
    if not hasattr(env, "publications_bib_choices"):
        env.publications_bib_choices = {}  # type: ignore[attr-defined]
    return env.publications_bib_choices  # type: ignore[attr-defined]


def record(
    env: BuildEnvironment, choose: Choose, inputs: Any, chosen: Any, *, again_on_change: bool
) -> None:
    """For a directive being read: it chose ``chosen``, which is ``choose(env, config, inputs)``."""
    page = page_choices(env).setdefault(env.docname, PageChoices(loaded(env).stamp))
    page.made.append((choose, inputs, _digest(chosen)))
    page.again_on_change |= again_on_change


def _digest(chosen: Any) -> str:
    return hashlib.blake2b(repr(chosen).encode(), digest_size=16).hexdigest()


def read_again(
    app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]
) -> list[str]:
    """``env-get-outdated``: pages whose lists or charts would now choose otherwise."""
    stamp = loaded(env).stamp
    again = []
    for docname, page in page_choices(env).items():
        if page.stamp == stamp or docname in changed or docname in removed:
            continue
        if page.again_on_change or any(
            _digest(choose(env, app.config, inputs)) != digest
            for choose, inputs, digest in page.made
        ):
            again.append(docname)
    return again


class ChoicesCollector(EnvironmentCollector):
    """Keeps each page's choices with the environment; pages not read again are rewritten."""

    def clear_doc(self, app: Sphinx, env: BuildEnvironment, docname: str) -> None:
        page_choices(env).pop(docname, None)

    def merge_other(
        self, app: Sphinx, env: BuildEnvironment, docnames: Any, other: BuildEnvironment
    ) -> None:
        theirs = page_choices(other)
        for docname in docnames:
            if docname in theirs:
                page_choices(env)[docname] = theirs[docname]

    def process_doc(self, app: Sphinx, doctree: Any) -> None:
        pass  # the directives record their choices as they are read

    def get_updated_docs(self, app: Sphinx, env: BuildEnvironment) -> list[str]:
        """Pages whose choices stand for the changed .bib files: their entries change."""
        stamp = loaded(env).stamp
        rewrite = []
        for docname, page in page_choices(env).items():
            if page.stamp != stamp:
                page.stamp = stamp
                rewrite.append(docname)
        note_due(app.builder, rewrite)
        return sorted(rewrite)


def setup(app: Sphinx) -> None:
    app.connect("env-get-outdated", read_again)
    app.add_env_collector(ChoicesCollector)
