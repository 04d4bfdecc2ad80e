"""One page per paper: its identity (page name, anchor, label, BibTeX file) and registration.

Each entry gets a page ``<publications_paper_dir>/<slug>`` (default ``papers/``),
rendered by :mod:`.paper_page` on builders that have pages (:mod:`.support`), and
its exported BibTeX at ``<publications_paper_dir>/<slug>.bib``. Names come from the
key alone, so adding, removing or reordering other entries never moves a paper.
Any key BibTeX allows gets a working name: characters unsafe in a URL become
``-`` and a long key is shortened with a stable hash; two keys that would share a
name are an error naming both.

The pages are not Sphinx documents (reading and writing a document costs Sphinx
about 10 ms, for machinery a page made from one entry does not need): they are
rendered from the entries when the site is written, like ``sphinx.ext.viewcode``'s
pages. What documents get for free is provided here: an ``objects.inv`` label
(``paper-<key>``, so ``{ref}`` and intersphinx work), links with the builder's
URIs, and whatever ``html-page-context`` handlers add to any page.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

from pybtex.database import Entry
from sphinx.application import Sphinx
from sphinx.builders import Builder
from sphinx.config import Config
from sphinx.environment import BuildEnvironment
from sphinx.util import logging
from sphinx.util.osutil import relative_uri

from .bib.records import Publication, Settings, publication_of
from .held import HeldDict, hold
from .loader import Loaded, loaded, settings
from .translations import _, venue_line

logger = logging.getLogger(__name__)

#: The exported BibTeX of every paper, in the paper folder; ``bibtex-download`` links it.
EXPORT_NAME = "publications.bib"
#: Longer slugs are cut and given a hash of the whole key (file names stay under limits).
MAX_SLUG = 80
#: And so are slugs longer than this in UTF-8: a file name (slug, ``.html``) has at most
#: 255 bytes on common file systems, and 80 characters of 4 bytes would be 320.
MAX_SLUG_BYTES = 240
_UNSAFE = re.compile(r"[^\w.-]+")


@lru_cache(maxsize=1 << 16)  # asked several times per entry and page
def paper_slug(key: str) -> str:
    """The name of a paper's page and the tail of its anchor: the key, made safe.

    ``huang2017densely`` stays as it is; ``DBLP:conf/cvpr/HuangLMW17`` becomes
    ``DBLP-conf-cvpr-HuangLMW17``; a 300-character key keeps its first characters
    and gains a hash of the whole key.
    """
    slug = _UNSAFE.sub("-", key).strip("-.") or "paper"
    slug = slug.replace("..", "-")
    if len(slug) > MAX_SLUG or len(slug.encode()) > MAX_SLUG_BYTES:
        digest = hashlib.sha256(key.encode()).hexdigest()[:10]
        head = slug[: MAX_SLUG - 11]
        while len(head.encode()) > MAX_SLUG_BYTES - 11:
            head = head[:-1]
        slug = f"{head.rstrip('-.')}-{digest}"
    return slug


def paper_label(key: str) -> str:
    """The paper page's label, ``paper-<slug>`` (``std:label`` in objects.inv, lower case)."""
    return f"paper-{paper_slug(key).lower()}"


def paper_docname(config: Config, key: str) -> str:
    """The page name of a paper, ``papers/<slug>``, as a document's name would be."""
    return f"{config.publications_paper_dir}/{paper_slug(key)}"


def entry_id(config: Config, key: str) -> str:
    """The permanent HTML id of a paper's entry in a list (``pub-<slug>``)."""
    return config.publications_entry_id.format(key=paper_slug(key))


def bib_entries(env: BuildEnvironment) -> Mapping[str, Entry]:
    """Every entry to show, by key (case-insensitive), as sphinxcontrib-bibtex holds them."""
    return env.get_domain("cite").bibdata.data.entries  # type: ignore[attr-defined]


def find_entry(env: BuildEnvironment, key: str) -> Entry | None:
    return bib_entries(env).get(key)


def bib_files(config: Config) -> str:
    """The .bib files, for messages: "refs.bib"."""
    return ", ".join(str(name) for name in config.bibtex_bibfiles or ()) or "the .bib files"


def no_paper(env: BuildEnvironment, config: Config, key: str) -> str:
    """Why ``key`` names no paper, for an error: "refs.bib has no entry with this key"."""
    if key.casefold() in loaded(env).parents:
        return (
            f"{bib_files(config)} has it only as a crossref parent, a biblatex @set or "
            "@xdata, or with options = {skipbib}, not as a paper"
        )
    return f"{bib_files(config)} has no entry with this key"


def view_settings(config: Config) -> Settings:
    return settings(config)


def publication(config: Config, entry: Entry) -> Publication:
    return publication_of(entry, settings(config))


def publications(config: Config, entries: Iterable[Entry]) -> list[Publication]:
    """The views of many entries: the settings are looked up once, not once per entry."""
    view = settings(config)
    return [publication_of(entry, view) for entry in entries]


def paper_pages(env: BuildEnvironment) -> dict[str, str]:
    """This build's paper pages: page name -> BibTeX key."""
    return getattr(env, "publications_paper_pages", {})


def summary(pub: Publication) -> str:
    """One line for ``<meta name="description">``: authors, venue and year."""
    authors = ", ".join(author.name for author in pub.authors)
    if authors and pub.et_al:
        authors += ", " + _("et al.")
    parts = (authors, venue_line(pub))
    return " ".join(part if part.endswith(".") else part + "." for part in parts if part)


def register_pages(app: Sphinx) -> None:
    """``builder-inited``: name this build's paper pages; two keys sharing a name is an error.

    The names depend only on the keys, the pages' folder and this extension's code:
    when none changed (the ``.bib`` files were not read again), the last build's
    pages are kept and its errors said again, and the entries are not looked at.
    """
    config = app.config
    state = loaded(app.env)
    basis = names_basis(app.env, config)
    previous = getattr(app.env, "publications_pages_basis", None)
    if basis is not None and previous is not None and previous[0] == basis:
        pages, problems = paper_pages(app.env), previous[1]
    else:
        pages, problems = _name_pages(app.env, config, state)
        app.env.publications_pages_basis = (basis, problems)  # type: ignore[attr-defined]
    for key, message in problems:
        _name_error(app, key, message)
    app.env.publications_paper_pages = hold(pages)  # type: ignore[attr-defined]


def names_basis(env: BuildEnvironment, config: Config) -> tuple[Any, ...] | None:
    """What the papers' page names and titles are made from, or None before a first read.

    The ``.bib`` files and the view settings (the loader's stamp) and the pages'
    folder: while they are unchanged, what was worked out from the entries by the last
    build is still right, and the entries need not be looked at. (An environment saved
    by other code of this extension is not loaded at all: its ``env_version``.)
    """
    stamp = loaded(env).stamp
    return (stamp, config.publications_paper_dir) if stamp else None


def _name_pages(
    env: BuildEnvironment, config: Config, state: Loaded
) -> tuple[HeldDict, list[tuple[str, str]]]:
    """Page name -> key of every entry, and (key, message) of those that get no page."""
    pages: HeldDict = HeldDict()
    problems: list[tuple[str, str]] = []
    slugs: dict[str, str] = {}
    reserved = Path(EXPORT_NAME).stem.casefold()
    for entry in bib_entries(env).values():
        slug = paper_slug(entry.key).casefold()
        if slug == reserved:
            problems.append(
                (
                    entry.key,
                    "the key is the name of the file of all papers "
                    f"({config.publications_paper_dir}/{EXPORT_NAME}): change the key",
                )
            )
            continue
        other = slugs.setdefault(slug, entry.key)
        if other != entry.key:
            problems.append(
                (
                    entry.key,
                    f"its page and anchor would be those of {other} ({state.location(other)}): "
                    "keys may differ only in letters, digits, '_', '.' and '-'; "
                    "change one of them",
                )
            )
            continue
        pages[paper_docname(config, entry.key)] = entry.key
    return pages, problems


def _name_error(app: Sphinx, key: str, message: str) -> None:
    where = loaded(app.env).location(key)
    logger.error("%s: %s: %s", where or bib_files(app.config), key, message)
    app.statuscode = 1


def check_documents(app: Sphinx, env: BuildEnvironment) -> None:
    """``env-check-consistency``: a hand-written document where a paper's page would go.

    The owner's document wins (Sphinx writes it); the paper gets no page, and the
    build fails until one of them moves.
    """
    for pagename, key in list(paper_pages(env).items()):
        if pagename in env.found_docs:
            logger.error(
                "%s is a page of the site, and also the page of paper %s (%s): rename the "
                "document or set publications_paper_dir",
                env.doc2path(pagename, False),
                key,
                loaded(env).location(key),
                type="publications",
                subtype="page_name",
            )
            app.statuscode = 1


def pages_to_write(env: BuildEnvironment) -> dict[str, str]:
    """The paper pages that no document of the site replaces (worked out once per build)."""
    pages = paper_pages(env)
    found = env.found_docs
    cached = getattr(env, "_publications_pages_to_write", None)
    if cached is not None and cached[0] is pages and cached[1] == len(found):
        return cached[2]
    result = {page: key for page, key in pages.items() if page not in found}
    if len(result) == len(pages):
        result = pages  # the same object: pickled with the environment once, not twice
    env._publications_pages_to_write = (pages, len(found), result)  # type: ignore[attr-defined]
    return result


def bibtex_uri(builder: Builder, fromdocname: str, config: Config, key: str) -> str:
    """The URL of a paper's exported BibTeX (:func:`bibtex_file`), relative to a page."""
    return relative_uri(builder.get_target_uri(fromdocname), bibtex_file(config, key))


def bibtex_file(config: Config, key: str) -> str:
    """Where a paper's exported BibTeX is written, relative to the output folder."""
    return f"{config.publications_paper_dir}/{paper_slug(key)}.bib"


def bib_stamp(env: BuildEnvironment) -> tuple[tuple[str, float], ...]:
    """The .bib files as sphinxcontrib-bibtex holds them: changes when any is edited."""
    bibfiles = env.get_domain("cite").bibdata.bibfiles  # type: ignore[attr-defined]
    return tuple((str(path), info.mtime) for path, info in bibfiles.items())


def register_labels(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """``env-updated``: a ``paper-<key>`` label per paper page, as a document's label would be.

    The standard domain keeps labels per document and drops them when a document is
    read again; paper pages are not documents, so their labels are replaced here as a
    whole whenever the .bib files or the pages change. They resolve ``{ref}`` and go
    into ``objects.inv``.
    """
    pages = pages_to_write(env)
    # A digest, not the pages themselves: the environment pickles it with every build.
    stamp = hashlib.sha256(repr((bib_stamp(env), sorted(pages.items()))).encode()).hexdigest()
    if getattr(env, "publications_labels_stamp", None) == stamp:
        return []  # the labels saved with the environment are current
    domain = env.get_domain("std")
    labels, anonlabels = domain.labels, domain.anonlabels  # type: ignore[attr-defined]
    previous = getattr(env, "publications_paper_labels", set())
    current = set()
    entries = bib_entries(env)
    view = settings(app.config)  # once, not once per paper
    for pagename, key in pages.items():
        label = paper_label(key)
        if label in labels and label not in previous:
            continue  # a document defines it; Sphinx resolves references to that one
        title = publication_of(entries[key], view).title or key
        labels[label] = (pagename, label, title)
        anonlabels[label] = (pagename, label)
        current.add(label)
    for name in previous - current:  # the labels of papers gone
        labels.pop(name, None)
        anonlabels.pop(name, None)
    env.publications_paper_labels = current  # type: ignore[attr-defined]
    env.publications_labels_stamp = stamp  # type: ignore[attr-defined]
    return []


def setup(app: Sphinx) -> None:
    # After the .bib files are loaded (priority 400).
    app.connect("builder-inited", register_pages, priority=600)
    app.connect("env-updated", register_labels)
    app.connect("env-check-consistency", check_documents)
